# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.sale.models.sale_order_line import SaleOrderLine

from .common import B2bCommon


@tagged("post_install", "-at_install")
class TestPricingStep(B2bCommon):
    """The bulk-discount rules are one step of the order, run once after its
    lines change; Odoo's own per-line discount stays Odoo's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._create_rule(
            "Paper by the box",
            "line_qty",
            [(10, 5), (20, 10)],
            product_tmpl_ids=[Command.set(cls.paper.product_tmpl_id.ids)],
        )
        cls.mix = cls._create_rule(
            "Office mix",
            "mix_qty",
            [(30, 4)],
            categ_ids=[Command.set(cls.categ_office.ids)],
        )

    def test_confirming_leaves_the_discounts_alone(self):
        order = self._create_order([(self.paper, 10), (self.pens, 25)])
        discounts = order.order_line.mapped("discount")
        with patch.object(SaleOrderLine, "_compute_discount") as odoo_compute:
            order.action_confirm()
            order.order_line.flush_recordset(["discount"])
        odoo_compute.assert_not_called()
        self.assertEqual(order.order_line.mapped("discount"), discounts)

    def test_confirmed_line_explains_the_threshold_it_got(self):
        order = self._create_order([(self.paper, 10)])
        order.action_confirm()
        line = order.order_line
        self.assertIn("5% from 10 Units", line.b2b_price_explanation)
        # The rule changes afterwards: the confirmed line does not.
        self.rule.threshold_ids.filtered(lambda t: t.min_value == 10).write(
            {"discount": 20}
        )
        line.invalidate_recordset()
        self.assertEqual(line.discount, 5)
        self.assertIn("5% from 10 Units", line.b2b_price_explanation)
        self.assertNotIn("20%", line.b2b_price_explanation)

    def test_lines_without_order_are_left_alone(self):
        """Quotation template options and combo items are order lines without
        an order while the form is edited: choosing a template with options
        crashed (Expected singleton: sale.order())."""
        template = self.env["sale.order.template"].create(
            {
                "name": "Office starter",
                "sale_order_template_line_ids": [
                    Command.create({"product_id": self.paper.id, "product_uom_qty": 10})
                ],
                "sale_order_template_option_ids": [
                    Command.create({"product_id": self.pens.id, "quantity": 30})
                ],
            }
        )
        with Form(self.env["sale.order"]) as order_form:
            order_form.partner_id = self.customer
            order_form.sale_order_template_id = template
        order = order_form.record
        self.assertEqual(order.order_line.discount, 5)
        self.assertEqual(order.sale_order_option_ids.product_id, self.pens)

    def test_an_optional_product_added_is_not_typed(self):
        order = self._create_order([(self.paper, 10)])
        option = self.env["sale.order.option"].create(
            {
                "order_id": order.id,
                "product_id": self.chairs.id,
                "quantity": 15,
                "discount": 0,
            }
        )
        option.button_add_to_order()
        added = order.order_line - order.order_line[0]
        self.assertFalse(added.b2b_discount_locked)
        chairs_rule = self._create_rule("Chairs", "line_qty", [(20, 8)])
        added.product_uom_qty = 20
        self.assertEqual(added.b2b_discount_rule_id, chairs_rule)
        self.assertEqual(added.discount, 8, "the rules still apply to it")

    def test_one_step_per_order_whatever_its_lines(self):
        """Rules are read once per change of an order, never per line: adding
        a line costs the same queries to an order of 2 lines and of 20."""

        def queries_to_add_a_line(size):
            # Below the mix rule's 30 either way: only the new line changes.
            order = self._create_order(
                [(self.paper, 5)] + [(self.pens, 1)] * (size - 1)
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            order.order_line = [
                Command.create({"product_id": self.pens.id, "product_uom_qty": 1})
            ]
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries_to_add_a_line(2), queries_to_add_a_line(20))

    def test_mix_rule_follows_each_edit_once(self):
        order = self._create_order([(self.paper, 10), (self.pens, 10)])
        self.assertEqual(order.order_line.b2b_discount_rule_id, self.rule)
        pens = order.order_line.filtered(lambda line: line.product_id == self.pens)
        step_method = type(order)._b2b_apply_discount_rules
        with patch.object(
            type(order),
            "_b2b_apply_discount_rules",
            autospec=True,
            side_effect=step_method,
        ) as step:
            pens.product_uom_qty = 25
        self.assertEqual(step.call_count, 1)
        self.assertEqual(pens.discount, 4, "35 office products: the mix rule")

    def test_customer_losing_its_tier_loses_the_rules(self):
        order = self._create_order([(self.paper, 10)])
        self.assertEqual(order.order_line.discount, 5)
        order.partner_id = self._create_customer("Walk-in Trading")
        self.assertFalse(order.b2b_is_b2b_order)
        self.assertEqual(order.order_line.discount, 0)
        self.assertFalse(order.order_line.b2b_discount_rule_id)
