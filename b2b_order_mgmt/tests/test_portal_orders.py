# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import B2bCommon, B2bPortalHttpMixin

# The order's status after each step, in the order the warehouse takes them.
JOURNEY = ["confirmed", "packing", "shipped", "out_for_delivery", "delivered"]
STATUS_LABELS = {
    "confirmed": "Confirmed",
    "packing": "Packing",
    "shipped": "Shipped",
    "out_for_delivery": "Out for Delivery",
    "delivered": "Delivered",
}
TIMELINE_STEPS = ["confirmed", "packed", "shipped", "out_for_delivery", "delivered"]


@tagged("post_install", "-at_install")
class TestPortalOrders(B2bPortalHttpMixin, HttpCase, B2bCommon):
    """The customer follows the order in the portal: status in the list, the
    journey on the order page, the confirmation letter to download."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer_a = cls._create_portal_buyer("Buyer Alpha", "b2b_portal_alpha")
        cls.buyer_b = cls._create_portal_buyer("Buyer Beta", "b2b_portal_beta")
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "B2B Express",
                "product_id": cls.env["product.product"]
                .create({"name": "B2B Express shipping", "type": "service"})
                .id,
                "tracking_url": "https://track.example.com/?parcel=<shipmenttrackingnumber>",
            }
        )
        # One order of customer A at each status, one order of customer B.
        cls.orders = {
            state: cls._order_at(state, cls.buyer_a, f"PO-A-{state}")
            for state in JOURNEY
        }
        cls.order_b = cls._order_at("confirmed", cls.buyer_b, "PO-B-1")

    @classmethod
    def _create_portal_buyer(cls, company_name, login):
        company = cls._create_customer(f"{company_name} Ltd", tier=cls.tier_silver)
        contact = cls.env["res.partner"].create(
            {
                "name": company_name,
                "parent_id": company.id,
                "email": f"{login}@x.example",
            }
        )
        # The password is the login (8 characters at least).
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=contact.id,
            tz="UTC",
        )

    @classmethod
    def _order_at(cls, state, buyer, reference, lines=None):
        """A confirmed order of ``buyer``'s company, moved to ``state``."""
        lines = lines or [(cls.paper, 10)]
        for product, quantity in lines:
            cls._put_in_stock(product, quantity)
        order = cls._create_order(
            lines,
            partner=buyer.partner_id.commercial_partner_id,
            client_order_ref=reference,
        )
        order.action_confirm()
        picking = order.picking_ids
        steps = JOURNEY[1 : JOURNEY.index(state) + 1]
        if "packing" in steps:
            picking.action_b2b_mark_packed()
        if "shipped" in steps:
            picking.write(
                {"carrier_id": cls.carrier.id, "carrier_tracking_ref": reference}
            )
            cls._ship(picking)
        if "out_for_delivery" in steps:
            picking.action_b2b_out_for_delivery()
        if "delivered" in steps:
            picking.action_b2b_mark_delivered(received_by="Jane Storekeeper")
        assert order.b2b_state == state, (order.b2b_state, state)
        return order

    # --- helpers --------------------------------------------------------------

    def _timelines(self, order, url_prefix=""):
        page = self._page(f"{url_prefix}/my/orders/{order.id}")
        return page, page.xpath(
            "//section[@id='b2b_order_timeline']"
            "//div[contains(@class, 'o_b2b_delivery_timeline')]"
        )

    def _steps(self, timeline):
        return {
            step.get("data-step"): step
            for step in timeline.xpath(".//li[contains(@class, 'o_b2b_timeline_step')]")
        }

    def _badges(self, page, order):
        """The status badges in the row of ``order`` of the order list."""
        return page.xpath(
            f"//tr[td/a[starts-with(@href, '/my/orders/{order.id}?')]]"
            "//span[contains(@class, 'o_b2b_state_badge')]"
        )

    def _letter_url(self, order, access_token=None):
        url = f"/my/orders/{order.id}/confirmation-letter"
        return f"{url}?access_token={access_token}" if access_token else url

    def _assert_letter(self, response, order):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        disposition = response.headers["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment"), disposition)
        self.assertIn(".pdf", disposition)
        # In test mode Odoo renders the PDF report's HTML (no wkhtmltopdf): it
        # must be this order's letter.
        self.assertIn(order.name, response.text)
        self.assertIn(order.client_order_ref, response.text)

    def _assert_letter_not_found(self, order_id, access_token=None):
        """Unknown and forbidden orders answer alike (404), never a 500."""
        query = f"?access_token={access_token}" if access_token else ""
        letter = self._get(f"/my/orders/{order_id}/confirmation-letter{query}")
        self.assertEqual(letter.status_code, 404)
        self.assertNotIn("pdf", letter.headers.get("Content-Type", ""))
        return letter

    # --- /my/orders -----------------------------------------------------------

    def test_order_list_shows_each_status_badge(self):
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        page = self._page("/my/orders")
        self.assertTrue(page.xpath("//thead//th[normalize-space()='Status']"))
        for state, order in self.orders.items():
            with self.subTest(state=state):
                badges = self._badges(page, order)
                self.assertEqual(len(badges), 1)
                self.assertEqual(badges[0].get("data-b2b-state"), state)
                self.assertEqual(badges[0].text_content().strip(), STATUS_LABELS[state])
        self.assertFalse(
            page.xpath(f"//a[contains(@href, '/my/orders/{self.order_b.id}?')]")
        )

    # --- /my/orders/<id> ------------------------------------------------------

    def test_order_page_timeline_follows_the_journey(self):
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        lang = self.env["res.lang"]._lang_get(self.buyer_a.lang)
        for state, order in self.orders.items():
            with self.subTest(state=state):
                page, timelines = self._timelines(order)
                self.assertEqual(len(timelines), 1)
                timeline = timelines[0]
                picking = order.picking_ids
                self.assertEqual(timeline.get("data-delivery"), picking.name)
                badge = page.xpath(
                    "//section[@id='b2b_order_timeline']//span[@data-b2b-state]"
                )
                self.assertEqual(badge[0].text_content().strip(), STATUS_LABELS[state])
                steps = self._steps(timeline)
                self.assertEqual(list(steps), TIMELINE_STEPS)
                reached = TIMELINE_STEPS[: JOURNEY.index(state) + 1]
                dates = {
                    "confirmed": order.date_order,
                    "packed": picking.b2b_packed_date,
                    "shipped": picking.b2b_shipped_date,
                    "out_for_delivery": picking.b2b_out_for_delivery_date,
                    "delivered": picking.b2b_delivered_date,
                }
                for key, step in steps.items():
                    is_reached = key in reached
                    self.assertEqual(
                        step.get("data-reached"), str(int(is_reached)), key
                    )
                    self.assertEqual(
                        step.get("aria-current") == "step", key == reached[-1]
                    )
                    date = step.xpath(".//div[contains(@class, 'o_b2b_step_date')]")
                    if is_reached:
                        self.assertIn(
                            dates[key].strftime(lang.date_format),
                            date[0].text_content(),
                        )
                    else:
                        self.assertFalse(date, key)
                text = timeline.text_content()
                self.assertEqual(
                    "Will be delivered today" in text, state == "out_for_delivery"
                )
                self.assertEqual(
                    "Received by Jane Storekeeper" in " ".join(text.split()),
                    state == "delivered",
                )
                letter_links = page.xpath(
                    "//a[contains(@class, 'o_b2b_confirmation_letter')]/@href"
                )
                self.assertEqual(len(letter_links), 1)
                self.assertTrue(
                    letter_links[0].startswith(
                        f"/my/orders/{order.id}/confirmation-letter?access_token="
                    )
                )

    def test_order_page_tracking_reference(self):
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        _page, timelines = self._timelines(self.orders["packing"])
        self.assertFalse(timelines[0].xpath(".//*[@name='b2b_tracking']"))

        order = self.orders["shipped"]
        _page, timelines = self._timelines(order)
        self.assertIn(
            "B2B Express",
            timelines[0].xpath(".//*[@name='b2b_carrier']")[0].text_content(),
        )
        links = timelines[0].xpath(".//*[@name='b2b_tracking']//a")
        self.assertEqual(links[0].text_content(), "PO-A-shipped")
        self.assertEqual(
            links[0].get("href"), "https://track.example.com/?parcel=PO-A-shipped"
        )

        # Without a tracking link, the reference alone.
        self.carrier.tracking_url = False
        _page, timelines = self._timelines(order)
        tracking = timelines[0].xpath(".//*[@name='b2b_tracking']")[0]
        self.assertFalse(tracking.xpath(".//a"))
        self.assertIn("PO-A-shipped", tracking.text_content())

    def test_order_page_one_timeline_per_delivery(self):
        order = self._order_at(
            "confirmed", self.buyer_a, "PO-A-split", [(self.paper, 10), (self.pens, 5)]
        )
        first = order.picking_ids
        self._ship(first, {self.paper: 6, self.pens: 5})
        backorder = order.picking_ids - first
        first.action_b2b_mark_delivered(received_by="Dock 3")
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        page, timelines = self._timelines(order)
        self.assertIn(
            "several deliveries",
            page.xpath("//section[@id='b2b_order_timeline']")[0].text_content(),
        )
        self.assertEqual(
            [timeline.get("data-delivery") for timeline in timelines],
            [first.name, backorder.name],
        )
        # The first delivery skipped packing and going out: reached, without date.
        first_steps = self._steps(timelines[0])
        self.assertEqual(
            {step.get("data-reached") for step in first_steps.values()}, {"1"}
        )
        self.assertFalse(
            first_steps["packed"].xpath(".//div[contains(@class, 'o_b2b_step_date')]")
        )
        self.assertIn("Dock 3", first_steps["delivered"].text_content())
        backorder_steps = self._steps(timelines[1])
        self.assertEqual(
            [
                key
                for key, step in backorder_steps.items()
                if step.get("data-reached") == "1"
            ],
            ["confirmed"],
        )

    def test_order_without_delivery_shows_its_confirmation(self):
        service = self.env["product.product"].create(
            {"name": "B2B Installation", "type": "service", "list_price": 50}
        )
        order = self._create_order(
            [(service, 1)], partner=self.buyer_a.partner_id.commercial_partner_id
        )
        order.action_confirm()
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        _page, timelines = self._timelines(order)
        self.assertEqual(len(timelines), 1)
        self.assertFalse(timelines[0].xpath(".//*[@name='b2b_delivery_info']"))
        steps = self._steps(timelines[0])
        self.assertEqual(list(steps), ["confirmed"])
        self.assertEqual(steps["confirmed"].get("aria-current"), "step")

    def test_odoo_delivery_block_says_what_the_timeline_says(self):
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        for state, label in (
            ("confirmed", "Confirmed"),
            ("packing", "Packed"),
            ("out_for_delivery", "Out for Delivery"),
        ):
            page, (timeline,) = self._timelines(self.orders[state])
            (current,) = [
                step
                for step in self._steps(timeline).values()
                if step.get("aria-current") == "step"
            ]
            self.assertIn(label, current.text_content())
            (details,) = page.xpath("//div[@name='delivery_details']")
            badges = details.xpath(".//span[contains(@class, 'o_b2b_stage_badge')]")
            self.assertEqual(
                [" ".join(badge.text_content().split()) for badge in badges],
                [label],
                state,
            )
            self.assertNotIn("Preparation", details.text_content())
            self.assertNotIn("Shipped", details.text_content())

    def test_quotation_has_no_timeline_nor_letter(self):
        quotation = self._create_order(
            [(self.paper, 1)], partner=self.buyer_a.partner_id.commercial_partner_id
        )
        quotation.action_quotation_sent()
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        page = self._page(f"/my/orders/{quotation.id}")
        self.assertFalse(page.xpath("//section[@id='b2b_order_timeline']"))
        self.assertFalse(
            page.xpath("//a[contains(@class, 'o_b2b_confirmation_letter')]")
        )

    # --- the letter -----------------------------------------------------------

    def test_letter_owner_downloads_it(self):
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        for state, order in self.orders.items():
            with self.subTest(state=state):
                self._assert_letter(self._get(self._letter_url(order)), order)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_order_page_of_another_customer_is_odoos_own(self):
        """Odoo's own order page answers as Odoo does (a redirect to /my),
        without showing the order."""
        self.authenticate(self.buyer_b.login, self.buyer_b.login)
        for order_id in (self.orders["confirmed"].id, 999999999):
            other = self.url_open(f"/my/orders/{order_id}", allow_redirects=False)
            self.assertEqual(other.status_code, 303)
            self.assertTrue(other.headers["Location"].endswith("/my"))
            self.assertNotIn(self.orders["confirmed"].name, other.text)
        self.assertEqual(self._get(f"/my/orders/{self.order_b.id}").status_code, 200)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_letter_other_customer_is_refused(self):
        self.authenticate(self.buyer_b.login, self.buyer_b.login)
        self._assert_letter_not_found(self.orders["confirmed"].id)
        self._assert_letter(self._get(self._letter_url(self.order_b)), self.order_b)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_letter_public_visitor_without_token_is_refused(self):
        self._assert_letter_not_found(self.orders["shipped"].id)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_letter_access_token(self):
        order = self.orders["delivered"]
        token = order._portal_ensure_token()
        self._assert_letter(self._get(self._letter_url(order, token)), order)
        self._assert_letter_not_found(order.id, access_token="wrong-token")
        # A token opens its own order only, also to a logged-in customer.
        self.authenticate(self.buyer_b.login, self.buyer_b.login)
        self._assert_letter_not_found(self.orders["packing"].id, access_token=token)
        self._assert_letter(self._get(self._letter_url(order, token)), order)

    def test_letter_not_for_quotations_nor_cancelled_orders(self):
        quotation = self._create_order(
            [(self.paper, 1)],
            partner=self.buyer_a.partner_id.commercial_partner_id,
            client_order_ref="PO-A-quote",
        )
        quotation.action_quotation_sent()
        cancelled = self._order_at("confirmed", self.buyer_a, "PO-A-cancelled")
        cancelled._action_cancel()
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        for order in quotation | cancelled:
            with self.subTest(state=order.state):
                self.assertEqual(self._get(f"/my/orders/{order.id}").status_code, 200)
                self.assertEqual(self._get(self._letter_url(order)).status_code, 404)

    @mute_logger("odoo.http")
    def test_letter_unknown_order(self):
        missing_id = (
            self.env["sale.order"].search([], order="id desc", limit=1).id + 1000
        )
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        for order_id in (missing_id, 2**31, 10**20):
            with self.subTest(order_id=order_id):
                self._assert_letter_not_found(order_id)
        self.authenticate(None, None)
        self._assert_letter_not_found(missing_id, access_token="anything")

    # --- translations ---------------------------------------------------------

    def test_portal_in_french_and_german(self):
        expected = {
            "fr_FR": {
                "status": "Statut",
                "shipped": "Expédiée",
                "heading": "Suivre votre commande",
                "today": "Sera livrée aujourd'hui",
                "letter": "Lettre de confirmation",
                "steps": [
                    "Confirmée",
                    "Emballée",
                    "Expédiée",
                    "En cours de livraison",
                    "Livrée",
                ],
            },
            "de_DE": {
                "status": "Status",
                "shipped": "Versandt",
                "heading": "Ihre Bestellung verfolgen",
                "today": "Wird heute zugestellt",
                "letter": "Auftragsbestätigung",
                "steps": [
                    "Bestätigt",
                    "Verpackt",
                    "Versandt",
                    "In Zustellung",
                    "Zugestellt",
                ],
            },
        }
        for lang, texts in expected.items():
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(
                    ["b2b_order_mgmt"], [lang], overwrite=True
                )
                self.buyer_a.lang = lang
                self.authenticate(self.buyer_a.login, self.buyer_a.login)
                # Odoo sends a customer to the pages of their language, /fr/my/...
                url_prefix = "/" + self.env["res.lang"]._get_data(code=lang).url_code
                response = self._get("/my/orders")
                self.assertEqual(response.status_code, 303)
                self.assertIn(f"{url_prefix}/my/orders", response.headers["Location"])

                page = self._page(f"{url_prefix}/my/orders")
                self.assertTrue(
                    page.xpath(f"//thead//th[normalize-space()='{texts['status']}']")
                )
                badge = self._badges(page, self.orders["shipped"])[0]
                self.assertEqual(badge.text_content().strip(), texts["shipped"])

                page, timelines = self._timelines(
                    self.orders["out_for_delivery"], url_prefix
                )
                section = page.xpath("//section[@id='b2b_order_timeline']")[0]
                self.assertIn(texts["heading"], section.text_content())
                self.assertEqual(
                    [
                        step.xpath("./span")[0].text_content().strip()
                        for step in self._steps(timelines[0]).values()
                    ],
                    texts["steps"],
                )
                self.assertIn(texts["today"], timelines[0].text_content())
                self.assertNotIn("Will be delivered today", timelines[0].text_content())
                letter = page.xpath(
                    "//a[contains(@class, 'o_b2b_confirmation_letter')]"
                )
                self.assertIn(texts["letter"], letter[0].text_content())

    def test_dates_are_shown_in_the_customer_time_zone(self):
        order = self.orders["packing"]
        order.picking_ids.b2b_packed_date = fields.Datetime.to_datetime(
            "2026-03-04 23:30:00"
        )
        self.buyer_a.tz = "Europe/Brussels"
        self.authenticate(self.buyer_a.login, self.buyer_a.login)
        _page, timelines = self._timelines(order)
        packed = self._steps(timelines[0])["packed"]
        self.assertIn("03/05/2026 00:30", packed.text_content())
