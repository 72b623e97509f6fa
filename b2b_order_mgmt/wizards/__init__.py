from . import b2b_delivery_confirm_wizard
from . import b2b_return_refuse_wizard
from . import sale_quick_order_entry
from . import sale_quick_order_entry_line
from . import stock_return_picking
