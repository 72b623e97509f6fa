# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    b2b_return_request_id = fields.Many2one(
        "b2b.return.request",
        string="Return Request",
        help="The return request this return is made for, if any.",
    )

    def _prepare_picking_default_values(self):
        values = super()._prepare_picking_default_values()
        # The return copies the delivery, which may be another request's
        # replacement: it belongs to the request it is made for, or to none.
        values["b2b_return_request_id"] = self.b2b_return_request_id.id
        return values

    def _get_proc_values(self, line):
        values = super()._get_proc_values(line)
        if self.b2b_return_request_id:
            # Its own group: the replacement is never merged into a delivery
            # of the order still waiting (a backorder).
            values["group_id"] = self.b2b_return_request_id._b2b_get_procurement_group()
        return values
