# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    b2b_return_window_days = fields.Integer(
        string="Return Window (Days)",
        default=30,
        help="How many days after delivery customers can still request a return "
        "or an exchange. 0: no time limit.",
    )

    @api.constrains("b2b_return_window_days")
    def _check_b2b_return_window_days(self):
        if any(company.b2b_return_window_days < 0 for company in self):
            raise ValidationError(
                self.env._("The return window cannot be a negative number of days.")
            )
