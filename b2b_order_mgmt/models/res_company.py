# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # One switch per customer e-mail. Off, the step still happens and is
    # recorded: only its e-mail is left out.
    b2b_email_confirmation = fields.Boolean(
        string="Order Confirmation E-mail",
        default=True,
        help="E-mail the customer the confirmation letter when an order is confirmed.",
    )
    b2b_email_packed = fields.Boolean(
        string="Order Packed E-mail",
        default=True,
        help="E-mail the customer when a delivery is packed.",
    )
    b2b_email_shipped = fields.Boolean(
        string="Order Shipped E-mail",
        default=True,
        help="E-mail the customer when a delivery is shipped, with the carrier "
        "and the tracking reference. It replaces Odoo's own delivery e-mail "
        "for customer deliveries.",
    )
    b2b_email_out_for_delivery = fields.Boolean(
        string="Out for Delivery E-mail",
        default=True,
        help="E-mail the customer when a delivery goes out for delivery: it will "
        "be delivered today.",
    )
    b2b_email_delivered = fields.Boolean(
        string="Order Delivered E-mail",
        default=True,
        help="E-mail the customer when a delivery is delivered, with who received it.",
    )

    b2b_return_window_days = fields.Integer(
        string="Return Window (Days)",
        default=30,
        help="How many days after delivery customers can still request a return "
        "or an exchange. 0: no time limit.",
    )

    b2b_after_sales_refunds = fields.Boolean(
        string="After-Sales Posts Credit Notes",
        help="Let After-Sales users without Invoicing rights close returns: "
        "closing a return posts its credit note. Off, only users with "
        "Invoicing rights (Billing) close them.",
    )

    @api.constrains("b2b_return_window_days")
    def _check_b2b_return_window_days(self):
        if any(company.b2b_return_window_days < 0 for company in self):
            raise ValidationError(
                self.env._("The return window cannot be a negative number of days.")
            )
