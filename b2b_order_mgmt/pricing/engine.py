# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bulk-discount rules for the lines of one sales order.

Pure Python on purpose (no ``odoo`` import): the ORM side reads the order, its
lines and the rules into the plain values below, calls :func:`compute_discounts`
and writes the results back. That keeps the rules fast to test and cheap to run
at order confirmation, where orders can have thousands of lines.

Cost: O(lines x applicable rules x thresholds per rule). The order-level bases
(mix-and-match quantity, order amount) are computed once per rule, never per line.
"""

import datetime
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

BASIS_LINE_QTY = "line_qty"
BASIS_MIX_QTY = "mix_qty"
BASIS_ORDER_AMOUNT = "order_amount"
BASES = (BASIS_LINE_QTY, BASIS_MIX_QTY, BASIS_ORDER_AMOUNT)

# Sums of floats carry noise (0.1 + 0.2 != 0.3): a basis this close below a
# threshold, relative to the threshold, counts as reaching it.
REACH_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Threshold:
    """One step of a rule: from ``min_value`` on, ``discount`` percent."""

    id: int
    min_value: float
    discount: float

    def __post_init__(self):
        # Written with ``not`` so that NaN is rejected too.
        if not self.min_value >= 0:
            raise ValueError(
                f"threshold {self.id}: min_value must be >= 0, not {self.min_value!r}"
            )
        if not 0 < self.discount <= 100:
            raise ValueError(
                f"threshold {self.id}: discount must be in ]0, 100], "
                f"not {self.discount!r}"
            )


@dataclass(frozen=True)
class Rule:
    """A bulk-discount rule, its scope and its thresholds (in any order)."""

    id: int
    sequence: int
    basis: str
    thresholds: tuple[Threshold, ...]
    product_tmpl_ids: frozenset[int] = frozenset()
    categ_ids: frozenset[int] = frozenset()
    partner_ids: frozenset[int] = frozenset()
    tier_ids: frozenset[int] = frozenset()
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(f"rule {self.id}: unknown basis {self.basis!r}")


@dataclass(frozen=True)
class OrderContext:
    """The order-level values the rules look at."""

    partner_id: int
    tier_id: int | None
    date: datetime.date
    amount_rate: float = 1.0

    def __post_init__(self):
        # A datetime cannot be compared with the rules' dates, and which day it is
        # depends on the customer's timezone: the caller must decide.
        if isinstance(self.date, datetime.datetime) or not isinstance(
            self.date, datetime.date
        ):
            raise TypeError(f"order date must be a datetime.date, not {self.date!r}")
        if not (self.amount_rate > 0 and math.isfinite(self.amount_rate)):
            raise ValueError(f"amount_rate must be > 0, not {self.amount_rate!r}")


@dataclass(frozen=True)
class Line:
    """One order line. ``categ_ids`` holds the product category and its parents."""

    key: Hashable
    product_tmpl_id: int
    categ_ids: frozenset[int]
    quantity: float
    unit_price: float
    pricelist_discount: float = 0.0
    locked: bool = False


@dataclass(frozen=True)
class NextTier:
    """The closest better threshold a line could reach, and what it would save."""

    rule_id: int
    threshold_id: int
    basis: str
    missing: float
    discount: float
    saving: float


@dataclass(frozen=True)
class LineResult:
    """The discount computed for one line."""

    key: Hashable
    rule_id: int | None
    threshold_id: int | None
    rule_discount: float
    discount: float
    basis_value: float
    next_tier: NextTier | None


@dataclass(frozen=True)
class _Offer:
    """A threshold of a rule, measured for one line."""

    rule: Rule
    threshold: Threshold
    basis_value: float

    @property
    def missing(self) -> float:
        return self.threshold.min_value - self.basis_value


# --- Small pure helpers -----------------------------------------------------


def combine_discounts(pricelist_discount: float, rule_discount: float) -> float:
    """Return the percent of a price-list discount followed by a rule discount."""
    # Expanded form of 100 * (1 - (1 - p/100) * (1 - r/100)): it has less float
    # noise and gives p back exactly when r is 0.
    combined = (
        pricelist_discount + rule_discount - pricelist_discount * rule_discount / 100
    )
    return min(max(combined, 0.0), 100.0)


def rule_applies_to_order(rule: Rule, order: OrderContext) -> bool:
    """Tell whether the rule is valid on the order date for the order's customer."""
    return _rule_valid_on(rule, order.date) and _rule_targets_customer(rule, order)


def rule_covers_line(rule: Rule, line: Line) -> bool:
    """Tell whether the line's product is in the rule's product scope."""
    if not rule.product_tmpl_ids and not rule.categ_ids:
        return True
    return line.product_tmpl_id in rule.product_tmpl_ids or not (
        rule.categ_ids.isdisjoint(line.categ_ids)
    )


def _rule_valid_on(rule: Rule, date: datetime.date) -> bool:
    if rule.date_start is not None and date < rule.date_start:
        return False
    return rule.date_end is None or date <= rule.date_end


def _rule_targets_customer(rule: Rule, order: OrderContext) -> bool:
    if not rule.partner_ids and not rule.tier_ids:
        # A rule without explicit customers is meant for B2B (tiered) customers.
        return _has_tier(order)
    return order.partner_id in rule.partner_ids or (
        _has_tier(order) and order.tier_id in rule.tier_ids
    )


def _has_tier(order: OrderContext) -> bool:
    # Odoo ids start at 1, so this also reads False (an empty many2one) as no tier.
    return bool(order.tier_id)


def _counted_quantity(line: Line) -> float:
    # Zero or negative quantities (returns, placeholders) count as nothing.
    return line.quantity if line.quantity > 0 else 0.0


def _net_unit_price(line: Line) -> float:
    return line.unit_price * (1 - line.pricelist_discount / 100)


def _net_amount(line: Line) -> float:
    return _counted_quantity(line) * _net_unit_price(line)


def _can_receive_rule(line: Line) -> bool:
    return not line.locked and line.quantity > 0


def _reaches(value: float, min_value: float) -> bool:
    return value >= min_value - REACH_TOLERANCE * max(1.0, abs(min_value))


def _reached_threshold(rule: Rule, value: float) -> Threshold | None:
    """Return the highest threshold of the rule that the value reaches."""
    reached = [t for t in rule.thresholds if _reaches(value, t.min_value)]
    # Two thresholds at the same value: the better discount, then the lower id.
    return max(reached, key=lambda t: (t.min_value, t.discount, -t.id), default=None)


def _next_threshold(
    rule: Rule, value: float, current_discount: float
) -> Threshold | None:
    """Return the lowest unreached threshold that beats the current discount."""
    ahead = [
        t
        for t in rule.thresholds
        if not _reaches(value, t.min_value) and t.discount > current_discount
    ]
    return min(ahead, key=lambda t: (t.min_value, -t.discount, t.id), default=None)


def _rule_rank(rule: Rule) -> tuple[int, int]:
    return (rule.sequence, rule.id)


def _offer_rank(offer: _Offer) -> tuple[float, int, int]:
    # Best discount for the customer first; ties to the lower sequence, then id.
    return (-offer.threshold.discount, *_rule_rank(offer.rule))


def _hint_rank(offer: _Offer) -> tuple[float, float, int, int]:
    # Closest relative to the threshold, which compares pieces with amounts:
    # 50 more of 1000 (5%) beats 5 more of 10 (50%). A threshold at 0 is only
    # missed by a negative order amount: rank it last, not divide by zero.
    min_value = offer.threshold.min_value
    distance = offer.missing / min_value if min_value > 0 else math.inf
    return (distance, -offer.threshold.discount, *_rule_rank(offer.rule))


def _rule_discount(offer: _Offer | None) -> float:
    return float(offer.threshold.discount) if offer else 0.0


def _check_unique(values: list[Hashable], what: str) -> None:
    if len(set(values)) != len(values):
        raise ValueError(f"{what} must be unique")


# --- The order as the rules see it ------------------------------------------


class _OrderBases:
    """The rules that apply to one order, the lines each covers and the
    order-level basis of each rule, all computed once."""

    def __init__(
        self, order: OrderContext, lines: Sequence[Line], rules: Sequence[Rule]
    ):
        self.order = order
        # Sorted so that every later step is independent of the caller's order.
        self.rules = sorted(
            (rule for rule in rules if rule_applies_to_order(rule, order)),
            key=_rule_rank,
        )
        self.covered_lines = {
            rule.id: [line for line in lines if rule_covers_line(rule, line)]
            for rule in self.rules
        }
        self.rules_by_line: dict[Hashable, list[Rule]] = {
            line.key: [] for line in lines
        }
        for rule in self.rules:
            for line in self.covered_lines[rule.id]:
                self.rules_by_line[line.key].append(rule)
        # fsum is exact, hence independent of the order of the lines.
        order_amount = math.fsum(_net_amount(line) for line in lines)
        self.order_amount = order_amount * order.amount_rate
        self.order_bases = {
            rule.id: self._order_basis(rule)
            for rule in self.rules
            if rule.basis != BASIS_LINE_QTY
        }

    def _order_basis(self, rule: Rule) -> float:
        if rule.basis == BASIS_MIX_QTY:
            lines = self.covered_lines[rule.id]
            return math.fsum(_counted_quantity(line) for line in lines)
        return self.order_amount

    def basis_value(self, rule: Rule, line: Line) -> float:
        if rule.basis == BASIS_LINE_QTY:
            return _counted_quantity(line)
        return self.order_bases[rule.id]


class _SavingCalculator:
    """Order-currency savings of next-tier hints, once per rule threshold."""

    def __init__(self, bases: _OrderBases, offers: dict[Hashable, _Offer | None]):
        self.bases = bases
        self.offers = offers
        self._shared_savings: dict[tuple[int, int], float] = {}

    def saving(self, line: Line, hint: _Offer, missing: float) -> float:
        if hint.rule.basis == BASIS_LINE_QTY:
            gain = hint.threshold.discount - _rule_discount(self.offers[line.key])
            quantity = _counted_quantity(line) + missing
            return max(quantity * _net_unit_price(line) * gain / 100, 0.0)
        # A mix or amount threshold lifts every line the rule covers at once.
        cache_key = (hint.rule.id, hint.threshold.id)
        if cache_key not in self._shared_savings:
            self._shared_savings[cache_key] = self._shared_saving(hint)
        return self._shared_savings[cache_key]

    def _shared_saving(self, hint: _Offer) -> float:
        new_discount = hint.threshold.discount
        gains = []
        for line in self.bases.covered_lines[hint.rule.id]:
            current = _rule_discount(self.offers[line.key])
            if _can_receive_rule(line) and new_discount > current:
                gains.append(_net_amount(line) * (new_discount - current) / 100)
        return max(math.fsum(gains), 0.0)


# --- Entry point -------------------------------------------------------------


def compute_discounts(
    order: OrderContext, lines: Sequence[Line], rules: Sequence[Rule]
) -> dict[Hashable, LineResult]:
    """One LineResult per line, keyed by Line.key.

    Raise ValueError when two lines share a key or two rules share an id: the
    result would depend on which one came first.
    """
    _check_unique([line.key for line in lines], "line keys")
    _check_unique([rule.id for rule in rules], "rule ids")
    bases = _OrderBases(order, lines, rules)
    # Every line's discount first: the hints' savings compare against them.
    offers = {line.key: _best_offer(bases, line) for line in lines}
    savings = _SavingCalculator(bases, offers)
    return {
        line.key: _line_result(bases, savings, line, offers[line.key]) for line in lines
    }


def _best_offer(bases: _OrderBases, line: Line) -> _Offer | None:
    """Return the rule threshold that gives the line its best discount."""
    if not _can_receive_rule(line):
        return None
    offers = []
    for rule in bases.rules_by_line[line.key]:
        value = bases.basis_value(rule, line)
        threshold = _reached_threshold(rule, value)
        if threshold:
            offers.append(_Offer(rule, threshold, value))
    return min(offers, key=_offer_rank, default=None)


def _next_tier(
    bases: _OrderBases, savings: _SavingCalculator, line: Line, offer: _Offer | None
) -> NextTier | None:
    """Return the closest threshold that would improve the line's discount."""
    if not _can_receive_rule(line):
        return None
    current_discount = _rule_discount(offer)
    candidates = []
    for rule in bases.rules_by_line[line.key]:
        value = bases.basis_value(rule, line)
        threshold = _next_threshold(rule, value, current_discount)
        if threshold:
            candidates.append(_Offer(rule, threshold, value))
    hint = min(candidates, key=_hint_rank, default=None)
    if hint is None:
        return None
    missing = hint.missing
    if hint.rule.basis == BASIS_ORDER_AMOUNT:
        missing /= bases.order.amount_rate  # back to the order currency
    return NextTier(
        rule_id=hint.rule.id,
        threshold_id=hint.threshold.id,
        basis=hint.rule.basis,
        missing=missing,
        discount=float(hint.threshold.discount),
        saving=savings.saving(line, hint, missing),
    )


def _line_result(
    bases: _OrderBases, savings: _SavingCalculator, line: Line, offer: _Offer | None
) -> LineResult:
    if line.locked:
        # The salesperson's discount stands as typed.
        discount = line.pricelist_discount
    else:
        discount = combine_discounts(line.pricelist_discount, _rule_discount(offer))
    return LineResult(
        key=line.key,
        rule_id=offer.rule.id if offer else None,
        threshold_id=offer.threshold.id if offer else None,
        rule_discount=_rule_discount(offer),
        discount=discount,
        basis_value=offer.basis_value if offer else 0.0,
        next_tier=_next_tier(bases, savings, line, offer),
    )
