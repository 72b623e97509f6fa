# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from ..order_entry import quantity as quantity_math
from ..order_entry.quantity import format_quantity


class B2bQuantityRule(models.Model):
    _name = "b2b.quantity.rule"
    _description = "B2B Quantity Rule"
    _order = "product_tmpl_id, tier_id, id"
    _check_company_auto = True

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    tier_id = fields.Many2one(
        "b2b.customer.tier",
        string="Customer Tier",
        ondelete="cascade",
        check_company=True,
        help="Leave empty for every customer. A rule for the customer's tier "
        "wins over the rule for every customer.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    min_qty = fields.Float(
        string="Minimum Quantity",
        digits="Product Unit of Measure",
        help="The least quantity of the product an order line may hold, in the "
        "product's unit of measure. 0: no minimum.",
    )
    qty_multiple = fields.Float(
        string="Order Multiple",
        digits="Product Unit of Measure",
        help="Pack size: order lines must hold a whole number of it, in the "
        "product's unit of measure. 0: any quantity.",
    )
    uom_id = fields.Many2one(
        related="product_tmpl_id.uom_id", string="Unit of Measure", readonly=True
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("product_tmpl_id.name", "tier_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = self.env._(
                "%(product)s, %(customers)s",
                product=rule.product_tmpl_id.name,
                customers=rule.tier_id.name or self.env._("every customer"),
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("min_qty", "qty_multiple")
    def _check_quantities(self):
        for rule in self:
            if rule.min_qty < 0:
                raise ValidationError(
                    self.env._(
                        "Quantity rule “%(rule)s”: the Minimum Quantity cannot "
                        "be negative (%(min_qty)s).",
                        rule=rule.display_name,
                        min_qty=format_quantity(rule.min_qty),
                    )
                )
            if rule.qty_multiple < 0:
                raise ValidationError(
                    self.env._(
                        "Quantity rule “%(rule)s”: the Order Multiple must be "
                        "greater than 0 (%(multiple)s), or 0 for any quantity.",
                        rule=rule.display_name,
                        multiple=format_quantity(rule.qty_multiple),
                    )
                )
            if not rule.min_qty and not rule.qty_multiple:
                raise ValidationError(
                    self.env._(
                        "Quantity rule “%(rule)s” asks for nothing: set a "
                        "Minimum Quantity, an Order Multiple or both.",
                        rule=rule.display_name,
                    )
                )

    @api.constrains("product_tmpl_id", "tier_id", "company_id")
    def _check_one_rule_per_product_and_tier(self):
        # sudo: a duplicate counts wherever it is, whoever can read it.
        duplicates = self.sudo()._read_group(
            [("product_tmpl_id", "in", self.product_tmpl_id.ids)],
            groupby=["product_tmpl_id", "tier_id", "company_id"],
            aggregates=["__count"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            product, tier, _company, _count = duplicates[0]
            raise ValidationError(
                self.env._(
                    "%(product)s already has a quantity rule for %(customers)s: "
                    "one rule per product and tier (edit the existing one).",
                    product=product.display_name,
                    customers=tier.name or self.env._("every customer"),
                )
            )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _b2b_get_rules(self, templates, company, tier):
        """The rule of each product for a customer tier, in one query: the
        tier's rule, else the rule for every customer. Read in sudo: the rules
        hold for whoever enters the order (salespeople, portal buyers).

        :return: {product.template id: b2b.quantity.rule}
        """
        if not templates:
            return {}
        rules = (
            self.sudo()
            .search(
                [
                    ("product_tmpl_id", "in", templates.ids),
                    ("company_id", "=", company.id),
                    ("tier_id", "in", [tier.id, False] if tier else [False]),
                ]
            )
            .with_env(self.env)
        )
        by_template = {}
        # Tier rules last, so that they win.
        for rule in rules.sorted(lambda rule: bool(rule.tier_id)):
            by_template[rule.product_tmpl_id.id] = rule
        return by_template

    def _b2b_suggest_quantity(self, quantity, uom):
        """The nearest quantity at or above ``quantity`` (in ``uom``) that
        keeps the rule, in ``uom``; ``quantity`` itself when it keeps it."""
        self.ensure_one()
        product_uom = self.product_tmpl_id.uom_id
        in_product_uom = uom._compute_quantity(
            quantity, product_uom, round=False, raise_if_failure=False
        )
        terms = (self.min_qty, self.qty_multiple, product_uom.rounding)
        if quantity_math.is_valid_quantity(in_product_uom, *terms):
            return quantity
        suggested = quantity_math.suggest_quantity(in_product_uom, *terms)
        return float_round(
            product_uom._compute_quantity(suggested, uom, round=False),
            precision_rounding=uom.rounding,
            rounding_method="UP",
        )

    def _b2b_describe(self):
        """What the rule asks, e.g. "at least 10 Units, in multiples of 6 Units"."""
        self.ensure_one()
        uom = self.uom_id.name
        terms = []
        if self.min_qty:
            terms.append(
                self.env._(
                    "at least %(qty)s %(uom)s",
                    qty=format_quantity(self.min_qty),
                    uom=uom,
                )
            )
        if self.qty_multiple:
            terms.append(
                self.env._(
                    "in multiples of %(qty)s %(uom)s",
                    qty=format_quantity(self.qty_multiple),
                    uom=uom,
                )
            )
        return ", ".join(terms)

    def _b2b_format_warning(self, product, quantity, suggested, uom):
        """The sentence that tells a line breaks the rule and what to order."""
        self.ensure_one()
        return self.env._(
            "%(product)s: %(qty)s %(uom)s breaks the quantity rule “%(rule)s” "
            "(%(terms)s). Suggested quantity: %(suggested)s %(uom)s.",
            product=product.display_name,
            qty=format_quantity(quantity),
            uom=uom.name,
            rule=self.display_name,
            terms=self._b2b_describe(),
            suggested=format_quantity(suggested),
        )
