# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import B2bReturnCommon


@tagged("post_install", "-at_install")
class TestReturnEmail(B2bReturnCommon):
    """One e-mail per step to the contact who asked, queued, never twice, in
    their language, with the portal link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.update_subtype = cls.env.ref("b2b_order_mgmt.mt_b2b_return_update")
        cls.order = cls._delivered_order([(cls.paper, 10)])

    def _step_emails(self, request):
        """The customer e-mails of the request, oldest first."""
        return request.message_ids.filtered(
            lambda message: message.subtype_id == self.update_subtype
        ).sorted("id")

    def _outgoing_mails(self, messages):
        return self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])

    def test_one_email_per_step_of_a_return(self):
        self._invoice(self.order)
        request = self._create_request(self.order, [(self.paper, 2)])
        self.assertFalse(self._step_emails(request), "a draft tells nobody")
        request.with_user(self.salesman).action_submit()
        request.with_user(self.after_sales).action_approve()
        self._receive(request)
        request.with_user(self.after_sales).action_done()

        emails = self._step_emails(request)
        self.assertEqual(
            emails.mapped("subject"),
            [
                f"We received your return request {request.name}",
                f"Your return request {request.name} is approved",
                f"We received the goods of your return {request.name}",
                f"Your return {request.name} is settled",
            ],
        )
        for email in emails:
            self.assertEqual(email.partner_ids, self.customer_contact)
            self.assertEqual(email.author_id, self.salesman.partner_id)
        self.assertIn(request.credit_note_ids.name, emails[-1].body)
        # Queued for the mail cron, never sent in the step's transaction.
        mails = self._outgoing_mails(emails)
        self.assertEqual(len(mails), 4)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(
            set(mails.mapped("recipient_ids")), {self.customer_contact}, "one each"
        )

    def test_request_email_waits_behind_the_order_confirmation(self):
        self._put_in_stock(self.paper, 10)
        order = self._create_order([(self.paper, 10)], user_id=self.salesman.id)
        order.action_confirm()
        self._ship(order.picking_ids)
        request = self._create_request(order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        self.assertFalse(self._step_emails(request), "the confirmation is not sent")
        queue = self.env["b2b.customer.email"].search([("order_id", "=", order.id)])
        self.assertEqual(queue.mapped("res_model")[-1], "b2b.return.request")
        self._send_pending_confirmations()
        self.assertEqual(len(self._step_emails(request)), 1)
        confirmation = order.message_ids.filtered(
            lambda message: message.subject and order.name in message.subject
        )
        self.assertLess(confirmation[-1].id, self._step_emails(request).id)

    def test_steps_never_mail_twice(self):
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        request._b2b_record_step("submitted")
        request.with_user(self.after_sales).action_approve()
        receipt = request.return_picking_ids
        self._receive(request)
        # A transaction retried, a hook run again: the step is already recorded.
        request.sudo()._b2b_update_from_pickings()
        receipt._b2b_record_step("shipped")
        self.assertEqual(len(self._step_emails(request)), 3)

    def test_refusal_email_gives_the_reason(self):
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        request.with_user(self.after_sales).action_refuse("Photos show no damage.")
        refusal = self._step_emails(request)[-1]
        self.assertEqual(
            refusal.subject, f"Your return request {request.name} is refused"
        )
        self.assertIn("Photos show no damage.", refusal.body)

    def test_exchange_emails_and_no_generic_shipped_email(self):
        self._put_in_stock(self.paper, 2)
        request = self._approved_request(
            self.order, [(self.paper, 2)], request_type="exchange"
        )
        replacement = request.replacement_picking_ids
        customer_messages_before = self._customer_messages(replacement)
        self._ship(replacement)
        self._receive(request)
        self.assertEqual(request.state, "done")
        self.assertEqual(
            self._step_emails(request).mapped("subject"),
            [
                f"We received your exchange request {request.name}",
                f"Your exchange request {request.name} is approved",
                f"The replacement for your exchange {request.name} is shipped",
                f"We received the goods of your exchange {request.name}",
            ],
        )
        self.assertIn(replacement.name, self._step_emails(request)[2].body)
        # The request's e-mail says it: the delivery's own "shipped" does not,
        # its other stages do.
        self.assertFalse(replacement._b2b_filter_told("shipped"))
        self.assertEqual(replacement._b2b_filter_told("delivered"), replacement)
        delivery = self.order.picking_ids.filtered(
            lambda picking: (
                picking.b2b_is_customer_delivery
                and not picking.b2b_is_return_replacement
            )
        )
        self.assertEqual(delivery._b2b_filter_told("shipped"), delivery)
        self.assertEqual(self._customer_messages(replacement), customer_messages_before)

    def _customer_messages(self, picking):
        return picking.message_ids.filtered(
            lambda message: (
                message.partner_ids & (self.customer | self.customer_contact)
            )
        )

    def test_french_and_german_customers_get_translated_emails(self):
        """The shipped fr.po and de.po: subject, body and reason in the
        contact's language."""
        for lang in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["b2b_order_mgmt"], [lang], overwrite=True
            )
        self.customer_contact.lang = "fr_FR"
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        submitted = self._step_emails(request)
        self.assertEqual(
            submitted.subject,
            f"Nous avons bien reçu votre demande de retour {request.name}",
        )
        self.assertIn("Bonjour,", submitted.body)
        self.assertIn("Notre service après-vente va l'examiner", submitted.body)
        self.assertIn("Endommagé pendant le transport", submitted.body)
        self.assertIn("Voir votre demande", submitted.body)
        self.assertNotIn("Hello", submitted.body)

        german_contact = self.env["res.partner"].create(
            {
                "name": "Dieter Einkauf",
                "parent_id": self.customer.id,
                "email": "dieter@acme.example",
                "lang": "de_DE",
            }
        )
        exchange = self._create_request(
            self.order,
            [(self.paper, 3)],
            request_type="exchange",
            partner=german_contact,
        )
        exchange.with_user(self.salesman).action_submit()
        exchange.with_user(self.after_sales).action_approve()
        approved = self._step_emails(exchange)[-1]
        self.assertEqual(approved.partner_ids, german_contact)
        self.assertEqual(
            approved.subject,
            f"Ihre Umtauschanfrage {exchange.name} wurde genehmigt",
        )
        self.assertIn("Guten Tag,", approved.body)
        self.assertIn("wurde genehmigt", approved.body)
        self.assertIn("Wir senden Ihnen dieselben Produkte kostenlos", approved.body)
        self.assertIn("Beim Transport beschädigt", approved.body)
        self.assertNotIn("Hello", approved.body)

    def test_email_in_the_customers_language_with_portal_link(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer_contact.lang = "fr_FR"
        template = self.env.ref("b2b_order_mgmt.mail_template_b2b_return_submitted")
        template.with_context(
            lang="fr_FR"
        ).subject = "Votre demande {{ object.name }} est bien reçue"
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        email = self._step_emails(request)
        self.assertEqual(email.subject, f"Votre demande {request.name} est bien reçue")
        self.assertTrue(request.access_token)
        self.assertIn(
            f"/my/returns/{request.id}?access_token={request.access_token}", email.body
        )
