# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrder(models.Model):
    """Returns and exchanges: what the customer can still return of an order."""

    _inherit = "sale.order"

    b2b_return_request_ids = fields.One2many(
        "b2b.return.request", "order_id", string="Return Requests"
    )

    b2b_return_request_count = fields.Integer(
        string="Returns", compute="_compute_b2b_return_request_count"
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("b2b_return_request_ids")
    def _compute_b2b_return_request_count(self):
        counts = dict(
            self.env["b2b.return.request"]._read_group(
                [("order_id", "in", self.ids)],
                groupby=["order_id"],
                aggregates=["__count"],
            )
        )
        for order in self:
            order.b2b_return_request_count = counts.get(order, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_b2b_view_return_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_order_mgmt.b2b_return_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_lock_returns(self):
        """Return requests of these orders are submitted one at a time, so
        that together they never exceed what was delivered. The rows are
        rewritten, not only locked: a submission running at the same moment
        then fails to serialize and Odoo runs it again (HTTP and RPC), seeing
        this one (a lock alone would let it read what its snapshot saw)."""
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date WHERE id IN %s",
            [tuple(self.ids)],
            # The conflict is expected, and retried: not an error to log.
            log_exceptions=False,
        )

    def _b2b_has_delivered_goods(self):
        """Something left the warehouse for the customer: a done customer
        delivery (shipped, out for delivery or delivered)."""
        self.ensure_one()
        return any(
            picking._b2b_is_returnable_delivery() and picking.state == "done"
            for picking in self.picking_ids
        )

    def _b2b_get_returnable_lines(self):
        """What the customer can ask to return or exchange now, for the
        portal's return form. Call it after checking access to the order (on
        the order in sudo for a portal user: it reads stock moves).

        :return: [{"sale_line": sale.order.line, "quantity": returnable now,
            in the line's unit, "uom": uom.uom, "deadline": last day to ask,
            or False without time limit}], in the order's line order; lines
            with nothing returnable are left out.
        """
        self.ensure_one()
        if self.state != "sale":
            return []
        lines = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        )
        returnable = lines._b2b_get_returnable_quantities()
        return [
            {
                "sale_line": line,
                "quantity": returnable[line].in_window,
                "uom": line.product_uom,
                "deadline": returnable[line].deadline,
            }
            for line in lines
            if float_compare(
                returnable[line].in_window,
                0.0,
                precision_rounding=line.product_uom.rounding,
            )
            > 0
        ]

    def _b2b_get_return_unavailability(self):
        """Why the customer cannot ask for a return or exchange of the order
        now, to tell them in the portal; False when they can. Call it as
        _b2b_get_returnable_lines().
        """
        self.ensure_one()
        if self.state != "sale":
            return self.env._(
                "Order %(order)s is not a confirmed order: only delivered goods "
                "can be returned.",
                order=self.name,
            )
        if not self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "consu"
        ):
            return self.env._(
                "Order %(order)s has no goods to return: only delivered goods can "
                "be returned.",
                order=self.name,
            )
        if not self._b2b_has_delivered_goods() and any(
            picking._b2b_is_dropship() and picking.state == "done"
            for picking in self.picking_ids
        ):
            return self.env._(
                "The goods of order %(order)s were shipped to you by our supplier: "
                "contact us to return them.",
                order=self.name,
            )
        if not self._b2b_has_delivered_goods():
            return self.env._(
                "Order %(order)s has not been shipped yet: only delivered goods can "
                "be returned.",
                order=self.name,
            )
        if self._b2b_get_returnable_lines():
            return False
        window = self.company_id.b2b_return_window_days
        if not window:
            return self.env._(
                "Nothing more of order %(order)s can be returned: its goods are "
                "already returned or in a return request.",
                order=self.name,
            )
        return self.env._(
            "Nothing more of order %(order)s can be returned: its goods are already "
            "returned or in a return request, or the return window of %(days)s days "
            "after delivery has passed.",
            order=self.name,
            days=window,
        )
