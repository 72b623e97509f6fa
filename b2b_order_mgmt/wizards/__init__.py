from . import b2b_return_refuse_wizard
from . import stock_return_picking
