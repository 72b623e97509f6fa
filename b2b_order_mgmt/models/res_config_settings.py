# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_email_confirmation = fields.Boolean(
        related="company_id.b2b_email_confirmation", readonly=False
    )
    b2b_email_packed = fields.Boolean(
        related="company_id.b2b_email_packed", readonly=False
    )
    b2b_email_shipped = fields.Boolean(
        related="company_id.b2b_email_shipped", readonly=False
    )
    b2b_email_out_for_delivery = fields.Boolean(
        related="company_id.b2b_email_out_for_delivery", readonly=False
    )
    b2b_email_delivered = fields.Boolean(
        related="company_id.b2b_email_delivered", readonly=False
    )
    b2b_return_window_days = fields.Integer(
        related="company_id.b2b_return_window_days", readonly=False
    )
    b2b_after_sales_refunds = fields.Boolean(
        related="company_id.b2b_after_sales_refunds", readonly=False
    )
