from . import b2b_customer_tier
from . import res_partner
