# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from markupsafe import Markup

from odoo import Command, api, models
from odoo.exceptions import UserError

# Reorder (see _b2b_reorder): the new quotation, and the lines of the original
# order that could not be reordered, each with why.
ReorderResult = namedtuple("ReorderResult", ["order", "skipped"])
ReorderSkippedLine = namedtuple("ReorderSkippedLine", ["line", "reason"])


class SaleOrder(models.Model):
    """Order Again: a new quotation with the products of a confirmed order."""

    _inherit = "sale.order"

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_b2b_reorder(self):
        """Order again: a new quotation, then a notification of what could not
        be reordered, then the new quotation."""
        self.ensure_one()
        result = self._b2b_reorder()
        message = self.env._(
            "%(new)s is a new quotation with the products and quantities of "
            "%(order)s, at today's prices.",
            new=result.order.name,
            order=self.name,
        )
        if result.skipped:
            message = " ".join(
                [
                    message,
                    self.env._(
                        "Not reordered (see the chatter): %(lines)s.",
                        lines="; ".join(
                            skipped.line._b2b_describe_for_reorder()
                            for skipped in result.skipped
                        ),
                    ),
                ]
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Order Again"),
                "message": message,
                "type": "warning" if result.skipped else "success",
                "sticky": bool(result.skipped),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "sale.order",
                    "res_id": result.order.id,
                    "views": [(False, "form")],
                },
            },
        }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_reorder(self):
        """Order again: a new quotation for the same customer with the same
        products and quantities, at today's prices. Its lines are created with
        it, in one create, so that the price list and the bulk-discount rules
        price them as those of any new order. Sections and notes are kept;
        computed lines (rewards, delivery charges, down payments) and products
        that can no longer be sold are left out, and said so in the new
        quotation's chatter.

        Call it after checking access to the order (the portal: on the order in
        sudo).

        :return: ReorderResult(order=the new quotation,
            skipped=[ReorderSkippedLine(line, reason)])
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "Only confirmed orders can be ordered again; %(order)s is not.",
                    order=self.name,
                )
            )
        line_commands, skipped = [], []
        for line in self.order_line:
            reason = line._b2b_reorder_refusal_reason()
            if reason:
                skipped.append(ReorderSkippedLine(line, reason))
            else:
                line_commands.append(Command.create(line._b2b_prepare_reorder_vals()))
        new_order = self.create(self._b2b_prepare_reorder_vals(line_commands))
        new_order._b2b_post_reorder_message(self, skipped)
        return ReorderResult(new_order, skipped)

    def _b2b_prepare_reorder_vals(self, line_commands):
        self.ensure_one()
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "order_line": line_commands,
        }
        # The customer's account stays with its salesperson and team; Odoo
        # computes the rest (price list, payment terms, fiscal position) anew.
        for fname in (
            "user_id",
            "team_id",
            "partner_invoice_id",
            "partner_shipping_id",
        ):
            if self[fname].active:
                vals[fname] = self[fname].id
        return vals

    def _b2b_post_reorder_message(self, origin, skipped):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Ordered again from %(order)s, at today's prices.", order=origin.name
        )
        if skipped:
            body += self._b2b_html_list(
                self.env._("Not reordered:"),
                [
                    self.env._(
                        "%(line)s: %(reason)s",
                        line=item.line._b2b_describe_for_reorder(),
                        reason=item.reason,
                    )
                    for item in skipped
                ],
            )
        warnings = self.order_line.filtered("b2b_quantity_warning")
        if warnings:
            body += self._b2b_html_list(
                self.env._("Quantities to change (quantity rules):"),
                warnings.mapped("b2b_quantity_warning"),
            )
        self.message_post(body=body)

    def _b2b_portal_reorder(self, contact):
        """Order again from the portal: the new quotation, which ``contact``
        (the customer's buyer) follows so that it opens in their portal.
        Call it in sudo after checking that the order is the buyer's own."""
        result = self.with_context(b2b_for_customer=True)._b2b_reorder()
        result.order.write(self._b2b_portal_request_vals())
        result.order.message_subscribe(partner_ids=contact.ids)
        return result

    @api.model
    def _b2b_portal_request_vals(self):
        """A quotation requested in the portal waits for the salesperson: no
        online signature or payment, so the customer cannot confirm it before
        it is reviewed (the salesperson ticks them back to ask for them)."""
        return {"require_signature": False, "require_payment": False}
