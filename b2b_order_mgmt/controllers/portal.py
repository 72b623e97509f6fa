# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal

# The notice the order's page shows once, after the pad or Order Again made it.
ORDER_NOTICE_KEY = "b2b_order_notice_%s"


class B2bCustomerPortal(CustomerPortal):
    """What the addon's portal pages share: who is a B2B customer's buyer,
    the access check, the notice shown once on an order's page."""

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

    def _b2b_document_or_404(self, model_name, record_id, access_token=None):
        """The record, in sudo, once Odoo's portal access check passed.
        Unknown and forbidden answer alike (404): no hint whether it exists."""
        try:
            return self._document_check_access(
                model_name, record_id, access_token=access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None

    def _b2b_get_customer_order(self, order_id):
        """The customer's own B2B order, in sudo, else 404. Reading it is not
        enough (a follower of another company's order reads it): returns and
        Order Again are for one's own company's orders."""
        order_sudo = self._b2b_document_or_404("sale.order", order_id)
        customer = request.env.user.commercial_partner_id
        if (
            order_sudo.partner_id.commercial_partner_id != customer
            or not order_sudo.b2b_is_b2b_order
        ):
            raise NotFound()
        return order_sudo

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
