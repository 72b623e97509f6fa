# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Numbers in the reader's language, for the texts a person reads."""

from odoo.tools.misc import formatLang, get_lang


def format_number(env, value, digits=2):
    """14.64 -> "14,64" in French, 5.0 -> "5", 1000000.0 -> "1,000,000" in
    English: the language's separators, at most ``digits`` decimals, no
    trailing zeros, never an exponent."""
    text = formatLang(env, value, digits=digits)
    decimal_point = get_lang(env).decimal_point
    if decimal_point in text:
        text = text.rstrip("0").rstrip(decimal_point)
    return text


def format_quantity(env, value, uom):
    """A quantity with its unit, as a person reads it: "2,5 kg"."""
    return env._(
        "%(quantity)s %(uom)s",
        quantity=format_number(env, value, digits=6),
        uom=uom.name,
    )
