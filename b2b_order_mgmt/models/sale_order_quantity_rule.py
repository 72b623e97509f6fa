# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .sale_order import OPEN_ORDER_STATES


class SaleOrder(models.Model):
    """Quantity rules (minimum, multiple): checked at confirmation, fixed in
    one click."""

    _inherit = "sale.order"

    b2b_quantity_issue_count = fields.Integer(
        string="Lines Breaking Quantity Rules",
        compute="_compute_b2b_quantity_issue_count",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("order_line.b2b_quantity_warning")
    def _compute_b2b_quantity_issue_count(self):
        for order in self:
            order.b2b_quantity_issue_count = len(
                order.order_line.filtered("b2b_quantity_warning")
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        self._b2b_check_quantity_rules()
        return super().action_confirm()

    def action_b2b_fix_quantities(self):
        """Set every line that breaks its quantity rule to its suggested
        quantity, in one write per order (discounts are computed once)."""
        for order in self.filtered(lambda order: order.state in OPEN_ORDER_STATES):
            to_fix = order.order_line.filtered("b2b_quantity_warning")
            if to_fix:
                order.write(
                    {
                        "order_line": [
                            Command.update(
                                line.id, {"product_uom_qty": line.b2b_suggested_qty}
                            )
                            for line in to_fix
                        ]
                    }
                )
        return True

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _b2b_check_quantity_rules(self):
        """Refuse to confirm while a line breaks its quantity rule, unless the
        customer confirms online (signature or payment, Odoo's ``send_email``):
        the quantities are then those the salesperson sent, and refusing would
        leave a paid order unconfirmed; the salesperson is told instead."""
        broken = self.order_line.filtered("b2b_quantity_warning")
        if not broken:
            return
        if self.env.context.get("send_email"):
            for order, lines in broken.grouped("order_id").items():
                order._b2b_post_quantity_rule_note(lines)
            return
        # Built before the translation call: Babel cannot extract one holding
        # an f-string.
        lines = "\n".join(
            f"- {line.order_id.name}: {line.b2b_quantity_warning}" for line in broken
        )
        raise UserError(
            self.env._(
                "These lines break their quantity rules; change their "
                "quantities (Fix Quantities applies the suggested ones) and "
                "confirm again:\n%(lines)s",
                lines=lines,
            )
        )

    def _b2b_post_quantity_rule_note(self, lines):
        self.ensure_one()
        self.message_post(
            body=self._b2b_html_list(
                self.env._(
                    "Confirmed online by the customer although these lines break "
                    "their quantity rules:"
                ),
                lines.mapped("b2b_quantity_warning"),
            ),
            subtype_xmlid="mail.mt_note",
        )
