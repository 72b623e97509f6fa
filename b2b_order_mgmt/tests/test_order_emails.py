# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import socket
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestOrderEmails(B2bCommon):
    """One customer e-mail per step (confirmation, packed, shipped, out for
    delivery, delivered), queued, never twice, in the customer's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "orders@acme.example"
        cls.customer_contact.email = "alice@acme.example"
        cls.contact_bob = cls.env["res.partner"].create(
            {
                "name": "Bob Receiving",
                "parent_id": cls.customer.id,
                "email": "bob@acme.example",
            }
        )
        cls.customer.b2b_order_update_partner_ids = (
            cls.customer_contact | cls.contact_bob
        )
        cls.recipients = cls.customer | cls.customer_contact | cls.contact_bob
        cls.comment_subtype = cls.env.ref("mail.mt_comment")
        cls.confirmation_template = cls.env.ref(
            "b2b_order_mgmt.mail_template_b2b_order_confirmation"
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Express Freight",
                "delivery_type": "fixed",
                "fixed_price": 10.0,
                "tracking_url": "https://track.example/<shipmenttrackingnumber>",
                "product_id": cls.env["product.product"]
                .create({"name": "Express Freight", "type": "service"})
                .id,
            }
        )
        cls.company = cls.env.company

    # --- helpers ------------------------------------------------------------------

    def _confirmed_order(self, partner=None, **values):
        self._put_in_stock(self.paper, 10)
        order = self._create_order(
            [(self.paper, 10)], partner=partner, client_order_ref="PO-7781", **values
        )
        order.action_confirm()
        self._send_pending_confirmations()
        return order

    def _scheduled(self, order):
        return self.env["b2b.customer.email"].search(
            [("order_id", "=", order.id), ("state", "=", "pending")]
        )

    @classmethod
    def _ship(cls, picking, quantities=None):
        picking.carrier_id = cls.carrier
        picking.carrier_tracking_ref = "TRK-4242"
        return super()._ship(picking, quantities)

    def _comment_emails(self, record):
        """Messages posted as Discussions: Odoo's order confirmation and
        delivery e-mails."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("subtype_id", "=", self.comment_subtype.id),
            ],
            order="id",
        )

    def _queued_mails(self, messages):
        return self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])

    def _letters(self, order):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("name", "=like", "Confirmation - %"),
            ]
        )

    def _cron_triggered(self, xmlid):
        return self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.env.ref(xmlid).id)]
        )

    def _assert_one_queued_email(self, message, recipients):
        self.assertEqual(message.notified_partner_ids, recipients)
        mails = self._queued_mails(message)
        self.assertTrue(mails, "queued, not sent in the transaction")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(mails.recipient_ids, recipients)

    @contextmanager
    def _smtp_for_real(self):
        """Lift Odoo's test-mode short-circuit of SMTP (what leaves the machine)."""
        with patch.object(odoo.modules.module, "current_test", None):
            yield

    # --- installation -------------------------------------------------------------

    def test_install_changes_no_setting_of_odoo_e_mails(self):
        params = self.env["ir.config_parameter"].sudo()
        # sale_async_emails installs with sale, off; sale's own template.
        self.assertEqual(params.get_param("sale.async_emails"), "False")
        self.assertEqual(
            params.get_param("sale.default_confirmation_template"),
            str(self.env.ref("sale.mail_template_sale_confirmation").id),
        )
        b2b_order = self._create_order([(self.paper, 1)])
        self.assertEqual(
            b2b_order._get_confirmation_template(), self.confirmation_template
        )
        self.assertEqual(
            self.confirmation_template.report_template_ids,
            self.env.ref("b2b_order_mgmt.action_report_confirmation_letter"),
        )
        walk_in = self._create_order(
            [(self.paper, 1)],
            partner=self.env["res.partner"].create({"name": "Walk-in"}),
        )
        self.assertEqual(
            walk_in._get_confirmation_template(),
            self.env.ref("sale.mail_template_sale_confirmation"),
        )

    # --- confirmation -------------------------------------------------------------

    def test_confirmation_is_rendered_and_sent_by_the_cron_only(self):
        self.salesman.email = "sam@b2b.example"
        order = self._create_order(
            [(self.paper, 10)], client_order_ref="PO-7781", user_id=self.salesman.id
        )
        # The salesperson follows the order (they made it) and is the e-mail's
        # author: the customer's e-mail is not theirs to receive.
        order.message_subscribe(partner_ids=self.salesman.partner_id.ids)
        order.with_user(self.salesman).action_confirm()
        # Nothing rendered nor sent in the confirming transaction: no message, no
        # mail, no letter; only the template waiting for the cron.
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._comment_emails(order))
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
        )
        self.assertFalse(self._letters(order))
        self.assertEqual(self._scheduled(order).template_id, self.confirmation_template)
        self.assertTrue(
            self._cron_triggered("b2b_order_mgmt.ir_cron_b2b_customer_email")
        )

        self._send_pending_confirmations()
        message = self._comment_emails(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subject, f"Your order {order.name} is confirmed")
        self.assertEqual(message.notified_partner_ids, self.recipients)
        # From the order's salesperson, as the template says.
        self.assertEqual(message.email_from, self.salesman.email_formatted)
        self.assertIn("PO-7781", message.body)
        self.assertIn(order.get_portal_url(), message.body)
        self.assertEqual(message.attachment_ids, self._letters(order))
        # A PDF outside tests (Odoo renders reports as HTML in test mode).
        self.assertTrue(
            message.attachment_ids.name.startswith(f"Confirmation - {order.name}")
        )
        self.assertFalse(self._scheduled(order))

        self._send_pending_confirmations()
        self.assertEqual(len(self._comment_emails(order)), 1, "sent once")

    def test_confirmation_sent_once_whatever_confirms_the_order(self):
        online = self._create_order([(self.paper, 1)])
        online.with_context(send_email=True).action_confirm()  # portal, payment
        self._send_pending_confirmations()
        self.assertEqual(len(self._comment_emails(online)), 1)

        quotation_template = self.env["sale.order.template"].create(
            {
                "name": "With its own e-mail",
                "mail_template_id": self.confirmation_template.id,
            }
        )
        templated = self._create_order(
            [(self.paper, 1)], sale_order_template_id=quotation_template.id
        )
        templated.action_confirm()  # sale_management sends the template's e-mail
        self._send_pending_confirmations()
        self.assertEqual(len(self._comment_emails(templated)), 1)

        back_office = self._create_order([(self.paper, 1)])
        back_office.action_confirm()
        self._send_pending_confirmations()
        self.assertEqual(len(self._comment_emails(back_office)), 1)

    def test_a_run_of_the_cron_is_bounded_in_time(self):
        orders = self.env["sale.order"]
        for _index in range(3):
            orders |= self._create_order([(self.paper, 10)])
        orders.action_confirm()
        emails = self.env["b2b.customer.email"]
        # Out of time after the first: one letter per run, the rest is left
        # for the next runs (Odoo runs the action again while some are left).
        self.assertEqual(emails._cron_send(batch_seconds=0), 2)
        self.assertEqual(
            emails.search_count([("order_id", "in", orders.ids)]), 2, "left"
        )
        self.assertEqual(emails._cron_send(batch_seconds=0), 1)
        self.assertEqual(emails._cron_send(batch_seconds=0), 0)
        for order in orders:
            self.assertEqual(len(self._comment_emails(order)), 1, order.name)

    def test_the_mail_queue_runs_before_the_next_letters(self):
        self.assertLess(
            self.env.ref("mail.ir_cron_mail_scheduler_action").priority,
            self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email").priority,
        )

    def test_steps_wait_behind_the_scheduled_confirmation(self):
        """The warehouse moves the order on before the cron renders its
        letter: the customer still reads the confirmation first."""
        self._put_in_stock(self.paper, 10)
        order = self._create_order([(self.paper, 10)], client_order_ref="PO-7781")
        order.action_confirm()
        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        self._ship(picking)
        self.assertFalse(self._stage_emails(picking), "waiting for the confirmation")
        self.assertEqual(
            self._scheduled(order).mapped("template_id"),
            self.confirmation_template
            | self.env.ref("b2b_order_mgmt.mail_template_b2b_packed")
            | self.env.ref("b2b_order_mgmt.mail_template_b2b_shipped"),
        )
        self._send_pending_confirmations()
        confirmation = self._comment_emails(order)
        packed, shipped = self._stage_emails(picking)
        self.assertLess(confirmation.id, packed.id)
        self.assertLess(packed.id, shipped.id)
        self.assertEqual(shipped.subject, f"Your order {order.name} has been shipped")
        mails = self._queued_mails(confirmation | packed | shipped).sorted("id")
        self.assertEqual(
            mails.mail_message_id, confirmation | packed | shipped, "sent in this order"
        )
        self.assertFalse(self._scheduled(order))
        # Once the confirmation is out, the next step is e-mailed at once.
        picking.action_b2b_out_for_delivery()
        self.assertEqual(len(self._stage_emails(picking)), 3)

    def test_a_failed_confirmation_is_tried_again_a_minute_later(self):
        self._put_in_stock(self.paper, 10)
        order = self._create_order([(self.paper, 10)])
        order.action_confirm()
        order.picking_ids.action_b2b_mark_packed()
        scheduled = self._scheduled(order)
        cron = self.env.ref("b2b_order_mgmt.ir_cron_b2b_customer_email")
        mail_thread = type(self.env["sale.order"])
        with (
            patch.object(
                mail_thread,
                "message_post_with_source",
                side_effect=odoo.exceptions.UserError("could not serialize access"),
            ),
            self.assertLogs(
                "odoo.addons.b2b_order_mgmt.models.b2b_customer_email", "WARNING"
            ),
        ):
            self._send_pending_confirmations()
        self.assertEqual(self._scheduled(order), scheduled, "still to send, in order")
        self.assertEqual(scheduled[0].attempt_count, 1)
        self.assertIn("could not serialize", scheduled[0].last_error)
        self.assertFalse(scheduled[1].attempt_count, "waits behind, not tried")
        trigger = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", cron.id)], order="call_at desc", limit=1
        )
        self.assertGreater(trigger.call_at, fields.Datetime.now())
        self.assertLessEqual(
            trigger.call_at, fields.Datetime.now() + timedelta(minutes=1)
        )
        # Not before its time.
        self._send_pending_confirmations()
        self.assertFalse(self._comment_emails(order))
        scheduled.next_attempt_date = trigger.call_at - timedelta(minutes=2)
        self._send_pending_confirmations()
        self.assertEqual(len(self._comment_emails(order)), 1)
        self.assertEqual(len(self._stage_emails(order.picking_ids)), 1)
        self.assertFalse(self._scheduled(order))

    # --- delivery steps -----------------------------------------------------------

    def test_one_queued_email_per_step(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        self.assertFalse(self._stage_emails(picking), "nothing before packing")

        picking.action_b2b_mark_packed()
        packed = self._stage_emails(picking)
        self.assertEqual(len(packed), 1)
        self.assertEqual(packed.subject, f"Your order {order.name} has been packed")
        self._assert_one_queued_email(packed, self.recipients)
        self.assertIn("PO-7781", packed.body)
        self.assertIn(order.get_portal_url(), packed.body)
        self.assertIn(order.get_base_url(), packed.body)
        self.assertTrue(self._cron_triggered("mail.ir_cron_mail_scheduler_action"))

        self._ship(picking)
        shipped = self._stage_emails(picking) - packed
        self.assertEqual(len(shipped), 1)
        self.assertEqual(shipped.subject, f"Your order {order.name} has been shipped")
        self._assert_one_queued_email(shipped, self.recipients)
        self.assertIn("Express Freight", shipped.body)
        self.assertIn("TRK-4242", shipped.body)
        self.assertIn("https://track.example/TRK-4242", shipped.body)

        picking.action_b2b_out_for_delivery()
        out = self._stage_emails(picking) - packed - shipped
        self.assertEqual(len(out), 1)
        self.assertEqual(
            out.subject, f"Your order {order.name} will be delivered today"
        )
        self._assert_one_queued_email(out, self.recipients)

        picking.action_b2b_mark_delivered(received_by="Jane Storekeeper")
        delivered = self._stage_emails(picking) - packed - shipped - out
        self.assertEqual(len(delivered), 1)
        self.assertEqual(
            delivered.subject, f"Your order {order.name} has been delivered"
        )
        self._assert_one_queued_email(delivered, self.recipients)
        self.assertIn("Jane Storekeeper", delivered.body)

    def test_repeated_steps_email_once(self):
        order = self._confirmed_order()
        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        picking.action_b2b_mark_packed()
        self._ship(picking)
        picking._b2b_record_step("shipped")  # a re-validation, a retried transaction
        picking.action_b2b_out_for_delivery()
        picking.action_b2b_out_for_delivery()
        picking.action_b2b_mark_delivered(received_by="Front desk")
        picking.action_b2b_mark_delivered(received_by="Front desk")
        picking._b2b_record_step("delivered")
        emails = self._stage_emails(picking)
        self.assertEqual(len(emails), 4, "packed, shipped, out for delivery, delivered")
        self.assertEqual(len(set(emails.mapped("subject"))), 4)
        self.assertEqual(len(self._queued_mails(emails)), 4)

    def test_recipients_are_deduplicated(self):
        # Alice orders and is one of her company's order-update contacts as well.
        order = self._confirmed_order(partner=self.customer_contact)
        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        message = self._stage_emails(picking)
        expected = self.customer_contact | self.contact_bob
        self.assertEqual(message.notified_partner_ids, expected)
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id)]
        )
        self.assertEqual(len(notifications), 2)
        self.assertEqual(notifications.res_partner_id, expected)

    def test_warehouse_operator_step_emails_the_customer(self):
        self.salesman.email = "salesman@b2b.example"
        order = self._confirmed_order(user_id=self.salesman.id)
        picking = order.picking_ids.with_user(self.stock_user)
        picking.action_b2b_mark_packed()
        message = self._stage_emails(picking)
        self.assertEqual(len(message), 1)
        # From the customer's salesperson, whoever clicked in the warehouse.
        self.assertEqual(message.author_id, self.salesman.partner_id)
        self._assert_one_queued_email(message, self.recipients)

    def test_deliveries_without_sales_order_send_nothing(self):
        stock = self.warehouse.lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        self.env["stock.quant"]._update_available_quantity(self.paper, stock, 5)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Paper out",
                            "product_id": self.paper.id,
                            "product_uom_qty": 5,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.action_b2b_mark_packed()
        self.assertEqual(picking.b2b_delivery_stage, "packed")
        self.assertFalse(self._stage_emails(picking))

    # --- per-company switches -----------------------------------------------------

    def test_switched_off_steps_are_recorded_without_email(self):
        self.company.b2b_email_confirmation = False
        self.company.b2b_email_packed = False
        order = self._confirmed_order()
        self.assertFalse(self._scheduled(order))
        self.assertFalse(self._comment_emails(order))

        picking = order.picking_ids
        picking.action_b2b_mark_packed()
        self.assertEqual(picking.b2b_delivery_stage, "packed")
        self.assertTrue(picking.b2b_packed_date)
        self.assertFalse(self._stage_emails(picking))

        self._ship(picking)  # still on
        self.assertEqual(len(self._stage_emails(picking)), 1)

    def test_switches_in_sales_settings(self):
        with Form(self.env["res.config.settings"]) as settings:
            self.assertTrue(settings.b2b_email_out_for_delivery)
            settings.b2b_email_out_for_delivery = False
        self.assertFalse(self.company.b2b_email_out_for_delivery)
        self.assertTrue(self.company.b2b_email_delivered)

    # --- Odoo's own delivery e-mail -----------------------------------------------

    def test_odoo_delivery_email_is_replaced_by_ours(self):
        self.company.stock_move_email_validation = True
        self.assertTrue(self.company.stock_mail_confirmation_template_id)
        order = self._confirmed_order()
        picking = order.picking_ids
        self._ship(picking)
        self.assertEqual(len(self._stage_emails(picking)), 1)
        self.assertFalse(self._comment_emails(picking), "no second shipped e-mail")

    def test_odoo_delivery_email_kept_when_ours_is_off(self):
        self.company.stock_move_email_validation = True
        self.company.b2b_email_shipped = False
        order = self._confirmed_order()
        picking = order.picking_ids
        self._ship(picking)
        self.assertFalse(self._stage_emails(picking))
        self.assertEqual(len(self._comment_emails(picking)), 1)

    # --- failures and languages ---------------------------------------------------

    def test_failing_mail_server_never_blocks_the_order(self):
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        self.env["ir.mail_server"].create(
            {
                "name": "Unreachable",
                "smtp_host": "127.0.0.1",
                "smtp_port": closed_port,
                "sequence": 1,
            }
        )
        order = self._confirmed_order()
        picking = order.picking_ids
        with self._smtp_for_real():
            self._send_pending_confirmations()
            picking.action_b2b_mark_packed()
            self._ship(picking)
            # The warehouse's steps did not even try the mail server.
            step_mails = self._queued_mails(self._stage_emails(picking))
            self.assertEqual(len(step_mails), 2)
            self.assertEqual(set(step_mails.mapped("state")), {"outgoing"})
            self.env["mail.mail"].process_email_queue()
            self.assertEqual(set(step_mails.mapped("state")), {"exception"})
            picking.action_b2b_out_for_delivery()
            picking.action_b2b_mark_delivered(received_by="Front desk")
            self.env["mail.mail"].process_email_queue()

        self.assertEqual(order.state, "sale")
        self.assertEqual(picking.b2b_delivery_stage, "delivered")
        self.assertEqual(order.b2b_state, "delivered")
        messages = self._comment_emails(order) | self._stage_emails(picking)
        self.assertEqual(len(messages), 5)
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        self.assertEqual(len(notifications), 5 * len(self.recipients))
        self.assertEqual(
            set(notifications.mapped("notification_status")), {"exception"}
        )
        self.assertEqual(set(notifications.mapped("failure_type")), {"mail_smtp"})

    def test_french_customer_gets_french_emails(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["b2b_order_mgmt"], ["fr_FR"], overwrite=True
        )
        self.customer.lang = "fr_FR"
        order = self._confirmed_order()
        self._send_pending_confirmations()
        confirmation = self._comment_emails(order)
        self.assertEqual(
            confirmation.subject, f"Votre commande {order.name} est confirmée"
        )
        self.assertIn("Merci pour votre commande", confirmation.body)

        picking = order.picking_ids
        self._ship(picking)
        shipped = self._stage_emails(picking)
        self.assertEqual(shipped.subject, f"Votre commande {order.name} a été expédiée")
        self.assertIn("Transporteur", shipped.body)
        self.assertIn("TRK-4242", shipped.body)

    # --- order-update contacts ----------------------------------------------------

    def test_contacts_follow_their_company_order_update_contacts(self):
        carol = self.env["res.partner"].create(
            {"name": "Carol Accounts", "parent_id": self.customer.id}
        )
        self.assertEqual(
            carol.b2b_order_update_partner_ids, self.customer_contact | self.contact_bob
        )
        # On the company's form (Sales & Purchase tab).
        with Form(self.customer) as company_form:
            company_form.b2b_order_update_partner_ids.remove(id=self.contact_bob.id)
        self.assertEqual(carol.b2b_order_update_partner_ids, self.customer_contact)
