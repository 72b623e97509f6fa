# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

from .sale_order import OPEN_ORDER_STATES


class SaleOrderLine(models.Model):
    """Quantity rules: each quotation line's rule, suggested quantity and
    warning, computed on the fly (they follow the rules as they are now)."""

    _inherit = "sale.order.line"

    # Quantity rules: computed on the fly (they follow the rules as they are
    # now), for the product lines of quotations only.
    b2b_quantity_rule_id = fields.Many2one(
        "b2b.quantity.rule",
        string="Quantity Rule",
        compute="_compute_b2b_quantity_check",
        compute_sudo=True,
    )

    b2b_suggested_qty = fields.Float(
        string="Suggested Quantity",
        compute="_compute_b2b_quantity_check",
        compute_sudo=True,
        digits="Product Unit of Measure",
        help="The quantity the line's quantity rule asks for: at least the "
        "minimum, rounded up to the next multiple. Fix Quantities applies it.",
    )

    b2b_quantity_warning = fields.Char(
        string="Quantity Rule Warning",
        compute="_compute_b2b_quantity_check",
        compute_sudo=True,
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "product_id",
        "product_uom",
        "product_uom_qty",
        "display_type",
        "order_id.state",
        "order_id.partner_id",
        "order_id.company_id",
    )
    @api.depends_context("lang")
    def _compute_b2b_quantity_check(self):
        rules = self._b2b_get_quantity_rules()
        # Most lines have no rule: assigned at once, not line by line.
        without_rule = self.filtered(lambda line: line not in rules)
        without_rule.b2b_quantity_rule_id = False
        without_rule.b2b_suggested_qty = 0.0
        without_rule.b2b_quantity_warning = False
        for line, rule in rules.items():
            suggested = rule._b2b_suggest_quantity(
                line.product_uom_qty, line.product_uom
            )
            broken = float_compare(
                suggested,
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding or 0.01,
            )
            line.b2b_quantity_rule_id = rule
            line.b2b_suggested_qty = suggested
            line.b2b_quantity_warning = False
            if broken:
                line.b2b_quantity_warning = rule._b2b_format_warning(
                    line.product_id, line.product_uom_qty, suggested, line.product_uom
                )

    # ------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------

    @api.onchange("product_uom_qty", "product_uom")
    def _onchange_b2b_quantity_rule(self):
        # Not on the product: its quantity is not typed yet.
        if self.b2b_quantity_warning:
            return {
                "warning": {
                    "title": self.env._("Quantity Rule"),
                    "message": self.b2b_quantity_warning,
                }
            }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_get_quantity_rules(self):
        """{line: b2b.quantity.rule} for the product lines of quotations that
        have one; one query per company and customer tier."""
        by_customer = defaultdict(lambda: self.browse())
        for order, lines in self.grouped("order_id").items():
            if order.state in OPEN_ORDER_STATES:
                by_customer[order.company_id, order.b2b_tier_id] |= lines
        result = {}
        for (company, tier), lines in by_customer.items():
            rules = self.env["b2b.quantity.rule"]._b2b_get_rules(
                lines.product_id.product_tmpl_id, company, tier
            )
            if not rules:
                continue
            for line in lines:
                rule = rules.get(line.product_id.product_tmpl_id.id)
                if rule and line._b2b_is_rule_eligible():
                    result[line] = rule
        return result
