# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class B2bCustomerTier(models.Model):
    _name = "b2b.customer.tier"
    _inherit = ["b2b.values.check.mixin"]
    _description = "B2B Customer Tier"
    _order = "sequence, id"
    # Shown by its name (Gold), found by its code too (GOLD).
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code used in imports and integrations, e.g. GOLD.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the tier between companies.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        domain="[('company_id', 'in', [company_id, False])]",
        check_company=True,
        help="Price list given to new quotations of the tier's customers, "
        "unless a customer has a price list of its own.",
    )
    partner_count = fields.Integer(
        string="Customers",
        compute="_compute_partner_count",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A customer tier code must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("b2b_tier_id", "in", self.ids), ("is_company", "=", True)],
                groupby=["b2b_tier_id"],
                aggregates=["__count"],
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "base.action_partner_customer_form"
        )
        action["domain"] = [("b2b_tier_id", "=", self.id)]
        action["context"] = {"default_b2b_tier_id": self.id, "default_is_company": True}
        return action
