# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrderLine(models.Model):
    """The portal quick order pad's preview of a line."""

    _inherit = "sale.order.line"

    def _b2b_prepare_portal_preview_vals(self, rows=()):
        """What the portal quick order pad shows of the line, as plain values:
        the line itself is rolled back after the preview.

        :param rows: the numbers of the input rows the line comes from
        """
        self.ensure_one()
        return {
            "product": self.product_id,
            "sku": self.product_id.default_code or self.product_id.barcode or "",
            "rows": list(rows),
            "quantity": self.product_uom_qty,
            "uom": self.product_uom.name,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "explanation": self._b2b_explain_price(for_customer=True) or "",
            "next_tier_hint": self.b2b_next_tier_hint or "",
            "price_subtotal": self.price_subtotal,
            "quantity_warning": self.b2b_quantity_warning or "",
            "suggested_qty": self.b2b_suggested_qty,
        }
