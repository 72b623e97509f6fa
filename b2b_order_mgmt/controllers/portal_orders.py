# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .portal import B2bCustomerPortal


class B2bOrderPortal(B2bCustomerPortal):
    """The order's page: its confirmation letter, Order Again."""

    # A download, not a page: no portal layout, hence no website=True (as Odoo's
    # /my/orders/<id>/document/<id>). auth="public" so that a shared link with
    # the order's access token works without logging in.
    @http.route(
        "/my/orders/<int:order_id>/confirmation-letter", type="http", auth="public"
    )
    def portal_order_confirmation_letter(self, order_id, access_token=None, **kw):
        order_sudo = self._b2b_document_or_404(
            "sale.order", order_id, access_token=access_token
        )
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
