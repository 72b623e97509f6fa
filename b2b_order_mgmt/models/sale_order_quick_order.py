# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..order_entry import parser
from ..order_entry.quantity import format_quantity
from .number_format import format_number
from .sale_order import OPEN_ORDER_STATES

# Fast order entry (see _b2b_quick_order_check). One row of the input and what
# became of it; ``status``: "add" (it makes an order line), "merged" (its
# quantity is summed into the line of an earlier row of the same product),
# "rejected" or "header" (skipped); ``message``: why it is rejected, or what to
# know about it (summed, quantity rule); ``product``: empty when unknown.
QuickOrderRow = namedtuple(
    "QuickOrderRow", ["row", "text", "sku", "quantity", "product", "status", "message"]
)
# One order line to create: its quantity is summed over its rows (row numbers);
# ``warning``: how it breaks its quantity rule, empty when it does not, and
# ``suggested`` the quantity its rule suggests then.
QuickOrderLine = namedtuple(
    "QuickOrderLine", ["product", "quantity", "rows", "warning", "suggested"]
)
QuickOrderCheck = namedtuple("QuickOrderCheck", ["rows", "lines"])
# The portal quick order pad (see _b2b_portal_quick_order_preview): the check of
# the rows, the lines as the quotation would price them (plain values, read
# before the preview is rolled back) and the quotation's totals.
QuickOrderPreview = namedtuple(
    "QuickOrderPreview",
    [
        "check",
        "lines",
        "currency",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "next_discount_hint",
    ],
)


class SaleOrder(models.Model):
    """Fast order entry: pasted or uploaded SKUs and quantities, in the quick
    entry wizard of a quotation and in the portal's quick order pad."""

    _inherit = "sale.order"

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_b2b_open_quick_entry(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "b2b_order_mgmt.sale_quick_order_entry_action"
        )
        action["context"] = {"default_order_id": self.id}
        return action

    # ------------------------------------------------------------
    # Business methods: quick entry
    # ------------------------------------------------------------

    def _b2b_quick_order_check(self, parsed_rows):
        """Match the rows read by ``order_entry.parser`` with products and check
        them for this order, without changing it: one search finds the products
        of all the SKUs, one more the quantity rules, whatever the number of rows.

        Call it after checking access to the order (the portal: on the order in
        sudo). The same product twice makes one line, its quantities summed.

        :param parsed_rows: [parser.ParsedRow]
        :return: QuickOrderCheck(rows=[QuickOrderRow], one per parsed row, in
            input order; lines=[QuickOrderLine], in order of their first row)
        """
        self.ensure_one()
        products_by_sku = self.env["product.product"]._b2b_find_by_sku(
            row.sku for row in parsed_rows if row.is_line
        )
        no_product = self.env["product.product"]
        outcomes = []  # (parsed row, product, status, message)
        quantities = {}  # {product: [quantity, [row numbers]]}, in input order
        for parsed in parsed_rows:
            if parsed.header:
                message = self.env._("Read as a header row and skipped.")
                outcomes.append((parsed, no_product, "header", message))
                continue
            if parsed.error:
                message = self._b2b_quick_order_parse_message(parsed.error)
                outcomes.append((parsed, no_product, "rejected", message))
                continue
            product, refusal = self._b2b_quick_order_pick_product(
                products_by_sku[parsed.sku]
            )
            refusal = refusal or self._b2b_quick_order_unit_refusal(
                product, parsed.quantity
            )
            if refusal:
                outcomes.append((parsed, product, "rejected", refusal))
            elif product in quantities:
                quantities[product][0] += parsed.quantity
                quantities[product][1].append(parsed.row)
                outcomes.append((parsed, product, "merged", ""))
            else:
                quantities[product] = [parsed.quantity, [parsed.row]]
                outcomes.append((parsed, product, "add", ""))
        lines = self._b2b_quick_order_prepare_lines(quantities)
        return QuickOrderCheck(
            rows=self._b2b_quick_order_rows(outcomes, lines), lines=lines
        )

    def _b2b_quick_order_add(self, lines):
        """Add the lines to the quotation in ONE create, so that Odoo's price
        lists and the bulk-discount rules (which count every line of the order)
        price the whole batch once, its siblings included. Call it after
        checking access to the order.

        One ``sale.order.line.create`` rather than ``order.write({"order_line":
        [Command.create(...)]})``: both price the batch together, but the
        order's write then marks every line of the order as modified, so the
        new lines' discounts and amounts would be computed a second time (a
        price-list query per line).

        :param lines: [QuickOrderLine], or anything with ``product`` and
            ``quantity`` (in the product's unit of measure)
        :return: the new sale.order.line records
        """
        self.ensure_one()
        if self.state not in OPEN_ORDER_STATES:
            raise UserError(
                self.env._(
                    "%(order)s is confirmed or cancelled: lines can only be added "
                    "to quotations.",
                    order=self.name,
                )
            )
        # After the existing lines, in input order.
        last_sequence = max(self.order_line.mapped("sequence"), default=10)
        return self.env["sale.order.line"].create(
            [
                {
                    "order_id": self.id,
                    "product_id": line.product.id,
                    "product_uom_qty": line.quantity,
                    "sequence": last_sequence + index,
                }
                for index, line in enumerate(lines, start=1)
            ]
        )

    def _b2b_quick_order_import(self, parsed_rows):
        """Check the rows and add the good ones: what the quick entry wizard
        does. The rows that are rejected are left out; the others are added.

        :return: (QuickOrderCheck, the new sale.order.line records)
        """
        check = self._b2b_quick_order_check(parsed_rows)
        return check, self._b2b_quick_order_add(check.lines)

    def _b2b_quick_order_pick_product(self, candidates):
        """The product a SKU stands for, or why none can be ordered.

        :param candidates: the products found for the SKU
        :return: (product.product or empty, refusal message or False)
        """
        # A customer (the portal) learns only that a reference is not
        # available to them: not whether it exists, nor the products it names.
        customer = self.env.context.get("b2b_for_customer")
        unavailable = self.env._("This reference is not available.")
        if not candidates:
            return candidates, unavailable if customer else self.env._(
                "No product has this Internal Reference or barcode."
            )
        refusals = {
            product: product._b2b_sale_refusal_reason(self.company_id)
            for product in candidates
        }
        orderable = [product for product, refusal in refusals.items() if not refusal]
        if len(orderable) == 1:
            return orderable[0].with_env(self.env), False
        if orderable and customer:
            return candidates.browse(), self.env._(
                "Several products have this reference: tell us which one you want."
            )
        if orderable:
            return candidates.browse(), self.env._(
                "Several products have this SKU (%(products)s): add the right one "
                "on the order form.",
                products=", ".join(product.display_name for product in orderable),
            )
        if customer:
            return candidates.browse(), unavailable
        # Never name a product of another company.
        product = candidates[0]
        if product.company_id and product.company_id != self.company_id:
            product = candidates.browse()
        return product, refusals[candidates[0]]

    def _b2b_quick_order_unit_refusal(self, product, quantity):
        """Why ``quantity`` cannot be ordered in the product's unit of measure
        (2.5 of a product sold in whole units), or False: never rounded
        silently."""
        uom = product.uom_id
        steps = quantity / uom.rounding
        if abs(steps - round(steps)) < 1e-6:
            return False
        lower = float_round(
            quantity, precision_rounding=uom.rounding, rounding_method="DOWN"
        )
        upper = float_round(
            quantity, precision_rounding=uom.rounding, rounding_method="UP"
        )
        return self.env._(
            "%(product)s is sold in steps of %(step)s %(uom)s: order %(lower)s or "
            "%(upper)s, not %(quantity)s.",
            product=product.display_name,
            step=format_number(self.env, uom.rounding, digits=6),
            uom=uom.name,
            lower=format_number(self.env, lower, digits=6),
            upper=format_number(self.env, upper, digits=6),
            quantity=format_number(self.env, quantity, digits=6),
        )

    def _b2b_quick_order_parse_message(self, error):
        messages = {
            parser.ERROR_MISSING_SKU: self.env._(
                "No SKU: type the product's Internal Reference or barcode, then "
                "the quantity."
            ),
            parser.ERROR_MISSING_QUANTITY: self.env._("No quantity after the SKU."),
            parser.ERROR_EXTRA_COLUMNS: self.env._(
                "More than two columns: a row holds a SKU and a quantity, nothing "
                "else (the quantity is in the product's unit of measure)."
            ),
            parser.ERROR_NOT_A_NUMBER: self.env._("The quantity is not a number."),
            parser.ERROR_AMBIGUOUS_QUANTITY: self.env._(
                "The quantity can be read two ways (one or one thousand?): type it "
                "without a thousands separator, e.g. 1000 or 1.5."
            ),
            parser.ERROR_ZERO_QUANTITY: self.env._("The quantity is zero."),
            parser.ERROR_NEGATIVE_QUANTITY: self.env._("The quantity is negative."),
        }
        return messages[error]

    @api.model
    def _b2b_quick_order_input_message(self, code, file_name=None):
        """Why the typed or uploaded rows are refused as a whole (a parser
        FILE_* code), for the sales rep's quick entry and the portal pad."""
        if code == parser.FILE_CONTROL_CHARACTERS:
            return self.env._(
                "The lines hold control characters (such as NUL) that no SKU or "
                "quantity holds: remove them, or save the file again as CSV or "
                "Excel, then try again."
            )
        if code == parser.FILE_TOO_LARGE:
            return self.env._(
                "%(file)s is too large to read (too many rows or cells): split it.",
                file=file_name or self.env._("The file"),
            )
        return self.env._(
            "%(file)s cannot be read: upload a CSV file or an Excel workbook "
            "(.xlsx) with two columns, SKU and quantity.",
            file=file_name or self.env._("The file"),
        )

    def _b2b_quick_order_prepare_lines(self, quantities):
        """The lines to create, with how each breaks its quantity rule (one
        query for the rules of all products)."""
        products = self.env["product.product"].concat(*quantities)
        rules = self.env["b2b.quantity.rule"]._b2b_get_rules(
            products.product_tmpl_id, self.company_id, self.b2b_tier_id
        )
        lines = []
        for product, (quantity, rows) in quantities.items():
            rule = rules.get(product.product_tmpl_id.id)
            warning, suggested = "", quantity
            if rule:
                suggested = rule._b2b_suggest_quantity(quantity, product.uom_id)
                if suggested != quantity:
                    warning = rule._b2b_format_warning(
                        product, quantity, suggested, product.uom_id
                    )
            lines.append(QuickOrderLine(product, quantity, rows, warning, suggested))
        return lines

    def _b2b_quick_order_rows(self, outcomes, lines):
        line_of_row = {line.rows[0]: line for line in lines}
        first_row_of = {line.product: line.rows[0] for line in lines}
        products_on_order = self.order_line.product_id
        rows = []
        for parsed, product, status, message in outcomes:
            if status == "add":
                message = self._b2b_quick_order_line_message(
                    line_of_row[parsed.row], product in products_on_order
                )
            elif status == "merged":
                message = self.env._(
                    "Same product as row %(row)s: summed on its line.",
                    row=first_row_of[product],
                )
            rows.append(
                QuickOrderRow(
                    parsed.row,
                    parsed.text,
                    parsed.sku,
                    parsed.quantity,
                    product.with_env(self.env),
                    status,
                    message,
                )
            )
        return rows

    def _b2b_quick_order_line_message(self, line, already_on_order):
        notes = []
        if len(line.rows) > 1:
            notes.append(
                self.env._(
                    "Rows %(rows)s hold the same product: one line of %(qty)s %(uom)s.",
                    rows=", ".join(str(row) for row in line.rows),
                    qty=format_quantity(line.quantity),
                    uom=line.product.uom_id.name,
                )
            )
        if already_on_order:
            notes.append(
                self.env._("The product was already on the order: one more line.")
            )
        if line.warning:
            notes.append(line.warning)
        return " ".join(notes)

    # ------------------------------------------------------------
    # Business methods: portal quick order pad
    # ------------------------------------------------------------

    @api.model
    def _b2b_portal_quick_order_preview(self, contact, parsed_rows, suggest=False):
        """Price the rows exactly as the quotation requested by ``contact``
        would be: the same draft quotation, made in a savepoint with the lines
        added by _b2b_quick_order_add, read, then rolled back. Call it in sudo
        after checking that ``contact`` is the logged-in user's partner.

        :param suggest: price the rows with the suggested quantity on every
            line that breaks its quantity rule instead (priced once); the
            preview's rows then hold the texts of the new input
        :return: QuickOrderPreview
        """
        savepoint = self.env.cr.savepoint()
        try:
            # A name of its own: the quotations' sequence would lose a number
            # at every preview.
            order = self.with_context(
                tracking_disable=True, b2b_for_customer=True
            ).create(
                dict(
                    self._b2b_prepare_portal_quick_order_vals(contact),
                    name=self.env._("Preview"),
                )
            )
            check = order._b2b_quick_order_check(parsed_rows)
            if suggest:
                check = order._b2b_quick_order_check(
                    parser.parse_text(self._b2b_quick_order_suggested_text(check))
                )
            new_lines = order._b2b_quick_order_add(check.lines)
            return QuickOrderPreview(
                check,
                [
                    line._b2b_prepare_portal_preview_vals(rows=quick_line.rows)
                    for quick_line, line in zip(check.lines, new_lines, strict=True)
                ],
                order.currency_id,
                order.amount_untaxed,
                order.amount_tax,
                order.amount_total,
                order.b2b_next_discount_hint or "",
            )
        finally:
            savepoint.close(rollback=True)

    @api.model
    def _b2b_quick_order_suggested_text(self, check):
        """The input of a QuickOrderCheck with the suggested quantity on every
        line that breaks its rule; rows summed on such a line become one row."""
        fixed = {line.rows[0]: line for line in check.lines if line.warning}
        merged_rows = {row for line in fixed.values() for row in line.rows}
        texts = []
        for row in check.rows:
            line = fixed.get(row.row)
            if line:
                texts.append(f"{row.sku}\t{format_quantity(line.suggested)}")
            elif row.row not in merged_rows:
                texts.append(row.text)
        return "\n".join(texts)

    @api.model
    def _b2b_portal_quick_order_create(self, contact, parsed_rows):
        """The quotation requested from the portal pad by ``contact``, with
        the rows that can be ordered; a message in its chatter says where it
        comes from and which rows were left out. Call it in sudo after checking
        that ``contact`` is the logged-in user's partner.

        :return: (the new quotation, QuickOrderCheck)
        """
        order = self.create(self._b2b_prepare_portal_quick_order_vals(contact))
        check, _new_lines = order.with_context(
            b2b_for_customer=True
        )._b2b_quick_order_import(parsed_rows)
        # Followers of the customer's company read its orders in the portal.
        order.message_subscribe(partner_ids=contact.ids)
        order._b2b_post_portal_quick_order_message(contact, check)
        return order, check

    @api.model
    def _b2b_prepare_portal_quick_order_vals(self, contact):
        """The buyer is the quotation's customer (as Odoo's own shop does):
        its company is the commercial partner, whose prices, tier and
        salesperson apply."""
        vals = {"partner_id": contact.id, **self._b2b_portal_request_vals()}
        salesperson = contact.commercial_partner_id.user_id
        if salesperson:
            vals["user_id"] = salesperson.id
        return vals

    def _b2b_post_portal_quick_order_message(self, contact, check):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Quotation requested by %(contact)s from the quick order pad of the "
            "portal.",
            contact=contact.name,
        )
        rejected = self._b2b_describe_rejected_rows(check)
        if rejected:
            body += self._b2b_html_list(self.env._("Rows left out:"), rejected)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _b2b_describe_rejected_rows(self, check):
        """The rows of a QuickOrderCheck that were left out, one sentence each."""
        return [
            self.env._(
                "Row %(row)s, “%(text)s”: %(reason)s",
                row=row.row,
                text=row.text,
                reason=row.message,
            )
            for row in check.rows
            if row.status == "rejected"
        ]
