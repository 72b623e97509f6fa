# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class B2bCustomerPortal(CustomerPortal):
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
            # As Odoo's own order page and PDF do: no hint whether the order exists.
            return request.redirect("/my")
        if not order_sudo._b2b_has_confirmation_letter():
            raise NotFound()
        return self._show_report(
            model=order_sudo,
            report_type="pdf",
            report_ref="b2b_order_mgmt.action_report_confirmation_letter",
            download=True,
        )
