# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestBulkDiscount(B2bCommon):
    """Bulk-discount rules applied to quotations, through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_customer_silver = cls._create_customer("Silverline", cls.tier_silver)
        cls.untiered_customer = cls._create_customer("Walk-in Trading")

    def _line(self, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    # --- bases -------------------------------------------------------------

    def test_line_qty_highest_threshold_reached(self):
        rule = self._create_rule(
            "Office by the box",
            "line_qty",
            [(10, 5), (50, 10)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order(
            [(self.paper, 9), (self.pens, 10), (self.chairs, 60)]
        )
        self.assertEqual(self._line(order, self.paper).discount, 0)
        self.assertEqual(self._line(order, self.pens).discount, 5)
        self.assertEqual(self._line(order, self.pens).b2b_discount_rule_id, rule)
        self.assertEqual(
            self._line(order, self.chairs).discount, 0, "chairs are out of scope"
        )
        self._line(order, self.paper).product_uom_qty = 75
        self.assertEqual(self._line(order, self.paper).discount, 10)
        self.assertEqual(
            self._line(order, self.paper).b2b_discount_threshold_id.min_value, 50
        )

    def test_child_category_in_scope_of_parent(self):
        self._create_rule(
            "Office",
            "line_qty",
            [(10, 5)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order([(self.paper, 10)])
        self.assertEqual(order.order_line.discount, 5, "Paper is a child of Office")

    def test_product_scope(self):
        self._create_rule(
            "Pens only",
            "line_qty",
            [(10, 5)],
            product_tmpl_ids=[Command.set(self.pens.product_tmpl_id.ids)],
        )
        order = self._create_order([(self.paper, 100), (self.pens, 100)])
        self.assertEqual(self._line(order, self.paper).discount, 0)
        self.assertEqual(self._line(order, self.pens).discount, 5)

    def test_mix_qty_sums_lines_in_scope(self):
        self._create_rule(
            "Office mix",
            "mix_qty",
            [(30, 4)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order(
            [(self.paper, 20), (self.pens, 5), (self.chairs, 100)]
        )
        self.assertEqual(order.order_line.mapped("discount"), [0, 0, 0])
        self._line(order, self.pens).product_uom_qty = 15
        self.assertEqual(self._line(order, self.paper).discount, 4)
        self.assertEqual(self._line(order, self.pens).discount, 4)
        self.assertEqual(self._line(order, self.chairs).discount, 0)

    def test_mix_qty_added_and_removed_lines_update_siblings(self):
        self._create_rule(
            "Office mix",
            "mix_qty",
            [(30, 4)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order([(self.paper, 20)])
        self.assertEqual(order.order_line.discount, 0)
        order.order_line = [
            Command.create({"product_id": self.pens.id, "product_uom_qty": 10})
        ]
        self.assertEqual(order.order_line.mapped("discount"), [4, 4])
        self._line(order, self.pens).unlink()
        self.assertEqual(order.order_line.discount, 0)

    def test_order_amount_before_bulk_discounts(self):
        self._create_rule("Large orders", "order_amount", [(1000, 2)])
        order = self._create_order([(self.chairs, 9), (self.paper, 5)])
        self.assertEqual(order.amount_untaxed, 950)
        self.assertEqual(order.order_line.mapped("discount"), [0, 0])
        self._line(order, self.paper).product_uom_qty = 10
        self.assertEqual(order.order_line.mapped("discount"), [2, 2])
        self.assertAlmostEqual(order.amount_untaxed, 1000 * 0.98)

    def test_quantities_counted_in_product_uom(self):
        self._create_rule(
            "Office",
            "line_qty",
            [(12, 5)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order([(self.paper, 1)])
        order.order_line.product_uom = self.env.ref("uom.product_uom_dozen")
        self.assertEqual(order.order_line.discount, 5, "1 dozen = 12 units")

    # --- customers, dates, companies -----------------------------------------

    def test_customer_and_tier_scope(self):
        self._create_rule(
            "Silver only",
            "line_qty",
            [(1, 5)],
            tier_ids=[Command.set(self.tier_silver.ids)],
        )
        self._create_rule(
            "Walk-in deal",
            "line_qty",
            [(1, 3)],
            partner_ids=[Command.set(self.untiered_customer.ids)],
        )
        gold_order = self._create_order([(self.paper, 10)])
        silver_order = self._create_order(
            [(self.paper, 10)], partner=self.tier_customer_silver
        )
        walk_in_order = self._create_order(
            [(self.paper, 10)], partner=self.untiered_customer
        )
        self.assertEqual(gold_order.order_line.discount, 0)
        self.assertEqual(silver_order.order_line.discount, 5)
        self.assertEqual(walk_in_order.order_line.discount, 3)

    def test_rule_without_customer_scope_needs_a_tier(self):
        self._create_rule("Everyone tiered", "line_qty", [(1, 5)])
        self.assertEqual(self._create_order([(self.paper, 1)]).order_line.discount, 5)
        walk_in_order = self._create_order(
            [(self.paper, 1)], partner=self.untiered_customer
        )
        self.assertEqual(walk_in_order.order_line.discount, 0)

    def test_contact_orders_use_company_tier(self):
        self._create_rule(
            "Gold", "line_qty", [(1, 5)], tier_ids=[Command.set(self.tier_gold.ids)]
        )
        order = self._create_order([(self.paper, 1)], partner=self.customer_contact)
        self.assertEqual(order.order_line.discount, 5)

    def test_customer_change_recomputes(self):
        self._create_rule(
            "Silver only",
            "line_qty",
            [(1, 5)],
            tier_ids=[Command.set(self.tier_silver.ids)],
        )
        order = self._create_order([(self.paper, 10)])
        self.assertEqual(order.order_line.discount, 0)
        order.partner_id = self.tier_customer_silver
        self.assertEqual(order.order_line.discount, 5)

    def test_validity_dates_against_order_date(self):
        today = fields.Date.today()
        self._create_rule(
            "Spring campaign",
            "line_qty",
            [(1, 5)],
            date_start=today - timedelta(days=10),
            date_end=today - timedelta(days=1),
        )
        order = self._create_order([(self.paper, 1)])
        self.assertEqual(order.order_line.discount, 0, "the campaign ended yesterday")
        order.date_order = fields.Datetime.now() - timedelta(days=5)
        self.assertEqual(order.order_line.discount, 5)
        order.date_order = fields.Datetime.now() - timedelta(days=12)
        self.assertEqual(order.order_line.discount, 0)

    def test_rule_of_another_company_ignored(self):
        other_company = self.env["res.company"].create({"name": "B2B Other Company"})
        self._create_rule(
            "Elsewhere", "line_qty", [(1, 5)], company_id=other_company.id
        )
        self.assertEqual(self._create_order([(self.paper, 1)]).order_line.discount, 0)

    def test_archived_rule_ignored(self):
        rule = self._create_rule("Old", "line_qty", [(1, 5)])
        rule.active = False
        self.assertEqual(self._create_order([(self.paper, 1)]).order_line.discount, 0)

    # --- several rules, price lists --------------------------------------------

    def test_best_rule_for_customer_wins_ties_by_sequence(self):
        self._create_rule("Five", "line_qty", [(1, 5)], sequence=1)
        eight = self._create_rule("Eight", "line_qty", [(1, 8)], sequence=5)
        eight_bis = self._create_rule("Eight again", "line_qty", [(1, 8)], sequence=9)
        order = self._create_order([(self.paper, 1)])
        self.assertEqual(order.order_line.discount, 8)
        self.assertEqual(order.order_line.b2b_discount_rule_id, eight)
        eight.sequence = 10
        order.action_b2b_apply_discount_rules()
        self.assertEqual(order.order_line.b2b_discount_rule_id, eight_bis)

    def test_combines_with_pricelist_discount(self):
        self.pricelist_b2b.item_ids = [
            Command.create(
                {
                    "applied_on": "3_global",
                    "compute_price": "percentage",
                    "percent_price": 10,
                }
            )
        ]
        self._create_rule("Five", "line_qty", [(1, 5)])
        order = self._create_order([(self.paper, 10)])
        self.assertEqual(order.pricelist_id, self.pricelist_b2b)
        line = order.order_line
        self.assertEqual(line.price_unit, 10)
        self.assertAlmostEqual(line.discount, 14.5, msg="1 - 0.9 * 0.95")
        self.assertEqual(line.b2b_rule_discount, 5)
        self.assertAlmostEqual(line.price_subtotal, 85.5)
        self.assertIn("Price list", line.b2b_price_explanation)
        self.assertIn("Five", line.b2b_price_explanation)

    # --- confirmation, typed discounts, buttons --------------------------------

    def test_never_recomputed_after_confirmation(self):
        rule = self._create_rule("Five", "line_qty", [(10, 5), (20, 10)])
        order = self._create_order([(self.paper, 10)])
        order.action_confirm()
        order.order_line.product_uom_qty = 25
        self.assertEqual(order.order_line.discount, 5)
        rule.threshold_ids[0].discount = 7
        order.partner_id = self.tier_customer_silver
        self.assertEqual(order.order_line.discount, 5)

    def test_typed_discount_locks_the_line(self):
        self._create_rule("Five", "line_qty", [(10, 5), (20, 10)])
        order = self._create_order([(self.paper, 10), (self.pens, 10)])
        typed = self._line(order, self.paper)
        typed.discount = 12
        self.assertTrue(typed.b2b_discount_locked)
        self.assertFalse(self._line(order, self.pens).b2b_discount_locked)
        order.order_line.product_uom_qty = 30
        self.assertEqual(typed.discount, 12, "rules never overwrite a typed discount")
        self.assertEqual(self._line(order, self.pens).discount, 10)
        self.assertIn("typed by hand", typed.b2b_price_explanation)
        self.assertFalse(typed.b2b_next_tier_hint)

    def test_apply_rules_button_unlocks_every_line(self):
        self._create_rule("Five", "line_qty", [(10, 5)])
        order = self._create_order([(self.paper, 10)])
        order.order_line.discount = 12
        order.action_b2b_apply_discount_rules()
        self.assertEqual(order.order_line.discount, 5)
        self.assertFalse(order.order_line.b2b_discount_locked)

    def test_update_prices_resets_typed_discounts(self):
        self._create_rule("Five", "line_qty", [(10, 5)])
        order = self._create_order([(self.paper, 10)])
        order.order_line.discount = 12
        order.action_update_prices()
        self.assertEqual(order.order_line.discount, 5)

    def test_discount_given_at_creation_is_the_price_list_share(self):
        # As Odoo does for a price given with the line (technical_price_unit):
        # an optional product, a template line or an import is not typed.
        self._create_rule("Five", "line_qty", [(1, 5)])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.paper.id,
                            "product_uom_qty": 5,
                            "discount": 20,
                        }
                    )
                ],
            }
        )
        self.assertAlmostEqual(order.order_line.discount, 24)
        self.assertFalse(order.order_line.b2b_discount_locked)
        # Written afterwards, it is typed: the rules leave it alone.
        order.order_line.discount = 20
        self.assertTrue(order.order_line.b2b_discount_locked)
        order.order_line.product_uom_qty = 6
        self.assertEqual(order.order_line.discount, 20)

    def test_rewards_sections_and_notes_untouched(self):
        self._create_rule("Five", "line_qty", [(1, 5)])
        order = self._create_order([(self.paper, 10)])
        order.order_line = [
            Command.create({"display_type": "line_section", "name": "Section"}),
            Command.create({"display_type": "line_note", "name": "A note"}),
        ]
        sections = order.order_line.filtered("display_type")
        self.assertEqual(sections.mapped("discount"), [0, 0])
        self.assertFalse(sections.b2b_discount_rule_id)

    # --- what the salesperson reads ----------------------------------------------

    def test_next_tier_hint_and_explanation(self):
        self._create_rule("Paper steps", "line_qty", [(10, 5), (50, 10)])
        order = self._create_order([(self.paper, 30)])
        line = order.order_line
        self.assertIn("Paper steps", line.b2b_price_explanation)
        self.assertIn("5%", line.b2b_price_explanation)
        # 20 more units: 50 x 10.00 x (10% - 5%) = 25.00
        self.assertIn("Order 20 Units more to get 10%", line.b2b_next_tier_hint)
        self.assertIn("25.00", line.b2b_next_tier_hint)
        line.product_uom_qty = 50
        self.assertFalse(line.b2b_next_tier_hint, "top threshold reached")

    def test_total_saved(self):
        self._create_rule("Five", "line_qty", [(10, 5)])
        order = self._create_order(
            [(self.paper, 10), (self.chairs, 10), (self.pens, 1)]
        )
        self.assertAlmostEqual(order.b2b_amount_saved, 100 * 0.05 + 1000 * 0.05)

    # --- the quotation form ------------------------------------------------------

    def test_form_updates_siblings_and_keeps_typed_discount(self):
        self._create_rule(
            "Office mix",
            "mix_qty",
            [(30, 4)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        with Form(self.env["sale.order"]) as order_form:
            order_form.partner_id = self.customer
            with order_form.order_line.new() as line_form:
                line_form.product_id = self.paper
                line_form.product_uom_qty = 20
            with order_form.order_line.new() as line_form:
                line_form.product_id = self.pens
                line_form.product_uom_qty = 5
            self.assertEqual(order_form.order_line.edit(0).discount, 0)
            with order_form.order_line.edit(1) as line_form:
                line_form.product_uom_qty = 15
            self.assertEqual(order_form.order_line.edit(0).discount, 4)
        order = order_form.record
        self.assertEqual(order.order_line.mapped("discount"), [4, 4])
        self.assertFalse(any(order.order_line.mapped("b2b_discount_locked")))

        with Form(order) as order_form, order_form.order_line.edit(0) as line_form:
            line_form.discount = 15
        self.assertEqual(order.order_line[0].discount, 15)
        self.assertTrue(order.order_line[0].b2b_discount_locked)
        with Form(order) as order_form, order_form.order_line.edit(1) as line_form:
            line_form.product_uom_qty = 1
        self.assertEqual(order.order_line.mapped("discount"), [15, 0])
