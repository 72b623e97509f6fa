# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure-Python helpers of fast order entry (no Odoo import): reading what a
buyer or a sales rep pastes or uploads, and the arithmetic of quantity rules.

The addon's ``__init__`` does not import this package: the ORM code imports
``odoo.addons.b2b_order_mgmt.order_entry.parser`` (or ``.quantity``) where it
needs it.
"""

from . import parser
from . import quantity
