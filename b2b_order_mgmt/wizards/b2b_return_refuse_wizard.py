# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class B2bReturnRefuseWizard(models.TransientModel):
    _name = "b2b.return.refuse.wizard"
    _description = "Refuse B2B Return Requests"

    request_ids = fields.Many2many("b2b.return.request", string="Return Requests")
    reason = fields.Text(
        required=True,
        help="Told to the customer in the refusal e-mail and in the portal.",
    )

    def action_refuse(self):
        self.ensure_one()
        self.request_ids.action_refuse(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
