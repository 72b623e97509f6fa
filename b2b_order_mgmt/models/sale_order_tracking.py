# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .b2b_customer_step_mixin import build_portal_steps
from .b2b_only_tracking import without_b2b_fields
from .stock_picking import DELIVERY_STAGES

ORDER_STATES = [
    ("quotation", "Quotation"),
    ("confirmed", "Confirmed"),
    ("packing", "Packing"),
    ("partially_shipped", "Partially Shipped"),
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
# The Order Tracking kanban's columns, always shown: the journey of a confirmed
# order. Other statuses get a column only when an order has them.
JOURNEY_COLUMNS = frozenset(
    {"confirmed", "packing", "shipped", "out_for_delivery", "delivered"}
)
# The delivery stages where the goods have left the warehouse.
LEFT_STAGES = frozenset({"shipped", "out_for_delivery", "delivered"})


class SaleOrder(models.Model):
    """Order tracking: the status the customer follows, the confirmation
    e-mail with its letter, the portal timeline."""

    _inherit = "sale.order"

    b2b_state = fields.Selection(
        ORDER_STATES,
        string="Order Status",
        compute="_compute_b2b_state",
        store=True,
        index=True,
        tracking=True,
        group_expand="_read_group_expand_b2b_state",
        help="Where the order is in its journey, as the customer sees it. With "
        "several deliveries (partial deliveries, backorders), the order is "
        "partially shipped while some goods have left and some not; otherwise "
        "the least advanced delivery that is not cancelled gives the status.",
    )

    b2b_tracking_ref = fields.Char(
        string="Tracking Reference",
        compute="_compute_b2b_tracking_ref",
        help="The carrier's tracking references of the order's deliveries.",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "state",
        "picking_ids.b2b_delivery_stage",
        "picking_ids.b2b_is_return_replacement",
    )
    def _compute_b2b_state(self):
        for order in self:
            order.b2b_state = order._b2b_get_state()

    @api.depends("picking_ids.carrier_tracking_ref")
    def _compute_b2b_tracking_ref(self):
        for order in self:
            deliveries = order.picking_ids.filtered("b2b_is_customer_delivery").sorted(
                "id"
            )
            refs = [ref for ref in deliveries.mapped("carrier_tracking_ref") if ref]
            order.b2b_tracking_ref = ", ".join(refs) or False

    @api.model
    def _read_group_expand_b2b_state(self, states, domain):
        return [
            state
            for state, _label in ORDER_STATES
            if state in JOURNEY_COLUMNS or state in states
        ]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        result = super().action_confirm()
        # Odoo mails the confirmation only when the customer confirms online
        # (``send_email``, then super() did it); the customers of B2B orders
        # confirmed by the sales rep are told as well.
        if not self.env.context.get("send_email"):
            self._send_b2b_confirmation_email()
        return result

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
        if LEFT_STAGES.intersection(stages) and not LEFT_STAGES.issuperset(stages):
            return "partially_shipped"
        least_advanced = min(stages, key=DELIVERY_PROGRESS.index)
        return STATE_OF_DELIVERY_STAGE[least_advanced]

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
        if not deliveries:
            return [{"delivery": deliveries, "steps": build_portal_steps([confirmed])}]
        return [
            {
                "delivery": delivery,
                "steps": delivery._b2b_get_portal_steps(before=[dict(confirmed)]),
            }
            for delivery in deliveries
        ]

    def _b2b_get_portal_delivery_steps(self):
        """{delivery: the current step of its timeline}, for the B2B deliveries
        of the order: what Odoo's own delivery block of the portal shows, so
        that it never contradicts the timelines."""
        self.ensure_one()
        return {
            timeline["delivery"]: next(
                step for step in timeline["steps"] if step["current"]
            )
            for timeline in self._b2b_get_portal_timelines()
            if timeline["delivery"].b2b_is_b2b_delivery
        }

    def _send_b2b_confirmation_email(self):
        """Send the confirmation e-mail (with the confirmation letter) of the
        B2B orders through Odoo's own flow, which schedules it (see
        _send_order_notification_mail)."""
        # sale_management sends the quotation template's own e-mail on a
        # back-office confirmation already: never a second one.
        self._b2b_filter_b2b().filtered(
            lambda order: not order.sale_order_template_id.mail_template_id
        )._send_order_confirmation_mail()

    def _mail_track(self, tracked_fields, initial_values):
        if not self.b2b_is_b2b_order:
            tracked_fields = without_b2b_fields(tracked_fields)
        return super()._mail_track(tracked_fields, initial_values)

    def _send_order_confirmation_mail(self):
        # The company's switch holds whatever confirmed a B2B order (back
        # office, portal signature, online payment).
        muted = self._b2b_filter_b2b().filtered(
            lambda order: not order.company_id.b2b_email_confirmation
        )
        return super(SaleOrder, self - muted)._send_order_confirmation_mail()

    def _get_confirmation_template(self):
        # B2B customers get the letter; a quotation template's own e-mail wins
        # (sale_management), as it does over Odoo's default.
        if self.b2b_is_b2b_order and not self.sale_order_template_id.mail_template_id:
            return self.env.ref("b2b_order_mgmt.mail_template_b2b_order_confirmation")
        return super()._get_confirmation_template()

    def _send_order_notification_mail(self, mail_template):
        """Odoo sends the e-mail at once, in the transaction that confirms the
        order (or records its payment). A B2B order's e-mail is scheduled
        instead (b2b.customer.email): the letter is rendered by the scheduled
        action, never while confirming, and reaches the customer before the
        order's next e-mails."""
        if not (mail_template and self.b2b_is_b2b_order):
            return super()._send_order_notification_mail(mail_template)
        return self.env["b2b.customer.email"]._b2b_enqueue(
            self,
            mail_template,
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature",
        )

    def _b2b_get_email_order(self):
        """The order's own e-mails are queued as those of its documents."""
        self.ensure_one()
        return self

    def _get_b2b_email_recipients(self):
        """Who gets the order's e-mails: its customer and the customer's
        order-update contacts, each once."""
        self.ensure_one()
        customer = self.partner_id
        return customer | customer.commercial_partner_id.b2b_order_update_partner_ids

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
