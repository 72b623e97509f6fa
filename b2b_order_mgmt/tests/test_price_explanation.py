# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged

from ..order_entry import parser
from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestPriceExplanation(B2bCommon):
    """What a line's price is made of, as the sales rep and the customer read
    it: the steps with their savings, next discounts a person can order, no
    internal name for the customer, numbers in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist_b2b.item_ids = [
            Command.create(
                {
                    "applied_on": "3_global",
                    "compute_price": "percentage",
                    "percent_price": 12,
                }
            )
        ]
        cls.unit_uom = cls.env.ref("uom.product_uom_unit")
        cls.whole_units = cls.env["uom.uom"].create(
            {
                "name": "Boxes",
                "category_id": cls.unit_uom.category_id.id,
                "uom_type": "bigger",
                "factor_inv": 1.0,
                "rounding": 1.0,
            }
        )
        cls.boxes = cls._create_product(
            "B2B Boxes",
            20.0,
            cls.categ_office,
            uom_id=cls.whole_units.id,
            uom_po_id=cls.whole_units.id,
            default_code="T-BOX",
        )
        cls.volume = cls._create_rule(
            "Paper internal name",
            "line_qty",
            [(50, 5), (100, 8)],
            product_tmpl_ids=[Command.set(cls.paper.product_tmpl_id.ids)],
            customer_label="Volume discount",
        )

    def _line(self, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    def test_customer_reads_no_internal_name(self):
        order = self._create_order([(self.paper, 60)])
        line = order.order_line
        back_office = line.b2b_price_explanation
        self.assertIn("Paper internal name", back_office)
        self.assertIn(self.pricelist_b2b.name, back_office)
        customer = line._b2b_explain_price(for_customer=True)
        self.assertEqual(
            customer,
            "Your price: 12% off the list price. Volume discount: 5% from 50 Units. "
            "Total discount: 16.4%.",
        )
        self.assertNotIn("internal", customer)
        self.assertNotIn(self.pricelist_b2b.name, customer)

    def test_numbers_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["b2b_order_mgmt"], ["fr_FR"], overwrite=True
        )
        order = self._create_order([(self.paper, 60)])
        line = order.order_line.with_context(lang="fr_FR")
        explanation = line._b2b_explain_price(for_customer=True)
        self.assertIn("16,4", explanation)
        self.assertNotIn("16.4", explanation)
        self.assertNotIn("e+", explanation)

    def test_the_line_hint_rounds_up_to_what_can_be_ordered(self):
        rule = self._create_rule(
            "Boxes by ten",
            "line_qty",
            [(10.5, 6)],
            product_tmpl_ids=[Command.set(self.boxes.product_tmpl_id.ids)],
        )
        order = self._create_order([(self.boxes, 3)])
        # 7.5 boxes are missing: the customer is told 8, never a fraction.
        self.assertIn(
            "Order 8 Boxes more to get 6%", order.order_line.b2b_next_tier_hint
        )
        self.env["b2b.quantity.rule"].create(
            {"product_tmpl_id": self.boxes.product_tmpl_id.id, "qty_multiple": 5}
        )
        order.order_line.invalidate_recordset()
        self.assertIn(
            "Order 12 Boxes more", order.order_line.b2b_next_tier_hint, "up to 15 boxes"
        )
        self.assertTrue(rule)

    def test_order_level_hint_once_near_the_totals(self):
        self._create_rule("Large orders", "order_amount", [(1000, 3)])
        order = self._create_order([(self.paper, 10), (self.pens, 10)])
        self.assertEqual(
            order.b2b_next_discount_hint.count("to get 3% on the whole order"), 1
        )
        self.assertFalse(
            any(
                "whole order" in (hint or "")
                for hint in order.order_line.mapped("b2b_next_tier_hint")
            ),
            "not repeated on every line",
        )

    def test_mix_rule_counts_two_dozen_as_24_units(self):
        self._create_rule(
            "Office mix",
            "mix_qty",
            [(30, 4)],
            categ_ids=[Command.set(self.categ_office.ids)],
        )
        order = self._create_order([(self.pens, 7)])
        self.assertEqual(order.order_line.discount, 12, "the price list only")
        order.order_line = [
            Command.create(
                {
                    "product_id": self.paper.id,
                    "product_uom_qty": 2,
                    "product_uom": self.env.ref("uom.product_uom_dozen").id,
                }
            )
        ]
        # 7 + 24 = 31 office products: the mix rule applies to both lines.
        self.assertEqual(order.order_line.mapped("b2b_rule_discount"), [4.0, 4.0])

    def test_price_story_from_list_price_to_net(self):
        order = self._create_order([(self.paper, 60)])
        story = order.order_line.b2b_get_price_story()
        self.assertEqual(
            [step["kind"] for step in story["steps"]],
            ["list", "pricelist", "rule", "net"],
        )
        list_step, pricelist_step, rule_step, net_step = story["steps"]
        self.assertEqual(list_step["unit_price"], 10.0)
        self.assertAlmostEqual(pricelist_step["unit_price"], 8.8)
        self.assertAlmostEqual(pricelist_step["saving"], 72.0)
        # The rule's discount is the step's detail, not repeated in its label.
        self.assertIn("Volume discount from 50 Units (rule", rule_step["label"])
        self.assertNotIn("%", rule_step["label"])
        self.assertEqual(rule_step["detail"], "-5%")
        self.assertAlmostEqual(rule_step["saving"], 26.4)
        self.assertAlmostEqual(net_step["unit_price"], 8.36)
        self.assertAlmostEqual(story["total_saving"], order.b2b_amount_saved)
        self.assertIn("Order 40 Units more to get 8%", story["next_tier_hint"])

    def test_price_story_shows_the_coupon_share(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Ten off everything",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "rule_ids": [Command.create({})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        order = self._create_order([(self.paper, 60), (self.pens, 10)])
        order._update_programs_and_rewards()
        order._apply_program_reward(
            program.reward_ids, order.coupon_point_ids.coupon_id
        )
        story = self._line(order, self.paper).b2b_get_price_story()
        coupon = [step for step in story["steps"] if step["kind"] == "coupon"]
        self.assertEqual([step["label"] for step in coupon], ["Ten off everything"])
        self.assertAlmostEqual(coupon[0]["saving"], 60 * 8.36 * 0.1, places=1)

    def test_price_story_of_a_discount_typed_by_hand(self):
        order = self._create_order([(self.paper, 60)])
        line = order.order_line
        line.discount = 20
        story = line.b2b_get_price_story()
        # The typed discount replaces the price list's and the rule's.
        self.assertEqual(
            [step["kind"] for step in story["steps"]], ["list", "typed", "net"]
        )
        typed = story["steps"][1]
        self.assertEqual(typed["detail"], "-20%")
        self.assertAlmostEqual(typed["unit_price"], 8.0)
        self.assertAlmostEqual(typed["saving"], 120.0)
        self.assertAlmostEqual(story["total_saving"], 120.0)

    def test_quick_entry_refuses_a_fraction_of_a_whole_unit(self):
        order = self._create_order([])
        check, lines = order._b2b_quick_order_import(
            parser.parse_text("T-BOX 2.5\nT-BOX 3")
        )
        refused, added = check.rows
        self.assertEqual(refused.status, "rejected")
        self.assertIn("order 2 or 3, not 2.5", refused.message)
        self.assertEqual(added.status, "add")
        self.assertEqual(lines.product_uom_qty, 3)
