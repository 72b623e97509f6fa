# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestLoyaltyWithBulkDiscounts(B2bCommon):
    """Odoo's coupons and promotions keep working beside bulk discounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).active = False
        cls.code_program = cls.env["loyalty.program"].create(
            {
                "name": "10% coupon code",
                "program_type": "promo_code",
                "trigger": "with_code",
                "rule_ids": [Command.create({"mode": "with_code", "code": "B2B10"})],
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

    def _apply_code(self, order, code):
        status = order._try_apply_code(code)
        self.assertNotIn("error", status)
        for coupon, rewards in status.items():
            order._apply_program_reward(rewards, coupon)

    def _create_gold_promotion(self):
        return self.env["loyalty.program"].create(
            {
                "name": "Gold: 5 euros off",
                "program_type": "promotion",
                "trigger": "auto",
                "b2b_tier_ids": [Command.set(self.tier_gold.ids)],
                "rule_ids": [Command.create({"minimum_qty": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 5,
                            "discount_mode": "per_order",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )

    def test_coupon_code_on_top_of_bulk_discount(self):
        self._create_rule("Paper by the box", "line_qty", [(10, 10)])
        order = self._create_order([(self.paper, 20)])
        self.assertAlmostEqual(order.amount_untaxed, 180, msg="20 x 10 - 10%")
        self._apply_code(order, "B2B10")
        reward_line = order.order_line.filtered("is_reward_line")
        self.assertTrue(reward_line)
        self.assertFalse(reward_line.b2b_discount_rule_id)
        self.assertEqual(reward_line.discount, 0)
        self.assertAlmostEqual(reward_line.price_subtotal, -18)
        self.assertAlmostEqual(order.amount_untaxed, 162)
        self.assertAlmostEqual(order.amount_total, 162)
        self.assertEqual(order.order_line.filtered("product_id.sale_ok").discount, 10)

    def test_reward_line_does_not_count_in_order_amount(self):
        self._create_rule("Large orders", "order_amount", [(200, 2)])
        order = self._create_order([(self.paper, 20)])
        self.assertEqual(order.order_line.discount, 2)
        self._apply_code(order, "B2B10")
        paper_line = order.order_line.filtered(lambda line: not line.is_reward_line)
        self.assertEqual(paper_line.discount, 2, "the coupon does not undo the rule")

    def test_program_limited_to_tiers(self):
        promotion = self._create_gold_promotion()
        gold_order = self._create_order([(self.paper, 1)])
        silver_order = self._create_order(
            [(self.paper, 1)],
            partner=self._create_customer("Silverline", self.tier_silver),
        )
        for order in gold_order | silver_order:
            order._update_programs_and_rewards()
            for coupon, rewards in order._get_claimable_rewards().items():
                for reward in rewards:
                    order._apply_program_reward(reward, coupon)
        self.assertIn(promotion, gold_order.order_line.reward_id.program_id)
        self.assertFalse(silver_order.order_line.filtered("is_reward_line"))
