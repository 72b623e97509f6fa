# First: the models below inherit it.
from . import b2b_values_check_mixin
from . import b2b_customer_tier
from . import b2b_discount_rule
from . import b2b_discount_rule_threshold
from . import b2b_quantity_rule
from . import b2b_return_reason
from . import b2b_return_request
from . import b2b_return_request_line
from . import loyalty_program
from . import product_product
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import sale_order_line
from . import stock_picking
