from . import test_bulk_discount
from . import test_customer_tier
from . import test_demo_data
from . import test_discount_rule
from . import test_install
from . import test_loyalty
from . import test_pricing_engine
from . import test_tier_pricelist
