# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..pricing import engine

RULE_BASES = [
    (engine.BASIS_LINE_QTY, "Quantity of the line"),
    (engine.BASIS_MIX_QTY, "Quantity of all lines in scope (mix and match)"),
    (engine.BASIS_ORDER_AMOUNT, "Untaxed amount of the order"),
]


class B2bDiscountRule(models.Model):
    _name = "b2b.discount.rule"
    _inherit = ["b2b.engine.rules.cache.mixin", "b2b.values.check.mixin"]
    _description = "B2B Bulk Discount Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    customer_label = fields.Char(
        string="Label for Customers",
        translate=True,
        help="How customers read the discount on their quotations, e.g. "
        "“Volume discount”: the rule's name is internal. Empty: a label for "
        "its basis.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10,
        help="When two rules give the same discount, the one with the lower "
        "sequence is shown as the reason.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to apply the rule in every company.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Currency of the order amounts in the thresholds.",
    )
    date_start = fields.Date(
        string="Valid From",
        help="First order date the rule applies to; empty = no start.",
    )
    date_end = fields.Date(
        string="Valid Until",
        help="Last order date the rule applies to; empty = no end.",
    )
    basis = fields.Selection(
        RULE_BASES,
        required=True,
        default=engine.BASIS_LINE_QTY,
        help="What the thresholds measure. Quantities are counted in each "
        "product's unit of measure; the order amount is taken before bulk "
        "discounts.",
    )
    product_tmpl_ids = fields.Many2many(
        "product.template",
        string="Products",
        help="Products the rule applies to. With Product Categories, a product "
        "matching either is in scope; both empty = all products.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Their child categories are included.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('is_company', '=', True)]",
        help="Customer companies the rule applies to. With Customer Tiers, a "
        "customer matching either is in scope; both empty = every customer "
        "that has a tier.",
    )
    tier_ids = fields.Many2many(
        "b2b.customer.tier",
        string="Customer Tiers",
    )
    threshold_ids = fields.One2many(
        "b2b.discount.rule.threshold",
        "rule_id",
        string="Thresholds",
        copy=True,
    )
    threshold_summary = fields.Char(
        compute="_compute_threshold_summary",
        string="Discounts",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    @api.depends("threshold_ids.min_value", "threshold_ids.discount")
    def _compute_threshold_summary(self):
        for rule in self:
            rule.threshold_summary = ", ".join(
                f"{threshold.min_value:g}: {threshold.discount:g}%"
                for threshold in rule.threshold_ids.sorted("min_value")
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rule in self:
            if rule.date_start and rule.date_end and rule.date_end < rule.date_start:
                raise ValidationError(
                    self.env._(
                        "Rule “%(rule)s”: the Valid Until date (%(end)s) is before "
                        "the Valid From date (%(start)s).",
                        rule=rule.name,
                        end=rule.date_end,
                        start=rule.date_start,
                    )
                )

    @api.constrains("threshold_ids", "basis")
    def _check_has_thresholds(self):
        for rule in self:
            if not rule.threshold_ids:
                raise ValidationError(
                    self.env._(
                        "Rule “%(rule)s” has no Thresholds: add at least one "
                        "minimum with its discount.",
                        rule=rule.name,
                    )
                )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_get_customer_label(self):
        self.ensure_one()
        if self.customer_label:
            return self.customer_label
        return {
            engine.BASIS_LINE_QTY: self.env._("Volume discount"),
            engine.BASIS_MIX_QTY: self.env._("Mix-and-match discount"),
            engine.BASIS_ORDER_AMOUNT: self.env._("Order discount"),
        }[self.basis]

    @api.model
    @tools.ormcache("company_id")
    def _b2b_get_named_partner_ids(self, company_id):
        """The customers that active rules of the company name: B2B customers
        even without a tier. Cached: every order of every customer asks."""
        rules = self.sudo().search([("company_id", "in", [company_id, False])])
        return frozenset(rules.partner_ids.ids)

    @api.model
    def _b2b_get_rules(self, company):
        """The active rules of a company, in one query, bypassing record rules:
        prices are computed for whoever edits the order, salespeople included."""
        return (
            self.sudo()
            .search([("company_id", "in", [company.id, False])])
            .with_env(self.env)
        )

    @api.model
    @tools.ormcache("company_id")
    def _b2b_get_engine_rules(self, company_id):
        """The company's active rules as the pricing engine's plain values.
        Cached (they are immutable): every change of a quotation's lines prices
        its order, the form's onchange calls included."""
        company = self.env["res.company"].browse(company_id)
        return tuple(self._b2b_get_rules(company)._b2b_prepare_engine_rules())

    def _b2b_prepare_engine_rules(self):
        """The rules as the pricing engine's plain values."""
        return [
            engine.Rule(
                id=rule.id,
                sequence=rule.sequence,
                basis=rule.basis,
                thresholds=tuple(
                    engine.Threshold(
                        id=threshold.id,
                        min_value=threshold.min_value,
                        discount=threshold.discount,
                    )
                    for threshold in rule.threshold_ids
                ),
                product_tmpl_ids=frozenset(rule.product_tmpl_ids.ids),
                categ_ids=frozenset(rule.categ_ids.ids),
                partner_ids=frozenset(rule.partner_ids.ids),
                tier_ids=frozenset(rule.tier_ids.ids),
                date_start=rule.date_start or None,
                date_end=rule.date_end or None,
            )
            for rule in self
        ]
