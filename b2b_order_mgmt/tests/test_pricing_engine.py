# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Unit and property tests of the pure-Python bulk-discount engine (no ORM)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from odoo.addons.b2b_order_mgmt.pricing import engine

TODAY = datetime.date(2026, 3, 15)
CUSTOMER = 7
OTHER_CUSTOMER = 8
GOLD = 21
SILVER = 22

# Category tree: ALL > HARDWARE > SCREWS, and ALL > PAINTS.
ALL = 1
HARDWARE = 10
SCREWS = 11
PAINTS = 12
SCREW = 101
HAMMER = 102
PAINT = 103
# What the ORM side passes: the product's category and all its parents.
PRODUCT_CATEGORIES = {
    SCREW: frozenset({SCREWS, HARDWARE, ALL}),
    HAMMER: frozenset({HARDWARE, ALL}),
    PAINT: frozenset({PAINTS, ALL}),
}

LINE_QTY = engine.BASIS_LINE_QTY
MIX_QTY = engine.BASIS_MIX_QTY
ORDER_AMOUNT = engine.BASIS_ORDER_AMOUNT
SCOPE_FIELDS = ("product_tmpl_ids", "categ_ids", "partner_ids", "tier_ids")


def make_rule(rule_id, basis, steps, sequence=10, **fields):
    """A rule whose thresholds are (min_value, discount) pairs, ids rule_id*100+i."""
    thresholds = tuple(
        engine.Threshold(rule_id * 100 + index, min_value, discount)
        for index, (min_value, discount) in enumerate(steps)
    )
    for name in SCOPE_FIELDS:
        fields[name] = frozenset(fields.get(name, ()))
    return engine.Rule(
        id=rule_id,
        sequence=sequence,
        basis=basis,
        thresholds=thresholds,
        **fields,
    )


def make_line(key, product=SCREW, quantity=1.0, unit_price=10.0, **fields):
    return engine.Line(
        key=key,
        product_tmpl_id=product,
        categ_ids=PRODUCT_CATEGORIES[product],
        quantity=quantity,
        unit_price=unit_price,
        **fields,
    )


def make_order(partner_id=CUSTOMER, tier_id=GOLD, date=TODAY, amount_rate=1.0):
    return engine.OrderContext(
        partner_id=partner_id, tier_id=tier_id, date=date, amount_rate=amount_rate
    )


def compute(lines, rules, order=None):
    return engine.compute_discounts(order or make_order(), lines, rules)


@tagged("post_install", "-at_install")
class TestPricingEngine(BaseCase):
    def assertNoRule(self, result, discount=0.0):
        self.assertIsNone(result.rule_id)
        self.assertIsNone(result.threshold_id)
        self.assertEqual(result.rule_discount, 0.0)
        self.assertEqual(result.discount, discount)
        self.assertEqual(result.basis_value, 0.0)

    def assertRule(self, result, rule_id, threshold_id, rule_discount, basis_value):
        self.assertEqual(result.rule_id, rule_id)
        self.assertEqual(result.threshold_id, threshold_id)
        self.assertEqual(result.rule_discount, rule_discount)
        self.assertAlmostEqual(result.basis_value, basis_value)

    # --- Customer scope and validity -------------------------------------------

    def test_rule_without_customers_is_for_tiered_customers_only(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)])
        self.assertTrue(engine.rule_applies_to_order(rule, make_order(tier_id=GOLD)))
        self.assertTrue(engine.rule_applies_to_order(rule, make_order(tier_id=SILVER)))
        self.assertFalse(engine.rule_applies_to_order(rule, make_order(tier_id=None)))
        # An empty many2one's id, as the ORM could pass it.
        self.assertFalse(engine.rule_applies_to_order(rule, make_order(tier_id=False)))

    def test_untiered_customer_gets_no_discount_from_a_rule_for_all(self):
        lines = [make_line("a", quantity=5)]
        rules = [make_rule(1, LINE_QTY, [(1, 5)])]
        self.assertNoRule(compute(lines, rules, make_order(tier_id=None))["a"])
        self.assertEqual(compute(lines, rules)["a"].rule_discount, 5)

    def test_rule_for_some_customers(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)], partner_ids={CUSTOMER})
        self.assertTrue(engine.rule_applies_to_order(rule, make_order()))
        # Listed customers need no tier.
        self.assertTrue(engine.rule_applies_to_order(rule, make_order(tier_id=None)))
        other = make_order(partner_id=OTHER_CUSTOMER)
        self.assertFalse(engine.rule_applies_to_order(rule, other))

    def test_rule_for_some_tiers(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)], tier_ids={GOLD})
        self.assertTrue(engine.rule_applies_to_order(rule, make_order(tier_id=GOLD)))
        self.assertFalse(engine.rule_applies_to_order(rule, make_order(tier_id=SILVER)))
        self.assertFalse(engine.rule_applies_to_order(rule, make_order(tier_id=None)))

    def test_customer_and_tier_scopes_add_up(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)], partner_ids={CUSTOMER}, tier_ids={GOLD})
        listed_untiered = make_order(partner_id=CUSTOMER, tier_id=None)
        gold = make_order(partner_id=OTHER_CUSTOMER, tier_id=GOLD)
        silver = make_order(partner_id=OTHER_CUSTOMER, tier_id=SILVER)
        self.assertTrue(engine.rule_applies_to_order(rule, listed_untiered))
        self.assertTrue(engine.rule_applies_to_order(rule, gold))
        self.assertFalse(engine.rule_applies_to_order(rule, silver))

    def test_validity_dates_are_inclusive(self):
        day = datetime.timedelta(days=1)
        rule = make_rule(1, LINE_QTY, [(1, 5)], date_start=TODAY, date_end=TODAY)
        self.assertTrue(engine.rule_applies_to_order(rule, make_order(date=TODAY)))
        yesterday = make_order(date=TODAY - day)
        tomorrow = make_order(date=TODAY + day)
        self.assertFalse(engine.rule_applies_to_order(rule, yesterday))
        self.assertFalse(engine.rule_applies_to_order(rule, tomorrow))

    def test_validity_dates_open_ends(self):
        far = datetime.timedelta(days=3650)
        day = datetime.timedelta(days=1)
        from_today = make_rule(1, LINE_QTY, [(1, 5)], date_start=TODAY)
        until_today = make_rule(2, LINE_QTY, [(1, 5)], date_end=TODAY)
        in_ten_years = make_order(date=TODAY + far)
        ten_years_ago = make_order(date=TODAY - far)
        self.assertTrue(engine.rule_applies_to_order(from_today, in_ten_years))
        self.assertFalse(engine.rule_applies_to_order(from_today, ten_years_ago))
        self.assertTrue(engine.rule_applies_to_order(until_today, ten_years_ago))
        self.assertFalse(
            engine.rule_applies_to_order(until_today, make_order(date=TODAY + day))
        )

    def test_expired_rule_gives_nothing(self):
        lines = [make_line("a", quantity=5)]
        rules = [make_rule(1, LINE_QTY, [(1, 5)], date_end=TODAY)]
        tomorrow = make_order(date=TODAY + datetime.timedelta(days=1))
        self.assertNoRule(compute(lines, rules, tomorrow)["a"])
        self.assertEqual(compute(lines, rules)["a"].rule_discount, 5)

    # --- Product scope ---------------------------------------------------------

    def test_rule_without_products_covers_every_product(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)])
        for product in (SCREW, HAMMER, PAINT):
            self.assertTrue(engine.rule_covers_line(rule, make_line("a", product)))

    def test_rule_on_products(self):
        rule = make_rule(1, LINE_QTY, [(1, 5)], product_tmpl_ids={SCREW})
        self.assertTrue(engine.rule_covers_line(rule, make_line("a", SCREW)))
        self.assertFalse(engine.rule_covers_line(rule, make_line("a", HAMMER)))

    def test_rule_on_parent_category_covers_child_category(self):
        on_hardware = make_rule(1, LINE_QTY, [(1, 5)], categ_ids={HARDWARE})
        on_screws = make_rule(2, LINE_QTY, [(1, 5)], categ_ids={SCREWS})
        self.assertTrue(engine.rule_covers_line(on_hardware, make_line("a", SCREW)))
        self.assertTrue(engine.rule_covers_line(on_hardware, make_line("a", HAMMER)))
        self.assertFalse(engine.rule_covers_line(on_hardware, make_line("a", PAINT)))
        # A rule on the child does not reach up to the parent's other products.
        self.assertTrue(engine.rule_covers_line(on_screws, make_line("a", SCREW)))
        self.assertFalse(engine.rule_covers_line(on_screws, make_line("a", HAMMER)))

    def test_product_and_category_scopes_add_up(self):
        rule = make_rule(
            1, LINE_QTY, [(1, 5)], product_tmpl_ids={PAINT}, categ_ids={SCREWS}
        )
        self.assertTrue(engine.rule_covers_line(rule, make_line("a", PAINT)))
        self.assertTrue(engine.rule_covers_line(rule, make_line("a", SCREW)))
        self.assertFalse(engine.rule_covers_line(rule, make_line("a", HAMMER)))

    def test_line_outside_product_scope_gets_nothing(self):
        lines = [make_line("screw", SCREW, 5), make_line("paint", PAINT, 5)]
        rules = [make_rule(1, LINE_QTY, [(1, 5)], categ_ids={HARDWARE})]
        results = compute(lines, rules)
        self.assertRule(results["screw"], 1, 100, 5, 5)
        self.assertNoRule(results["paint"])
        self.assertIsNone(results["paint"].next_tier)

    # --- Bases -----------------------------------------------------------------

    def test_line_qty_counts_the_line_alone(self):
        lines = [
            make_line("six", SCREW, 6),
            make_line("six too", SCREW, 6),
            make_line("ten", SCREW, 10),
        ]
        results = compute(lines, [make_rule(1, LINE_QTY, [(10, 5)])])
        self.assertNoRule(results["six"])
        self.assertNoRule(results["six too"])
        self.assertRule(results["ten"], 1, 100, 5, 10)

    def test_mix_qty_sums_the_covered_lines(self):
        lines = [
            make_line("screw", SCREW, 4),
            make_line("hammer", HAMMER, 7),
            make_line("paint", PAINT, 50),
        ]
        # Counting the paint too would reach the 60 threshold.
        rule = make_rule(1, MIX_QTY, [(10, 5), (60, 8)], categ_ids={HARDWARE})
        results = compute(lines, [rule])
        self.assertRule(results["screw"], 1, 100, 5, 11)
        self.assertRule(results["hammer"], 1, 100, 5, 11)
        self.assertNoRule(results["paint"])

    def test_order_amount_sums_all_lines_after_pricelist(self):
        lines = [
            make_line("screw", SCREW, 2, 100.0, pricelist_discount=10.0),  # 180
            make_line("paint", PAINT, 1, 50.0),  # 50
        ]
        rule = make_rule(1, ORDER_AMOUNT, [(200, 3), (250, 6)])
        results = compute(lines, [rule])
        self.assertRule(results["screw"], 1, 100, 3, 230)
        self.assertRule(results["paint"], 1, 100, 3, 230)

    def test_order_amount_counts_lines_outside_product_scope(self):
        lines = [
            make_line("screw", SCREW, 2, 50.0),
            make_line("paint", PAINT, 2, 60.0),
        ]
        rule = make_rule(1, ORDER_AMOUNT, [(200, 3)], product_tmpl_ids={SCREW})
        results = compute(lines, [rule])
        self.assertRule(results["screw"], 1, 100, 3, 220)
        self.assertNoRule(results["paint"])

    def test_order_amount_uses_amount_rate(self):
        lines = [
            make_line("screw", SCREW, 2, 100.0, pricelist_discount=10.0),
            make_line("paint", PAINT, 1, 50.0),
        ]
        rule = make_rule(1, ORDER_AMOUNT, [(100, 3), (200, 6)])
        # 230 in the order currency is 115 in the rules' currency.
        results = compute(lines, [rule], make_order(amount_rate=0.5))
        self.assertRule(results["screw"], 1, 100, 3, 115)
        results = compute(lines, [rule], make_order(amount_rate=1.0))
        self.assertRule(results["screw"], 1, 101, 6, 230)

    def test_order_amount_does_not_depend_on_line_order(self):
        # A plain float sum gives 0.6000000000000001 one way and 0.6 the other.
        lines = [
            make_line(key, PAINT, 1, price) for key, price in enumerate((0.1, 0.2, 0.3))
        ]
        rule = make_rule(1, ORDER_AMOUNT, [(0, 5)])
        forward = compute(lines, [rule])[0].basis_value
        backward = compute(lines[::-1], [rule])[0].basis_value
        self.assertEqual(forward, backward)
        self.assertAlmostEqual(forward, 0.6)

    def test_threshold_reached_despite_float_noise(self):
        # 0.7 + 0.7 + 0.7 is 2.0999999999999996 in floats.
        lines = [make_line(key, SCREW, 0.7) for key in range(3)]
        results = compute(lines, [make_rule(1, MIX_QTY, [(2.1, 5)])])
        self.assertRule(results[0], 1, 100, 5, 2.1)

    # --- Thresholds and competing rules ----------------------------------------

    def test_highest_threshold_reached_applies(self):
        rule = make_rule(1, LINE_QTY, [(20, 10), (5, 2), (10, 5)])  # any order
        lines = [
            make_line("4", quantity=4),
            make_line("5", quantity=5),
            make_line("12", quantity=12),
            make_line("20", quantity=20),
            make_line("99", quantity=99),
        ]
        results = compute(lines, [rule])
        self.assertNoRule(results["4"])
        self.assertRule(results["5"], 1, 101, 2, 5)
        self.assertRule(results["12"], 1, 102, 5, 12)
        self.assertRule(results["20"], 1, 100, 10, 20)
        self.assertRule(results["99"], 1, 100, 10, 99)

    def test_best_discount_wins_over_sequence(self):
        lines = [make_line("a", quantity=10)]
        rules = [
            make_rule(1, LINE_QTY, [(1, 5)], sequence=1),
            make_rule(2, MIX_QTY, [(1, 8)], sequence=20),
            make_rule(3, ORDER_AMOUNT, [(1, 6)], sequence=5),
        ]
        self.assertRule(compute(lines, rules)["a"], 2, 200, 8, 10)

    def test_tie_goes_to_lower_sequence_then_lower_id(self):
        lines = [make_line("a", quantity=10)]
        rules = [
            make_rule(4, LINE_QTY, [(1, 5)], sequence=10),
            make_rule(3, LINE_QTY, [(1, 5)], sequence=10),
            make_rule(9, LINE_QTY, [(1, 5)], sequence=5),
        ]
        self.assertEqual(compute(lines, rules)["a"].rule_id, 9)
        self.assertEqual(compute(lines, rules[:2])["a"].rule_id, 3)
        self.assertEqual(compute(lines, rules[1::-1])["a"].rule_id, 3)

    # --- Combination with the price list ---------------------------------------

    def test_combine_discounts_is_multiplicative(self):
        self.assertAlmostEqual(engine.combine_discounts(10, 5), 14.5)
        self.assertAlmostEqual(engine.combine_discounts(20, 10), 28)
        self.assertEqual(engine.combine_discounts(12.5, 0), 12.5)
        self.assertEqual(engine.combine_discounts(0, 7.5), 7.5)
        self.assertEqual(engine.combine_discounts(100, 50), 100)
        self.assertEqual(engine.combine_discounts(50, 100), 100)
        # Unclamped, float noise would make this 100.00000000000001.
        self.assertLessEqual(
            engine.combine_discounts(99.99999990614042, 99.99999923771992), 100
        )

    def test_rule_discount_adds_to_pricelist_discount(self):
        lines = [make_line("a", quantity=10, pricelist_discount=20.0)]
        result = compute(lines, [make_rule(1, LINE_QTY, [(10, 10)])])["a"]
        self.assertEqual(result.rule_discount, 10)
        self.assertAlmostEqual(result.discount, 28)

    def test_line_without_rule_keeps_pricelist_discount(self):
        lines = [make_line("a", quantity=1, pricelist_discount=12.5)]
        result = compute(lines, [make_rule(1, LINE_QTY, [(10, 10)])])["a"]
        self.assertNoRule(result, discount=12.5)

    # --- Locked lines and quantities that count as nothing ---------------------

    def test_locked_line_counts_in_mix_but_receives_nothing(self):
        lines = [
            make_line("free", SCREW, 5),
            make_line("locked", HAMMER, 6, pricelist_discount=12.0, locked=True),
        ]
        rule = make_rule(1, MIX_QTY, [(10, 5), (20, 8)], categ_ids={HARDWARE})
        results = compute(lines, [rule])
        self.assertRule(results["free"], 1, 100, 5, 11)
        self.assertNoRule(results["locked"], discount=12.0)
        self.assertIsNone(results["locked"].next_tier)

    def test_locked_line_counts_in_order_amount(self):
        lines = [
            make_line("free", SCREW, 1, 100.0),
            make_line("locked", PAINT, 1, 200.0, pricelist_discount=50.0, locked=True),
        ]
        results = compute(lines, [make_rule(1, ORDER_AMOUNT, [(200, 4)])])
        self.assertRule(results["free"], 1, 100, 4, 200)
        self.assertNoRule(results["locked"], discount=50.0)

    def test_locked_line_ignores_a_reached_line_qty_rule(self):
        lines = [make_line("locked", quantity=50, pricelist_discount=3.0, locked=True)]
        result = compute(lines, [make_rule(1, LINE_QTY, [(10, 5), (100, 9)])])
        self.assertNoRule(result["locked"], discount=3.0)
        self.assertIsNone(result["locked"].next_tier)

    def test_zero_quantity_line_gets_nothing(self):
        lines = [make_line("zero", quantity=0, pricelist_discount=5.0)]
        rules = [make_rule(1, LINE_QTY, [(0, 5), (10, 8)])]
        result = compute(lines, rules)["zero"]
        self.assertNoRule(result, discount=5.0)
        self.assertIsNone(result.next_tier)

    def test_negative_quantity_counts_as_zero(self):
        lines = [
            make_line("sold", SCREW, 12, 10.0),
            make_line("returned", SCREW, -5, 10.0, pricelist_discount=5.0),
        ]
        mix = make_rule(1, MIX_QTY, [(10, 5), (12, 7)])
        amount = make_rule(2, ORDER_AMOUNT, [(120, 6)])
        results = compute(lines, [mix, amount])
        # Subtracting the 5 returned would leave 7 (nothing) and 70 (nothing).
        self.assertRule(results["sold"], 1, 101, 7, 12)
        self.assertNoRule(results["returned"], discount=5.0)
        self.assertIsNone(results["returned"].next_tier)
        self.assertRule(compute(lines, [amount])["sold"], 2, 200, 6, 120)

    def test_negative_prices_do_not_crash_or_give_negative_savings(self):
        # A credit line (e.g. a refund or a reward) can make the amount negative.
        lines = [make_line("credit", PAINT, 2, -50.0)]
        amount = make_rule(1, ORDER_AMOUNT, [(0, 2)])
        result = compute(lines, [amount])["credit"]
        self.assertNoRule(result)
        self.assertAlmostEqual(result.next_tier.missing, 100)
        self.assertEqual(result.next_tier.saving, 0)
        pieces = make_rule(2, LINE_QTY, [(5, 3)])
        result = compute(lines, [pieces])["credit"]
        self.assertAlmostEqual(result.next_tier.missing, 3)
        self.assertEqual(result.next_tier.saving, 0)

    # --- Next-tier hints -------------------------------------------------------

    def test_next_tier_for_line_qty(self):
        lines = [make_line("a", quantity=7, unit_price=20.0, pricelist_discount=10.0)]
        rule = make_rule(1, LINE_QTY, [(5, 3), (20, 9), (10, 6)])
        result = compute(lines, [rule])["a"]
        self.assertRule(result, 1, 100, 3, 7)
        self.assertAlmostEqual(result.discount, 12.7)
        hint = result.next_tier
        self.assertEqual((hint.rule_id, hint.threshold_id), (1, 102))
        self.assertEqual(hint.basis, LINE_QTY)
        self.assertAlmostEqual(hint.missing, 3)
        self.assertEqual(hint.discount, 6)
        # (7 + 3) x 20 x 90% x (6% - 3%)
        self.assertAlmostEqual(hint.saving, 5.4)

    def test_next_tier_before_any_threshold(self):
        lines = [make_line("a", quantity=2, unit_price=10.0)]
        result = compute(lines, [make_rule(1, LINE_QTY, [(5, 4)])])["a"]
        self.assertNoRule(result)
        self.assertEqual(result.next_tier.threshold_id, 100)
        self.assertAlmostEqual(result.next_tier.missing, 3)
        self.assertAlmostEqual(result.next_tier.saving, 5 * 10 * 0.04)

    def test_next_tier_for_mix_qty(self):
        lines = [
            make_line("screw", SCREW, 4, 10.0),
            make_line("hammer", HAMMER, 4, 25.0, pricelist_discount=20.0),
            make_line("locked", HAMMER, 1, 100.0, locked=True),
            make_line("paint", PAINT, 10, 5.0),
        ]
        rule = make_rule(1, MIX_QTY, [(5, 2), (15, 5)], categ_ids={HARDWARE})
        results = compute(lines, [rule])
        self.assertRule(results["screw"], 1, 100, 2, 9)
        for key in ("screw", "hammer"):
            hint = results[key].next_tier
            self.assertEqual((hint.rule_id, hint.threshold_id), (1, 101))
            self.assertEqual(hint.basis, MIX_QTY)
            self.assertAlmostEqual(hint.missing, 6)
            self.assertEqual(hint.discount, 5)
            # Screws 40 x 3% + hammers 80 x 3%; the locked line gains nothing.
            self.assertAlmostEqual(hint.saving, 3.6)
        self.assertIsNone(results["locked"].next_tier)
        self.assertIsNone(results["paint"].next_tier)

    def test_next_tier_saving_skips_lines_already_better(self):
        lines = [
            make_line("screw", SCREW, 4, 10.0),
            make_line("hammer", HAMMER, 4, 25.0, pricelist_discount=20.0),
        ]
        mix = make_rule(1, MIX_QTY, [(5, 2), (15, 5)], categ_ids={HARDWARE})
        screws = make_rule(2, LINE_QTY, [(3, 6)], product_tmpl_ids={SCREW})
        results = compute(lines, [mix, screws])
        self.assertRule(results["screw"], 2, 200, 6, 4)
        # The mix's 5% is no better than the screws' 6%, and nothing is above 6%.
        self.assertIsNone(results["screw"].next_tier)
        hint = results["hammer"].next_tier
        self.assertEqual(hint.rule_id, 1)
        self.assertAlmostEqual(hint.saving, 2.4)

    def test_next_tier_for_order_amount_in_order_currency(self):
        lines = [
            make_line("a", SCREW, 10, 30.0),
            make_line("locked", PAINT, 1, 100.0, pricelist_discount=50.0, locked=True),
        ]
        rule = make_rule(1, ORDER_AMOUNT, [(500, 2), (1000, 4)])
        # 350 in the order currency, 700 in the rules' currency.
        result = compute(lines, [rule], make_order(amount_rate=2.0))["a"]
        self.assertRule(result, 1, 100, 2, 700)
        hint = result.next_tier
        self.assertEqual((hint.rule_id, hint.threshold_id), (1, 101))
        self.assertEqual(hint.basis, ORDER_AMOUNT)
        self.assertAlmostEqual(hint.missing, 150)  # 300 in the rules' currency
        self.assertEqual(hint.discount, 4)
        self.assertAlmostEqual(hint.saving, 6)  # 300 x (4% - 2%)

    def test_no_next_tier_at_the_top_threshold(self):
        lines = [make_line("a", SCREW, 12), make_line("b", HAMMER, 20)]
        rules = [
            make_rule(1, LINE_QTY, [(5, 3), (10, 6)]),
            make_rule(2, MIX_QTY, [(30, 4)]),
        ]
        results = compute(lines, rules)
        self.assertRule(results["a"], 1, 101, 6, 12)
        self.assertIsNone(results["a"].next_tier)
        self.assertIsNone(results["b"].next_tier)

    def test_next_tier_skips_thresholds_no_better_than_current(self):
        lines = [make_line("a", quantity=6, unit_price=10.0)]
        rules = [
            make_rule(1, LINE_QTY, [(5, 8)]),
            make_rule(2, MIX_QTY, [(10, 6), (20, 9)]),
        ]
        result = compute(lines, rules)["a"]
        self.assertRule(result, 1, 100, 8, 6)
        hint = result.next_tier
        self.assertEqual((hint.rule_id, hint.threshold_id), (2, 201))
        self.assertAlmostEqual(hint.missing, 14)
        self.assertAlmostEqual(hint.saving, 0.6)  # 60 x (9% - 8%)

    def test_next_tier_is_the_closest_relative_to_its_threshold(self):
        lines = [make_line("a", quantity=8, unit_price=10.0)]
        line_qty = make_rule(1, LINE_QTY, [(10, 5)])  # 2 of 10 missing: 20%
        amount = make_rule(2, ORDER_AMOUNT, [(90, 4)])  # 10 of 90 missing: 11%
        hint = compute(lines, [line_qty, amount])["a"].next_tier
        self.assertEqual(hint.rule_id, 2)
        self.assertAlmostEqual(hint.missing, 10)
        self.assertAlmostEqual(hint.saving, 80 * 0.04)

    def test_next_tier_ties_higher_discount_then_sequence_then_id(self):
        lines = [make_line("a", quantity=8, unit_price=10.0)]
        # Both 20% away: 2 of 10 pieces, 20 of 100 in amount.
        line_qty = make_rule(1, LINE_QTY, [(10, 5)], sequence=10)
        amount = make_rule(2, ORDER_AMOUNT, [(100, 4)], sequence=1)
        hint = compute(lines, [amount, line_qty])["a"].next_tier
        self.assertEqual(hint.rule_id, 1)
        amount = make_rule(2, ORDER_AMOUNT, [(100, 5)], sequence=1)
        hint = compute(lines, [line_qty, amount])["a"].next_tier
        self.assertEqual(hint.rule_id, 2)
        amount = make_rule(2, ORDER_AMOUNT, [(100, 5)], sequence=10)
        hint = compute(lines, [amount, line_qty])["a"].next_tier
        self.assertEqual(hint.rule_id, 1)

    # --- Input checks and scale ------------------------------------------------

    def test_invalid_input_is_refused(self):
        with self.assertRaises(ValueError):
            engine.Threshold(1, 10, 0)
        with self.assertRaises(ValueError):
            engine.Threshold(1, -1, 5)
        with self.assertRaises(ValueError):
            make_rule(1, "per_kilo", [(1, 5)])
        with self.assertRaises(ValueError):
            make_order(amount_rate=0)
        with self.assertRaises(TypeError):
            make_order(date=datetime.datetime(2026, 3, 15, 12, 0))
        with self.assertRaises(ValueError):
            compute([make_line("a"), make_line("a")], [])
        rule = make_rule(1, LINE_QTY, [(1, 5)])
        with self.assertRaises(ValueError):
            compute([make_line("a")], [rule, rule])

    def test_large_order_with_many_rules(self):
        products = (SCREW, HAMMER, PAINT)
        lines = [
            make_line(key, products[key % 3], 1 + key % 7, 10.0) for key in range(5000)
        ]
        rules = [
            make_rule(
                rule_id,
                (LINE_QTY, MIX_QTY, ORDER_AMOUNT)[rule_id % 3],
                [(5, 1), (50, 2), (10**5, 3), (10**7, 4)],
                categ_ids={(HARDWARE, PAINTS, ALL)[rule_id % 3]},
            )
            for rule_id in range(1, 31)
        ]
        # Its speed is measured by `make bench`, not here.
        results = compute(lines, rules)
        self.assertEqual(len(results), 5000)
        self.assertTrue(all(result.rule_discount == 3 for result in results.values()))


# --- Property tests ------------------------------------------------------------

PRODUCTS = tuple(PRODUCT_CATEGORIES)
CATEGORIES = (ALL, HARDWARE, SCREWS, PAINTS)
DAY = datetime.timedelta(days=1)
DAYS_10 = datetime.timedelta(days=10)
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, derandomize=True, database=None
)

quantities = st.one_of(
    st.integers(-3, 40).map(float),
    st.floats(0.1, 40, allow_nan=False, allow_infinity=False),
)
# Mostly free lines: locked ones are the exception.
locks = st.sampled_from([False, False, False, True])
prices = st.floats(0, 500, allow_nan=False, allow_infinity=False)
percents = st.one_of(
    st.sampled_from([0.0, 12.5, 100.0]),
    st.floats(0, 100, allow_nan=False, allow_infinity=False),
)
rule_discounts = st.one_of(
    st.sampled_from([5.0, 10.0, 100.0]),
    st.floats(0, 100, exclude_min=True, allow_nan=False),
)
min_values = st.one_of(
    st.integers(0, 30).map(float),
    st.floats(0, 3000, allow_nan=False, allow_infinity=False),
)
# Mostly open or valid today, so that most rules apply and compete.
date_starts = st.one_of(st.none(), st.dates(TODAY - DAYS_10, TODAY + DAY))
date_ends = st.one_of(st.none(), st.dates(TODAY - DAY, TODAY + DAYS_10))
orders = st.builds(
    engine.OrderContext,
    partner_id=st.sampled_from([CUSTOMER, OTHER_CUSTOMER]),
    tier_id=st.sampled_from([None, GOLD, GOLD, SILVER]),
    date=st.just(TODAY),
    amount_rate=st.sampled_from([1.0, 0.5, 1.25]),
)


@st.composite
def order_lines(draw, min_size=1, max_size=10):
    specs = draw(
        st.lists(
            st.tuples(st.sampled_from(PRODUCTS), quantities, prices, percents, locks),
            min_size=min_size,
            max_size=max_size,
        )
    )
    return [
        make_line(key, product, quantity, price, pricelist_discount=pct, locked=locked)
        for key, (product, quantity, price, pct, locked) in enumerate(specs)
    ]


@st.composite
def rising_steps(draw):
    """Thresholds where a higher value never gives a lower discount."""
    thresholds = draw(st.lists(min_values, max_size=4, unique=True))
    size = len(thresholds)
    discounts = draw(st.lists(rule_discounts, min_size=size, max_size=size))
    return list(zip(sorted(thresholds), sorted(discounts), strict=True))


def maybe_empty(values, max_size):
    """A scope, empty half of the time (empty scopes cover the most)."""
    return st.one_of(
        st.just(frozenset()), st.frozensets(st.sampled_from(values), max_size=max_size)
    )


@st.composite
def rule_lists(draw, max_size=5):
    count = draw(st.integers(1, max_size))
    return [
        make_rule(
            rule_id,
            draw(st.sampled_from(engine.BASES)),
            draw(
                st.lists(st.tuples(min_values, rule_discounts), min_size=1, max_size=4)
            ),
            sequence=draw(st.integers(1, 3)),
            product_tmpl_ids=draw(maybe_empty(PRODUCTS, 2)),
            categ_ids=draw(maybe_empty(CATEGORIES, 2)),
            partner_ids=draw(maybe_empty([CUSTOMER], 1)),
            tier_ids=draw(maybe_empty([GOLD, SILVER], 1)),
            date_start=draw(date_starts),
            date_end=draw(date_ends),
        )
        for rule_id in range(1, count + 1)
    ]


@tagged("post_install", "-at_install")
class TestPricingEngineProperties(BaseCase):
    @PROPERTY_SETTINGS
    @given(orders, order_lines(), rule_lists())
    def test_discounts_stay_between_0_and_100(self, order, lines, rules):
        for result in engine.compute_discounts(order, lines, rules).values():
            self.assertTrue(0 <= result.discount <= 100, result)
            self.assertTrue(0 <= result.rule_discount <= 100, result)
            if result.next_tier:
                self.assertGreater(result.next_tier.missing, 0)
                self.assertGreaterEqual(result.next_tier.saving, 0)
                self.assertGreater(result.next_tier.discount, result.rule_discount)

    @PROPERTY_SETTINGS
    @given(orders, order_lines(), rule_lists(), st.data())
    def test_result_ignores_line_and_rule_order(self, order, lines, rules, data):
        shuffled_lines = data.draw(st.permutations(lines))
        shuffled_rules = data.draw(st.permutations(rules))
        self.assertEqual(
            engine.compute_discounts(order, lines, rules),
            engine.compute_discounts(order, shuffled_lines, shuffled_rules),
        )

    @PROPERTY_SETTINGS
    @given(order_lines(), rising_steps(), st.data())
    def test_more_quantity_never_lowers_the_discount(self, lines, steps, data):
        lines.append(make_line("grown", SCREW, data.draw(quantities)))
        rule = make_rule(1, LINE_QTY, data.draw(st.permutations(steps)))
        before = compute(lines, [rule])["grown"]
        more = data.draw(st.floats(0, 50, allow_nan=False))
        lines[-1] = make_line("grown", SCREW, lines[-1].quantity + more)
        after = compute(lines, [rule])["grown"]
        self.assertGreaterEqual(after.rule_discount, before.rule_discount)
        self.assertGreaterEqual(after.discount, before.discount)

    @PROPERTY_SETTINGS
    @given(
        order_lines(),
        st.lists(st.integers(1, 20), min_size=1, max_size=6),
        st.lists(st.tuples(min_values, rule_discounts), min_size=1, max_size=4),
        prices,
    )
    def test_mix_and_match_equals_the_sum_of_its_lines(
        self, lines, parts, steps, price
    ):
        rule = make_rule(1, MIX_QTY, steps, categ_ids={HARDWARE})
        whole = [*lines, make_line("whole", HAMMER, float(sum(parts)), price)]
        split = [
            *lines,
            *(
                make_line(("part", index), HAMMER, float(part), price)
                for index, part in enumerate(parts)
            ),
        ]
        expected = compute(whole, [rule])["whole"]
        split_results = compute(split, [rule])
        for index in range(len(parts)):
            result = split_results[("part", index)]
            self.assertEqual(result.rule_id, expected.rule_id)
            self.assertEqual(result.threshold_id, expected.threshold_id)
            self.assertEqual(result.rule_discount, expected.rule_discount)
            self.assertEqual(result.basis_value, expected.basis_value)

    @PROPERTY_SETTINGS
    @given(orders, order_lines(), rule_lists())
    def test_locked_or_empty_lines_never_get_a_rule(self, order, lines, rules):
        results = engine.compute_discounts(order, lines, rules)
        for line in lines:
            if line.locked or line.quantity <= 0:
                result = results[line.key]
                self.assertIsNone(result.rule_id)
                self.assertEqual(result.rule_discount, 0)
                self.assertIsNone(result.next_tier)
                self.assertEqual(result.discount, line.pricelist_discount)
