from . import b2b_customer_tier
from . import b2b_discount_rule
from . import b2b_discount_rule_threshold
from . import loyalty_program
from . import res_partner
from . import sale_order
from . import sale_order_line
from . import stock_picking
