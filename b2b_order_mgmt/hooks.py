# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools.sql import column_exists, create_column


def pre_init_hook(env):
    """Create the pricing columns of existing order lines (and the stored
    computed columns of existing transfers) in SQL.

    Otherwise installing the addon recomputes the discount of every order line of
    the database. Existing discounts count as computed ones, as Odoo treated them
    before: the rules apply from the next change of a quotation.
    """
    cr = env.cr
    columns = {
        "b2b_technical_discount": "numeric",
        "b2b_rule_discount": "numeric",
        "b2b_discount_rule_id": "int4",
        "b2b_discount_threshold_id": "int4",
        "b2b_discount_locked": "boolean",
    }
    for name, sql_type in columns.items():
        if not column_exists(cr, "sale_order_line", name):
            create_column(cr, "sale_order_line", name, sql_type)
    # No transfer belongs to a return request yet: none is a replacement.
    if not column_exists(cr, "stock_picking", "b2b_is_return_replacement"):
        create_column(cr, "stock_picking", "b2b_is_return_replacement", "boolean")
    cr.execute(
        """
        UPDATE sale_order_line
           SET b2b_technical_discount = discount,
               b2b_rule_discount = 0,
               b2b_discount_locked = FALSE
        """
    )
