# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import B2bReturnCommon


@tagged("post_install", "-at_install")
class TestReturnSecurity(B2bReturnCommon):
    """Salespeople see their team's requests, customers their company's, and
    only After-Sales moves a request on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10)])
        cls.request = cls._create_request(cls.order, [(cls.paper, 2)])

    def _portal_request(self, user=None, order=None, partner=None):
        """Created as the portal controller will: as the customer, then submitted."""
        order = order or self.order
        request = (
            self.env["b2b.return.request"]
            .with_user(user or self.portal_user)
            .create(
                {
                    "order_id": order.id,
                    "partner_id": (partner or self.customer_contact).id,
                    "request_type": "exchange",
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": order.order_line.id,
                                "quantity": 1,
                                "reason_id": self.reason_wrong.id,
                                "comment": "Blue, not white",
                            }
                        )
                    ],
                }
            )
        )
        request.action_submit()
        return request

    # --- back office --------------------------------------------------------------

    def test_salesperson_of_the_team_reads(self):
        colleague = new_test_user(
            self.env,
            login="b2b_colleague",
            groups="sales_team.group_sale_salesman",
        )
        self.team.member_ids = [Command.link(colleague.id)]
        self.assertEqual(
            self.env["b2b.return.request"].with_user(colleague).search([]), self.request
        )
        self.assertEqual(self.request.with_user(self.salesman).name, self.request.name)

    def test_salesperson_of_another_team_cannot_read(self):
        requests = self.env["b2b.return.request"].with_user(self.other_salesman)
        self.assertFalse(requests.search([]))
        with self.assertRaises(AccessError):
            self.request.with_user(self.other_salesman).read(["name"])
        with self.assertRaises(AccessError):
            self.request.line_ids.with_user(self.other_salesman).read(["reason"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.other_salesman).action_submit()

    def test_managers_and_after_sales_read_all(self):
        for user in (self.sales_manager, self.after_sales):
            self.assertIn(
                self.request,
                self.env["b2b.return.request"].with_user(user).search([]),
                user.name,
            )

    def test_reasons_for_sales_managers_only(self):
        reason = self.reason_damaged.with_user(self.salesman)
        self.assertEqual(reason.name, "Damaged in transit")
        with self.assertRaises(AccessError):
            reason.name = "Broken"
        self.reason_damaged.with_user(self.sales_manager).name = "Broken"

    # --- portal -------------------------------------------------------------------

    def test_portal_customer_requests_and_follows(self):
        request = self._portal_request()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.partner_id, self.customer_contact)
        self.assertEqual(request.user_id, self.salesman, "from the order")
        self.assertEqual(request.line_ids.reason, "Wrong product — Blue, not white")
        visible = self.env["b2b.return.request"].with_user(self.portal_user).search([])
        self.assertEqual(visible, request | self.request)

    def test_portal_customer_of_another_company_cannot_read(self):
        requests = self.env["b2b.return.request"].with_user(self.other_portal_user)
        self.assertFalse(requests.search([]))
        with self.assertRaises(AccessError):
            self.request.with_user(self.other_portal_user).read(["name"])

    def test_portal_customer_cannot_ask_for_another_company(self):
        with self.assertRaises(AccessError):
            self._portal_request(user=self.other_portal_user)
        other_order = self._delivered_order(
            [(self.paper, 1)], partner=self.other_customer
        )
        with self.assertRaises(AccessError):
            self._portal_request(order=other_order)

    def test_portal_customer_cannot_approve(self):
        request = self._portal_request()
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            request.action_refuse("No")
        with self.assertRaises(AccessError):
            request.state = "approved"
        self.assertEqual(request.state, "submitted")

    def test_portal_customer_cannot_change_a_request(self):
        request = self._portal_request()
        with self.assertRaises(AccessError):
            request.write({"user_id": self.other_salesman.id})
        draft = self.request.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            draft.line_ids.quantity = 10
        with self.assertRaises(AccessError):
            draft.unlink()

    def test_portal_customer_cannot_create_an_approved_request(self):
        with self.assertRaises(AccessError):
            self.env["b2b.return.request"].with_user(self.portal_user).create(
                {
                    "order_id": self.order.id,
                    "partner_id": self.customer_contact.id,
                    "state": "approved",
                }
            )
        with self.assertRaises(AccessError):
            self.env["b2b.return.request"].with_user(self.portal_user).create(
                {
                    "order_id": self.order.id,
                    "partner_id": self.customer_contact.id,
                    "user_id": self.other_salesman.id,
                }
            )

    def test_portal_customer_cancels(self):
        request = self._portal_request()
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")

    # --- multi-company ---------------------------------------------------------------

    def test_other_company_requests_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "B2B Other Company"})
        user = new_test_user(
            self.env,
            login="b2b_other_company_manager",
            groups="sales_team.group_sale_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.env["b2b.return.request"].with_user(user).search([]))
        self.assertFalse(self.env["b2b.return.request.line"].with_user(user).search([]))
        shared = self.env["b2b.return.reason"].with_user(user).search([])
        self.assertIn(self.reason_damaged, shared, "reasons without company are shared")
