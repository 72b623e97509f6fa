# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import float_compare, float_round, format_amount

from ..order_entry.quantity import format_quantity
from ..pricing import engine

OPEN_ORDER_STATES = ("draft", "sent")

# What can be returned of an order line, in its unit of measure:
# - delivered: by done customer deliveries (returns of them not deducted);
# - total: what is left of it, minus what other submitted requests ask for;
# - in_window: the part of ``total`` delivered within the return window;
# - last_delivery_date: when the most recent delivery still holding goods to
#   return was delivered (or shipped); deadline: until when it can be returned.
ReturnableQuantity = namedtuple(
    "ReturnableQuantity",
    ["delivered", "total", "in_window", "last_delivery_date", "deadline"],
)


def format_percent(value):
    """12.0 -> "12", 16.4 -> "16.4": no trailing zeros in explanations."""
    return f"{value:g}"


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Computed together with Odoo's ``discount`` (same method, same storage):
    # the rule part needs the price-list part first, and all of them must be
    # protected together when a salesperson types a discount.
    b2b_technical_discount = fields.Float(
        compute="_compute_discount",
        store=True,
        precompute=True,
        readonly=False,
        digits="Discount",
        help="The discount last computed from the price list and the rules. "
        "A discount that differs from it was typed by hand.",
    )
    b2b_discount_rule_id = fields.Many2one(
        "b2b.discount.rule",
        string="Bulk Discount Rule",
        compute="_compute_discount",
        store=True,
        precompute=True,
        ondelete="set null",
        help="The bulk-discount rule that set this line's discount.",
    )
    b2b_discount_threshold_id = fields.Many2one(
        "b2b.discount.rule.threshold",
        string="Bulk Discount Threshold",
        compute="_compute_discount",
        store=True,
        precompute=True,
        ondelete="set null",
    )
    b2b_rule_discount = fields.Float(
        string="Bulk Discount (%)",
        compute="_compute_discount",
        store=True,
        precompute=True,
        digits="Discount",
        help="The part of the discount given by the bulk-discount rule.",
    )
    b2b_discount_locked = fields.Boolean(
        string="Discount Typed by Hand",
        compute="_compute_b2b_discount_locked",
        store=True,
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
    b2b_return_line_ids = fields.One2many(
        "b2b.return.request.line", "sale_line_id", string="Return Request Lines"
    )
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
        "order_id.partner_id",
        "order_id.date_order",
        "order_id.company_id",
        "order_id.order_line.product_id",
        "order_id.order_line.product_uom",
        "order_id.order_line.product_uom_qty",
        "order_id.order_line.price_unit",
    )
    def _compute_discount(self):
        kept = self._b2b_lines_keeping_discount()
        # Real records keep their stored values; new ones (forms) must be assigned.
        for line in kept.filtered(lambda line: not line.id):
            line._b2b_keep_discount()
        recomputed = self - kept
        result = super(SaleOrderLine, recomputed)._compute_discount()
        recomputed._b2b_apply_discount_rules()
        return result

    @api.depends("discount", "b2b_technical_discount")
    def _compute_b2b_discount_locked(self):
        digits = self._b2b_discount_digits()
        for line in self:
            line.b2b_discount_locked = line._b2b_is_discount_typed(digits)

    @api.depends(
        "discount",
        "pricelist_item_id",
        "b2b_discount_rule_id",
        "b2b_discount_threshold_id",
        "b2b_discount_locked",
    )
    @api.depends_context("lang")
    def _compute_b2b_price_explanation(self):
        for line in self:
            line.b2b_price_explanation = line._b2b_explain_price()

    @api.depends(
        "b2b_discount_locked",
        "order_id.state",
        "order_id.partner_id",
        "order_id.date_order",
        "order_id.order_line.product_id",
        "order_id.order_line.product_uom_qty",
        "order_id.order_line.price_unit",
        "order_id.order_line.discount",
    )
    @api.depends_context("lang")
    def _compute_b2b_next_tier_hint(self):
        self.b2b_next_tier_hint = False
        open_lines = self.filtered(
            lambda line: (
                line.order_id.state in OPEN_ORDER_STATES
                and line._b2b_is_rule_eligible()
                and not line.b2b_discount_locked
            )
        )
        for order, lines in open_lines.grouped("order_id").items():
            # Nothing is being computed: every discount already holds its rule.
            results = order._b2b_compute_rule_results(
                order.order_line, computing=self.browse()
            )
            for line in lines:
                next_tier = results[line].next_tier
                line.b2b_next_tier_hint = next_tier and line._b2b_format_hint(next_tier)

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
        no_rule = self.env["b2b.quantity.rule"]
        for line in self:
            rule = rules.get(line, no_rule)
            suggested = line.product_uom_qty
            if rule:
                suggested = rule._b2b_suggest_quantity(suggested, line.product_uom)
            broken = rule and float_compare(
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

    @api.depends(
        "b2b_return_line_ids.qty_received",
        "b2b_return_line_ids.request_id.state",
        "b2b_return_line_ids.request_id.request_type",
    )
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        # Invoiced on ordered quantities, goods returned (not exchanged) would
        # stay to invoice, even after their credit note: they no longer are.
        # Invoiced on delivered quantities, Odoo already deducts them (to_refund).
        for line in self:
            if (
                line.state == "sale"
                and not line.display_type
                and line.product_id.invoice_policy == "order"
            ):
                line.qty_to_invoice -= line._b2b_get_qty_returned()
        return result

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
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Creating lines does not trigger the recomputation of their siblings,
        # whose mix-and-match quantity or order amount just changed.
        siblings = (
            lines.order_id.filtered(lambda o: o.state in OPEN_ORDER_STATES).order_line
            - lines
        )
        if siblings:
            self.env.add_to_compute(self._fields["discount"], siblings)
        return lines

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_is_rule_eligible(self):
        """Product lines only: not sections, notes, rewards, deliveries,
        down payments or combo headers."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and self.product_type != "combo"
            and not self._is_not_sellable_line()
        )

    def _b2b_get_quantity_rules(self):
        """{line: b2b.quantity.rule} for the product lines of quotations that
        have one; one query per company and customer tier."""
        lines = self.filtered(
            lambda line: (
                line.order_id.state in OPEN_ORDER_STATES
                and line._b2b_is_rule_eligible()
            )
        )
        result = {}
        groups = lines.grouped(
            lambda line: (line.order_id.company_id, line.order_id.b2b_tier_id)
        )
        for (company, tier), group in groups.items():
            rules = self.env["b2b.quantity.rule"]._b2b_get_rules(
                group.product_id.product_tmpl_id, company, tier
            )
            for line in group:
                rule = rules.get(line.product_id.product_tmpl_id.id)
                if rule:
                    result[line] = rule
        return result

    def _b2b_discount_digits(self):
        return self.env["decimal.precision"].precision_get("Discount")

    def _b2b_is_discount_typed(self, digits=None):
        self.ensure_one()
        return bool(
            float_compare(
                self.discount,
                self.b2b_technical_discount,
                precision_digits=digits or self._b2b_discount_digits(),
            )
        )

    def _b2b_lines_keeping_discount(self):
        """Lines whose discount stays as it is: lines of confirmed orders (never
        recomputed after confirmation) and discounts typed by hand."""
        closed_orders = self.order_id.filtered(
            lambda order: order.state not in OPEN_ORDER_STATES
        )
        kept = self.filtered(
            lambda line: line._origin and line.order_id in closed_orders
        )
        if self.env.context.get("b2b_ignore_discount_lock"):
            return kept
        digits = self._b2b_discount_digits()
        return kept | (self - kept).filtered(
            lambda line: line._b2b_is_discount_typed(digits)
        )

    def _b2b_keep_discount(self):
        # A compute method must assign every field it computes.
        self.ensure_one()
        for fname in (
            "discount",
            "b2b_technical_discount",
            "b2b_discount_rule_id",
            "b2b_discount_threshold_id",
            "b2b_rule_discount",
        ):
            self[fname] = self[fname]

    def _b2b_apply_discount_rules(self):
        """Combine the price-list discount just computed by Odoo with the best
        bulk-discount rule, order by order."""
        digits = self._b2b_discount_digits()
        eligible = self.filtered(lambda line: line._b2b_is_rule_eligible())
        for line in self - eligible:
            line._b2b_set_rule_result(None, line.discount, digits)
        for order, lines in eligible.grouped("order_id").items():
            # Precomputed new lines are not yet in order.order_line.
            results = order._b2b_compute_rule_results(
                order.order_line | lines, computing=lines
            )
            for line in lines:
                line._b2b_set_rule_result(results[line], line.discount, digits)

    def _b2b_set_rule_result(self, result, pricelist_discount, digits):
        discount = result.discount if result else pricelist_discount
        discount = float_round(discount, precision_digits=digits)
        self.discount = discount
        self.b2b_technical_discount = discount
        self.b2b_rule_discount = result.rule_discount if result else 0.0
        self.b2b_discount_rule_id = self.env["b2b.discount.rule"].browse(
            result and result.rule_id
        )
        self.b2b_discount_threshold_id = self.env["b2b.discount.rule.threshold"].browse(
            result and result.threshold_id
        )

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

    def _b2b_prepare_engine_line(self, being_computed):
        """The line as the pricing engine's plain values.

        :param being_computed: whether the line's discount is being computed
            right now: it then holds only the price-list share and is not typed.
        """
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
            key=self,
            product_tmpl_id=product.product_tmpl_id.id,
            categ_ids=categ_ids,
            quantity=quantity,
            unit_price=self.price_unit,
            pricelist_discount=(
                self.discount if being_computed else self._b2b_pricelist_part()
            ),
            locked=not being_computed and self.b2b_discount_locked,
        )

    def _b2b_explain_price(self):
        self.ensure_one()
        if not self._b2b_is_rule_eligible():
            return False
        parts = []
        item = self.pricelist_item_id
        if item:
            parts.append(
                self.env._(
                    "Price list %(pricelist)s: %(rule)s.",
                    pricelist=item.pricelist_id.display_name,
                    rule=item.price,
                )
            )
        if self.b2b_discount_locked:
            parts.append(
                self.env._(
                    "Discount of %(discount)s%% typed by hand: bulk-discount rules "
                    "leave it as it is.",
                    discount=format_percent(self.discount),
                )
            )
        elif self.b2b_discount_rule_id:
            threshold = self.b2b_discount_threshold_id
            parts.append(
                self.env._(
                    "Bulk discount “%(rule)s”: %(discount)s%% from %(minimum)s.",
                    rule=self.b2b_discount_rule_id.name,
                    discount=format_percent(threshold.discount),
                    minimum=self._b2b_format_basis_value(
                        self.b2b_discount_rule_id.basis, threshold.min_value
                    ),
                )
            )
        if self.discount and not self.b2b_discount_locked:
            parts.append(
                self.env._(
                    "Total discount: %(discount)s%%.",
                    discount=format_percent(self.discount),
                )
            )
        return " ".join(parts) or False

    def _b2b_format_basis_value(self, basis, value, currency=None):
        self.ensure_one()
        if basis == engine.BASIS_ORDER_AMOUNT:
            currency = currency or self.company_id.currency_id
            return format_amount(self.env, value, currency)
        return f"{value:g} {self.product_id.uom_id.name}"

    def _b2b_format_hint(self, next_tier):
        self.ensure_one()
        missing = self._b2b_format_basis_value(
            next_tier.basis, next_tier.missing, self.currency_id
        )
        saving = format_amount(self.env, next_tier.saving, self.currency_id)
        discount = format_percent(next_tier.discount)
        if next_tier.basis == engine.BASIS_LINE_QTY:
            return self.env._(
                "Order %(missing)s more to get %(discount)s%%: saves %(saving)s",
                missing=missing,
                discount=discount,
                saving=saving,
            )
        if next_tier.basis == engine.BASIS_MIX_QTY:
            return self.env._(
                "Order %(missing)s more of the products in “%(rule)s” to get "
                "%(discount)s%%: saves %(saving)s",
                missing=missing,
                rule=self.env["b2b.discount.rule"].browse(next_tier.rule_id).name,
                discount=discount,
                saving=saving,
            )
        return self.env._(
            "Add %(missing)s to the order to get %(discount)s%%: saves %(saving)s",
            missing=missing,
            discount=discount,
            saving=saving,
        )

    # ------------------------------------------------------------
    # Business methods: reorder
    # ------------------------------------------------------------

    def _b2b_reorder_refusal_reason(self):
        """Why the line is left out of a reorder, or False when it is kept."""
        self.ensure_one()
        if self.is_downpayment:
            return self.env._("Down payment: not ordered again.")
        if self.display_type:
            return False
        if self.is_reward_line:
            return self.env._(
                "Coupon or promotion reward: its program applies again if the "
                "new quotation qualifies."
            )
        if self.is_delivery:
            return self.env._(
                "Delivery charge: add the shipping method to the new quotation."
            )
        if self._is_not_sellable_line():
            return self.env._("Line computed by Odoo: not ordered again.")
        if self.combo_item_id:
            return self.env._(
                "Item of a combo: add the combo on the order form to choose its items."
            )
        return self.product_id._b2b_sale_refusal_reason(self.order_id.company_id)

    def _b2b_prepare_reorder_vals(self):
        """The values of the same line on a new quotation: its product,
        quantity and unit, attributes and sequence; prices are computed anew."""
        self.ensure_one()
        if self.display_type:
            return {
                "display_type": self.display_type,
                "name": self.name,
                "sequence": self.sequence,
            }
        vals = {
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_uom_qty,
            "sequence": self.sequence,
            "product_no_variant_attribute_value_ids": [
                Command.set(self.product_no_variant_attribute_value_ids.ids)
            ],
            "product_custom_attribute_value_ids": [
                Command.create(
                    {
                        "custom_product_template_attribute_value_id": (
                            value.custom_product_template_attribute_value_id.id
                        ),
                        "custom_value": value.custom_value,
                    }
                )
                for value in self.product_custom_attribute_value_ids
            ],
        }
        # The product's unit may have changed category since.
        if self.product_uom.category_id == self.product_id.uom_id.category_id:
            vals["product_uom"] = self.product_uom.id
        return vals

    def _b2b_prepare_portal_preview_vals(self, rows=()):
        """What the portal quick order pad shows of the line, as plain values:
        the line itself is rolled back after the preview.

        :param rows: the numbers of the input rows the line comes from
        """
        self.ensure_one()
        return {
            "product": self.product_id,
            "sku": self.product_id.default_code or self.product_id.barcode or "",
            "rows": list(rows),
            "quantity": self.product_uom_qty,
            "uom": self.product_uom.name,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "explanation": self.b2b_price_explanation or "",
            "next_tier_hint": self.b2b_next_tier_hint or "",
            "price_subtotal": self.price_subtotal,
            "quantity_warning": self.b2b_quantity_warning or "",
            "suggested_qty": self.b2b_suggested_qty,
        }

    def _b2b_describe_for_reorder(self):
        """The line in a sentence: "[REF] Product (5 Units)", or its text."""
        self.ensure_one()
        if not self.product_id:
            return self.name
        return self.env._(
            "%(product)s (%(qty)s %(uom)s)",
            product=self.product_id.display_name,
            qty=format_quantity(self.product_uom_qty),
            uom=self.product_uom.name,
        )

    # ------------------------------------------------------------
    # Business methods: returns
    # ------------------------------------------------------------

    def _b2b_get_qty_returned(self):
        """Received back through return requests (exchanges excepted)."""
        self.ensure_one()
        return sum(
            self.b2b_return_line_ids.filtered(
                lambda line: (
                    line.request_id.request_type == "return"
                    and line.request_id.state in ("received", "done")
                )
            ).mapped("qty_received")
        )

    def _b2b_get_returnable_moves(self):
        """The done customer-delivery moves of each line with what is left to
        return of them, most recently delivered first.

        :return: {line: [(move, quantity in the line's unit, delivery date)]}
        """
        result = {}
        for line in self:
            outgoing, _incoming = line._get_outgoing_incoming_moves()
            delivered = outgoing.filtered(
                lambda move: (
                    move.state == "done" and move.picking_id.b2b_is_customer_delivery
                )
            )
            entries = []
            for move in delivered.sorted(
                lambda move: (move.picking_id._b2b_get_delivery_date(), move.id),
                reverse=True,
            ):
                left = line._b2b_to_line_uom(move.quantity, move.product_uom)
                # Returns in progress hold their goods too.
                for returned in move.returned_move_ids:
                    if returned.state != "cancel":
                        left -= line._b2b_to_line_uom(
                            returned.quantity
                            if returned.state == "done"
                            else returned.product_uom_qty,
                            returned.product_uom,
                        )
                if (
                    float_compare(
                        left, 0.0, precision_rounding=line.product_uom.rounding
                    )
                    > 0
                ):
                    entries.append(
                        (move, left, move.picking_id._b2b_get_delivery_date())
                    )
            result[line] = entries
        return result

    def _b2b_get_returnable_quantities(self, exclude_requests=None):
        """What can still be returned of each line: delivered by done customer
        deliveries, minus what is returned or being returned (approved
        requests, returns made in Inventory), minus what submitted requests
        ask for (drafts commit to nothing; refused and cancelled requests
        hold nothing).

        :param exclude_requests: requests not to count (the one being checked)
        :return: {line: ReturnableQuantity}
        """
        moves_by_line = self._b2b_get_returnable_moves()
        requested = self._b2b_get_requested_quantities(exclude_requests)
        today = fields.Date.context_today(self)
        result = {}
        for line in self:
            window = line.order_id.company_id.b2b_return_window_days
            entries = moves_by_line[line]
            deadlines = [
                (qty, self._b2b_return_deadline(date, window))
                for _move, qty, date in entries
            ]
            total = sum(qty for qty, _deadline in deadlines)
            in_window = sum(
                qty for qty, deadline in deadlines if not deadline or deadline >= today
            )
            # Submitted requests take the most recent deliveries first, as
            # their approval will.
            asked = requested.get(line, 0.0)
            result[line] = ReturnableQuantity(
                delivered=line._b2b_get_qty_delivered_to_customer(),
                total=max(total - asked, 0.0),
                in_window=max(in_window - asked, 0.0),
                last_delivery_date=entries[0][2] if entries else False,
                deadline=deadlines[0][1] if deadlines else False,
            )
        return result

    def _b2b_get_requested_quantities(self, exclude_requests=None):
        """{line: quantity asked by submitted return requests}"""
        domain = [
            ("sale_line_id", "in", self.ids),
            ("request_id.state", "=", "submitted"),
        ]
        if exclude_requests:
            domain.append(("request_id", "not in", exclude_requests.ids))
        # sudo: a total over the order's requests, whoever may read each one;
        # callers checked access to the order.
        groups = (
            self.env["b2b.return.request.line"]
            .sudo()
            ._read_group(domain, ["sale_line_id"], ["quantity:sum"])
        )
        return {self.browse(line.id): quantity for line, quantity in groups}

    def _b2b_get_qty_delivered_to_customer(self):
        self.ensure_one()
        outgoing, _incoming = self._get_outgoing_incoming_moves()
        return sum(
            self._b2b_to_line_uom(move.quantity, move.product_uom)
            for move in outgoing
            if move.state == "done" and move.picking_id.b2b_is_customer_delivery
        )

    def _b2b_to_line_uom(self, quantity, uom):
        self.ensure_one()
        return uom._compute_quantity(quantity, self.product_uom, round=False)

    @api.model
    def _b2b_return_deadline(self, delivery_date, window):
        """The last day a return can be requested; False: no time limit."""
        if not window:
            return False
        return fields.Date.context_today(self, delivery_date) + timedelta(days=window)
