# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The addon's tracked fields (order status, delivery stage, receiver) are
written in the chatter of B2B orders and deliveries only: the chatter of other
customers' is Odoo's own."""


def without_b2b_fields(tracked_fields):
    """``tracked_fields`` (a fields_get, as mail's _mail_track takes it)
    without the addon's fields."""
    return {
        name: description
        for name, description in tracked_fields.items()
        if not name.startswith("b2b_")
    }
