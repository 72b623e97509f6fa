# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import B2bReturnCommon


@tagged("post_install", "-at_install")
class TestReturnFlow(B2bReturnCommon):
    """A return from request to credit note, an exchange from request to
    replacement delivered, through Odoo's own return wizard and invoicing."""

    def test_return_refunds_what_was_invoiced(self):
        tax = self.env["account.tax"].create(
            {
                "name": "B2B VAT 15%",
                "amount": 15,
                "amount_type": "percent",
                "type_tax_use": "sale",
            }
        )
        self.chairs.taxes_id = tax
        self._put_in_stock(self.chairs, 5)
        order = self._create_order(
            [(self.chairs, 5)], user_id=self.salesman.id, team_id=self.team.id
        )
        sale_line = order.order_line
        sale_line.discount = 10
        order.action_confirm()
        delivery = order.picking_ids
        self._ship(delivery)
        self._invoice(order)

        with Form(self.env["b2b.return.request"].with_user(self.salesman)) as form:
            form.order_id = order
            with form.line_ids.new() as line:
                line.sale_line_id = sale_line
                self.assertEqual(line.qty_returnable, 5)
                line.quantity = 2
                line.reason_id = self.reason_damaged
                line.comment = "Legs bent"
        request = form.record
        self.assertRegex(request.name, r"^RET/\d{4}/\d{5}$")
        self.assertEqual(request.partner_id, self.customer, "the order's customer")
        self.assertEqual((request.user_id, request.team_id), (self.salesman, self.team))
        self.assertEqual(request.line_ids.reason, "Damaged in transit — Legs bent")
        self.assertEqual(request.access_url, f"/my/returns/{request.id}")

        request.with_user(self.salesman).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.date_submitted)

        request.with_user(self.after_sales).action_approve()
        self.assertEqual(request.state, "approved")
        receipt = request.return_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.return_id, delivery)
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.move_ids.product_uom_qty, 2)
        self.assertEqual(receipt.move_ids.sale_line_id, sale_line)
        self.assertTrue(receipt.move_ids.to_refund)
        self.assertFalse(request.replacement_picking_ids)

        self._receive(request)
        self.assertEqual(request.state, "received")
        self.assertEqual(request.line_ids.qty_received, 2)
        self.assertEqual(sale_line.qty_delivered, 3)

        request.with_user(self.after_sales).action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_refunded)
        self.assertTrue(request.date_done)
        credit_note = request.credit_note_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.partner_id, order.partner_invoice_id)
        self.assertIn(credit_note, order.invoice_ids)
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, sale_line)
        # 2 chairs at 100 less 10 %, plus 15 % tax.
        self.assertAlmostEqual(credit_note.amount_untaxed, 180.0)
        self.assertAlmostEqual(credit_note.amount_tax, 27.0)
        self.assertAlmostEqual(credit_note.amount_total, 207.0)
        self.assertEqual(sale_line.qty_invoiced, 3)
        self.assertEqual(
            sale_line.qty_to_invoice, 0, "returned goods never re-invoiced"
        )

    def test_closing_a_return_needs_invoicing_rights_or_the_setting(self):
        order = self._delivered_order([(self.paper, 10)])
        self._invoice(order)
        request = self._approved_request(order, [(self.paper, 3)])
        self._receive(request)
        self.env.company.b2b_after_sales_refunds = False
        with self.assertRaisesRegex(AccessError, "needs Invoicing rights"):
            request.with_user(self.after_sales).action_done()
        self.assertEqual(request.state, "received", "nothing lost")
        self.assertFalse(request.credit_note_ids)
        self.after_sales.groups_id += self.env.ref("account.group_account_invoice")
        request.with_user(self.after_sales).action_done()
        self.assertEqual(request.credit_note_ids.state, "posted")

    def test_return_invoiced_on_delivered_quantities(self):
        self.pens.invoice_policy = "delivery"
        order = self._delivered_order([(self.pens, 10)])
        self._invoice(order)
        request = self._approved_request(order, [(self.pens, 4)])
        self._receive(request)
        sale_line = order.order_line
        self.assertEqual(sale_line.qty_to_invoice, -4)
        request.with_user(self.after_sales).action_done()
        self.assertAlmostEqual(request.credit_note_ids.amount_total, 20.0)
        self.assertEqual(sale_line.qty_invoiced, 6)
        self.assertEqual(sale_line.qty_to_invoice, 0)

    def test_goods_not_invoiced_are_not_credited_nor_invoiced(self):
        order = self._delivered_order([(self.paper, 10)])
        request = self._approved_request(order, [(self.paper, 3)])
        self._receive(request)
        request.with_user(self.after_sales).action_done()
        self.assertEqual(request.state, "done")
        self.assertFalse(request.credit_note_ids)
        notes = request.message_ids.filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_note")
        )
        self.assertIn("Not invoiced, so not credited", notes.mapped("body")[0])
        self.assertIn("had not been invoiced yet", request.message_ids[0].body)
        sale_line = order.order_line
        self.assertEqual(sale_line.qty_to_invoice, 7, "ordered 10, 3 came back")
        invoice = self._invoice(order)
        self.assertEqual(invoice.invoice_line_ids.quantity, 7)

    def test_returned_quantity_comes_from_the_latest_deliveries(self):
        """Only what was invoiced beyond what the customer keeps is credited."""
        self.pens.invoice_policy = "delivery"
        order = self._confirmed_order([(self.pens, 10)])
        first = order.picking_ids
        self._ship(first, {self.pens: 6})
        self._invoice(order)
        second = order.picking_ids - first
        self._ship(second)
        request = self._approved_request(order, [(self.pens, 5)])
        receipts = request.return_picking_ids
        self.assertEqual(len(receipts), 2, "one return per original delivery")
        self.assertEqual(receipts.mapped("return_id"), first | second)
        returned = {
            receipt.return_id: receipt.move_ids.product_uom_qty for receipt in receipts
        }
        self.assertEqual(returned, {second: 4, first: 1})

        self._receive(request)
        self.assertEqual(request.line_ids.qty_received, 5)
        request.with_user(self.after_sales).action_done()
        # Delivered 10 then 5 back, invoiced 6: one was invoiced too many.
        self.assertEqual(request.credit_note_ids.invoice_line_ids.quantity, 1)
        self.assertEqual(order.order_line.qty_to_invoice, 0)

    def test_partial_receipt_credits_what_was_received(self):
        order = self._delivered_order([(self.paper, 10)])
        self._invoice(order)
        request = self._approved_request(order, [(self.paper, 4)])
        receipt = request.return_picking_ids
        self._ship(receipt, {self.paper: 3})
        backorder = request.return_picking_ids - receipt
        self.assertEqual(backorder.backorder_id, receipt)
        self.assertEqual(request.state, "approved", "one more box to come")
        # The customer keeps the last box after all.
        backorder.action_cancel()
        self.assertEqual(request.state, "received")
        self.assertEqual(request.line_ids.qty_received, 3)
        request.with_user(self.after_sales).action_done()
        self.assertEqual(request.credit_note_ids.invoice_line_ids.quantity, 3)

    def test_exchange_ships_a_replacement_at_no_charge(self):
        order = self._delivered_order([(self.paper, 10)])
        delivery = order.picking_ids
        delivery.action_b2b_mark_delivered(received_by="Dock 1")
        self._invoice(order)
        self._put_in_stock(self.paper, 3)
        request = self._approved_request(
            order, [(self.paper, 3)], request_type="exchange"
        )
        replacement = request.replacement_picking_ids
        self.assertEqual(len(replacement), 1)
        self.assertTrue(replacement.b2b_is_customer_delivery)
        self.assertTrue(replacement.b2b_is_return_replacement)
        self.assertEqual(replacement.sale_id, order)
        self.assertEqual(replacement.partner_id, delivery.partner_id)
        self.assertEqual(replacement.move_ids.sale_line_id, order.order_line)
        self.assertEqual(replacement.move_ids.product_uom_qty, 3)
        self.assertEqual(replacement.group_id, request.procurement_group_id)
        self.assertEqual(request.return_picking_ids.return_id, delivery)
        self.assertEqual(
            order.b2b_state, "delivered", "the replacement is followed on its request"
        )

        # The replacement goes through the delivery stages.
        self.assertEqual(replacement.b2b_delivery_stage, "ready")
        replacement.action_b2b_mark_packed()
        self._ship(replacement)
        self.assertEqual(replacement.b2b_delivery_stage, "shipped")
        self.assertTrue(request.date_replacement_shipped)
        self.assertEqual(request.state, "approved", "the goods are not back yet")
        replacement.action_b2b_out_for_delivery()
        replacement.action_b2b_mark_delivered(received_by="Dock 1")
        self.assertEqual(replacement.b2b_delivery_stage, "delivered")

        self._receive(request)
        self.assertEqual(request.state, "done", "received and replaced")
        self.assertTrue(request.date_received)
        self.assertFalse(request.credit_note_ids)
        sale_line = order.order_line
        self.assertEqual(sale_line.qty_delivered, 10)
        self.assertEqual(sale_line.qty_invoiced, 10)
        self.assertEqual(sale_line.qty_to_invoice, 0, "nothing more to invoice")
        self.assertEqual(order.invoice_status, "invoiced")

    def test_exchange_closes_when_the_replacement_ships_after_the_receipt(self):
        order = self._delivered_order([(self.paper, 10)])
        request = self._approved_request(
            order, [(self.paper, 2)], request_type="exchange"
        )
        self._receive(request)
        self.assertEqual(request.state, "received")
        with self.assertRaisesRegex(UserError, "not shipped yet"):
            request.with_user(self.after_sales).action_done()
        self._put_in_stock(self.paper, 2)
        request.replacement_picking_ids.action_assign()
        self._ship(request.replacement_picking_ids)
        self.assertEqual(request.state, "done")

    def test_replacement_is_not_merged_into_a_waiting_backorder(self):
        order = self._confirmed_order([(self.paper, 10)])
        first = order.picking_ids
        self._ship(first, {self.paper: 6})
        backorder = order.picking_ids - first
        request = self._approved_request(
            order, [(self.paper, 2)], request_type="exchange"
        )
        self.assertNotEqual(request.replacement_picking_ids, backorder)
        self.assertEqual(backorder.move_ids.product_uom_qty, 4)

    def test_returning_a_replacement_links_the_new_return_only(self):
        order = self._delivered_order([(self.paper, 10)])
        self._put_in_stock(self.paper, 2)
        exchange = self._approved_request(
            order, [(self.paper, 2)], request_type="exchange"
        )
        self._receive(exchange)
        self._ship(exchange.replacement_picking_ids)
        self.assertEqual(exchange.state, "done")
        # The replacement broke too: its 2 can be returned again.
        returnable = order.order_line._b2b_get_returnable_quantities()[order.order_line]
        self.assertEqual(returnable.total, 10)
        second = self._approved_request(order, [(self.paper, 10)])
        self.assertEqual(
            second.return_picking_ids.mapped("return_id"),
            order.picking_ids.filtered(
                lambda p: p.b2b_is_customer_delivery and p.state == "done"
            ),
        )
        self.assertEqual(len(exchange.return_picking_ids), 1)
        self.assertFalse(
            any(second.return_picking_ids.mapped("b2b_is_return_replacement"))
        )


@tagged("post_install", "-at_install")
class TestReturnRules(B2bReturnCommon):
    """Only delivered goods of the customer's own order, once, within the window."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10), (cls.pens, 5)])

    def _submit(self, lines, order=None, **values):
        request = self._create_request(order or self.order, lines, **values)
        request.with_user(self.salesman).action_submit()
        return request

    # --- quantities ---------------------------------------------------------------

    def test_quantity_above_delivered(self):
        order = self._confirmed_order([(self.paper, 10)])
        self._ship(order.picking_ids, {self.paper: 6})
        with self.assertRaisesRegex(UserError, r"B2B Paper: at most 6 Units"):
            self._submit([(self.paper, 7)], order=order)
        self._submit([(self.paper, 6)], order=order)

    def test_zero_or_negative_quantity(self):
        for quantity in (0, -1):
            with self.assertRaisesRegex(
                ValidationError, "B2B Paper .* must be positive"
            ):
                self._create_request(self.order, [(self.paper, quantity)])

    def test_quantity_already_requested(self):
        first = self._submit([(self.paper, 6)])
        with self.assertRaisesRegex(UserError, "at most 4 Units"):
            self._submit([(self.paper, 5)])
        draft = self._create_request(self.order, [(self.paper, 4)])
        self._submit([(self.paper, 4)])
        with self.assertRaisesRegex(UserError, "at most 0 Units"):
            draft.with_user(self.salesman).action_submit()
        first.with_user(self.after_sales).action_refuse("Not damaged on our photos")
        draft.with_user(self.salesman).action_submit()
        self.assertEqual(draft.state, "submitted", "a refused request holds nothing")

    def test_cancelled_request_holds_nothing(self):
        first = self._submit([(self.paper, 10)])
        first.with_user(self.salesman).action_cancel()
        self._submit([(self.paper, 10)])

    def test_quantity_already_returned(self):
        self._approved_request(self.order, [(self.paper, 6)])
        with self.assertRaisesRegex(UserError, "at most 4 Units"):
            self._submit([(self.paper, 5)])
        request = self._submit([(self.paper, 4)])
        self.assertEqual(request.state, "submitted")

    def test_returns_made_in_inventory_count(self):
        delivery = self.order.picking_ids
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=delivery.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.filtered(
            lambda line: line.product_id == self.pens
        ).quantity = 5
        wizard.action_create_returns()
        with self.assertRaisesRegex(UserError, "B2B Pens: at most 0 Units"):
            self._submit([(self.pens, 1)])

    def test_quantity_in_the_order_line_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        self._put_in_stock(self.pens, 24)
        order = self._create_order(
            [(self.pens, 2)], user_id=self.salesman.id, team_id=self.team.id
        )
        order.order_line.product_uom = dozen
        order.action_confirm()
        self._ship(order.picking_ids)
        with self.assertRaisesRegex(UserError, "at most 2 Dozens"):
            self._submit([(self.pens, 3)], order=order)
        request = self._approved_request(order, [(self.pens, 1)])
        self.assertEqual(request.return_picking_ids.move_ids.product_uom_qty, 12)
        self._receive(request)
        self.assertEqual(request.line_ids.qty_received, 1)

    def test_same_product_twice(self):
        with self.assertRaisesRegex(ValidationError, "appears twice"):
            self._create_request(self.order, [(self.paper, 1), (self.paper, 2)])

    def test_nothing_to_return(self):
        request = self._create_request(self.order, [])
        with self.assertRaisesRegex(UserError, "Add the products to return"):
            request.with_user(self.salesman).action_submit()

    # --- the order ----------------------------------------------------------------

    def test_line_of_another_order(self):
        other_order = self._delivered_order([(self.paper, 3)])
        with self.assertRaisesRegex(ValidationError, "is not a line of order"):
            self.env["b2b.return.request"].create(
                {
                    "order_id": self.order.id,
                    "partner_id": self.customer_contact.id,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": other_order.order_line.id,
                                "quantity": 1,
                                "reason_id": self.reason_damaged.id,
                            }
                        )
                    ],
                }
            )

    def test_order_not_delivered(self):
        order = self._confirmed_order([(self.paper, 10)])
        self.assertEqual(order.picking_ids.b2b_delivery_stage, "ready")
        with self.assertRaisesRegex(UserError, "has not been shipped yet"):
            self._submit([(self.paper, 1)], order=order)
        self.assertEqual(order._b2b_get_returnable_lines(), [])

    def test_another_customers_order(self):
        with self.assertRaisesRegex(ValidationError, "is not an order of Globex"):
            self._create_request(
                self.order, [(self.paper, 1)], partner=self.other_customer
            )

    def test_contact_of_the_customer_asks(self):
        request = self._submit([(self.paper, 1)])
        self.assertEqual(request.partner_id, self.customer_contact)
        self.assertEqual(request.commercial_partner_id, self.customer)

    # --- the return window --------------------------------------------------------

    def test_window_just_inside(self):
        self._set_delivery_date(self.order.picking_ids, 30)
        request = self._submit([(self.paper, 1)])
        self.assertEqual(request.state, "submitted")

    def test_window_just_outside(self):
        self._set_delivery_date(self.order.picking_ids, 31)
        with self.assertRaisesRegex(
            UserError,
            "B2B Paper: the return window of 30 days after delivery has passed",
        ):
            self._submit([(self.paper, 1)])
        self.assertEqual(self.order._b2b_get_returnable_lines(), [])

    def test_window_counts_from_the_delivered_date(self):
        delivery = self.order.picking_ids
        self._set_delivery_date(delivery, 40)
        delivery.action_b2b_mark_delivered(received_by="Front desk")
        self._submit([(self.paper, 1)])

    def test_window_per_company(self):
        self._set_delivery_date(self.order.picking_ids, 45)
        with Form(self.env["res.config.settings"]) as settings:
            settings.b2b_return_window_days = 60
        self.assertEqual(self.company.b2b_return_window_days, 60)
        self._submit([(self.paper, 1)])
        self.company.b2b_return_window_days = 0
        self._set_delivery_date(self.order.picking_ids, 400)
        self._submit([(self.paper, 1)])
        with self.assertRaises(ValidationError):
            self.company.b2b_return_window_days = -1

    def test_window_per_delivery(self):
        order = self._confirmed_order([(self.paper, 10)])
        first = order.picking_ids
        self._ship(first, {self.paper: 6})
        self._set_delivery_date(first, 40)
        self._ship(order.picking_ids - first)
        with self.assertRaisesRegex(UserError, "only 4 Units can still be returned"):
            self._submit([(self.paper, 5)], order=order)
        self._submit([(self.paper, 4)], order=order)

    # --- the portal's list of returnable lines ------------------------------------

    def test_returnable_lines(self):
        self._set_delivery_date(self.order.picking_ids, 10)
        self._submit([(self.paper, 4)])
        returnable = self.order._b2b_get_returnable_lines()
        self.assertEqual(
            [
                (entry["sale_line"].product_id, entry["quantity"])
                for entry in returnable
            ],
            [(self.paper, 6), (self.pens, 5)],
        )
        self.assertEqual(returnable[0]["uom"], self.paper.uom_id)
        delivered_on = self.order.picking_ids.date_done.date()
        self.assertEqual((returnable[0]["deadline"] - delivered_on).days, 30)


@tagged("post_install", "-at_install")
class TestReturnSteps(B2bReturnCommon):
    """Refusal, cancellation, and steps that go through their buttons only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._delivered_order([(cls.paper, 10)])

    def _submitted(self):
        request = self._create_request(self.order, [(self.paper, 2)])
        request.with_user(self.salesman).action_submit()
        return request

    def test_refusal_with_reason(self):
        request = self._submitted()
        wizard_action = request.with_user(self.after_sales).action_open_refuse_wizard()
        wizard = Form(
            self.env[wizard_action["res_model"]]
            .with_user(self.after_sales)
            .with_context(**wizard_action["context"])
        )
        wizard.reason = "Photos show no damage."
        wizard.save().action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.refuse_reason, "Photos show no damage.")
        self.assertTrue(request.date_refused)
        self.assertFalse(request.return_picking_ids)

    def test_refusal_needs_a_reason(self):
        request = self._submitted()
        with self.assertRaisesRegex(UserError, "why the return request is refused"):
            request.with_user(self.after_sales).action_refuse("  ")
        self.assertEqual(request.state, "submitted")

    def test_cancel(self):
        draft = self._create_request(self.order, [(self.paper, 1)])
        draft.with_user(self.salesman).action_cancel()
        self.assertEqual(draft.state, "cancelled")
        submitted = self._submitted()
        submitted.with_user(self.salesman).action_cancel()
        self.assertEqual(submitted.state, "cancelled")
        approved = self._approved_request(self.order, [(self.paper, 1)])
        with self.assertRaisesRegex(UserError, "Only draft or submitted"):
            approved.with_user(self.salesman).action_cancel()
        draft.unlink()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            approved.unlink()

    def test_steps_out_of_order(self):
        draft = self._create_request(self.order, [(self.paper, 1)])
        with self.assertRaisesRegex(UserError, draft.name):
            draft.with_user(self.after_sales).action_approve()
        with self.assertRaisesRegex(UserError, "Only return requests whose goods"):
            draft.with_user(self.after_sales).action_done()
        request = self._submitted()
        with self.assertRaisesRegex(UserError, "Only draft return requests"):
            request.with_user(self.salesman).action_submit()

    def test_status_changes_only_through_the_steps(self):
        request = self._submitted().with_user(self.salesman)
        with self.assertRaises(AccessError):
            request.state = "approved"
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            self.env["b2b.return.request"].with_user(self.salesman).create(
                {
                    "order_id": self.order.id,
                    "partner_id": self.customer.id,
                    "state": "approved",
                }
            )
        self.assertEqual(request.state, "submitted")

    def test_submitted_request_is_fixed(self):
        request = self._submitted().with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "no longer drafts"):
            request.line_ids.quantity = 10
        with self.assertRaisesRegex(UserError, "no longer drafts"):
            request.request_type = "exchange"
        request.user_id = self.other_salesman
        self.assertEqual(request.user_id, self.other_salesman, "assignment stays open")

    def test_sales_managers_are_after_sales(self):
        self.assertTrue(
            self.sales_manager.has_group("b2b_order_mgmt.group_b2b_after_sales")
        )
        self.assertFalse(
            self.salesman.has_group("b2b_order_mgmt.group_b2b_after_sales")
        )
        request = self._submitted()
        request.with_user(self.sales_manager).action_approve()
        self.assertEqual(request.state, "approved")

    def test_order_smart_button(self):
        self._submitted()
        self.assertEqual(self.order.b2b_return_request_count, 1)
        action = self.order.with_user(self.salesman).action_b2b_view_return_requests()
        self.assertEqual(
            self.env["b2b.return.request"].search(action["domain"]),
            self.order.b2b_return_request_ids,
        )

    def test_warehouse_validates_the_return(self):
        request = self._approved_request(self.order, [(self.paper, 2)])
        receipt = request.return_picking_ids.with_user(self.stock_user)
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        receipt.button_validate()
        self.assertEqual(request.state, "received")
