# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class B2bDeliveryConfirmWizard(models.TransientModel):
    """The warehouse operator's "Delivered" dialog: who received the goods
    (optional) and when, for one delivery (its form) or several (the list)."""

    _name = "b2b.delivery.confirm.wizard"
    _description = "Confirm B2B Deliveries"

    picking_ids = fields.Many2many(
        "stock.picking",
        string="Deliveries",
        required=True,
        default=lambda self: self._default_picking_ids(),
    )
    received_by = fields.Char(
        default=lambda self: self._default_received_by(),
        help="Who signed for the goods at the customer's, if anyone did.",
    )
    delivered_date = fields.Datetime(
        string="Delivered On",
        required=True,
        default=fields.Datetime.now,
        help="When the customer received the goods; not in the future.",
    )

    # ------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------

    @api.model
    def _default_picking_ids(self):
        context = self.env.context
        if context.get("active_model") != "stock.picking":
            return self.env["stock.picking"]
        return self.env["stock.picking"].browse(context.get("active_ids") or [])

    @api.model
    def _default_received_by(self):
        # What the operator may have typed on the delivery already.
        received_by = set(self._default_picking_ids().mapped("b2b_received_by"))
        return received_by.pop() if len(received_by) == 1 else False

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        self.ensure_one()
        self.picking_ids.action_b2b_mark_delivered(
            received_by=self.received_by, delivered_date=self.delivered_date
        )
        return {"type": "ir.actions.act_window_close"}
