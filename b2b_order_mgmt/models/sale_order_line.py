# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrderLine(models.Model):
    """What the features of the addon share about an order line. Each feature
    extends sale.order.line in a file of its own: sale_order_line_pricing.py,
    sale_order_line_quantity_rule.py, sale_order_line_return.py,
    sale_order_line_reorder.py, sale_order_line_quick_order.py."""

    _inherit = "sale.order.line"

    def _b2b_is_rule_eligible(self):
        """Product lines only: not sections, notes, rewards, deliveries,
        down payments or combo headers."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and self.product_type != "combo"
            and not self._is_not_sellable_line()
        )
