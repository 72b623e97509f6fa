# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    b2b_tier_ids = fields.Many2many(
        "b2b.customer.tier",
        string="Customer Tiers",
        help="Limit the program to customers of these tiers; empty = everyone.",
    )
