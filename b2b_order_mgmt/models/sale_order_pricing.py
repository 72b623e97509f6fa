# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

from ..pricing import engine
from .sale_order import OPEN_ORDER_STATES

# The order values the bulk-discount rules read: changing one prices the order
# again.
PRICING_ORDER_FIELDS = frozenset(
    {"order_line", "partner_id", "date_order", "company_id", "pricelist_id"}
)
# How many engine results a cursor keeps (see _b2b_compute_rule_results).
ENGINE_RESULTS_KEPT = 8


def write_step_result(records, vals):
    """Write what the pricing step found: in the database for saved records,
    in the form's cache for the new records of an onchange."""
    saved = records.filtered("id")
    saved.with_context(b2b_skip_pricing=True).write(vals)
    (records - saved).update(vals)


class SaleOrder(models.Model):
    """Bulk discounts as one order-level step, as Odoo's sale_loyalty applies
    its rewards: the lines keep Odoo's own price-list discount, then
    _b2b_apply_discount_rules() reads the rules once and lets the pure engine
    (pricing/engine.py) combine them for all the lines of the order."""

    _inherit = "sale.order"

    b2b_amount_saved = fields.Monetary(
        string="Total Saved",
        compute="_compute_b2b_amount_saved",
        help="What the price-list and bulk discounts of the lines save the "
        "customer, before taxes.",
    )

    b2b_next_discount_hint = fields.Text(
        string="Next Order Discount",
        compute="_compute_b2b_next_discount_hint",
        compute_sudo=True,
        help="How much more to order to reach the next discount of the whole "
        "order (an order amount or mix-and-match rule), and what it saves.",
    )
    # The pricing step keeps what it found the quotation can reach next, so
    # that showing the hint never runs the rules again (a form's onchange
    # reads it for the order as saved and as edited).
    b2b_next_discount_data = fields.Json(
        string="Next Order Discounts",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("order_line.price_subtotal", "order_line.discount")
    def _compute_b2b_amount_saved(self):
        for order in self:
            order.b2b_amount_saved = sum(
                line._b2b_amount_saved() for line in order.order_line
            )

    @api.depends("state", "currency_id", "b2b_next_discount_data")
    @api.depends_context("lang")
    def _compute_b2b_next_discount_hint(self):
        sentence = self.env["sale.order.line"]._b2b_hint_sentence
        for order in self:
            hints = order.state in OPEN_ORDER_STATES and order.b2b_next_discount_data
            order.b2b_next_discount_hint = (
                "\n".join(sentence(hint, order.currency_id) for hint in hints or ())
                or False
            )

    def _b2b_collect_next_discounts(self, results):
        """The next order-level thresholds (order amount, mix and match) the
        quotation can reach, once each, the most saving first, as
        _b2b_next_discount_vals gives them.

        :param results: {line: engine.LineResult}, the order's
        """
        self.ensure_one()
        hints = {}
        for line, result in results.items():
            tier = result.next_tier
            if (
                tier
                and tier.basis != engine.BASIS_LINE_QTY
                and not line.b2b_discount_locked
            ):
                key = (tier.rule_id, tier.threshold_id)
                if key not in hints or tier.saving > hints[key][1].saving:
                    hints[key] = (line, tier)
        ranked = sorted(hints.values(), key=lambda hint: -hint[1].saving)
        return [line._b2b_next_discount_vals(tier) for line, tier in ranked] or False

    # ------------------------------------------------------------
    # Onchanges: the form prices the order as the ORM does
    # ------------------------------------------------------------

    @api.onchange("order_line", "partner_id", "date_order")
    def _onchange_b2b_discount_rules(self):
        self._b2b_apply_discount_rules()

    # ------------------------------------------------------------
    # CRUD: once per order, after all its lines are written
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        orders = super(SaleOrder, self.with_context(b2b_skip_pricing=True)).create(
            vals_list
        )
        orders = orders.with_env(self.env)
        orders._b2b_apply_discount_rules()
        return orders

    def write(self, vals):
        if self.env.context.get(
            "b2b_skip_pricing"
        ) or not PRICING_ORDER_FIELDS.intersection(vals):
            return super().write(vals)
        result = super(SaleOrder, self.with_context(b2b_skip_pricing=True)).write(vals)
        self._b2b_apply_discount_rules()
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_b2b_apply_discount_rules(self):
        """Apply the bulk-discount rules again to every line of the quotations,
        discounts typed by hand included."""
        quotations = self.filtered(lambda order: order.state in OPEN_ORDER_STATES)
        quotations.with_context(
            b2b_ignore_discount_lock=True, b2b_skip_pricing=True
        ).order_line._compute_discount()
        quotations._b2b_apply_discount_rules()
        return True

    def _recompute_prices(self):
        # "Update Prices" resets every discount, typed ones included, then the
        # rules apply again: once, at the end.
        result = super(
            SaleOrder,
            self.with_context(b2b_ignore_discount_lock=True, b2b_skip_pricing=True),
        )._recompute_prices()
        self._b2b_apply_discount_rules()
        return result

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_apply_discount_rules(self):
        """The order-level pricing step: give the lines of each quotation of a
        B2B customer their bulk discounts. Reads the rules once per company and
        runs the engine once per order; writes only the lines whose discount
        changes, grouped by value. Lines without a rule keep their price
        list's discount; typed discounts stay as typed. Confirmed and cancelled
        orders never move. A quotation that is no longer a B2B customer's
        loses the rules' discounts."""
        quotations = self.filtered(lambda order: order.state in OPEN_ORDER_STATES)
        b2b_orders = quotations._b2b_filter_b2b()
        no_longer_b2b = (quotations - b2b_orders).filtered(
            lambda order: order.order_line.b2b_discount_rule_id
        )
        digits = self.env["sale.order.line"]._b2b_discount_digits()
        updates = defaultdict(lambda: self.env["sale.order.line"])
        next_discounts = {order: False for order in quotations - b2b_orders}
        for order in no_longer_b2b:
            for line in order.order_line.filtered("b2b_discount_rule_id"):
                vals = line._b2b_rule_result_vals(None, {}, digits)
                updates[frozenset(line._b2b_changed_vals(vals).items())] |= line
        for company, orders in b2b_orders.grouped("company_id").items():
            rules = orders._b2b_get_engine_rules(company)
            thresholds = {
                threshold.id: (rule, threshold)
                for rule in rules
                for threshold in rule.thresholds
            }
            for order in orders:
                results = order._b2b_compute_rule_results(rules)
                next_discounts[order] = order._b2b_collect_next_discounts(results)
                for line in order.order_line:
                    vals = line._b2b_rule_result_vals(
                        results.get(line), thresholds, digits
                    )
                    changed = line._b2b_changed_vals(vals)
                    if changed:
                        updates[frozenset(changed.items())] |= line
        for vals, lines in updates.items():
            write_step_result(lines, dict(vals))
        for order, data in next_discounts.items():
            if order.b2b_next_discount_data != data:
                write_step_result(order, {"b2b_next_discount_data": data})

    @api.model
    def _b2b_get_engine_rules(self, company):
        return self.env["b2b.discount.rule"]._b2b_get_engine_rules(company.id)

    def _b2b_compute_rule_results(self, rules=None):
        """Run the pricing engine once for the order, on its eligible lines.

        :param rules: the company's rules as engine.Rule, if already read
        :return: {line: engine.LineResult}
        """
        self.ensure_one()
        if rules is None:
            rules = self._b2b_get_engine_rules(self.company_id)
        eligible = self.order_line.filtered(lambda line: line._b2b_is_rule_eligible())
        engine_lines = tuple(line._b2b_prepare_engine_line() for line in eligible)
        inputs = (self._b2b_prepare_engine_order(), engine_lines, tuple(rules))
        # The engine is pure: the request's cursor keeps its last results. A
        # form's onchange asks for the same order several times (the hints of
        # the lines as saved and as edited, the pricing step).
        kept = self.env.cr.cache.setdefault("b2b_engine_results", {})
        results = kept.get(inputs)
        if results is None:
            results = engine.compute_discounts(*inputs)
            if len(kept) >= ENGINE_RESULTS_KEPT:
                del kept[next(iter(kept))]
            kept[inputs] = results
        return {
            line: results[engine_line.key]
            for line, engine_line in zip(eligible, engine_lines, strict=True)
        }

    def _b2b_prepare_engine_order(self):
        self.ensure_one()
        date = fields.Date.context_today(self, self.date_order or fields.Datetime.now())
        rules_currency = self.company_id.currency_id
        amount_rate = 1.0
        if self.currency_id and self.currency_id != rules_currency:
            amount_rate = self.env["res.currency"]._get_conversion_rate(
                self.currency_id, rules_currency, self.company_id, date
            )
        return engine.OrderContext(
            partner_id=self.partner_id.commercial_partner_id.id,
            tier_id=self.b2b_tier_id.id or None,
            date=date,
            amount_rate=amount_rate,
        )
