# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Company dependent: a customer shared between companies can be Gold in one
    # and Silver in the other, and a tier of one company never shows in another.
    b2b_tier_id = fields.Many2one(
        "b2b.customer.tier",
        string="Customer Tier",
        company_dependent=True,
        domain="[('company_id', 'in', [current_company_id, False])]",
        help="The B2B segment of this customer. "
        "Set it on the company: its contacts follow it.",
    )

    def _commercial_fields(self):
        return [*super()._commercial_fields(), "b2b_tier_id"]
