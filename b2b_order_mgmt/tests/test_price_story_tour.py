# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestPriceStoryTour(HttpCase, B2bCommon):
    """The price story of a quotation line, one click on its icon in the
    quotation form."""

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
        cls._create_rule(
            "Paper internal name",
            "line_qty",
            [(50, 5), (100, 8)],
            product_tmpl_ids=[Command.set(cls.paper.product_tmpl_id.ids)],
            customer_label="Volume discount",
        )
        cls.program = cls.env["loyalty.program"].create(
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
        cls.order = cls._create_order(
            [(cls.paper, 60), (cls.pens, 10)], user_id=cls.salesman.id
        )
        cls.order._update_programs_and_rewards()
        cls.order._apply_program_reward(
            cls.program.reward_ids, cls.order.coupon_point_ids.coupon_id
        )

    def test_price_story_in_the_quotation_form(self):
        lines = self.order.order_line
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}",
            "b2b_order_mgmt_price_story",
            login=self.salesman.login,
        )
        self.assertEqual(self.order.order_line, lines, "the added line was discarded")
