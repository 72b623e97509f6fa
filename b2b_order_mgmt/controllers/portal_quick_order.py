# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..order_entry import parser
from .portal import B2bCustomerPortal

# The quick order pad's limits: more is refused with a message.
QUICK_ORDER_MAX_ROWS = 2000
QUICK_ORDER_MAX_BYTES = 5 * 1024 * 1024


class B2bQuickOrderPortal(B2bCustomerPortal):
    """The quick order pad."""

    # ------------------------------------------------------------
    # Fast ordering: the quick order pad
    # ------------------------------------------------------------

    @http.route(
        "/my/quick-order",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_b2b_quick_order(self, **post):
        # The pad shows B2B prices: for B2B customers' buyers only.
        if not self._b2b_is_b2b_portal_user():
            raise NotFound()
        # auth="user": the customer is the logged-in user's own company, so
        # sudo is safe from here on (quotations and prices are not theirs to
        # read or write).
        contact_sudo = request.env.user.partner_id.sudo()
        values = {"input_text": post.get("input_text") or "", "preview": None}
        errors = []
        if request.httprequest.method == "POST":
            if post.get("add"):
                values["input_text"] = self._b2b_quick_order_append(
                    values["input_text"], post["add"]
                )
            else:
                order_sudo = self._b2b_quick_order_submit(
                    contact_sudo, post, values, errors
                )
                if order_sudo:
                    return request.redirect(order_sudo.get_portal_url())
        values.update(
            {
                "page_name": "b2b_quick_order",
                "errors": errors,
                "frequently_ordered": contact_sudo._b2b_get_frequently_ordered(
                    request.env.company
                ),
            }
        )
        return request.render("b2b_order_mgmt.portal_b2b_quick_order", values)

    def _b2b_quick_order_submit(self, contact_sudo, post, values, errors):
        """Check, use the suggested quantities or send the input.

        :param values: the page's values: ``input_text`` and ``preview`` are
            set here
        :param errors: filled with what to tell the customer
        :return: the quotation sent, in sudo, or None
        """
        rows, error = self._b2b_quick_order_read_input(post, values)
        if error:
            errors.append(error)
            return None
        orders_sudo = request.env["sale.order"].sudo()
        action = post.get("action")
        preview = orders_sudo._b2b_portal_quick_order_preview(
            contact_sudo, rows, suggest=action == "suggest"
        )
        if action == "suggest":
            values["input_text"] = "\n".join(row.text for row in preview.check.rows)
        values["preview"] = preview
        if action != "send":
            return None
        error = self._b2b_quick_order_send_refusal(preview)
        if error:
            errors.append(error)
            return None
        order_sudo, check = orders_sudo._b2b_portal_quick_order_create(
            contact_sudo, rows
        )
        self._b2b_set_order_notice(
            order_sudo,
            request.env._("Your quotation request has been sent to us."),
            orders_sudo._b2b_describe_rejected_rows(check),
        )
        return order_sudo

    def _b2b_quick_order_read_input(self, post, values):
        """The rows typed or uploaded; an uploaded file's rows become the
        input, so that nothing is lost when the page comes back.

        :return: (parsed rows, error message or None)
        """
        upload = post.get("file")
        text = values["input_text"]
        file_name = getattr(upload, "filename", None)
        if file_name and text.strip():
            return [], request.env._(
                "Paste lines or upload a file, not both: clear the lines to "
                "upload a file."
            )
        # Bounded work: the bytes first, then the parser reads no row past
        # the limit. A refused file's rows are not echoed back.
        content = upload.read(QUICK_ORDER_MAX_BYTES + 1) if file_name else None
        if len(content if file_name else text.encode()) > QUICK_ORDER_MAX_BYTES:
            return [], self._b2b_quick_order_too_big_message()
        try:
            if file_name:
                rows = parser.parse_file(
                    content, file_name, max_rows=QUICK_ORDER_MAX_ROWS
                )
                values["input_text"] = "\n".join(row.text for row in rows)
            else:
                rows = parser.parse_text(text, max_rows=QUICK_ORDER_MAX_ROWS)
        except parser.FileFormatError as error:
            if error.code == parser.FILE_CONTROL_CHARACTERS:
                # Given back without them, to check and send again.
                values["input_text"] = parser.remove_control_characters(text)
            if error.code == parser.FILE_TOO_LARGE:
                return [], self._b2b_quick_order_too_big_message()
            return [], request.env["sale.order"]._b2b_quick_order_input_message(
                error.code, file_name
            )
        if not rows:
            return [], request.env._(
                "Nothing to order: paste lines (SKU and quantity) or upload a CSV "
                "or Excel file."
            )
        return rows, None

    def _b2b_quick_order_too_big_message(self):
        return request.env._(
            "At most %(rows)s rows (%(size)s MB) at a time: split your order.",
            rows=QUICK_ORDER_MAX_ROWS,
            size=QUICK_ORDER_MAX_BYTES // (1024 * 1024),
        )

    def _b2b_quick_order_send_refusal(self, preview):
        """Why the request cannot be sent as it is, or None."""
        if any(line["quantity_warning"] for line in preview.lines):
            return request.env._(
                "Some quantities break a quantity rule (see the lines below): "
                "change them, or click “Use suggested quantities”, then send "
                "again."
            )
        if not preview.lines:
            return request.env._(
                "No product of the rows can be ordered: fix the rows listed "
                "below, then send again."
            )
        return None

    def _b2b_quick_order_append(self, text, line):
        """The input with one more row (a frequently ordered product)."""
        line = " ".join(line.splitlines()).strip()
        return "\n".join(part for part in (text.rstrip(), line) if part)
