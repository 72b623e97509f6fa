# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Unit tests of the quantity-rule arithmetic (no ORM)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.b2b_order_mgmt.order_entry import quantity

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, derandomize=True, database=None
)
ROUNDINGS = (1.0, 0.1, 0.01, 0.001)


@st.composite
def rules(draw):
    """A unit's rounding, and a minimum and a multiple in whole steps of it
    (as the unit of measure's precision stores them), either one maybe 0."""
    rounding = draw(st.sampled_from(ROUNDINGS))
    minimum = draw(st.integers(0, 5000)) * rounding
    multiple = draw(st.integers(0, 500)) * rounding
    quantity = draw(st.integers(1, 10000)) * rounding
    return quantity, minimum, multiple, rounding


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

    @PROPERTY_SETTINGS
    @given(rules())
    def test_suggestion_is_valid_never_lower_and_the_least_valid(self, rule):
        qty, minimum, multiple, rounding = rule
        suggested = quantity.suggest_quantity(qty, minimum, multiple, rounding)
        half_step = rounding / 2
        self.assertGreater(suggested, qty - half_step)
        self.assertGreater(suggested, minimum - half_step)
        self.assertTrue(
            quantity.is_valid_quantity(suggested, minimum, multiple, rounding)
        )
        # The next valid quantity down, if any above the typed one, is not valid.
        below = suggested - (multiple or rounding)
        if below > qty + half_step:
            self.assertFalse(
                quantity.is_valid_quantity(below, minimum, multiple, rounding)
            )

    @PROPERTY_SETTINGS
    @given(rules())
    def test_a_valid_quantity_is_kept_as_it_is(self, rule):
        qty, minimum, multiple, rounding = rule
        if quantity.is_valid_quantity(qty, minimum, multiple, rounding):
            self.assertAlmostEqual(
                quantity.suggest_quantity(qty, minimum, multiple, rounding),
                qty,
                delta=rounding / 2,
            )
