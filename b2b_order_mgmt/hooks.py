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


def post_init_hook(env):
    """Send the order confirmation e-mail asynchronously, with our template.

    Both are system parameters that Odoo reads at each confirmation, so they are
    set once, here, at install: an administrator who changes them later keeps
    the choice through updates of the addon (a data record would be written
    again, or not at all for Odoo's own noupdate parameter).
    """
    enable_async_order_emails(env)
    use_b2b_confirmation_template(env)


def enable_async_order_emails(env):
    """Turn on sale_async_emails: confirming an order only records the e-mail to
    send, and its cron renders the letter and sends it in its own transaction.
    A slow PDF or a failing mail server then never delays or rolls back a
    confirmation. (It also defers Odoo's other order e-mails, as intended.)"""
    env["ir.config_parameter"].sudo().set_param("sale.async_emails", "True")


def use_b2b_confirmation_template(env):
    """Make our template (with the confirmation letter) the one Odoo sends on
    confirmation, unless the database already chose another one than Odoo's."""
    params = env["ir.config_parameter"].sudo()
    template = env.ref("b2b_order_mgmt.mail_template_b2b_order_confirmation")
    odoo_template = env.ref(
        "sale.mail_template_sale_confirmation", raise_if_not_found=False
    )
    current = params.get_param("sale.default_confirmation_template") or ""
    chosen = current.isdigit() and env["mail.template"].browse(int(current)).exists()
    if chosen and chosen != odoo_template:
        return
    params.set_param("sale.default_confirmation_template", template.id)
