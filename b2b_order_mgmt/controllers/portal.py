# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import uuid

from werkzeug.exceptions import NotFound

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import float_compare, float_round

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal

from ..order_entry import parser
from ..order_entry.quantity import format_quantity

# The return form's inputs per order line: qty_<id>, reason_<id>, comment_<id>.
RETURN_LINE_INPUT = re.compile(r"^(qty|reason|comment)_([0-9]+)$")
# A plain decimal number, with a point or a comma: float() would also take
# "nan", "inf", "1e3" and "1_000".
QUANTITY_INPUT = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$")
RETURN_TYPES = ("return", "exchange")
# The key the return form carries (uuid4().hex), so that it makes one request.
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")
# The quick order pad's limits: more is refused with a message.
QUICK_ORDER_MAX_ROWS = 2000
QUICK_ORDER_MAX_BYTES = 5 * 1024 * 1024
# The notice the order's page shows once, after the pad or Order Again made it.
ORDER_NOTICE_KEY = "b2b_order_notice_%s"


class B2bCustomerPortal(CustomerPortal):
    def _b2b_is_b2b_portal_user(self):
        """Whether the logged-in user buys for a B2B customer: the addon's
        portal pages are theirs; everyone else's portal is Odoo's own."""
        return request.env.user.partner_id.sudo()._b2b_is_b2b_customer(
            request.env.company
        )

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["b2b_portal_customer"] = self._b2b_is_b2b_portal_user()
        return values

    # A download, not a page: no portal layout, hence no website=True (as Odoo's
    # /my/orders/<id>/document/<id>). auth="public" so that a shared link with
    # the order's access token works without logging in.
    @http.route(
        "/my/orders/<int:order_id>/confirmation-letter", type="http", auth="public"
    )
    def portal_order_confirmation_letter(self, order_id, access_token=None, **kw):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            # Unknown and forbidden answer alike: no hint whether it exists.
            raise NotFound() from None
        if not (
            order_sudo.b2b_is_b2b_order and order_sudo._b2b_has_confirmation_letter()
        ):
            raise NotFound()
        return self._show_report(
            model=order_sudo,
            report_type="pdf",
            report_ref="b2b_order_mgmt.action_report_confirmation_letter",
            download=True,
        )

    # ------------------------------------------------------------
    # Returns and exchanges: portal home and list
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "b2b_return_count" in counters:
            requests = request.env["b2b.return.request"]
            values["b2b_return_count"] = (
                requests.search_count(
                    self._prepare_b2b_returns_domain(request.env.user.partner_id)
                )
                if requests.has_access("read")
                else 0
            )
        return values

    def _prepare_b2b_returns_domain(self, partner):
        # As the portal record rule: the requests of the customer's company.
        return [
            ("commercial_partner_id", "child_of", [partner.commercial_partner_id.id])
        ]

    def _get_b2b_returns_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "create_date desc, id desc",
            },
            "name": {"label": request.env._("Reference"), "order": "name desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    @http.route(
        ["/my/returns", "/my/returns/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_b2b_returns(self, page=1, sortby=None, **kw):
        requests = request.env["b2b.return.request"]
        domain = self._prepare_b2b_returns_domain(request.env.user.partner_id)
        # A B2B customer's page (or a former one's, who has requests).
        if not (
            self._b2b_is_b2b_portal_user() or requests.search_count(domain, limit=1)
        ):
            raise NotFound()
        sortings = self._get_b2b_returns_searchbar_sortings()
        # Query strings are the visitor's: an unknown sort or page is the default.
        if sortby not in sortings:
            sortby = "date"
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = 1
        pager = portal_pager(
            url="/my/returns",
            total=requests.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args={"sortby": sortby},
        )
        # As the user: record rules hold; sudo only to render what they read.
        return_requests = requests.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_b2b_returns_history"] = return_requests.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "return_requests": return_requests.sudo(),
                "page_name": "b2b_return",
                "pager": pager,
                "default_url": "/my/returns",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("b2b_order_mgmt.portal_my_b2b_returns", values)

    # ------------------------------------------------------------
    # Returns and exchanges: one request
    # ------------------------------------------------------------

    @http.route(
        "/my/returns/<int:request_id>", type="http", auth="public", website=True
    )
    def portal_my_b2b_return(self, request_id, access_token=None, message=None, **kw):
        try:
            request_sudo = self._document_check_access(
                "b2b.return.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            # Unknown and forbidden answer alike: no hint whether it exists.
            raise NotFound() from None
        values = {
            "page_name": "b2b_return",
            "return_request": request_sudo,
            "b2b_steps": request_sudo._b2b_get_portal_steps(),
            "b2b_order_url": self._b2b_portal_url_if_readable(request_sudo.order_id),
            "b2b_credit_notes": [
                (credit_note, self._b2b_portal_url_if_readable(credit_note))
                for credit_note in request_sudo.credit_note_ids
            ],
            "b2b_can_cancel": request_sudo.state in ("draft", "submitted")
            and request.env["b2b.return.request"].browse(request_id).has_access("read"),
            "message": message,
        }
        values = self._get_page_view_values(
            request_sudo, access_token, values, "my_b2b_returns_history", False, **kw
        )
        return request.render("b2b_order_mgmt.portal_my_b2b_return", values)

    def _b2b_portal_url_if_readable(self, record_sudo):
        """A link to the record's portal page when the visitor may open it:
        a token visitor of the request gets no token of other documents."""
        if record_sudo.with_user(request.env.user).has_access("read"):
            return record_sudo.get_portal_url()
        return False

    @http.route(
        "/my/returns/<int:request_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_b2b_return_cancel(self, request_id, **kw):
        try:
            self._document_check_access("b2b.return.request", request_id)
        except (AccessError, MissingError):
            raise NotFound() from None
        # As the user: action_cancel() checks who may cancel what.
        return_request = request.env["b2b.return.request"].browse(request_id)
        url = return_request.access_url
        try:
            with request.env.cr.savepoint():
                return_request.action_cancel()
        except UserError:
            return request.redirect(f"{url}?message=cant_cancel")
        return request.redirect(f"{url}?message=cancelled")

    # ------------------------------------------------------------
    # Returns and exchanges: the request form of an order
    # ------------------------------------------------------------

    @http.route(
        "/my/orders/<int:order_id>/return",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_order_b2b_return(self, order_id, **post):
        order_sudo = self._b2b_get_customer_order(order_id)
        if not order_sudo:
            # Unknown and forbidden answer alike: no hint whether it exists.
            raise NotFound()
        posted = request.httprequest.method == "POST"
        submission_key, sent_sudo = self._b2b_get_return_submission(order_sudo, post)
        if sent_sudo:
            return request.redirect(f"{sent_sudo.access_url}?message=submitted")
        returnable = order_sudo._b2b_get_returnable_lines()
        if not returnable:
            return request.render(
                "b2b_order_mgmt.portal_b2b_return_unavailable",
                {
                    "page_name": "b2b_return_form",
                    "order": order_sudo,
                    "order_url": order_sudo.get_portal_url(),
                    "unavailable": order_sudo._b2b_get_return_unavailability(),
                },
            )
        reasons = request.env["b2b.return.reason"].search(
            [("company_id", "in", [False, order_sudo.company_id.id])]
        )
        errors = {}
        if posted:
            values, errors = self._b2b_parse_return_form(post, returnable, reasons)
            if not errors:
                values.update(order_id=order_sudo.id, submission_key=submission_key)
                try:
                    return_request = self._b2b_create_return_request(values)
                except UserError as error:
                    errors["form"] = [error.args[0]]
                else:
                    return request.redirect(
                        f"{return_request.access_url}?message=submitted"
                    )
        return request.render(
            "b2b_order_mgmt.portal_b2b_return_form",
            {
                "page_name": "b2b_return_form",
                "order": order_sudo,
                "order_url": order_sudo.get_portal_url(),
                "returnable": returnable,
                "reasons": reasons,
                "form": post,
                "errors": errors,
                "submission_key": submission_key,
            },
        )

    def _b2b_get_return_submission(self, order_sudo, post):
        """The return form's key, and the request it already made (in sudo),
        if it was sent before: one request per form, however often it is sent.
        A post locks the order's returns: a submission of the same order at
        the same moment waits, then finds this one.

        :return: (key, request or an empty recordset)
        """
        requests_sudo = request.env["b2b.return.request"].sudo()
        key = post.get("submission_key")
        if not (key and SUBMISSION_KEY.fullmatch(key)):
            return uuid.uuid4().hex, requests_sudo
        if request.httprequest.method != "POST":
            return key, requests_sudo
        order_sudo._b2b_lock_returns()
        # sudo: a key is unique among every customer's requests.
        sent_sudo = requests_sudo.search([("submission_key", "=", key)], limit=1)
        if sent_sudo and sent_sudo.order_id != order_sudo:
            # Not this order's: a new form.
            return uuid.uuid4().hex, requests_sudo
        return key, sent_sudo

    def _b2b_get_customer_order(self, order_id):
        """The customer's own B2B order, in sudo, or None. Reading it is not
        enough (a follower of another company's order reads it): requests
        are made for one's own company's orders."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return None
        customer = request.env.user.commercial_partner_id
        if (
            order_sudo.partner_id.commercial_partner_id != customer
            or not order_sudo.b2b_is_b2b_order
        ):
            return None
        return order_sudo

    def _b2b_parse_return_form(self, post, returnable, reasons):
        """Read the posted form strictly.

        :param returnable: the order's _b2b_get_returnable_lines()
        :param reasons: the reasons offered
        :return: (values of the request, errors): errors maps a sale line id
            to its message, "form" to the messages about the whole form
        """
        errors = {}
        form_errors = []
        request_type = post.get("request_type")
        if request_type not in RETURN_TYPES:
            form_errors.append(
                request.env._("Choose whether you want a return or an exchange.")
            )
        offered = {entry["sale_line"].id: entry for entry in returnable}
        posted_ids = {
            int(match.group(2))
            for key in post
            if (match := RETURN_LINE_INPUT.match(key))
        }
        if posted_ids - set(offered):
            # Forged, of another order, or no longer returnable since the
            # form was shown.
            form_errors.append(
                request.env._(
                    "The form held products that cannot be returned on this order: "
                    "check the products below and send the form again."
                )
            )
        lines = []
        for line_id, entry in offered.items():
            quantity, error = self._b2b_parse_return_quantity(
                post.get(f"qty_{line_id}"), entry
            )
            if error:
                errors[line_id] = error
                continue
            if not quantity:
                continue
            reason = post.get(f"reason_{line_id}") or ""
            reason = int(reason) if reason.isdecimal() else 0
            if reason not in reasons.ids:
                errors[line_id] = request.env._("Choose the reason of the return.")
                continue
            lines.append(
                {
                    "sale_line_id": line_id,
                    "quantity": quantity,
                    "reason_id": reason,
                    "comment": (post.get(f"comment_{line_id}") or "").strip() or False,
                }
            )
        if not lines and not errors:
            form_errors.append(
                request.env._("Enter the quantity to return of at least one product.")
            )
        if form_errors:
            errors["form"] = form_errors
        return {"request_type": request_type, "lines": lines}, errors

    def _b2b_parse_return_quantity(self, text, entry):
        """:return: (quantity or 0.0 when left empty, error message or None)"""
        text = (text or "").strip()
        if not text:
            return 0.0, None
        if not QUANTITY_INPUT.match(text):
            return 0.0, request.env._("Enter the quantity as a number, e.g. 2.")
        quantity = float(text.replace(",", "."))
        uom = entry["uom"]
        if quantity < 0:
            return 0.0, request.env._("Enter a positive quantity, or leave it empty.")
        # float() takes numbers of any length, which rounding overflows: no
        # order line holds a billion of anything.
        if (
            quantity > 1e9
            or float_compare(
                quantity, entry["quantity"], precision_rounding=uom.rounding
            )
            > 0
        ):
            return 0.0, request.env._(
                "At most %(quantity)s %(uom)s can be returned.",
                quantity=format_quantity(entry["quantity"]),
                uom=uom.name,
            )
        if float_compare(
            quantity,
            float_round(quantity, precision_rounding=uom.rounding),
            precision_digits=10,
        ):
            return 0.0, request.env._(
                "Enter the quantity in steps of %(step)s %(uom)s.",
                step=format_quantity(uom.rounding),
                uom=uom.name,
            )
        return quantity, None

    def _b2b_create_return_request(self, values):
        """Create and submit the request as the customer (record rules and
        the request's own checks apply). A refusal leaves no draft behind."""
        with request.env.cr.savepoint():
            return_request = request.env["b2b.return.request"].create(
                {
                    "order_id": values["order_id"],
                    "partner_id": request.env.user.partner_id.id,
                    "request_type": values["request_type"],
                    "submission_key": values["submission_key"],
                    "line_ids": [
                        Command.create(line_values) for line_values in values["lines"]
                    ],
                }
            )
            return_request.action_submit()
        return return_request

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

    # ------------------------------------------------------------
    # Fast ordering: Order Again
    # ------------------------------------------------------------

    @http.route(
        "/my/orders/<int:order_id>/reorder",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_order_b2b_reorder(self, order_id, **kw):
        order_sudo = self._b2b_get_customer_order(order_id)
        if not order_sudo:
            # Unknown and forbidden answer alike: no hint whether it exists.
            raise NotFound()
        try:
            with request.env.cr.savepoint():
                result = order_sudo._b2b_portal_reorder(
                    request.env.user.partner_id.sudo()
                )
        except UserError as error:
            self._b2b_set_order_notice(order_sudo, error.args[0], [], "danger")
            return request.redirect(order_sudo.get_portal_url())
        self._b2b_set_order_notice(
            result.order,
            request.env._(
                "Ordered again from %(order)s, at today's prices: we will confirm "
                "this quotation.",
                order=order_sudo.name,
            ),
            [
                request.env._(
                    "Not reordered: %(line)s. %(reason)s",
                    line=skipped.line._b2b_describe_for_reorder(),
                    reason=skipped.reason,
                )
                for skipped in result.skipped
            ],
        )
        return request.redirect(result.order.get_portal_url())

    # ------------------------------------------------------------
    # Fast ordering: the notice on the order's page
    # ------------------------------------------------------------

    def _b2b_set_order_notice(self, order, title, items, kind="success"):
        """Shown once, on the order's next page: plain strings in the session."""
        request.session[ORDER_NOTICE_KEY % order.id] = {
            "title": title,
            "items": items,
            "kind": "warning" if items and kind == "success" else kind,
        }

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kw
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kw
        )
        if document._name == "sale.order":
            values["b2b_order_notice"] = request.session.pop(
                ORDER_NOTICE_KEY % document.id, None
            )
        return values
