# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import B2bFastOrderCommon


@tagged("post_install", "-at_install")
class TestQuantityRules(B2bFastOrderCommon):
    """Minimum order quantities and order multiples, per product and tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Paper ships by 5 boxes; Gold customers (cls.customer) order at least 20.
        cls.paper_rule_all = cls._create_quantity_rule(cls.paper, qty_multiple=5)
        cls.paper_rule_gold = cls._create_quantity_rule(
            cls.paper, min_qty=20, qty_multiple=5, tier_id=cls.tier_gold.id
        )
        cls.silver_customer = cls._create_customer("Silverline", cls.tier_silver)

    # --- the rule's own checks ---------------------------------------------------

    def _assert_refused(self, message, product, **values):
        with self.assertRaises(ValidationError) as caught:
            self._create_quantity_rule(product, **values)
        self.assertIn(message, str(caught.exception))

    def test_minimum_and_multiple_validated_with_the_field_named(self):
        self._assert_refused(
            "the Minimum Quantity cannot be negative (-1)", self.pens, min_qty=-1
        )
        self._assert_refused(
            "the Order Multiple must be greater than 0 (-6)",
            self.pens,
            qty_multiple=-6,
        )
        self._assert_refused("asks for nothing", self.pens)
        rule = self._create_quantity_rule(self.pens, min_qty=0, qty_multiple=6)
        self.assertEqual(rule.uom_id, self.pens.uom_id)

    def test_one_rule_per_product_and_tier(self):
        self._assert_refused(
            "[T-PAPER] B2B Paper already has a quantity rule for every customer",
            self.paper,
            min_qty=1,
        )
        self._assert_refused(
            "already has a quantity rule for Gold",
            self.paper,
            min_qty=1,
            tier_id=self.tier_gold.id,
        )
        silver = self._create_quantity_rule(
            self.paper, min_qty=10, tier_id=self.tier_silver.id
        )
        self.assertEqual(silver.display_name, "B2B Paper, Silver")
        self.assertEqual(self.paper_rule_all.display_name, "B2B Paper, every customer")

    # --- on the quotation ------------------------------------------------------------

    def test_tier_rule_wins_over_the_rule_for_every_customer(self):
        gold_order = self._create_order([(self.paper, 15)])
        silver_order = self._create_order(
            [(self.paper, 15)], partner=self.silver_customer
        )
        gold_line, silver_line = gold_order.order_line, silver_order.order_line
        self.assertEqual(gold_line.b2b_quantity_rule_id, self.paper_rule_gold)
        self.assertEqual(gold_line.b2b_suggested_qty, 20)
        self.assertIn("“B2B Paper, Gold”", gold_line.b2b_quantity_warning)
        self.assertEqual(silver_line.b2b_quantity_rule_id, self.paper_rule_all)
        self.assertFalse(silver_line.b2b_quantity_warning, "15 is 3 packs of 5")
        silver_line.product_uom_qty = 17
        self.assertEqual(silver_line.b2b_suggested_qty, 20)
        self.assertIn("“B2B Paper, every customer”", silver_line.b2b_quantity_warning)

    def test_customer_without_tier_follows_the_rule_for_every_customer(self):
        walk_in = self._create_customer("Walk-in Trading")
        line = self._create_order([(self.paper, 3)], partner=walk_in).order_line
        self.assertEqual(line.b2b_quantity_rule_id, self.paper_rule_all)
        self.assertEqual(line.b2b_suggested_qty, 5)

    def test_onchange_warns_with_the_rule_and_the_corrected_quantity(self):
        order = self._create_order([(self.paper, 20), (self.pens, 3)])
        with (
            self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs,
            Form(order) as order_form,
            order_form.order_line.edit(0) as line,
        ):
            line.product_uom_qty = 23
        (warning,) = logs.output
        self.assertIn(
            "B2B Paper: 23 Units breaks the quantity rule “B2B Paper, Gold” "
            "(at least 20 Units, in multiples of 5 Units). Suggested quantity: "
            "25 Units.",
            warning,
        )
        self.assertEqual(order.order_line[0].product_uom_qty, 23, "only a warning")
        self.assertEqual(order.order_line[0].b2b_suggested_qty, 25)

    def test_no_warning_for_a_valid_quantity(self):
        order = self._create_order([(self.paper, 20)])
        with (
            self.assertNoLogs("odoo.tests.form.onchange", level="WARNING"),
            Form(order) as order_form,
            order_form.order_line.edit(0) as line,
        ):
            line.product_uom_qty = 35
        self.assertFalse(order.order_line.b2b_quantity_warning)

    def test_suggestion_in_the_line_unit_of_measure(self):
        self._create_quantity_rule(self.pens, qty_multiple=6)
        order = self._create_order([(self.pens, 1)])
        line = order.order_line
        line.product_uom = self.env.ref("uom.product_uom_dozen")
        self.assertFalse(line.b2b_quantity_warning, "a dozen is 2 packs of 6")
        line.product_uom_qty = 0.25
        self.assertEqual(
            line.b2b_suggested_qty, 0.5, "3 units: 6 units is half a dozen"
        )
        self.assertIn("Suggested quantity: 0.5 Dozens", line.b2b_quantity_warning)

    def test_fix_quantities_applies_the_suggestions(self):
        self._create_quantity_rule(self.chairs, min_qty=2)
        order = self._create_order([(self.paper, 48), (self.pens, 3), (self.chairs, 1)])
        self.assertEqual(order.b2b_quantity_issue_count, 2)
        paper = self._line_of(order, self.paper)
        self.assertEqual(paper.discount, 0, "48 boxes: below the 50 of the line rule")
        order.action_b2b_fix_quantities()
        self.assertEqual(
            order.order_line.mapped("product_uom_qty"), [50, 3, 2], "pens have no rule"
        )
        self.assertEqual(paper.discount, 10, "the discounts follow the new quantities")
        self.assertEqual(order.b2b_quantity_issue_count, 0)
        self.assertFalse(order.order_line.filtered("b2b_quantity_warning"))

    def test_confirmation_refused_naming_each_line(self):
        self._create_quantity_rule(self.chairs, min_qty=2)
        order = self._create_order([(self.paper, 12), (self.pens, 3), (self.chairs, 1)])
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        message = str(caught.exception)
        self.assertIn(
            f"- {order.name}: [T-PAPER] B2B Paper: 12 Units breaks the quantity rule "
            "“B2B Paper, Gold” (at least 20 Units, in multiples of 5 Units). "
            "Suggested quantity: 20 Units.",
            message,
        )
        self.assertIn("B2B Chair: 1 Units breaks", message)
        self.assertNotIn("B2B Pens", message)
        self.assertEqual(order.state, "draft")
        order.action_b2b_fix_quantities()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_customer_confirming_online_is_not_refused_but_noted(self):
        # Signing or paying the quotation online confirms it with send_email.
        order = self._create_order([(self.paper, 12), (self.pens, 3)])
        order.with_context(send_email=True).action_confirm()
        self.assertEqual(order.state, "sale")
        note = order.message_ids.filtered(
            lambda message: "break their quantity rules" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("B2B Paper: 12 Units breaks", note.body)
        self.assertNotIn("B2B Pens", note.body)

    def test_sections_notes_and_confirmed_orders_have_no_rule(self):
        order = self._create_order([(self.paper, 20)])
        order.order_line = [
            Command.create({"display_type": "line_section", "name": "Paper"})
        ]
        order.action_confirm()
        self.paper_rule_gold.min_qty = 40
        self.assertFalse(order.order_line.filtered("b2b_quantity_warning"))
        self.assertFalse(order.order_line.b2b_quantity_rule_id)

    def test_rules_of_another_company_do_not_apply(self):
        other_company = self.env["res.company"].create({"name": "B2B Other Co"})
        self._create_quantity_rule(self.chairs, min_qty=10, company_id=other_company.id)
        line = self._create_order([(self.chairs, 1)]).order_line
        self.assertFalse(line.b2b_quantity_rule_id)
        self.assertFalse(line.b2b_quantity_warning)

    # --- access ----------------------------------------------------------------------

    def test_salesperson_reads_rules_and_sees_warnings_but_cannot_edit(self):
        rules = self.env["b2b.quantity.rule"].with_user(self.salesman)
        self.assertEqual(
            rules.search([("product_tmpl_id", "=", self.paper.product_tmpl_id.id)]),
            self.paper_rule_all | self.paper_rule_gold,
        )
        with self.assertRaises(AccessError):
            rules.create(
                {"product_tmpl_id": self.pens.product_tmpl_id.id, "min_qty": 2}
            )
        with self.assertRaises(AccessError):
            self.paper_rule_all.with_user(self.salesman).min_qty = 1
        with self.assertRaises(AccessError):
            self.paper_rule_all.with_user(self.salesman).unlink()
        order = self._create_order([(self.paper, 7)], user_id=self.salesman.id)
        self.assertIn(
            "Suggested quantity: 20",
            order.with_user(self.salesman).order_line.b2b_quantity_warning,
        )

    def test_sales_manager_edits_rules(self):
        rules = self.env["b2b.quantity.rule"].with_user(self.sales_manager)
        rule = rules.create(
            {"product_tmpl_id": self.pens.product_tmpl_id.id, "min_qty": 2}
        )
        rule.qty_multiple = 2
        rule.unlink()

    def test_multi_company_record_rule(self):
        other_company = self.env["res.company"].create({"name": "B2B Other Co"})
        foreign = self._create_quantity_rule(
            self.chairs, min_qty=10, company_id=other_company.id
        )
        self.sales_manager.company_ids |= other_company
        rules = self.env["b2b.quantity.rule"].with_user(self.sales_manager)
        current_company_only = rules.with_context(
            allowed_company_ids=[self.env.company.id]
        ).search([])
        self.assertNotIn(foreign, current_company_only)
        self.assertIn(self.paper_rule_gold, current_company_only)
        both = rules.with_context(
            allowed_company_ids=[self.env.company.id, other_company.id]
        ).search([])
        self.assertIn(foreign, both)
