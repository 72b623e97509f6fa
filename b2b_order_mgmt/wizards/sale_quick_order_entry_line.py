# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleQuickOrderEntryLine(models.TransientModel):
    """A row of a quick entry with something to say: rejected, summed with
    another, flagged by a quantity rule, or skipped as a header."""

    _name = "sale.quick.order.entry.line"
    _description = "Quick Order Entry Row"
    _order = "row, id"

    wizard_id = fields.Many2one(
        "sale.quick.order.entry", required=True, ondelete="cascade"
    )
    row = fields.Integer(help="The row's number in the text or the file.")
    text = fields.Char(string="Typed", help="The row as it was typed.")
    sku = fields.Char(string="SKU")
    quantity = fields.Float(digits="Product Unit of Measure")
    product_id = fields.Many2one("product.product")
    status = fields.Selection(
        [
            ("add", "Added"),
            ("merged", "Summed"),
            ("rejected", "Rejected"),
            ("header", "Header"),
        ],
        required=True,
    )
    message = fields.Char()
