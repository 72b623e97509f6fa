# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure-Python pricing helpers of b2b_order_mgmt (no Odoo import).

The addon's ``__init__`` does not import this package: the ORM code imports
``odoo.addons.b2b_order_mgmt.pricing.engine`` where it needs it.
"""

from . import engine
