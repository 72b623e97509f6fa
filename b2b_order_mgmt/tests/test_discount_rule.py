# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestDiscountRuleConfiguration(B2bCommon):
    """Bad rule configuration is refused with a message naming the field."""

    def test_discount_must_be_above_zero_and_at_most_100(self):
        for discount in (0, -5, 100.5):
            with (
                self.subTest(discount=discount),
                self.assertRaisesRegex(ValidationError, r"Discount \(%\)"),
            ):
                self._create_rule("Bad", "line_qty", [(10, discount)])
        rule = self._create_rule("Everything free", "line_qty", [(10, 100)])
        self.assertEqual(rule.threshold_ids.discount, 100)

    def test_negative_minimum_refused(self):
        with self.assertRaisesRegex(ValidationError, "Minimum cannot be negative"):
            self._create_rule("Bad", "line_qty", [(-1, 5)])

    def test_two_thresholds_with_same_minimum_refused(self):
        with self.assertRaisesRegex(ValidationError, "same Minimum"):
            self._create_rule("Bad", "line_qty", [(10, 5), (10, 7)])
        rule = self._create_rule("Good", "line_qty", [(10, 5)])
        with self.assertRaisesRegex(ValidationError, "same Minimum"):
            rule.threshold_ids = [Command.create({"min_value": 10, "discount": 8})]

    def test_end_date_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, "Valid Until"):
            self._create_rule(
                "Bad",
                "line_qty",
                [(10, 5)],
                date_start=date(2026, 5, 1),
                date_end=date(2026, 4, 30),
            )

    def test_rule_without_threshold_refused(self):
        with self.assertRaisesRegex(ValidationError, "no Thresholds"):
            self._create_rule("Bad", "line_qty", [])
        rule = self._create_rule("Good", "line_qty", [(10, 5)])
        with self.assertRaisesRegex(ValidationError, "no Thresholds"):
            rule.threshold_ids = [Command.clear()]

    def test_form_without_threshold_saves_nothing(self):
        rule_form = Form(self.env["b2b.discount.rule"].with_user(self.sales_manager))
        rule_form.name = "Without steps"
        # assertRaises (not assertRaisesRegex) rolls back like the web client does.
        with self.assertRaises(ValidationError) as error:
            rule_form.save()
        self.assertIn("no Thresholds", str(error.exception))
        self.assertFalse(
            self.env["b2b.discount.rule"].search([("name", "=", "Without steps")])
        )

    def test_threshold_summary(self):
        rule = self._create_rule("Steps", "line_qty", [(50, 10), (10, 5)])
        self.assertEqual(rule.threshold_summary, "10: 5%, 50: 10%")

    def test_salesman_reads_rules_manager_edits_them(self):
        rule = self._create_rule("Steps", "line_qty", [(10, 5)])
        self.assertEqual(rule.with_user(self.salesman).threshold_summary, "10: 5%")
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).name = "Mine"
        rule.with_user(self.sales_manager).threshold_ids = [
            Command.create({"min_value": 20, "discount": 7})
        ]
        self.assertEqual(len(rule.threshold_ids), 2)

    def test_salesman_order_gets_discount(self):
        self._create_rule("Steps", "line_qty", [(10, 5)])
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.paper.id, "product_uom_qty": 10}
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.order_line.discount, 5)
        self.assertIn("Steps", order.order_line.b2b_price_explanation)

    def test_rules_of_other_companies_hidden(self):
        other_company = self.env["res.company"].create({"name": "B2B Hidden Company"})
        hidden = self._create_rule(
            "Elsewhere", "line_qty", [(10, 5)], company_id=other_company.id
        )
        shared = self._create_rule(
            "Everywhere", "line_qty", [(10, 5)], company_id=False
        )
        own = self._create_rule("Here", "line_qty", [(10, 5)])
        visible = self.env["b2b.discount.rule"].with_user(self.sales_manager).search([])
        self.assertIn(own, visible)
        self.assertIn(shared, visible)
        self.assertNotIn(hidden, visible)
