# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import B2bCommon, B2bPortalHttpMixin

# What differs between two renderings of the same page: the session's CSRF
# token and the time it was rendered.
VOLATILE = re.compile(
    r'(csrf_token["\']?\s*[:=]\s*["\']|name="csrf_token" value=")[^"\']*'
    r"|\d\d:\d\d:\d\d"
)


@tagged("post_install", "-at_install")
class TestB2bOnly(B2bPortalHttpMixin, HttpCase, B2bCommon):
    """A customer without a tier gets plain Odoo: the same prices, e-mails and
    portal pages as in an Odoo without the addon, while the B2B customer of
    the same database gets the addon's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.walk_in = cls.env["res.partner"].create(
            {"name": "Walk-in Trading", "is_company": True, "email": "shop@walk.in"}
        )
        cls.walk_in_buyer = new_test_user(
            cls.env,
            login="b2b_walk_in_buyer",
            groups="base.group_portal",
            name="Wanda Walk-in",
            email="wanda@walk.in",
            parent_id=cls.walk_in.id,
        )
        cls.customer.email = "orders@acme.example"
        # A rule for every B2B customer, and the tier's price list: neither is
        # the walk-in customer's.
        cls._create_rule("Paper volume", "line_qty", [(5, 10)])
        cls.pricelist_b2b.item_ids = [
            (
                0,
                0,
                {
                    "applied_on": "3_global",
                    "compute_price": "percentage",
                    "percent_price": 12,
                },
            )
        ]
        cls.env.company.stock_move_email_validation = True

    def _quotation(self, partner):
        self._put_in_stock(self.paper, 20)
        return self._create_order([(self.paper, 10), (self.pens, 3)], partner=partner)

    def _messages(self, record):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )

    def _without_addon_views(self):
        """The addon's views off, as in an Odoo without it."""
        views = self.env["ir.ui.view"].search(
            [("key", "=like", "b2b_order_mgmt.%"), ("inherit_id", "!=", False)]
        )
        views.active = False
        return views

    def _normalized(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return VOLATILE.sub(r"\1", response.text)

    # --- prices ---------------------------------------------------------------

    def test_prices_are_the_price_list_ones(self):
        walk_in = self._quotation(self.walk_in)
        b2b = self._quotation(self.customer)
        self.assertFalse(walk_in.b2b_is_b2b_order)
        self.assertNotEqual(walk_in.pricelist_id, self.pricelist_b2b)
        for line in walk_in.order_line:
            expected = walk_in.pricelist_id._get_product_price(
                line.product_id, line.product_uom_qty
            )
            self.assertAlmostEqual(
                line.price_unit * (1 - line.discount / 100), expected
            )
            self.assertFalse(line.b2b_discount_rule_id)
            self.assertFalse(line.b2b_price_explanation)
            self.assertFalse(line.b2b_next_tier_hint)
        # The same quotation for the B2B customer: tier price list and rule.
        paper = b2b.order_line.filtered(lambda line: line.product_id == self.paper)
        self.assertEqual(b2b.pricelist_id, self.pricelist_b2b)
        self.assertTrue(paper.b2b_discount_rule_id)
        self.assertAlmostEqual(paper.discount, 20.8, msg="12% list, then 10%")

    def test_typed_discount_is_reset_as_odoo_does(self):
        walk_in = self._quotation(self.walk_in)
        line = walk_in.order_line[0]
        line.discount = 7
        line.product_uom_qty = 11
        # Odoo recomputes a line's discount when its quantity changes.
        self.assertEqual(line.discount, 0)

    # --- e-mails --------------------------------------------------------------

    def test_emails_are_odoos_own(self):
        order = self._quotation(self.walk_in)
        order.action_confirm()
        self.assertFalse(
            self.env["b2b.customer.email"].search([("order_id", "=", order.id)]),
            "nothing scheduled",
        )
        self.assertFalse(
            self._messages(order).filtered(lambda m: m.message_type == "comment"),
            "Odoo mails no confirmation when the salesperson confirms",
        )
        online = self._quotation(self.walk_in)
        online.with_context(send_email=True).action_confirm()
        confirmation = self._messages(online).filtered("subject")
        self.assertEqual(len(confirmation), 1, "sent at once, by Odoo")
        odoo_template = self.env.ref("sale.mail_template_sale_confirmation")
        self.assertEqual(
            confirmation.subject,
            odoo_template._render_field("subject", online.ids)[online.id],
        )
        self.assertFalse(
            confirmation.attachment_ids.filtered(lambda a: "Confirmation" in a.name)
        )

        picking = order.picking_ids
        self.assertFalse(picking.b2b_is_b2b_delivery)
        self._ship(picking)
        update = self.env.ref("b2b_order_mgmt.mt_b2b_order_update")
        delivery_messages = self._messages(picking)
        self.assertFalse(delivery_messages.filtered(lambda m: m.subtype_id == update))
        odoo_delivery = self.env.company.stock_mail_confirmation_template_id
        self.assertEqual(
            delivery_messages.filtered("subject").subject,
            odoo_delivery._render_field("subject", picking.ids)[picking.id],
            "Odoo's own delivery e-mail",
        )

    # --- portal ---------------------------------------------------------------

    def test_attachment_viewer_of_an_order(self):
        """What the chatter's attachment viewer calls on an order's PDF."""
        for partner in (self.walk_in, self.customer):
            order = self._quotation(partner)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": "letter.pdf",
                    "raw": b"%PDF-1.4",
                    "mimetype": "application/pdf",
                    "res_model": "sale.order",
                    "res_id": order.id,
                }
            )
            attachment.register_as_main_attachment()

    def test_chatter_has_no_b2b_status_or_stage(self):
        tracking_env = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        order = self._quotation(self.walk_in).with_env(tracking_env)
        order.action_confirm()
        # Tracked from the next transaction on, as a request would be.
        tracking_env.flush_all()
        self.env.cr.flush()
        picking = order.picking_ids
        self._ship(picking)
        tracking_env.flush_all()
        self.env.cr.flush()
        tracked = self.env["mail.tracking.value"].search(
            [
                "|",
                "&",
                ("mail_message_id.model", "=", "sale.order"),
                ("mail_message_id.res_id", "=", order.id),
                "&",
                ("mail_message_id.model", "=", "stock.picking"),
                ("mail_message_id.res_id", "=", picking.id),
            ]
        )
        self.assertEqual(picking.b2b_delivery_stage, "shipped")
        self.assertFalse(
            [
                name
                for name in tracked.field_id.mapped("name")
                if name.startswith("b2b_")
            ]
        )

    def test_deliveries_record_no_stage(self):
        order = self._quotation(self.walk_in)
        order.action_confirm()
        picking = order.picking_ids
        self._ship(picking)
        self.assertFalse(picking.b2b_shipped_date, "Odoo's own effective date only")
        with self.assertRaisesRegex(UserError, "Only the deliveries of B2B customers"):
            picking.action_b2b_mark_delivered()
        self.assertFalse(picking.b2b_delivered_date)

    def test_portal_pages_are_odoos_own(self):
        order = self._quotation(self.walk_in)
        order.action_confirm()
        self._ship(order.picking_ids)
        urls = ["/my", "/my/orders", f"/my/orders/{order.id}"]
        self._login(self.walk_in_buyer)
        with_addon = {url: self._normalized(url) for url in urls}
        views = self._without_addon_views()
        without_addon = {url: self._normalized(url) for url in urls}
        views.active = True
        for url in urls:
            self.assertEqual(with_addon[url], without_addon[url], url)
        # The addon's own pages are not theirs.
        for url in (
            "/my/quick-order",
            "/my/returns",
            f"/my/orders/{order.id}/return",
            f"/my/orders/{order.id}/confirmation-letter",
        ):
            self.assertEqual(self._get(url).status_code, 404, url)
        self.assertEqual(
            self._post(f"/my/orders/{order.id}/reorder", {}).status_code, 404
        )

    def test_portal_pages_of_a_b2b_customer_differ(self):
        """The comparison above can fail: the B2B customer's pages are not
        Odoo's."""
        order = self._quotation(self.customer)
        order.action_confirm()
        self._login(self.portal_user_for(self.customer))
        url = f"/my/orders/{order.id}"
        with_addon = self._normalized(url)
        views = self._without_addon_views()
        without_addon = self._normalized(url)
        views.active = True
        self.assertNotEqual(with_addon, without_addon)
        self.assertIn("b2b_order_timeline", with_addon)

    def portal_user_for(self, company):
        return new_test_user(
            self.env,
            login="b2b_acme_buyer",
            groups="base.group_portal",
            name="Alan Acme",
            parent_id=company.id,
        )
