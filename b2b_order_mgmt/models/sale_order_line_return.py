# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare

# What can be returned of an order line, in its unit of measure:
# - delivered: by done customer deliveries (returns of them not deducted);
# - total: what is left of it, minus what other submitted requests ask for;
# - in_window: the part of ``total`` delivered within the return window;
# - last_delivery_date: when the most recent delivery still holding goods to
#   return was delivered (or shipped); deadline: until when it can be returned.
ReturnableQuantity = namedtuple(
    "ReturnableQuantity",
    ["delivered", "total", "in_window", "last_delivery_date", "deadline"],
)


class SaleOrderLine(models.Model):
    """Returns: what can still be returned of a line, and what was."""

    _inherit = "sale.order.line"

    b2b_return_line_ids = fields.One2many(
        "b2b.return.request.line", "sale_line_id", string="Return Request Lines"
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends(
        "b2b_return_line_ids.qty_received",
        "b2b_return_line_ids.request_id.state",
        "b2b_return_line_ids.request_id.request_type",
    )
    def _compute_qty_to_invoice(self):
        result = super()._compute_qty_to_invoice()
        # Invoiced on ordered quantities, goods returned (not exchanged) would
        # stay to invoice, even after their credit note: they no longer are.
        # Invoiced on delivered quantities, Odoo already deducts them (to_refund).
        for line in self.filtered("b2b_return_line_ids"):
            if (
                line.state == "sale"
                and not line.display_type
                and line.product_id.invoice_policy == "order"
            ):
                line.qty_to_invoice -= line._b2b_get_qty_returned()
        return result

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_get_qty_returned(self):
        """Received back through return requests (exchanges excepted)."""
        self.ensure_one()
        return sum(
            self.b2b_return_line_ids.filtered(
                lambda line: (
                    line.request_id.request_type == "return"
                    and line.request_id.state in ("received", "done")
                )
            ).mapped("qty_received")
        )

    def _b2b_get_returnable_moves(self):
        """The done customer-delivery moves of each line with what is left to
        return of them, most recently delivered first.

        :return: {line: [(move, quantity in the line's unit, delivery date)]}
        """
        result = {}
        for line in self:
            outgoing, _incoming = line._get_outgoing_incoming_moves()
            delivered = outgoing.filtered(
                lambda move: (
                    move.state == "done"
                    and move.picking_id._b2b_is_returnable_delivery()
                )
            )
            entries = []
            for move in delivered.sorted(
                lambda move: (move.picking_id._b2b_get_delivery_date(), move.id),
                reverse=True,
            ):
                left = line._b2b_to_line_uom(move.quantity, move.product_uom)
                # Returns in progress hold their goods too.
                for returned in move.returned_move_ids:
                    if returned.state != "cancel":
                        left -= line._b2b_to_line_uom(
                            returned.quantity
                            if returned.state == "done"
                            else returned.product_uom_qty,
                            returned.product_uom,
                        )
                if (
                    float_compare(
                        left, 0.0, precision_rounding=line.product_uom.rounding
                    )
                    > 0
                ):
                    entries.append(
                        (move, left, move.picking_id._b2b_get_delivery_date())
                    )
            result[line] = entries
        return result

    def _b2b_get_returnable_quantities(self, exclude_requests=None):
        """What can still be returned of each line: delivered by done customer
        deliveries, minus what is returned or being returned (approved
        requests, returns made in Inventory), minus what submitted requests
        ask for (drafts commit to nothing; refused and cancelled requests
        hold nothing).

        :param exclude_requests: requests not to count (the one being checked)
        :return: {line: ReturnableQuantity}
        """
        moves_by_line = self._b2b_get_returnable_moves()
        requested = self._b2b_get_requested_quantities(exclude_requests)
        today = fields.Date.context_today(self)
        result = {}
        for line in self:
            window = line.order_id.company_id.b2b_return_window_days
            entries = moves_by_line[line]
            deadlines = [
                (qty, self._b2b_return_deadline(date, window))
                for _move, qty, date in entries
            ]
            total = sum(qty for qty, _deadline in deadlines)
            in_window = sum(
                qty for qty, deadline in deadlines if not deadline or deadline >= today
            )
            # Submitted requests take the most recent deliveries first, as
            # their approval will.
            asked = requested.get(line, 0.0)
            result[line] = ReturnableQuantity(
                delivered=line._b2b_get_qty_delivered_to_customer(),
                total=max(total - asked, 0.0),
                in_window=max(in_window - asked, 0.0),
                last_delivery_date=entries[0][2] if entries else False,
                deadline=deadlines[0][1] if deadlines else False,
            )
        return result

    def _b2b_get_requested_quantities(self, exclude_requests=None):
        """{line: quantity asked by submitted return requests}"""
        domain = [
            ("sale_line_id", "in", self.ids),
            ("request_id.state", "=", "submitted"),
        ]
        if exclude_requests:
            domain.append(("request_id", "not in", exclude_requests.ids))
        # sudo: a total over the order's requests, whoever may read each one;
        # callers checked access to the order.
        groups = (
            self.env["b2b.return.request.line"]
            .sudo()
            ._read_group(domain, ["sale_line_id"], ["quantity:sum"])
        )
        return {self.browse(line.id): quantity for line, quantity in groups}

    def _b2b_get_qty_delivered_to_customer(self):
        self.ensure_one()
        outgoing, _incoming = self._get_outgoing_incoming_moves()
        return sum(
            self._b2b_to_line_uom(move.quantity, move.product_uom)
            for move in outgoing
            if move.state == "done" and move.picking_id._b2b_is_returnable_delivery()
        )

    def _b2b_to_line_uom(self, quantity, uom):
        self.ensure_one()
        return uom._compute_quantity(quantity, self.product_uom, round=False)

    @api.model
    def _b2b_return_deadline(self, delivery_date, window):
        """The last day a return can be requested; False: no time limit."""
        if not window:
            return False
        return fields.Date.context_today(self, delivery_date) + timedelta(days=window)
