from . import portal
from . import portal_orders
from . import portal_quick_order
from . import portal_returns
