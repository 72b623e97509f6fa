# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Unit tests of the quantity-rule arithmetic (no ORM)."""

from odoo.tests import BaseCase, tagged

from odoo.addons.b2b_order_mgmt.order_entry import quantity


@tagged("post_install", "-at_install")
class TestQuantityArithmetic(BaseCase):
    def test_rounded_up_to_the_next_multiple(self):
        self.assertEqual(quantity.suggest_quantity(7, multiple=6), 12)
        self.assertEqual(quantity.suggest_quantity(12, multiple=6), 12)
        self.assertEqual(quantity.suggest_quantity(13, multiple=6), 18)

    def test_at_least_the_minimum_then_a_multiple(self):
        self.assertEqual(quantity.suggest_quantity(3, minimum=10), 10)
        self.assertEqual(quantity.suggest_quantity(11, minimum=10), 11)
        self.assertEqual(quantity.suggest_quantity(3, minimum=10, multiple=6), 12)
        self.assertEqual(quantity.suggest_quantity(14, minimum=10, multiple=6), 18)

    def test_fractional_multiples_without_float_noise(self):
        self.assertEqual(quantity.suggest_quantity(1.2, multiple=0.5), 1.5)
        self.assertEqual(quantity.suggest_quantity(0.3, multiple=0.1), 0.3)
        self.assertTrue(quantity.is_valid_quantity(0.1 + 0.2, multiple=0.1))
        self.assertTrue(quantity.is_valid_quantity(2.25, multiple=0.75))
        self.assertEqual(
            quantity.suggest_quantity(0.7, multiple=0.25, rounding=0.001), 0.75
        )

    def test_unit_rounding(self):
        self.assertEqual(quantity.suggest_quantity(7, multiple=6, rounding=1), 12)
        self.assertFalse(quantity.is_valid_quantity(7, multiple=6, rounding=1))

    def test_nothing_ordered_is_valid(self):
        self.assertTrue(quantity.is_valid_quantity(0, minimum=10, multiple=6))
        self.assertEqual(quantity.suggest_quantity(0, minimum=10), 0)

    def test_no_rule_terms(self):
        self.assertTrue(quantity.is_valid_quantity(7.25))
        self.assertEqual(quantity.suggest_quantity(7.25), 7.25)
