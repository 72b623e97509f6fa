# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import B2bFastOrderCommon


@tagged("post_install", "-at_install")
class TestReorder(B2bFastOrderCommon):
    """Order again: a confirmed order's products and quantities on a new
    quotation, at today's prices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).active = False
        cls.env["loyalty.program"].create(
            {
                "name": "5% code",
                "program_type": "promo_code",
                "trigger": "with_code",
                "rule_ids": [Command.create({"mode": "with_code", "code": "B2B5"})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 5,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cls.binder = cls._create_product(
            "B2B Binder", 3.0, cls.categ_office, default_code="T-BINDER"
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "B2B Freight",
                "delivery_type": "fixed",
                "fixed_price": 15.0,
                "product_id": cls._create_product(
                    "B2B Freight charge", 15.0, cls.categ_other, type="service"
                ).id,
            }
        )
        cls.order = cls._confirmed_order_with_every_kind_of_line()

    @classmethod
    def _confirmed_order_with_every_kind_of_line(cls):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "client_order_ref": "PO-1001",
                "user_id": cls.salesman.id,
                "order_line": [
                    Command.create({"display_type": "line_section", "name": "Office"}),
                    Command.create({"product_id": cls.paper.id, "product_uom_qty": 60}),
                    Command.create({"product_id": cls.pens.id, "product_uom_qty": 10}),
                    Command.create({"display_type": "line_note", "name": "Blue ink"}),
                    Command.create({"product_id": cls.chairs.id, "product_uom_qty": 2}),
                    Command.create({"product_id": cls.binder.id, "product_uom_qty": 4}),
                ],
            }
        )
        status = order._try_apply_code("B2B5")
        for coupon, rewards in status.items():
            order._apply_program_reward(rewards, coupon)
        order.set_delivery_line(cls.carrier, 15.0)
        order.action_confirm()
        cls.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "fixed", "fixed_amount": 100}
        ).create_invoices()
        return order

    def _kept(self, order):
        return [
            (line.display_type or line.product_id.default_code, line.product_uom_qty)
            for line in order.order_line
        ]

    def test_same_products_and_quantities_on_a_new_quotation(self):
        self.assertTrue(self.order.order_line.filtered("is_reward_line"))
        self.assertTrue(self.order.order_line.filtered("is_delivery"))
        self.assertTrue(self.order.order_line.filtered("is_downpayment"))
        self.chairs.active = False
        self.binder.sale_ok = False
        new_order, skipped = self.order._b2b_reorder()
        self.assertEqual(new_order.state, "draft")
        self.assertEqual(
            (new_order.partner_id, new_order.user_id, new_order.origin),
            (self.customer, self.salesman, self.order.name),
        )
        self.assertFalse(new_order.client_order_ref, "a new order, a new PO number")
        self.assertEqual(
            self._kept(new_order),
            [("line_section", 0), ("T-PAPER", 60), ("T-PENS", 10), ("line_note", 0)],
        )
        self.assertEqual(new_order.order_line[3].name, "Blue ink")
        reasons = {item.line: item.reason for item in skipped}
        lines = self.order.order_line
        self.assertIn(
            "is archived", reasons.pop(self._line_of(self.order, self.chairs))
        )
        self.assertIn(
            "cannot be sold", reasons.pop(self._line_of(self.order, self.binder))
        )
        self.assertIn(
            "Coupon or promotion reward", reasons.pop(lines.filtered("is_reward_line"))
        )
        self.assertIn("Delivery charge", reasons.pop(lines.filtered("is_delivery")))
        self.assertEqual(
            set(reasons),
            set(lines.filtered("is_downpayment")),
            "the down payment and its section, and nothing else",
        )
        self.assertEqual(len(reasons), 2)
        self.assertIn("Down payment", reasons.popitem()[1])

    def test_todays_prices_and_discounts(self):
        self.paper.list_price = 12.0
        pens_rule = self._create_rule(
            "Pens by ten",
            "line_qty",
            [(10, 7)],
            product_tmpl_ids=[Command.set(self.pens.product_tmpl_id.ids)],
        )
        new_order = self.order._b2b_reorder().order
        paper, pens = (self._line_of(new_order, p) for p in (self.paper, self.pens))
        self.assertEqual(paper.price_unit, 12.0, "today's list price")
        self.assertEqual(self._line_of(self.order, self.paper).price_unit, 10.0)
        self.assertEqual(
            (paper.discount, paper.b2b_discount_rule_id), (10, self.paper_rule)
        )
        self.assertEqual(pens.price_unit, 4.0, "the tier's B2B price")
        self.assertEqual((pens.discount, pens.b2b_discount_rule_id), (7, pens_rule))
        self.assertEqual(self._line_of(self.order, self.pens).discount, 0)
        self.assertFalse(new_order.order_line.filtered("is_reward_line"))

    def test_skipped_lines_told_in_the_chatter(self):
        self.chairs.active = False
        new_order = self.order._b2b_reorder().order
        body = new_order.message_ids[0].body
        self.assertIn(f"Ordered again from {self.order.name}, at today's prices.", body)
        self.assertIn("Not reordered:", body)
        self.assertIn(
            "[T-CHAIR] B2B Chair (2 Units): [T-CHAIR] B2B Chair is archived.", body
        )
        self.assertIn("Delivery charge: add the shipping method", body)
        self.assertIn("Coupon or promotion reward", body)
        self.assertIn("Down payment", body)
        self.assertNotIn("T-PAPER", body)

    def test_quantity_rules_of_today_flagged(self):
        self._create_quantity_rule(self.pens, qty_multiple=12)
        new_order = self.order._b2b_reorder().order
        self.assertEqual(self._line_of(new_order, self.pens).b2b_suggested_qty, 12)
        self.assertIn(
            "Quantities to change (quantity rules):", new_order.message_ids[0].body
        )

    def test_order_again_button_notifies_then_opens_the_quotation(self):
        self.chairs.active = False
        action = self.order.with_user(self.salesman).action_b2b_reorder()
        new_order = self.env["sale.order"].search([("origin", "=", self.order.name)])
        self.assertEqual(len(new_order), 1)
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual((params["type"], params["sticky"]), ("warning", True))
        self.assertIn(new_order.name, params["message"])
        self.assertIn("[T-CHAIR] B2B Chair (2 Units)", params["message"])
        self.assertEqual(
            (params["next"]["res_model"], params["next"]["res_id"]),
            ("sale.order", new_order.id),
        )

    def test_nothing_skipped_is_a_success(self):
        order = self._create_order([(self.paper, 5)])
        order.action_confirm()
        action = order.action_b2b_reorder()
        self.assertEqual(action["params"]["type"], "success")
        new_order = self.env["sale.order"].browse(action["params"]["next"]["res_id"])
        self.assertNotIn("Not reordered", new_order.message_ids[0].body)

    def test_only_confirmed_orders(self):
        quotation = self._create_order([(self.paper, 5)])
        with self.assertRaisesRegex(UserError, "Only confirmed orders"):
            quotation._b2b_reorder()
