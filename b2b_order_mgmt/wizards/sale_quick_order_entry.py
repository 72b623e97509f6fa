# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import binascii

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..order_entry import parser


class SaleQuickOrderEntry(models.TransientModel):
    _name = "sale.quick.order.entry"
    # Its text is saved before it is read: control characters are refused first.
    _inherit = ["b2b.values.check.mixin"]
    _description = "Quick Order Entry"

    order_id = fields.Many2one(
        "sale.order", string="Quotation", required=True, ondelete="cascade"
    )
    input_text = fields.Text(
        string="Lines",
        help="One line per row: the SKU (Internal Reference or barcode), then "
        "the quantity, separated by a tab, a semicolon, a comma or spaces.",
    )
    file = fields.Binary(
        help="A CSV or XLSX file with two columns: SKU, quantity. A header row "
        "is skipped.",
    )
    file_name = fields.Char()
    state = fields.Selection(
        [("input", "Input"), ("done", "Done")], default="input", required=True
    )
    summary = fields.Char(readonly=True)
    result_ids = fields.One2many(
        "sale.quick.order.entry.line", "wizard_id", string="Rows to Look At"
    )
    rejected_count = fields.Integer(compute="_compute_rejected_count")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("result_ids.status")
    def _compute_rejected_count(self):
        for wizard in self:
            wizard.rejected_count = len(
                wizard.result_ids.filtered(lambda line: line.status == "rejected")
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_add_lines(self):
        """Add the good rows to the quotation in one go, list the others, and
        reopen with the rejected rows as the input, to fix and add again."""
        self.ensure_one()
        parsed_rows = self._read_rows()
        check, new_lines = self.order_id._b2b_quick_order_import(parsed_rows)
        rejected = [row for row in check.rows if row.status == "rejected"]
        self.write(
            {
                "state": "done",
                "input_text": "\n".join(row.text for row in rejected),
                "file": False,
                "file_name": False,
                "summary": self._summarize(len(new_lines), len(rejected)),
                "result_ids": [Command.clear()]
                + [
                    Command.create(self._prepare_result_vals(row))
                    for row in check.rows
                    if row.message or row.status != "add"
                ],
            }
        )
        return self._reopen()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _read_rows(self):
        self.ensure_one()
        if self.file and self.input_text and self.input_text.strip():
            raise UserError(
                self.env._("Paste lines or upload a file, not both: clear one of them.")
            )
        if self.file:
            return self._read_file_rows()
        try:
            rows = parser.parse_text(self.input_text)
        except parser.FileFormatError as error:
            raise UserError(
                self.env["sale.order"]._b2b_quick_order_input_message(error.code)
            ) from error
        if not rows:
            raise UserError(
                self.env._(
                    "Nothing to add: paste lines (SKU and quantity) or upload a "
                    "CSV or XLSX file."
                )
            )
        return rows

    def _read_file_rows(self):
        try:
            content = base64.b64decode(self.file, validate=True)
            rows = parser.parse_file(content, self.file_name)
        except (binascii.Error, parser.FileFormatError) as error:
            code = getattr(error, "code", parser.FILE_UNREADABLE)
            raise UserError(
                self.env["sale.order"]._b2b_quick_order_input_message(
                    code, self.file_name
                )
            ) from error
        if not rows:
            raise UserError(self.env._("%(file)s holds no rows.", file=self.file_name))
        return rows

    def _summarize(self, added_count, rejected_count):
        added = self.env._(
            "%(count)s line(s) added to %(order)s, priced with the customer's "
            "prices and bulk discounts.",
            count=added_count,
            order=self.order_id.name,
        )
        if not rejected_count:
            return added
        return " ".join(
            [
                added,
                self.env._(
                    "%(count)s row(s) rejected, listed below: they are back in "
                    "the lines above, to fix and add again.",
                    count=rejected_count,
                ),
            ]
        )

    @api.model
    def _prepare_result_vals(self, row):
        return {
            "row": row.row,
            "text": row.text,
            "sku": row.sku,
            "quantity": row.quantity or 0.0,
            "product_id": row.product.id,
            "status": row.status,
            "message": row.message,
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Quick Entry"),
        }
