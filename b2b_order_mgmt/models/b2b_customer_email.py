# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# A failing e-mail is tried again every minute, for an hour, then left failed
# (and logged as an error) for an administrator to look at.
RETRY_DELAY = timedelta(minutes=1)
MAX_ATTEMPTS = 60


class B2bCustomerEmail(models.Model):
    """A B2B order's customer e-mail waiting to be posted by the scheduled
    action, in its own transaction.

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
    email_layout_xmlid = fields.Char()
    subtype_xmlid = fields.Char(required=True)
    author_id = fields.Many2one("res.partner", ondelete="set null")
    state = fields.Selection(
        [("pending", "To Send"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    attempt_count = fields.Integer(readonly=True)
    last_error = fields.Text(readonly=True)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _b2b_enqueue(self, order, record, template, subtype_xmlid, email_layout_xmlid):
        """Schedule ``template`` to be posted on ``record`` (the order or one
        of its deliveries) and wake the scheduled action up."""
        email = self.sudo().create(
            {
                "order_id": order.id,
                "res_model": record._name,
                "res_id": record.id,
                "template_id": template.id,
                "subtype_xmlid": subtype_xmlid,
                "email_layout_xmlid": email_layout_xmlid,
                "author_id": self.env.user.partner_id.id,
            }
        )
        self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email")._trigger()
        return email

    @api.model
    def _b2b_orders_waiting(self, orders):
        """The orders that have an e-mail still waiting here: their next
        e-mails must wait behind it."""
        groups = (
            self.sudo()
            ._read_group(
                [("order_id", "in", orders.ids), ("state", "=", "pending")],
                ["order_id"],
            )
        )
        return self.env["sale.order"].browse(order.id for (order,) in groups)

    @api.model
    def _cron_send(self, auto_commit=True):
        """Post the waiting e-mails, oldest first, each in its own transaction
        (``auto_commit``: False in tests). One that fails (a serialization
        conflict, a template error) is tried again a minute later, and the
        later e-mails of its order wait for it."""
        waiting = self.search([("state", "=", "pending")])
        blocked_orders = set()
        for email_id in waiting.ids:
            email = self.browse(email_id)
            if email.order_id.id in blocked_orders:
                continue
            try:
                with self.env.cr.savepoint():
                    email._b2b_post()
                if auto_commit:
                    self.env.cr.commit()
            except Exception as error:  # noqa: BLE001 - retried, then logged
                if auto_commit:
                    self.env.cr.rollback()
                blocked_orders.add(email.order_id.id)
                email._b2b_record_failure(error)
                if auto_commit:
                    self.env.cr.commit()
        if self.search_count([("state", "=", "pending")], limit=1):
            self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email")._trigger(
                fields.Datetime.now() + RETRY_DELAY
            )

    def _b2b_post(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id).exists()
        if record:
            # Queued for the mail queue's cron, never sent here: the post
            # stays quick and a failing mail server blocks nothing.
            record.with_context(
                mail_notify_force_send=False, b2b_no_main_attachment=True
            ).message_post_with_source(
                self.template_id,
                email_layout_xmlid=self.email_layout_xmlid or False,
                subtype_xmlid=self.subtype_xmlid,
                author_id=self.author_id.id or False,
            )
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        self.write({"state": "sent", "last_error": False})

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
                "state": "failed" if failed else "pending",
            }
        )
