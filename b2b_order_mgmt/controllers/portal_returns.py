# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
import uuid

from werkzeug.exceptions import NotFound

from odoo import Command, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import float_compare, float_round

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..order_entry.quantity import format_quantity
from .portal import B2bCustomerPortal

# The return form's inputs per order line: qty_<id>, reason_<id>, comment_<id>.
RETURN_LINE_INPUT = re.compile(r"^(qty|reason|comment)_([0-9]+)$")
# A plain decimal number, with a point or a comma: float() would also take
# "nan", "inf", "1e3" and "1_000".
QUANTITY_INPUT = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$")
RETURN_TYPES = ("return", "exchange")
# The key the return form carries (uuid4().hex), so that it makes one request.
SUBMISSION_KEY = re.compile(r"[0-9a-f]{32}")


class B2bReturnPortal(B2bCustomerPortal):
    """Returns and exchanges: the list, a request's page, the request form."""

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
        request_sudo = self._b2b_document_or_404(
            "b2b.return.request", request_id, access_token=access_token
        )
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
        self._b2b_document_or_404("b2b.return.request", request_id)
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
