# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import float_compare

from ..pricing import engine
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
