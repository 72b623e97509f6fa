# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Quantity rules: a minimum order quantity and an order multiple (pack size).

Quantities are counted in whole steps of the unit of measure's rounding, so
that float noise (0.1 + 0.2 != 0.3) never makes a right quantity wrong. No Odoo
import here.
"""

# Enough decimals for any unit of measure's rounding, few enough to drop float noise.
RESULT_DIGITS = 10


def suggest_quantity(quantity, minimum=0.0, multiple=0.0, rounding=0.01):
    """The smallest valid quantity at or above ``quantity``: at least
    ``minimum``, and a whole number of ``multiple`` (rounded up).

    Nothing ordered (0 or less) is valid as it is: rules apply to what is
    ordered. A multiple of 0 means none.

    :param rounding: the unit of measure's rounding (e.g. 0.01, 1)
    """
    if quantity <= 0:
        return quantity
    steps = max(_steps(quantity, rounding), _steps(minimum, rounding))
    multiple_steps = _steps(multiple, rounding)
    if multiple_steps > 0:
        steps = -(-steps // multiple_steps) * multiple_steps
    return round(steps * rounding, RESULT_DIGITS)


def is_valid_quantity(quantity, minimum=0.0, multiple=0.0, rounding=0.01):
    suggested = suggest_quantity(quantity, minimum, multiple, rounding)
    return abs(suggested - quantity) < rounding / 2


def format_quantity(value):
    """2.0 -> "2", 12.5 -> "12.5", 1000000.0 -> "1000000": quantities in
    messages and in pasted rows (the parser reads them back the same): a
    decimal point, no exponent, no trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _steps(value, rounding):
    return round(value / rounding) if value else 0
