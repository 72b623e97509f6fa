# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models

# Quotations: the states in which lines, prices and discounts still change.
OPEN_ORDER_STATES = ("draft", "sent")


class SaleOrder(models.Model):
    """The order's B2B customer. Each feature extends sale.order in a file of
    its own: sale_order_pricing.py, sale_order_tracking.py,
    sale_order_return.py, sale_order_quick_order.py, sale_order_reorder.py,
    sale_order_quantity_rule.py, sale_order_loyalty.py."""

    _inherit = "sale.order"

    b2b_tier_id = fields.Many2one(
        "b2b.customer.tier",
        string="Customer Tier",
        compute="_compute_b2b_tier_id",
        help="The tier of the customer company, in the order's company.",
    )
    b2b_is_b2b_order = fields.Boolean(
        string="B2B Order",
        compute="_compute_b2b_is_b2b_order",
        help="The customer has a tier, or a bulk-discount rule names it: the "
        "order gets the B2B prices, e-mails and portal pages. Any other order "
        "is Odoo's own.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("partner_id", "company_id")
    def _compute_b2b_tier_id(self):
        for order in self:
            order.b2b_tier_id = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            ).b2b_tier_id

    @api.depends("partner_id", "company_id")
    def _compute_b2b_is_b2b_order(self):
        for order in self:
            order.b2b_is_b2b_order = order.partner_id._b2b_is_b2b_customer(
                order.company_id
            )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_filter_b2b(self):
        """The orders of B2B customers: the others stay Odoo's own."""
        return self.filtered("b2b_is_b2b_order")

    @api.model
    def _b2b_html_list(self, title, items):
        return Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % item for item in items),
        )
