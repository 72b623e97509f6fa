# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# A failing e-mail is tried again a minute later, for an hour, then left failed
# (and logged as an error) for an administrator to look at.
RETRY_DELAY = timedelta(minutes=1)
MAX_ATTEMPTS = 60
# Each run of the scheduled action posts e-mails for about this long, then
# commits. Odoo runs it again at once while some are left (its progress API),
# up to 10 times in one job, which must end within the cron time limit (120 s
# by default); a confirmation renders its letter (about 1.5 s). Between two
# jobs, Odoo's mail queue sends what was posted.
BATCH_SECONDS = 4


class B2bCustomerEmail(models.Model):
    """A B2B order's customer e-mail waiting to be posted by the scheduled
    action, outside the transaction that scheduled it; deleted once posted.

    The confirmation renders the letter (a PDF): that never happens in the
    confirming transaction. While an order's confirmation waits here, its
    later e-mails (packed, shipped...) wait behind it, so that the customer
    reads them in the order of the steps. Posting writes no row that the
    warehouse writes too (not the order, not its deliveries): validating
    deliveries and mailing their orders' confirmations never conflict.
    """

    _name = "b2b.customer.email"
    _description = "B2B Customer E-mail to Send"
    _order = "id"

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Document Model", required=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True
    )
    template_id = fields.Many2one("mail.template", required=True, ondelete="cascade")
    email_layout_xmlid = fields.Char(string="E-mail Layout")
    subtype_xmlid = fields.Char(string="Subtype", required=True)
    state = fields.Selection(
        [("pending", "To Send"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    next_attempt_date = fields.Datetime(
        string="Next Attempt", default=fields.Datetime.now, index=True
    )
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    last_error = fields.Text(readonly=True)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _b2b_send(self, records, template, subtype_xmlid, email_layout_xmlid):
        """Post ``template`` on each of ``records`` (documents of orders, see
        b2b.customer.step.mixin) now, or, when its order still has an e-mail
        waiting here, schedule it behind that one."""
        orders = {record: record._b2b_get_email_order() for record in records}
        waiting = self._b2b_orders_waiting(
            self.env["sale.order"].union(*orders.values())
        )
        later = records.filtered(lambda record: orders[record] in waiting)
        now = records - later
        if later:
            self._b2b_enqueue(later, template, subtype_xmlid, email_layout_xmlid)
        if now:
            self._b2b_post_on(now, template, subtype_xmlid, email_layout_xmlid)

    @api.model
    def _b2b_enqueue(self, records, template, subtype_xmlid, email_layout_xmlid):
        """Schedule ``template`` to be posted on each of ``records`` (orders,
        or documents of orders) and wake the scheduled action up: once for
        them all, however many they are."""
        orders = self.env["sale.order"]
        vals_list = []
        for record in records:
            order = record._b2b_get_email_order()
            orders |= order
            vals_list.append(
                {
                    "order_id": order.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "template_id": template.id,
                    "subtype_xmlid": subtype_xmlid,
                    "email_layout_xmlid": email_layout_xmlid,
                }
            )
        emails = self.sudo().create(vals_list)
        # The e-mails link to the order's portal page: its token is made now,
        # so that posting them never writes the order.
        for order in orders:
            order._portal_ensure_token()
        self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email")._trigger()
        return emails

    @api.model
    def _b2b_orders_waiting(self, orders):
        """The orders that have an e-mail still waiting here: their next
        e-mails must wait behind it."""
        groups = self.sudo()._read_group(
            [("order_id", "in", orders.ids), ("state", "=", "pending")],
            ["order_id"],
        )
        return self.env["sale.order"].browse(order.id for (order,) in groups)

    @api.model
    def _b2b_get_queue_heads(self):
        """The first waiting e-mail of each order, oldest first: the later
        ones of an order wait behind it, to keep the order of the steps."""
        heads = self.browse()
        orders = set()
        for email in self.search([("state", "=", "pending")]):
            if email.order_id.id not in orders:
                heads |= email
                orders.add(email.order_id.id)
        return heads

    @api.model
    def _b2b_get_sendable(self):
        now = fields.Datetime.now()
        return self._b2b_get_queue_heads().filtered(
            lambda email: email.next_attempt_date <= now
        )

    @api.model
    def _cron_send(self, batch_seconds=BATCH_SECONDS):
        """Post the e-mails that can be sent, for ``batch_seconds`` at most
        (at least one): the scheduled action commits after each run and runs
        again at once while some are left (Odoo's progress API). One that
        fails (a serialization conflict, a template error) is tried again a
        minute later, and the later e-mails of its order wait for it.

        :return: how many e-mails can be sent now, after this batch
        """
        deadline = time.monotonic() + batch_seconds
        posted = 0
        for email in self._b2b_get_sendable():
            posted += 1
            try:
                with self.env.cr.savepoint():
                    email._b2b_post()
            except Exception as error:  # noqa: BLE001 - retried, then logged
                email._b2b_record_failure(error)
            if time.monotonic() >= deadline:
                break
        heads = self._b2b_get_queue_heads()
        now = fields.Datetime.now()
        due = heads.filtered(lambda email: email.next_attempt_date <= now)
        self.env["ir.cron"]._notify_progress(done=posted, remaining=len(due))
        if heads and not due:
            self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email")._trigger(
                min(heads.mapped("next_attempt_date"))
            )
        return len(due)

    def _b2b_post(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id).exists()
        if record:
            self._b2b_post_on(
                record, self.template_id, self.subtype_xmlid, self.email_layout_xmlid
            )
        self.unlink()

    @api.model
    def _b2b_post_on(self, records, template, subtype_xmlid, email_layout_xmlid):
        """Post ``template`` on each of ``records``, for the mail queue."""
        # Queued for the mail queue's cron, never sent here: the post stays
        # quick and a failing mail server blocks nothing.
        records.with_context(mail_notify_force_send=False).message_post_with_source(
            template,
            email_layout_xmlid=email_layout_xmlid or False,
            subtype_xmlid=subtype_xmlid,
        )
        # sudo: the user of the step may not read scheduled actions. Woken up,
        # the queue's cron sends the e-mails within a minute, not an hour.
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _b2b_record_failure(self, error):
        self.ensure_one()
        attempts = self.attempt_count + 1
        failed = attempts >= MAX_ATTEMPTS
        log = _logger.error if failed else _logger.warning
        log(
            "Customer e-mail %s of order %s (attempt %s) failed: %s",
            self.id,
            self.order_id.name,
            attempts,
            error,
        )
        self.write(
            {
                "attempt_count": attempts,
                "last_error": str(error),
                "next_attempt_date": fields.Datetime.now() + RETRY_DELAY,
                "state": "failed" if failed else "pending",
            }
        )
