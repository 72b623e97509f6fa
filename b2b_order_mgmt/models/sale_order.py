# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_compare

from ..order_entry import parser
from ..order_entry.quantity import format_quantity
from ..pricing import engine
from .sale_order_line import OPEN_ORDER_STATES
from .stock_picking import DELIVERY_STAGES

ORDER_STATES = [
    ("quotation", "Quotation"),
    ("confirmed", "Confirmed"),
    ("packing", "Packing"),
    ("shipped", "Shipped"),
    ("out_for_delivery", "Out for Delivery"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
]
# What each delivery stage means for the order, from the least advanced on.
STATE_OF_DELIVERY_STAGE = {
    "waiting": "confirmed",
    "ready": "confirmed",
    "packed": "packing",
    "shipped": "shipped",
    "out_for_delivery": "out_for_delivery",
    "delivered": "delivered",
}
DELIVERY_PROGRESS = [stage for stage, _label in DELIVERY_STAGES]

# Fast order entry (see _b2b_quick_order_check). One row of the input and what
# became of it; ``status``: "add" (it makes an order line), "merged" (its
# quantity is summed into the line of an earlier row of the same product),
# "rejected" or "header" (skipped); ``message``: why it is rejected, or what to
# know about it (summed, quantity rule); ``product``: empty when unknown.
QuickOrderRow = namedtuple(
    "QuickOrderRow", ["row", "text", "sku", "quantity", "product", "status", "message"]
)
# One order line to create: its quantity is summed over its rows (row numbers);
# ``warning``: how it breaks its quantity rule, empty when it does not.
QuickOrderLine = namedtuple(
    "QuickOrderLine", ["product", "quantity", "rows", "warning"]
)
QuickOrderCheck = namedtuple("QuickOrderCheck", ["rows", "lines"])
# Reorder (see _b2b_reorder): the new quotation, and the lines of the original
# order that could not be reordered, each with why.
ReorderResult = namedtuple("ReorderResult", ["order", "skipped"])
ReorderSkippedLine = namedtuple("ReorderSkippedLine", ["line", "reason"])
# The portal quick order pad (see _b2b_portal_quick_order_preview): the check of
# the rows, the lines as the quotation would price them (plain values, read
# before the preview is rolled back) and the quotation's totals.
QuickOrderPreview = namedtuple(
    "QuickOrderPreview",
    ["check", "lines", "currency", "amount_untaxed", "amount_tax", "amount_total"],
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_tier_id = fields.Many2one(
        "b2b.customer.tier",
        string="Customer Tier",
        compute="_compute_b2b_tier_id",
        help="The tier of the customer company, in the order's company.",
    )
    b2b_state = fields.Selection(
        ORDER_STATES,
        string="Order Status",
        compute="_compute_b2b_state",
        store=True,
        index=True,
        tracking=True,
        group_expand="_read_group_expand_b2b_state",
        help="Where the order is in its journey, as the customer sees it. With "
        "several deliveries (partial deliveries, backorders), the least advanced "
        "delivery that is not cancelled gives the status.",
    )
    b2b_amount_saved = fields.Monetary(
        string="Total Saved",
        compute="_compute_b2b_amount_saved",
        help="What the price-list and bulk discounts of the lines save the "
        "customer, before taxes.",
    )
    b2b_return_request_ids = fields.One2many(
        "b2b.return.request", "order_id", string="Return Requests"
    )
    b2b_return_request_count = fields.Integer(
        string="Returns", compute="_compute_b2b_return_request_count"
    )
    b2b_quantity_issue_count = fields.Integer(
        string="Lines Breaking Quantity Rules",
        compute="_compute_b2b_quantity_issue_count",
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

    @api.depends(
        "state",
        "picking_ids.b2b_delivery_stage",
        "picking_ids.b2b_is_return_replacement",
    )
    def _compute_b2b_state(self):
        for order in self:
            order.b2b_state = order._b2b_get_state()

    @api.model
    def _read_group_expand_b2b_state(self, states, domain):
        return [state for state, _label in ORDER_STATES]

    @api.depends("b2b_return_request_ids")
    def _compute_b2b_return_request_count(self):
        counts = dict(
            self.env["b2b.return.request"]._read_group(
                [("order_id", "in", self.ids)],
                groupby=["order_id"],
                aggregates=["__count"],
            )
        )
        for order in self:
            order.b2b_return_request_count = counts.get(order, 0)

    @api.depends("order_line.b2b_quantity_warning")
    def _compute_b2b_quantity_issue_count(self):
        for order in self:
            order.b2b_quantity_issue_count = len(
                order.order_line.filtered("b2b_quantity_warning")
            )

    @api.depends("order_line.price_subtotal", "order_line.discount")
    def _compute_b2b_amount_saved(self):
        for order in self:
            order.b2b_amount_saved = sum(
                line._b2b_amount_saved() for line in order.order_line
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        self._b2b_check_quantity_rules()
        result = super().action_confirm()
        # Odoo mails the confirmation only when the customer confirms online
        # (``send_email``, then super() did it); B2B orders are confirmed by the
        # sales rep, and their customers are told as well.
        if not self.env.context.get("send_email"):
            self._send_b2b_confirmation_email()
        return result

    def action_b2b_apply_discount_rules(self):
        """Apply the bulk-discount rules again to every line of the quotations,
        discounts typed by hand included."""
        lines = self.filtered(lambda o: o.state in ("draft", "sent")).order_line
        lines.with_context(b2b_ignore_discount_lock=True)._compute_discount()
        return True

    def action_b2b_fix_quantities(self):
        """Set every line that breaks its quantity rule to its suggested
        quantity, in one write per order (discounts are computed once)."""
        for order in self.filtered(lambda order: order.state in OPEN_ORDER_STATES):
            to_fix = order.order_line.filtered("b2b_quantity_warning")
            if to_fix:
                order.write(
                    {
                        "order_line": [
                            Command.update(
                                line.id, {"product_uom_qty": line.b2b_suggested_qty}
                            )
                            for line in to_fix
                        ]
                    }
                )
        return True

    def action_b2b_open_quick_entry(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_order_mgmt.sale_quick_order_entry_action"
        )
        action["context"] = {"default_order_id": self.id}
        return action

    def action_b2b_reorder(self):
        """Order again: a new quotation, then a notification of what could not
        be reordered, then the new quotation."""
        self.ensure_one()
        result = self._b2b_reorder()
        message = self.env._(
            "%(new)s is a new quotation with the products and quantities of "
            "%(order)s, at today's prices.",
            new=result.order.name,
            order=self.name,
        )
        if result.skipped:
            message = " ".join(
                [
                    message,
                    self.env._(
                        "Not reordered (see the chatter): %(lines)s.",
                        lines="; ".join(
                            skipped.line._b2b_describe_for_reorder()
                            for skipped in result.skipped
                        ),
                    ),
                ]
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Order Again"),
                "message": message,
                "type": "warning" if result.skipped else "success",
                "sticky": bool(result.skipped),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "sale.order",
                    "res_id": result.order.id,
                    "views": [(False, "form")],
                },
            },
        }

    def action_b2b_view_return_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_order_mgmt.b2b_return_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_get_state(self):
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.state in ("draft", "sent"):
            return "quotation"
        # Cancelled and non-customer transfers have no stage. An exchange's
        # replacement has its own journey, followed on its return request.
        stages = [
            picking.b2b_delivery_stage
            for picking in self.picking_ids
            if picking.b2b_delivery_stage and not picking.b2b_is_return_replacement
        ]
        if not stages:
            return "confirmed"
        least_advanced = min(stages, key=DELIVERY_PROGRESS.index)
        return STATE_OF_DELIVERY_STAGE[least_advanced]

    def _b2b_has_delivered_goods(self):
        """Something left the warehouse for the customer: a done customer
        delivery (shipped, out for delivery or delivered)."""
        self.ensure_one()
        return any(
            picking.b2b_is_customer_delivery and picking.state == "done"
            for picking in self.picking_ids
        )

    def _b2b_get_returnable_lines(self):
        """What the customer can ask to return or exchange now, for the
        portal's return form. Call it after checking access to the order (on
        the order in sudo for a portal user: it reads stock moves).

        :return: [{"sale_line": sale.order.line, "quantity": returnable now,
            in the line's unit, "uom": uom.uom, "deadline": last day to ask,
            or False without time limit}], in the order's line order; lines
            with nothing returnable are left out.
        """
        self.ensure_one()
        if self.state != "sale":
            return []
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        returnable = lines._b2b_get_returnable_quantities()
        return [
            {
                "sale_line": line,
                "quantity": returnable[line].in_window,
                "uom": line.product_uom,
                "deadline": returnable[line].deadline,
            }
            for line in lines
            if float_compare(
                returnable[line].in_window,
                0.0,
                precision_rounding=line.product_uom.rounding,
            )
            > 0
        ]

    def _b2b_get_return_unavailability(self):
        """Why the customer cannot ask for a return or exchange of the order
        now, to tell them in the portal; False when they can. Call it as
        _b2b_get_returnable_lines().
        """
        self.ensure_one()
        if self.state != "sale":
            return self.env._(
                "Order %(order)s is not a confirmed order: only delivered goods "
                "can be returned.",
                order=self.name,
            )
        if not self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        ):
            return self.env._(
                "Order %(order)s has no goods to return: only delivered goods can "
                "be returned.",
                order=self.name,
            )
        if not self._b2b_has_delivered_goods():
            return self.env._(
                "Order %(order)s has not been shipped yet: only delivered goods can "
                "be returned.",
                order=self.name,
            )
        if self._b2b_get_returnable_lines():
            return False
        window = self.company_id.b2b_return_window_days
        if not window:
            return self.env._(
                "Nothing more of order %(order)s can be returned: its goods are "
                "already returned or in a return request.",
                order=self.name,
            )
        return self.env._(
            "Nothing more of order %(order)s can be returned: its goods are already "
            "returned or in a return request, or the return window of %(days)s days "
            "after delivery has passed.",
            order=self.name,
            days=window,
        )

    def _b2b_has_confirmation_letter(self):
        """Whether the customer can download the order's confirmation letter:
        only a confirmed order has one (not a quotation, not a cancelled order)."""
        self.ensure_one()
        return self.state == "sale"

    def _b2b_get_portal_timelines(self):
        """The order's journey for the customer portal.

        One timeline per customer delivery that is not cancelled, oldest first:
        partial deliveries and backorders travel on their own, so each shows its
        own steps, dates, carrier and tracking reference. Each timeline starts
        with the order's confirmation (the order date). A confirmed order without
        customer delivery (services only) has one timeline with that step alone.

        :return: [{"delivery": stock.picking (maybe empty), "steps": [{"key",
            "label", "date", "reached", "current"}, ...]}, ...]; empty for
            quotations and cancelled orders
        """
        self.ensure_one()
        if self.state != "sale":
            return []
        state_labels = dict(self._fields["b2b_state"]._description_selection(self.env))
        confirmed = {
            "key": "confirmed",
            "label": state_labels["confirmed"],
            "date": self.date_order,
            "reached": True,
        }
        # Cancelled and non-customer transfers have no stage.
        deliveries = self.picking_ids.filtered("b2b_delivery_stage").sorted("id")
        timelines = []
        # Without delivery, one timeline for the empty recordset.
        for delivery in deliveries or [deliveries]:
            steps = [dict(confirmed)]
            if delivery:
                steps += delivery._b2b_get_portal_steps()
            last_reached = max(
                index for index, step in enumerate(steps) if step["reached"]
            )
            for index, step in enumerate(steps):
                step["current"] = index == last_reached
            timelines.append({"delivery": delivery, "steps": steps})
        return timelines

    def _send_b2b_confirmation_email(self):
        """Send the confirmation e-mail (with the confirmation letter) through
        Odoo's own flow: with ``sale.async_emails`` on (see hooks.py), it only
        records the template on the order for sale_async_emails' cron, so
        nothing is rendered or sent in the confirming transaction."""
        # sale_management sends the quotation template's own e-mail on a
        # back-office confirmation already: never a second one.
        self.filtered(
            lambda order: not order.sale_order_template_id.mail_template_id
        )._send_order_confirmation_mail()

    def _send_order_confirmation_mail(self):
        # The company's switch holds whatever confirmed the order (back office,
        # portal signature, online payment).
        return super(
            SaleOrder,
            self.filtered(lambda order: order.company_id.b2b_email_confirmation),
        )._send_order_confirmation_mail()

    def _get_b2b_email_recipients(self):
        """Who gets the order's e-mails: its customer and the customer's
        order-update contacts, each once."""
        self.ensure_one()
        customer = self.partner_id
        return customer | customer.commercial_partner_id.b2b_order_update_partner_ids

    def _recompute_prices(self):
        # "Update Prices" resets every discount: typed ones are no exception.
        return super(
            SaleOrder, self.with_context(b2b_ignore_discount_lock=True)
        )._recompute_prices()

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

    def _b2b_compute_rule_results(self, lines, computing):
        """Run the pricing engine once for the order.

        :param lines: all the order's lines (rule bases count every line)
        :param computing: the lines being computed right now, whose
            ``discount`` holds only the price-list share
        :return: {line: engine.LineResult} for the eligible lines
        """
        self.ensure_one()
        eligible = lines.filtered(lambda line: line._b2b_is_rule_eligible())
        computing_ids = set(computing._ids)
        rules = self.env["b2b.discount.rule"]._b2b_get_rules(self.company_id)
        return engine.compute_discounts(
            self._b2b_prepare_engine_order(),
            [
                line._b2b_prepare_engine_line(line.id in computing_ids)
                for line in eligible
            ],
            rules._b2b_prepare_engine_rules(),
        )

    # ------------------------------------------------------------
    # Business methods: fast order entry
    # ------------------------------------------------------------

    def _b2b_quick_order_check(self, parsed_rows):
        """Match the rows read by ``order_entry.parser`` with products and check
        them for this order, without changing it: one search finds the products
        of all the SKUs, one more the quantity rules, whatever the number of rows.

        Call it after checking access to the order (the portal: on the order in
        sudo). The same product twice makes one line, its quantities summed.

        :param parsed_rows: [parser.ParsedRow]
        :return: QuickOrderCheck(rows=[QuickOrderRow], one per parsed row, in
            input order; lines=[QuickOrderLine], in order of their first row)
        """
        self.ensure_one()
        products_by_sku = self.env["product.product"]._b2b_find_by_sku(
            row.sku for row in parsed_rows if row.is_line
        )
        no_product = self.env["product.product"]
        outcomes = []  # (parsed row, product, status, message)
        quantities = {}  # {product: [quantity, [row numbers]]}, in input order
        for parsed in parsed_rows:
            if parsed.header:
                message = self.env._("Read as a header row and skipped.")
                outcomes.append((parsed, no_product, "header", message))
                continue
            if parsed.error:
                message = self._b2b_quick_order_parse_message(parsed.error)
                outcomes.append((parsed, no_product, "rejected", message))
                continue
            product, refusal = self._b2b_quick_order_pick_product(
                products_by_sku[parsed.sku]
            )
            if refusal:
                outcomes.append((parsed, product, "rejected", refusal))
            elif product in quantities:
                quantities[product][0] += parsed.quantity
                quantities[product][1].append(parsed.row)
                outcomes.append((parsed, product, "merged", ""))
            else:
                quantities[product] = [parsed.quantity, [parsed.row]]
                outcomes.append((parsed, product, "add", ""))
        lines = self._b2b_quick_order_prepare_lines(quantities)
        return QuickOrderCheck(
            rows=self._b2b_quick_order_rows(outcomes, lines), lines=lines
        )

    def _b2b_quick_order_add(self, lines):
        """Add the lines to the quotation in ONE create, so that Odoo's price
        lists and the bulk-discount rules (which count every line of the order)
        price the whole batch once, its siblings included. Call it after
        checking access to the order.

        One ``sale.order.line.create`` rather than ``order.write({"order_line":
        [Command.create(...)]})``: both price the batch together, but the
        order's write then marks every line of the order as modified, so the
        new lines' discounts and amounts would be computed a second time (a
        price-list query per line).

        :param lines: [QuickOrderLine], or anything with ``product`` and
            ``quantity`` (in the product's unit of measure)
        :return: the new sale.order.line records
        """
        self.ensure_one()
        if self.state not in OPEN_ORDER_STATES:
            raise UserError(
                self.env._(
                    "%(order)s is confirmed or cancelled: lines can only be added "
                    "to quotations.",
                    order=self.name,
                )
            )
        # After the existing lines, in input order.
        last_sequence = max(self.order_line.mapped("sequence"), default=10)
        return self.env["sale.order.line"].create(
            [
                {
                    "order_id": self.id,
                    "product_id": line.product.id,
                    "product_uom_qty": line.quantity,
                    "sequence": last_sequence + index,
                }
                for index, line in enumerate(lines, start=1)
            ]
        )

    def _b2b_quick_order_import(self, parsed_rows):
        """Check the rows and add the good ones: what the quick entry wizard
        does. The rows that are rejected are left out; the others are added.

        :return: (QuickOrderCheck, the new sale.order.line records)
        """
        check = self._b2b_quick_order_check(parsed_rows)
        return check, self._b2b_quick_order_add(check.lines)

    def _b2b_quick_order_pick_product(self, candidates):
        """The product a SKU stands for, or why none can be ordered.

        :param candidates: the products found for the SKU
        :return: (product.product or empty, refusal message or False)
        """
        if not candidates:
            return candidates, self.env._(
                "No product has this Internal Reference or barcode."
            )
        refusals = {
            product: product._b2b_sale_refusal_reason(self.company_id)
            for product in candidates
        }
        orderable = [product for product, refusal in refusals.items() if not refusal]
        if len(orderable) == 1:
            return orderable[0].with_env(self.env), False
        if orderable:
            return candidates.browse(), self.env._(
                "Several products have this SKU (%(products)s): add the right one "
                "on the order form.",
                products=", ".join(product.display_name for product in orderable),
            )
        # Never name a product of another company.
        product = candidates[0]
        if product.company_id and product.company_id != self.company_id:
            product = candidates.browse()
        return product, refusals[candidates[0]]

    def _b2b_quick_order_parse_message(self, error):
        messages = {
            parser.ERROR_MISSING_SKU: self.env._(
                "No SKU: type the product's Internal Reference or barcode, then "
                "the quantity."
            ),
            parser.ERROR_MISSING_QUANTITY: self.env._("No quantity after the SKU."),
            parser.ERROR_EXTRA_COLUMNS: self.env._(
                "More than two columns: a row holds a SKU and a quantity, nothing "
                "else (the quantity is in the product's unit of measure)."
            ),
            parser.ERROR_NOT_A_NUMBER: self.env._("The quantity is not a number."),
            parser.ERROR_AMBIGUOUS_QUANTITY: self.env._(
                "The quantity can be read two ways (one or one thousand?): type it "
                "without a thousands separator, e.g. 1000 or 1.5."
            ),
            parser.ERROR_ZERO_QUANTITY: self.env._("The quantity is zero."),
            parser.ERROR_NEGATIVE_QUANTITY: self.env._("The quantity is negative."),
        }
        return messages[error]

    def _b2b_quick_order_prepare_lines(self, quantities):
        """The lines to create, with how each breaks its quantity rule (one
        query for the rules of all products)."""
        products = self.env["product.product"].concat(*quantities)
        rules = self.env["b2b.quantity.rule"]._b2b_get_rules(
            products.product_tmpl_id, self.company_id, self.b2b_tier_id
        )
        lines = []
        for product, (quantity, rows) in quantities.items():
            rule = rules.get(product.product_tmpl_id.id)
            warning = ""
            if rule:
                suggested = rule._b2b_suggest_quantity(quantity, product.uom_id)
                if suggested != quantity:
                    warning = rule._b2b_format_warning(
                        product, quantity, suggested, product.uom_id
                    )
            lines.append(QuickOrderLine(product, quantity, rows, warning))
        return lines

    def _b2b_quick_order_rows(self, outcomes, lines):
        line_of_row = {line.rows[0]: line for line in lines}
        first_row_of = {line.product: line.rows[0] for line in lines}
        products_on_order = self.order_line.product_id
        rows = []
        for parsed, product, status, message in outcomes:
            if status == "add":
                message = self._b2b_quick_order_line_message(
                    line_of_row[parsed.row], product in products_on_order
                )
            elif status == "merged":
                message = self.env._(
                    "Same product as row %(row)s: summed on its line.",
                    row=first_row_of[product],
                )
            rows.append(
                QuickOrderRow(
                    parsed.row,
                    parsed.text,
                    parsed.sku,
                    parsed.quantity,
                    product.with_env(self.env),
                    status,
                    message,
                )
            )
        return rows

    def _b2b_quick_order_line_message(self, line, already_on_order):
        notes = []
        if len(line.rows) > 1:
            notes.append(
                self.env._(
                    "Rows %(rows)s hold the same product: one line of %(qty)s %(uom)s.",
                    rows=", ".join(str(row) for row in line.rows),
                    qty=format_quantity(line.quantity),
                    uom=line.product.uom_id.name,
                )
            )
        if already_on_order:
            notes.append(
                self.env._("The product was already on the order: one more line.")
            )
        if line.warning:
            notes.append(line.warning)
        return " ".join(notes)

    # ------------------------------------------------------------
    # Business methods: quantity rules
    # ------------------------------------------------------------

    def _b2b_check_quantity_rules(self):
        """Refuse to confirm while a line breaks its quantity rule, unless the
        customer confirms online (signature or payment, Odoo's ``send_email``):
        the quantities are then those the salesperson sent, and refusing would
        leave a paid order unconfirmed; the salesperson is told instead."""
        broken = self.order_line.filtered("b2b_quantity_warning")
        if not broken:
            return
        if self.env.context.get("send_email"):
            for order, lines in broken.grouped("order_id").items():
                order._b2b_post_quantity_rule_note(lines)
            return
        # Built before the translation call: Babel cannot extract one holding
        # an f-string.
        lines = "\n".join(
            f"- {line.order_id.name}: {line.b2b_quantity_warning}" for line in broken
        )
        raise UserError(
            self.env._(
                "These lines break their quantity rules; change their "
                "quantities (Fix Quantities applies the suggested ones) and "
                "confirm again:\n%(lines)s",
                lines=lines,
            )
        )

    def _b2b_post_quantity_rule_note(self, lines):
        self.ensure_one()
        self.message_post(
            body=self._b2b_html_list(
                self.env._(
                    "Confirmed online by the customer although these lines break "
                    "their quantity rules:"
                ),
                lines.mapped("b2b_quantity_warning"),
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------
    # Business methods: reorder
    # ------------------------------------------------------------

    def _b2b_reorder(self):
        """Order again: a new quotation for the same customer with the same
        products and quantities, at today's prices. Its lines are created with
        it, in one create, so that the price list and the bulk-discount rules
        price them as those of any new order. Sections and notes are kept;
        computed lines (rewards, delivery charges, down payments) and products
        that can no longer be sold are left out, and said so in the new
        quotation's chatter.

        Call it after checking access to the order (the portal: on the order in
        sudo).

        :return: ReorderResult(order=the new quotation,
            skipped=[ReorderSkippedLine(line, reason)])
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "Only confirmed orders can be ordered again; %(order)s is not.",
                    order=self.name,
                )
            )
        line_commands, skipped = [], []
        for line in self.order_line:
            reason = line._b2b_reorder_refusal_reason()
            if reason:
                skipped.append(ReorderSkippedLine(line, reason))
            else:
                line_commands.append(Command.create(line._b2b_prepare_reorder_vals()))
        new_order = self.create(self._b2b_prepare_reorder_vals(line_commands))
        new_order._b2b_post_reorder_message(self, skipped)
        return ReorderResult(new_order, skipped)

    def _b2b_prepare_reorder_vals(self, line_commands):
        self.ensure_one()
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "order_line": line_commands,
        }
        # The customer's account stays with its salesperson and team; Odoo
        # computes the rest (price list, payment terms, fiscal position) anew.
        for fname in (
            "user_id",
            "team_id",
            "partner_invoice_id",
            "partner_shipping_id",
        ):
            if self[fname].active:
                vals[fname] = self[fname].id
        return vals

    def _b2b_post_reorder_message(self, origin, skipped):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Ordered again from %(order)s, at today's prices.", order=origin.name
        )
        if skipped:
            body += self._b2b_html_list(
                self.env._("Not reordered:"),
                [
                    self.env._(
                        "%(line)s: %(reason)s",
                        line=item.line._b2b_describe_for_reorder(),
                        reason=item.reason,
                    )
                    for item in skipped
                ],
            )
        warnings = self.order_line.filtered("b2b_quantity_warning")
        if warnings:
            body += self._b2b_html_list(
                self.env._("Quantities to change (quantity rules):"),
                warnings.mapped("b2b_quantity_warning"),
            )
        self.message_post(body=body)

    def _b2b_portal_reorder(self, contact):
        """Order again from the portal: the new quotation, which ``contact``
        (the customer's buyer) follows so that it opens in their portal.
        Call it in sudo after checking that the order is the buyer's own."""
        result = self._b2b_reorder()
        result.order.write(self._b2b_portal_request_vals())
        result.order.message_subscribe(partner_ids=contact.ids)
        return result

    @api.model
    def _b2b_portal_request_vals(self):
        """A quotation requested in the portal waits for the salesperson: no
        online signature or payment, so the customer cannot confirm it before
        it is reviewed (the salesperson ticks them back to ask for them)."""
        return {"require_signature": False, "require_payment": False}

    # ------------------------------------------------------------
    # Business methods: portal quick order pad
    # ------------------------------------------------------------

    @api.model
    def _b2b_portal_quick_order_preview(self, contact, parsed_rows):
        """Price the rows exactly as the quotation requested by ``contact``
        would be: the same draft quotation, made in a savepoint with the lines
        added by _b2b_quick_order_add, read, then rolled back. Call it in sudo
        after checking that ``contact`` is the logged-in user's partner.

        :return: QuickOrderPreview
        """
        savepoint = self.env.cr.savepoint()
        try:
            # A name of its own: the quotations' sequence would lose a number
            # at every preview.
            order = self.with_context(tracking_disable=True).create(
                dict(
                    self._b2b_prepare_portal_quick_order_vals(contact),
                    name=self.env._("Preview"),
                )
            )
            check = order._b2b_quick_order_check(parsed_rows)
            new_lines = order._b2b_quick_order_add(check.lines)
            return QuickOrderPreview(
                check,
                [
                    line._b2b_prepare_portal_preview_vals(rows=quick_line.rows)
                    for quick_line, line in zip(check.lines, new_lines, strict=True)
                ],
                order.currency_id,
                order.amount_untaxed,
                order.amount_tax,
                order.amount_total,
            )
        finally:
            savepoint.close(rollback=True)

    @api.model
    def _b2b_portal_quick_order_create(self, contact, parsed_rows):
        """The quotation requested from the portal pad by ``contact``, with
        the rows that can be ordered; a message in its chatter says where it
        comes from and which rows were left out. Call it in sudo after checking
        that ``contact`` is the logged-in user's partner.

        :return: (the new quotation, QuickOrderCheck)
        """
        order = self.create(self._b2b_prepare_portal_quick_order_vals(contact))
        check, _new_lines = order._b2b_quick_order_import(parsed_rows)
        # Followers of the customer's company read its orders in the portal.
        order.message_subscribe(partner_ids=contact.ids)
        order._b2b_post_portal_quick_order_message(contact, check)
        return order, check

    @api.model
    def _b2b_prepare_portal_quick_order_vals(self, contact):
        """The buyer is the quotation's customer (as Odoo's own shop does):
        its company is the commercial partner, whose prices, tier and
        salesperson apply."""
        vals = {"partner_id": contact.id, **self._b2b_portal_request_vals()}
        salesperson = contact.commercial_partner_id.user_id
        if salesperson:
            vals["user_id"] = salesperson.id
        return vals

    def _b2b_post_portal_quick_order_message(self, contact, check):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Quotation requested by %(contact)s from the quick order pad of the "
            "portal.",
            contact=contact.name,
        )
        rejected = self._b2b_describe_rejected_rows(check)
        if rejected:
            body += self._b2b_html_list(self.env._("Rows left out:"), rejected)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _b2b_describe_rejected_rows(self, check):
        """The rows of a QuickOrderCheck that were left out, one sentence each."""
        return [
            self.env._(
                "Row %(row)s, “%(text)s”: %(reason)s",
                row=row.row,
                text=row.text,
                reason=row.message,
            )
            for row in check.rows
            if row.status == "rejected"
        ]

    @api.model
    def _b2b_html_list(self, title, items):
        return Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % item for item in items),
        )

    def _b2b_letter_greeting(self):
        """The confirmation letter's salutation, in the language of the order's
        environment. Translated as one sentence: QWeb would split it around the
        name."""
        self.ensure_one()
        return self.env._("Dear %(name)s,", name=self.partner_id.name)

    def _b2b_letter_signed_for(self):
        """The signature block's first line, translated as one sentence."""
        self.ensure_one()
        return self.env._("For %(company)s", company=self.company_id.name)

    def _b2b_tier_program_domain(self, program_path):
        tier_field = f"{program_path}b2b_tier_ids"
        return [
            "|",
            (tier_field, "=", False),
            (tier_field, "in", self.b2b_tier_id.ids),
        ]

    def _get_program_domain(self):
        return expression.AND(
            [super()._get_program_domain(), self._b2b_tier_program_domain("")]
        )

    def _get_trigger_domain(self):
        return expression.AND(
            [
                super()._get_trigger_domain(),
                self._b2b_tier_program_domain("program_id."),
            ]
        )
