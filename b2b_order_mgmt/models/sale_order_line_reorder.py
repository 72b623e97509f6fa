# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, models

from ..order_entry.quantity import format_quantity


class SaleOrderLine(models.Model):
    """Order Again: what of a line is ordered again."""

    _inherit = "sale.order.line"

    def _b2b_reorder_refusal_reason(self):
        """Why the line is left out of a reorder, or False when it is kept."""
        self.ensure_one()
        if self.is_downpayment:
            return self.env._("Down payment: not ordered again.")
        if self.display_type:
            return False
        if self.is_reward_line:
            return self.env._(
                "Coupon or promotion reward: its program applies again if the "
                "new quotation qualifies."
            )
        if self.is_delivery:
            return self.env._(
                "Delivery charge: add the shipping method to the new quotation."
            )
        if self._is_not_sellable_line():
            return self.env._("Line computed by Odoo: not ordered again.")
        if self.combo_item_id:
            return self.env._(
                "Item of a combo: add the combo on the order form to choose its items."
            )
        return self.product_id._b2b_sale_refusal_reason(self.order_id.company_id)

    def _b2b_prepare_reorder_vals(self):
        """The values of the same line on a new quotation: its product,
        quantity and unit, attributes and sequence; prices are computed anew."""
        self.ensure_one()
        if self.display_type:
            return {
                "display_type": self.display_type,
                "name": self.name,
                "sequence": self.sequence,
            }
        vals = {
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_uom_qty,
            "sequence": self.sequence,
            "product_no_variant_attribute_value_ids": [
                Command.set(self.product_no_variant_attribute_value_ids.ids)
            ],
            "product_custom_attribute_value_ids": [
                Command.create(
                    {
                        "custom_product_template_attribute_value_id": (
                            value.custom_product_template_attribute_value_id.id
                        ),
                        "custom_value": value.custom_value,
                    }
                )
                for value in self.product_custom_attribute_value_ids
            ],
        }
        # The product's unit may have changed category since.
        if self.product_uom.category_id == self.product_id.uom_id.category_id:
            vals["product_uom"] = self.product_uom.id
        return vals

    def _b2b_describe_for_reorder(self):
        """The line in a sentence: "[REF] Product (5 Units)", or its text."""
        self.ensure_one()
        if not self.product_id:
            return self.name
        return self.env._(
            "%(product)s (%(qty)s %(uom)s)",
            product=self.product_id.display_name,
            qty=format_quantity(self.product_uom_qty),
            uom=self.product_uom.name,
        )
