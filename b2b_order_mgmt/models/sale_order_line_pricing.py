# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import float_compare, float_round, format_amount

from ..pricing import engine
from .b2b_discount_rule import RULE_BASES
from .number_format import format_number, format_quantity
from .sale_order import OPEN_ORDER_STATES

# The line values the bulk-discount rules read: changing one prices the order
# again (see sale.order._b2b_apply_discount_rules).
PRICING_FIELDS = frozenset(
    {
        "product_id",
        "product_uom",
        "product_uom_qty",
        "price_unit",
        "discount",
        "display_type",
        "order_id",
    }
)
# What the order-level pricing step writes on a line, besides the discount.
RULE_RESULT_FIELDS = (
    "b2b_technical_discount",
    "b2b_rule_discount",
    "b2b_discount_rule_id",
    "b2b_discount_threshold_id",
    "b2b_rule_basis",
    "b2b_rule_min_value",
)

# A line without a rule's part in its discount.
NO_RULE_VALS = {
    "b2b_rule_discount": 0.0,
    "b2b_discount_rule_id": False,
    "b2b_discount_threshold_id": False,
    "b2b_rule_basis": False,
    "b2b_rule_min_value": 0.0,
}


class SaleOrderLine(models.Model):
    """Bulk-discount pricing of B2B orders' lines.

    Odoo's own ``_compute_discount`` gives each line its price-list discount;
    the order then applies the bulk-discount rules to all its lines at once
    (sale.order._b2b_apply_discount_rules), after the lines change. The fields
    below record what that step applied: they are computed with the discount,
    so that Odoo's recomputation of a line's discount (a new quantity) resets
    them to the price list's until the order step runs again.
    """

    _inherit = "sale.order.line"

    # The Float fields below have no ``digits``: they copy values that are
    # already rounded (the step's discount, a threshold's), and a named
    # precision would be looked up at every assignment, for every line.
    b2b_technical_discount = fields.Float(
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
        help="The discount last computed from the price list and the rules. "
        "A discount that differs from it was typed by hand.",
    )
    b2b_discount_rule_id = fields.Many2one(
        "b2b.discount.rule",
        string="Bulk Discount Rule",
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
        ondelete="set null",
        help="The bulk-discount rule that set this line's discount.",
    )
    b2b_discount_threshold_id = fields.Many2one(
        "b2b.discount.rule.threshold",
        string="Bulk Discount Threshold",
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
        ondelete="set null",
    )
    b2b_rule_discount = fields.Float(
        string="Bulk Discount (%)",
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
        help="The part of the discount given by the bulk-discount rule.",
    )
    # The threshold as it was applied: a confirmed line explains the discount
    # it got, even after the rule changes.
    b2b_rule_basis = fields.Selection(
        RULE_BASES,
        string="Bulk Discount Basis",
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
    )
    b2b_rule_min_value = fields.Float(
        string="Bulk Discount From",
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
    )
    b2b_discount_locked = fields.Boolean(
        string="Discount Typed by Hand",
        compute="_compute_b2b_discount_locked",
        store=True,
        precompute=True,
        help="The salesperson typed this discount: bulk-discount rules leave it "
        "as it is until the rules are applied again.",
    )
    b2b_price_explanation = fields.Char(
        string="Price Explanation",
        compute="_compute_b2b_price_explanation",
        compute_sudo=True,
    )
    b2b_next_tier_hint = fields.Char(
        string="Next Discount",
        compute="_compute_b2b_next_tier_hint",
        compute_sudo=True,
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    def _compute_discount(self):
        # Odoo's own dependencies: the line's product, unit and quantity. The
        # rules, which read the other lines too, are the order's step.
        kept = self._b2b_lines_keeping_discount()
        for line in kept:
            line._b2b_keep_discount()
        recomputed = self - kept
        result = super(SaleOrderLine, recomputed)._compute_discount()
        recomputed._b2b_reset_to_price_list()
        return result

    @api.depends("discount", "b2b_technical_discount")
    def _compute_b2b_discount_locked(self):
        digits = self._b2b_discount_digits()
        for line in self:
            line.b2b_discount_locked = bool(
                float_compare(
                    line.discount,
                    line.b2b_technical_discount,
                    precision_digits=digits,
                )
            )

    @api.depends(
        "discount",
        "pricelist_item_id",
        "b2b_discount_rule_id",
        "b2b_rule_discount",
        "b2b_rule_basis",
        "b2b_rule_min_value",
        "b2b_discount_locked",
    )
    @api.depends_context("lang")
    def _compute_b2b_price_explanation(self):
        for line in self:
            line.b2b_price_explanation = line._b2b_explain_price()

    # A line shows the next break of its own quantity rule: the other lines
    # count through the discount the pricing step gives this one (a
    # mix-and-match or order-amount rule's), so a change of another line
    # recomputes only the lines whose discount it changes.
    @api.depends(
        "b2b_discount_locked",
        "order_id.state",
        "order_id.partner_id",
        "order_id.date_order",
        "product_id",
        "product_uom",
        "product_uom_qty",
        "price_unit",
        "discount",
        "b2b_rule_discount",
    )
    @api.depends_context("lang")
    def _compute_b2b_next_tier_hint(self):
        self.b2b_next_tier_hint = False
        open_lines = self.filtered(
            lambda line: (
                line.order_id.state in OPEN_ORDER_STATES
                and line.order_id.b2b_is_b2b_order
                and line._b2b_is_rule_eligible()
                and not line.b2b_discount_locked
            )
        )
        for order, lines in open_lines.grouped("order_id").items():
            results = order._b2b_compute_rule_results()
            for line in lines:
                next_tier = results[line].next_tier
                # A mix or amount threshold is the whole order's: its hint
                # shows once, near the totals (sale.order.b2b_next_discount_hint).
                if next_tier and next_tier.basis == engine.BASIS_LINE_QTY:
                    line.b2b_next_tier_hint = line._b2b_format_hint(next_tier)

    # ------------------------------------------------------------
    # CRUD: the order prices its lines again after they change
    # ------------------------------------------------------------

    def _add_precomputed_values(self, vals_list):
        # A discount given with the line (an optional product, a template
        # line, an import) is its price list's, not typed by hand: as Odoo does
        # for the price (technical_price_unit).
        for vals in vals_list:
            if "discount" in vals and "b2b_technical_discount" not in vals:
                vals["b2b_technical_discount"] = vals["discount"]
        return super()._add_precomputed_values(vals_list)

    # ``b2b_skip_pricing`` in the context: the caller prices the orders once
    # the lines are written (sale.order's create and write, the step itself).

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("b2b_skip_pricing"):
            lines.order_id._b2b_apply_discount_rules()
        return lines

    def write(self, vals):
        if self.env.context.get("b2b_skip_pricing") or not PRICING_FIELDS.intersection(
            vals
        ):
            return super().write(vals)
        orders = self.order_id
        result = super().write(vals)
        (orders | self.order_id)._b2b_apply_discount_rules()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        if not self.env.context.get("b2b_skip_pricing"):
            orders.exists()._b2b_apply_discount_rules()
        return result

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_discount_digits(self):
        return self.env["decimal.precision"].precision_get("Discount")

    def _b2b_lines_keeping_discount(self):
        """The lines of B2B orders whose discount Odoo must not recompute:
        lines of confirmed orders and discounts typed by hand (unless the
        rules are applied again). Lines without order and the lines of other
        customers' orders are Odoo's own."""
        keep_typed = not self.env.context.get("b2b_ignore_discount_lock")
        kept = self.browse()
        for order, lines in self.grouped("order_id").items():
            if not order.b2b_is_b2b_order:
                continue
            if order.state not in OPEN_ORDER_STATES:
                saved = lines.filtered(lambda line: line._origin)
                kept |= saved
                lines -= saved
            if keep_typed:
                kept |= lines.filtered("b2b_discount_locked")
        return kept

    def _b2b_keep_discount(self):
        # A compute method must assign every field it computes.
        self.ensure_one()
        for fname in ("discount", *RULE_RESULT_FIELDS):
            self[fname] = self[fname]

    def _b2b_reset_to_price_list(self):
        """The lines as priced by their price list alone, as Odoo just did:
        the rules' part is the order step's."""
        for line in self:
            line.b2b_technical_discount = line.discount
        # Assigned to all the lines at once, not line by line.
        for fname, value in NO_RULE_VALS.items():
            self[fname] = value

    def _b2b_rule_result_vals(self, result, thresholds, digits):
        """What the order-level step writes on the line for the engine's
        ``result`` (None: the line gets no rule).

        :param thresholds: {threshold id: (engine.Rule, engine.Threshold)}
        """
        self.ensure_one()
        if result is None or self.b2b_discount_locked:
            discount = self._b2b_pricelist_part()
            vals = {
                "b2b_technical_discount": (
                    self.b2b_technical_discount
                    if self.b2b_discount_locked
                    else discount
                ),
                **NO_RULE_VALS,
            }
        else:
            discount = result.discount
            rule, threshold = thresholds.get(result.threshold_id, (None, None))
            vals = {
                "b2b_technical_discount": float_round(
                    discount, precision_digits=digits
                ),
                "b2b_rule_discount": result.rule_discount,
                "b2b_discount_rule_id": result.rule_id or False,
                "b2b_discount_threshold_id": result.threshold_id or False,
                "b2b_rule_basis": rule.basis if rule else False,
                "b2b_rule_min_value": threshold.min_value if threshold else 0.0,
            }
        vals["discount"] = float_round(discount, precision_digits=digits)
        return vals

    def _b2b_changed_vals(self, vals):
        """The part of ``vals`` that differs from the line (unchanged lines are
        neither written nor recomputed)."""
        self.ensure_one()
        changed = {}
        for fname, value in vals.items():
            current = self[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if current != value:
                changed[fname] = value
        return changed

    def _b2b_pricelist_part(self):
        """The price-list share of a line's combined discount (the rule share
        taken out). A typed discount counts as it is."""
        self.ensure_one()
        if self.b2b_discount_locked:
            return self.discount
        rule_factor = 1 - self.b2b_rule_discount / 100
        if not rule_factor:
            return 0.0
        return 100 * (1 - (1 - self.discount / 100) / rule_factor)

    def _b2b_amount_saved(self):
        """Untaxed amount the line's discount takes off."""
        self.ensure_one()
        if not self.discount:
            return 0.0
        if self.discount >= 100:
            return self.price_unit * self.product_uom_qty
        return self.price_subtotal / (1 - self.discount / 100) - self.price_subtotal

    def _b2b_prepare_engine_line(self):
        """The line as the pricing engine's plain values."""
        self.ensure_one()
        product = self.product_id
        quantity = self.product_uom_qty
        if self.product_uom and self.product_uom != product.uom_id:
            quantity = self.product_uom._compute_quantity(
                quantity, product.uom_id, round=False
            )
        categ_ids = frozenset(
            int(categ_id)
            for categ_id in (product.categ_id.parent_path or "").split("/")
            if categ_id
        )
        return engine.Line(
            # A line of the form (a new record editing a saved line) has the
            # saved line's key: the same line, whichever record holds it.
            key=self._origin.id or self.id,
            product_tmpl_id=product.product_tmpl_id.id,
            categ_ids=categ_ids,
            quantity=quantity,
            unit_price=self.price_unit,
            pricelist_discount=self._b2b_pricelist_part(),
            locked=self.b2b_discount_locked,
        )

    def _b2b_explain_price(self, for_customer=False):
        """The line's price in a sentence or three: its price list, its bulk
        discount and threshold, its total discount. ``for_customer``: as a
        customer reads it (portal): no price list nor rule names, the rule's
        customer label instead."""
        self.ensure_one()
        if not self._b2b_is_rule_eligible() or not self.order_id.b2b_is_b2b_order:
            return False
        env = self.env
        parts = []
        pricelist_share = self._b2b_pricelist_part()
        if self.b2b_discount_locked:
            parts.append(
                env._(
                    "Discount: %(discount)s%%.",
                    discount=self._b2b_percent(self.discount),
                )
                if for_customer
                else env._(
                    "Discount of %(discount)s%% typed by hand: bulk-discount rules "
                    "leave it as it is.",
                    discount=self._b2b_percent(self.discount),
                )
            )
            return " ".join(parts)
        item = self.pricelist_item_id
        if for_customer and pricelist_share:
            parts.append(
                env._(
                    "Your price: %(discount)s%% off the list price.",
                    discount=self._b2b_percent(pricelist_share),
                )
            )
        elif item and not for_customer:
            parts.append(
                env._(
                    "Price list %(pricelist)s: %(rule)s.",
                    pricelist=item.pricelist_id.display_name,
                    rule=item.price,
                )
            )
        if self.b2b_discount_rule_id:
            parts.append(self._b2b_describe_rule(for_customer))
        if self.discount and (pricelist_share and self.b2b_rule_discount):
            parts.append(
                env._(
                    "Total discount: %(discount)s%%.",
                    discount=self._b2b_percent(self.discount),
                )
            )
        return " ".join(parts) or False

    def _b2b_describe_rule(self, for_customer=False):
        """The bulk discount the line got, as it was applied: "Volume
        discount: 5% from 50 Units." (the back office also names the rule)."""
        values = self._b2b_rule_values()
        if for_customer:
            del values["rule"]
            return self.env._("%(label)s: %(discount)s%% from %(minimum)s.", **values)
        return self.env._(
            "%(label)s (rule “%(rule)s”): %(discount)s%% from %(minimum)s.", **values
        )

    def _b2b_rule_values(self):
        """The applied bulk discount's parts, as stored on the line: its
        customer-facing label, internal rule name, discount and threshold."""
        self.ensure_one()
        rule = self.b2b_discount_rule_id.sudo()
        return {
            "label": rule._b2b_get_customer_label(),
            "rule": rule.name,
            "discount": self._b2b_percent(self.b2b_rule_discount),
            "minimum": self._b2b_format_basis_value(
                self.b2b_rule_basis, self.b2b_rule_min_value
            ),
        }

    def _b2b_percent(self, value):
        return format_number(self.env, value)

    def _b2b_format_basis_value(self, basis, value, currency=None, uom=None):
        """A threshold's value: an amount in ``currency`` (the company's by
        default), else a quantity in ``uom`` (the product's by default)."""
        if basis == engine.BASIS_ORDER_AMOUNT:
            currency = currency or self.company_id.currency_id
            return format_amount(self.env, value, currency)
        return format_quantity(self.env, value, uom or self.product_id.uom_id)

    def _b2b_round_up_missing(self, missing):
        """What is missing to a quantity threshold, as the customer can order
        it: rounded up to the unit's rounding and to the product's order
        multiple (quantity rule)."""
        self.ensure_one()
        uom = self.product_id.uom_id
        current = self.product_uom._compute_quantity(
            self.product_uom_qty, uom, round=False
        )
        wanted = float_round(
            current + missing, precision_rounding=uom.rounding, rounding_method="UP"
        )
        rule = self.b2b_quantity_rule_id
        if rule:
            wanted = rule._b2b_suggest_quantity(wanted, uom)
        return max(wanted - current, uom.rounding)

    def _b2b_next_discount_vals(self, next_tier):
        """The engine's next discount for the line as a hint states it (plain
        values, kept by sale.order.b2b_next_discount_data): what is missing,
        rounded up as the customer can order it."""
        self.ensure_one()
        missing = next_tier.missing
        if next_tier.basis != engine.BASIS_ORDER_AMOUNT:
            missing = self._b2b_round_up_missing(missing)
        return {
            "rule_id": next_tier.rule_id,
            "basis": next_tier.basis,
            "missing": missing,
            "uom_id": self.product_id.uom_id.id,
            "discount": next_tier.discount,
            "saving": next_tier.saving,
        }

    def _b2b_format_hint(self, next_tier):
        """The next discount the line can reach, in a sentence."""
        self.ensure_one()
        return self._b2b_hint_sentence(
            self._b2b_next_discount_vals(next_tier), self.currency_id
        )

    @api.model
    def _b2b_hint_sentence(self, hint, currency):
        """A next discount, as _b2b_next_discount_vals gives it, in a sentence
        (amounts in ``currency``, the order's)."""
        basis = hint["basis"]
        values = {
            "missing": self._b2b_format_basis_value(
                basis,
                hint["missing"],
                currency=currency,
                uom=self.env["uom.uom"].browse(hint["uom_id"]),
            ),
            "discount": self._b2b_percent(hint["discount"]),
            "saving": format_amount(self.env, hint["saving"], currency),
        }
        if basis == engine.BASIS_LINE_QTY:
            return self.env._(
                "Order %(missing)s more to get %(discount)s%%: saves %(saving)s",
                **values,
            )
        if basis == engine.BASIS_MIX_QTY:
            rule = self.env["b2b.discount.rule"].sudo().browse(hint["rule_id"])
            return self.env._(
                "Order %(missing)s more of the products of “%(label)s” to get "
                "%(discount)s%%: saves %(saving)s",
                label=rule._b2b_get_customer_label(),
                **values,
            )
        return self.env._(
            "Add %(missing)s to the order to get %(discount)s%% on the whole "
            "order: saves %(saving)s",
            **values,
        )
