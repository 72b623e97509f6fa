# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools.sql import column_exists, create_column

# B2B selling needs price lists and per-line discounts: the addon turns both on
# for internal users at install, as the Sales settings would, and turns off at
# uninstall those that were off before (the parameter remembers which).
IMPLIED_GROUPS = ("product.group_product_pricelist", "sale.group_discount_per_so_line")
IMPLIED_GROUPS_PARAM = "b2b_order_mgmt.implied_groups"


def pre_init_hook(env):
    """Turn on price lists and line discounts (before the addon's data: its
    demo quotations are priced with them), and create the pricing columns of
    existing order lines (and the stored computed columns of existing
    transfers) in SQL.

    Otherwise installing the addon recomputes the discount of every order line of
    the database. Existing discounts count as computed ones, as Odoo treated them
    before: the rules apply from the next change of a quotation.
    """
    _enable_b2b_groups(env)
    cr = env.cr
    columns = {
        "b2b_technical_discount": "float8",
        "b2b_rule_discount": "float8",
        "b2b_discount_rule_id": "int4",
        "b2b_discount_threshold_id": "int4",
        "b2b_rule_basis": "varchar",
        "b2b_rule_min_value": "float8",
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
               b2b_rule_min_value = 0,
               b2b_discount_locked = FALSE
        """
    )


def post_init_hook(env):
    """Deliveries done before the install reached their customer long ago:
    they are delivered, on the day they were shipped, and nobody is told
    again (SQL: no e-mail, no chatter message). Their orders follow."""
    env.cr.execute(
        """
        UPDATE stock_picking
           SET b2b_delivered_date = date_done,
               b2b_delivery_stage = 'delivered'
         WHERE b2b_is_customer_delivery
           AND state = 'done'
     RETURNING sale_id
        """
    )
    order_ids = {order_id for (order_id,) in env.cr.fetchall() if order_id}
    env.invalidate_all()
    orders = env["sale.order"].with_context(tracking_disable=True).browse(order_ids)
    env.add_to_compute(orders._fields["b2b_state"], orders)
    orders.flush_recordset(["b2b_state"])


def _enable_b2b_groups(env):
    """Turn on price lists and line discounts for internal users."""
    internal = env.ref("base.group_user")
    added = [
        xmlid for xmlid in IMPLIED_GROUPS if env.ref(xmlid) not in internal.implied_ids
    ]
    if added:
        internal.write({"implied_ids": [(4, env.ref(xmlid).id) for xmlid in added]})
    if "product.group_product_pricelist" in added:
        # As the setting does: each company gets its default price list, which
        # customers without a price list (or tier) of their own keep using.
        env.invalidate_all()
        env["res.company"]._activate_or_create_pricelists()
    env["ir.config_parameter"].sudo().set_param(IMPLIED_GROUPS_PARAM, ",".join(added))


def uninstall_hook(env):
    """Turn off what pre_init_hook turned on, as unticking the Sales
    settings does: the groups are no longer implied, and internal users leave
    them."""
    params = env["ir.config_parameter"].sudo()
    added = [
        xmlid
        for xmlid in (params.get_param(IMPLIED_GROUPS_PARAM) or "").split(",")
        if xmlid
    ]
    internal = env.ref("base.group_user")
    for xmlid in added:
        group = env.ref(xmlid, raise_if_not_found=False)
        if group:
            internal.write({"implied_ids": [(3, group.id)]})
            group.write({"users": [(3, user.id) for user in internal.users]})
    if "product.group_product_pricelist" in added:
        # As unticking Pricelists in the settings does.
        env["product.pricelist"].sudo().search([]).action_archive()
    params.set_param(IMPLIED_GROUPS_PARAM, False)
