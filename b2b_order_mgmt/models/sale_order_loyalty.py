# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.osv import expression


class SaleOrder(models.Model):
    """Coupons and promotions (Odoo's loyalty programs) limited to tiers."""

    _inherit = "sale.order"

    def _b2b_tier_program_domain(self, program_path):
        tier_field = f"{program_path}b2b_tier_ids"
        return [
            "|",
            (tier_field, "=", False),
            (tier_field, "in", self.b2b_tier_id.ids),
        ]

    def _get_program_domain(self):
        return expression.AND(
            [super()._get_program_domain(), self._b2b_tier_program_domain("")]
        )

    def _get_trigger_domain(self):
        return expression.AND(
            [
                super()._get_trigger_domain(),
                self._b2b_tier_program_domain("program_id."),
            ]
        )
