# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

import openpyxl
from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import B2bFastOrderCommon, B2bPortalHttpMixin


@tagged("post_install", "-at_install")
class TestPortalQuickOrder(B2bPortalHttpMixin, HttpCase, B2bFastOrderCommon):
    """Customers order fast in the portal: the quick order pad, their
    frequently ordered products and Order Again. Acme (Gold tier, Alice) and
    Globex (Gary) never see each other's orders or products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.user_id = cls.salesman
        cls.portal_user = new_test_user(
            cls.env,
            login="b2b_pad_alice",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_customer = cls._create_customer(
            "Globex Supplies", tier=cls.tier_silver
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="b2b_pad_gary",
            groups="base.group_portal",
            name="Gary Globex",
            parent_id=cls.other_customer.id,
        )
        cls.globex_secret = cls._create_product(
            "B2B Globex Special Desk", 300.0, cls.categ_other, default_code="T-DESK"
        )

    # --- helpers --------------------------------------------------------------

    def _pad(self, action, text="", files=None, **data):
        """Post the pad's form as the logged-in user; the page it answers."""
        response = self._post(
            "/my/quick-order",
            dict(data, action=action, input_text=text),
            files=files,
        )
        self.assertEqual(response.status_code, 200, response.headers.get("Location"))
        return html.fromstring(response.content)

    def _orders(self):
        return self.env["sale.order"].search(
            [("partner_id", "child_of", self.customer.id)]
        )

    def _input(self, page):
        return page.xpath("//textarea[@name='input_text']")[0].text or ""

    def _errors(self, page):
        return " ".join(
            page.xpath("//div[hasclass('o_b2b_quick_order_errors')]//text()")
        ).strip()

    def _lines(self, page):
        """{SKU: {cell class: text}} of the check's lines."""
        return {
            row.get("data-sku"): {
                cls: " ".join(" ".join(cell.itertext()).split())
                for cls in (
                    "o_b2b_line_quantity",
                    "o_b2b_line_price",
                    "o_b2b_line_discount",
                    "o_b2b_line_subtotal",
                    "o_b2b_line_explanation",
                    "o_b2b_line_hint",
                    "o_b2b_line_warning",
                )
                for cell in row.xpath(f".//*[hasclass('{cls}')]")
            }
            for row in page.xpath("//tr[hasclass('o_b2b_quick_order_line')]")
        }

    def _rows(self, page):
        """{row number: (status, what was typed, why)} of the rows to look at."""
        return {
            int(row.get("data-row")): (
                row.get("data-status"),
                row.xpath(".//td[hasclass('o_b2b_row_text')]")[0].text_content(),
                row.xpath(".//td[hasclass('o_b2b_row_message')]")[0].text_content(),
            )
            for row in page.xpath("//tr[hasclass('o_b2b_quick_order_row')]")
        }

    def _assert_redirect_to_order(self, response):
        self.assertEqual(response.status_code, 303, response.text[:300])
        order_id = int(
            response.headers["Location"].split("/my/orders/")[1].split("?")[0]
        )
        return self.env["sale.order"].browse(order_id)

    def _confirmed_order(self, lines, partner=None):
        order = self._create_order(lines, partner=partner)
        order.action_confirm()
        return order

    # --- the pad ------------------------------------------------------------------

    def test_pad_renders_for_a_portal_user_and_is_on_the_portal_home(self):
        self._login(self.portal_user)
        response = self._get("/my/quick-order")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        self.assertEqual(self._input(page), "")
        self.assertTrue(page.xpath("//form//input[@name='csrf_token']"))
        self.assertIn(
            "Quick Order", page.xpath("//ol[hasclass('breadcrumb')]")[0].text_content()
        )
        home = html.fromstring(self._get("/my").content)
        self.assertTrue(home.xpath("//a[@href='/my/quick-order']"))

    def test_pad_in_french_and_german(self):
        # The cells are read with their spaces collapsed, no-break ones too.
        expected = {
            "fr_FR": (
                "Commande rapide",
                "Cette référence n'est pas disponible.",
                "Remise sur volume : 10 % à partir de 50",
            ),
            "de_DE": (
                "Schnellbestellung",
                "Diese Referenz ist nicht verfügbar.",
                "Mengenrabatt: 10 % ab 50",
            ),
        }
        for lang, (title, unknown, explanation) in expected.items():
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(
                    ["b2b_order_mgmt"], [lang], overwrite=True
                )
                self.portal_user.lang = lang
                self._login(self.portal_user)
                url_code = self.env["res.lang"]._get_data(code=lang).url_code
                response = self._post(
                    f"/{url_code}/my/quick-order",
                    {"action": "check", "input_text": "T-PAPER 60\nT-NOPE 3"},
                )
                self.assertEqual(response.status_code, 200)
                page = html.fromstring(response.content)
                breadcrumb = page.xpath("//ol[hasclass('breadcrumb')]")[0]
                self.assertIn(title, breadcrumb.text_content())
                self.assertIn(unknown, self._rows(page)[2][2])
                self.assertIn(
                    explanation,
                    self._lines(page)["T-PAPER"]["o_b2b_line_explanation"],
                )

    def test_public_visitor_is_sent_to_the_login(self):
        response = self._get("/my/quick-order")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_check_shows_every_rejected_row_and_keeps_the_input(self):
        typed = [
            "T-PAPER 60",
            "T-NOPE 3",
            "T-PENS",
            "T-PENS;2;red",
            "T-PENS lots",
            "T-PENS 1,000",
            "T-PENS 0",
            "T-PENS -2",
            "\t4",
            "T-OLD 2",
            "T-INTERNAL 1",
            "",
            "T-PAPER 5",
        ]
        text = "\n".join(typed)
        self._login(self.portal_user)
        page = self._pad("check", text)
        self.assertEqual(self._input(page), text, "nothing typed is lost")
        self.assertFalse(self._errors(page))
        rows = self._rows(page)
        expected = {
            2: ("T-NOPE 3", "This reference is not available."),
            3: ("T-PENS", "No quantity after the SKU."),
            4: ("T-PENS;2;red", "More than two columns"),
            5: ("T-PENS lots", "The quantity is not a number."),
            6: ("T-PENS 1,000", "one or one thousand"),
            7: ("T-PENS 0", "The quantity is zero."),
            8: ("T-PENS -2", "The quantity is negative."),
            9: ("\t4", "No SKU"),
            # Archived, not for sale: the customer learns nothing more.
            10: ("T-OLD 2", "This reference is not available."),
            11: ("T-INTERNAL 1", "This reference is not available."),
        }
        for number, (typed, why) in expected.items():
            status, shown, message = rows[number]
            self.assertEqual(status, "rejected", number)
            self.assertEqual(shown, typed, number)
            self.assertIn(why, message, number)
        self.assertEqual(rows[13][0], "merged")
        self.assertIn("row 1", rows[13][2])
        # The good rows make one line, priced: 65 reams reach the 10 % box rule.
        lines = self._lines(page)
        self.assertEqual(list(lines), ["T-PAPER"])
        self.assertIn("65", lines["T-PAPER"]["o_b2b_line_quantity"])
        self.assertIn("10.00", lines["T-PAPER"]["o_b2b_line_discount"])
        explanation = lines["T-PAPER"]["o_b2b_line_explanation"]
        self.assertIn("Volume discount: 10% from 50", explanation)
        self.assertNotIn("Paper by the box", explanation, "the rule's name is internal")
        self.assertIn("585.00", lines["T-PAPER"]["o_b2b_line_subtotal"])
        self.assertFalse(self._orders(), "a check creates nothing")

    def test_check_prices_as_the_quotation_then_send_creates_it(self):
        # Pens: the Gold price list's 4.00; paper: 10 % from 50 reams; together
        # 110 office items reach the 5 % mix-and-match rule.
        text = "T-PAPER\t60\nT-PENS;50"
        self._login(self.portal_user)
        page = self._pad("check", text)
        lines = self._lines(page)
        self.assertEqual(list(lines), ["T-PAPER", "T-PENS"])
        self.assertIn("4.00", lines["T-PENS"]["o_b2b_line_price"])
        shown = {
            sku: (cells["o_b2b_line_price"], cells["o_b2b_line_discount"])
            for sku, cells in lines.items()
        }
        self.assertFalse(self._orders())

        response = self._post("/my/quick-order", {"action": "send", "input_text": text})
        order = self._assert_redirect_to_order(response)
        self.assertEqual(order, self._orders())
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer_contact)
        self.assertEqual(order.partner_id.commercial_partner_id, self.customer)
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(order.pricelist_id, self.pricelist_b2b)
        # A request: the customer cannot sign or pay it before it is reviewed.
        self.assertFalse(order._has_to_be_signed() or order._has_to_be_paid())
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order.order_line],
            [(self.paper, 60), (self.pens, 50)],
        )
        pens_line = self._line_of(order, self.pens)
        paper_line = self._line_of(order, self.paper)
        self.assertEqual(pens_line.price_unit, 4.0)
        self.assertEqual(paper_line.b2b_discount_rule_id, self.paper_rule)
        for sku, line in (("T-PAPER", paper_line), ("T-PENS", pens_line)):
            self.assertIn(f"{line.price_unit:.2f}", shown[sku][0])
            self.assertIn(f"{line.discount:.2f}", shown[sku][1])
        self.assertIn("quick order pad", order.message_ids[0].body)
        # Alice lands on her new quotation's page.
        page = html.fromstring(self._get(response.headers["Location"]).content)
        self.assertIn(
            "quotation request has been sent",
            page.xpath("//div[hasclass('o_b2b_order_notice')]")[0].text_content(),
        )

    def test_send_with_rejected_rows_orders_the_good_ones_and_says_so(self):
        self._login(self.portal_user)
        response = self._post(
            "/my/quick-order",
            {"action": "send", "input_text": "T-PENS 10\nT-NOPE 4"},
        )
        order = self._assert_redirect_to_order(response)
        self.assertEqual(order.order_line.product_id, self.pens)
        note = order.message_ids[0].body
        self.assertIn("Row 2", note)
        self.assertIn("T-NOPE 4", note)
        notice = html.fromstring(self._get(response.headers["Location"]).content).xpath(
            "//div[hasclass('o_b2b_order_notice')]"
        )[0]
        self.assertIn("T-NOPE 4", notice.text_content())

    def test_salesperson_is_odoo_default_without_one_on_the_customer(self):
        self.customer.user_id = False
        self._login(self.portal_user)
        order = self._assert_redirect_to_order(
            self._post("/my/quick-order", {"action": "send", "input_text": "T-PENS 1"})
        )
        # Odoo gives the portal buyer (not a salesperson) none.
        self.assertFalse(order.user_id)

    def test_nothing_to_send_or_too_much_is_told_on_the_page(self):
        self._login(self.portal_user)
        page = self._pad("send", "T-NOPE 4")
        self.assertIn("No product of the rows can be ordered", self._errors(page))
        page = self._pad("check", "   ")
        self.assertIn("Nothing to order", self._errors(page))
        too_many = "\n".join(f"T-PENS {n}" for n in range(1, 2002))
        page = self._pad("check", too_many)
        self.assertIn("At most 2000 rows", self._errors(page))
        self.assertEqual(self._input(page), too_many)
        self.assertFalse(self._orders())

    def test_nothing_internal_reaches_the_customer(self):
        self.chairs.write(
            {"sale_line_warn": "block", "sale_line_warn_msg": "Recalled: lot 7 leaks."}
        )
        self._login(self.portal_user)
        page = self._pad("check", "T-OLD 1\nt-old 1\nT-INTERNAL 2\nT-CHAIR 1")
        text = page.text_content()
        for internal in (
            self.old_binder.name,
            self.internal_use.name,
            self.chairs.name,
            "Recalled",
            "archived",
            "cannot be sold",
            "another company",
        ):
            self.assertNotIn(internal, text)
        self.assertEqual(
            {message for _status, _text, message in self._rows(page).values()},
            {"This reference is not available."},
        )

    def test_a_file_too_large_is_refused_without_its_rows(self):
        self._login(self.portal_user)
        content = "\n".join(f"T-PENS;{n}" for n in range(1, 3001)).encode()
        page = self._pad("check", files={"file": ("big.csv", content, "text/csv")})
        self.assertIn("At most 2000 rows", self._errors(page))
        self.assertEqual(self._input(page), "", "its rows are not sent back")

    def test_control_characters_are_refused_with_a_message(self):
        self._login(self.portal_user)
        page = self._pad("send", "T-PENS\x00 2")
        self.assertIn("control characters", self._errors(page))
        self.assertEqual(self._input(page), "T-PENS 2", "given back without them")
        self.assertFalse(self._orders())

    def test_csv_and_xlsx_uploads(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["SKU", "Quantity"])
        sheet.append(["T-PAPER", 12])
        sheet.append(["2000000000028", 3])  # the pens' barcode
        sheet.append(["T-NOPE", 1])
        xlsx = io.BytesIO()
        book.save(xlsx)
        uploads = {
            "order.csv": b"SKU;Quantity\nT-PAPER;12\n2000000000028;3\nT-NOPE;1\n",
            "order.xlsx": xlsx.getvalue(),
        }
        self._login(self.portal_user)
        for file_name, content in uploads.items():
            with self.subTest(file_name):
                page = self._pad("check", files={"file": (file_name, content)})
                self.assertEqual(list(self._lines(page)), ["T-PAPER", "T-PENS"])
                rows = self._rows(page)
                self.assertEqual(rows[1][0], "header")
                self.assertEqual(rows[4][0], "rejected")
                # The file's rows come back as the input, to fix and send.
                self.assertIn("T-NOPE", self._input(page))
                self.assertIn("T-PAPER", self._input(page))
        page = self._pad("check", files={"file": ("order.pdf", b"%PDF-1.4")})
        self.assertIn("order.pdf cannot be read", self._errors(page))
        page = self._pad(
            "check", "T-PENS 1", files={"file": ("order.csv", uploads["order.csv"])}
        )
        self.assertIn("not both", self._errors(page))
        self.assertEqual(self._input(page), "T-PENS 1")

    def test_quantity_rule_warns_refuses_send_and_suggests(self):
        self._create_quantity_rule(self.pens, min_qty=10, qty_multiple=10)
        self._login(self.portal_user)
        page = self._pad("check", "T-PENS 15\nT-PAPER 2")
        pens = self._lines(page)["T-PENS"]
        self.assertIn("Suggested quantity: 20", pens["o_b2b_line_warning"])
        self.assertIn("20", pens["o_b2b_line_quantity"])
        self.assertTrue(page.xpath("//button[@value='suggest']"))

        page = self._pad("send", "T-PENS 15\nT-PAPER 2")
        self.assertIn("break a quantity rule", self._errors(page))
        self.assertEqual(self._input(page), "T-PENS 15\nT-PAPER 2")
        self.assertFalse(self._orders())

        page = self._pad("suggest", "T-PENS 15\nT-PAPER 2")
        self.assertEqual(self._input(page), "T-PENS\t20\nT-PAPER 2")
        self.assertNotIn("o_b2b_line_warning", self._lines(page)["T-PENS"])
        self.assertFalse(page.xpath("//button[@value='suggest']"))
        order = self._assert_redirect_to_order(
            self._post(
                "/my/quick-order", {"action": "send", "input_text": self._input(page)}
            )
        )
        self.assertEqual(self._line_of(order, self.pens).product_uom_qty, 20)

    def test_post_without_csrf_token_creates_nothing(self):
        self._login(self.portal_user)
        with mute_logger("odoo.http"):
            response = self._post(
                "/my/quick-order",
                {"action": "send", "input_text": "T-PENS 1"},
                csrf=False,
            )
        self.assertNotEqual(response.status_code, 303)
        self.assertFalse(self._orders())

    # --- frequently ordered ---------------------------------------------------------

    def test_frequently_ordered_lists_the_customer_products_only(self):
        self._confirmed_order([(self.paper, 5), (self.pens, 1)])
        self._confirmed_order([(self.paper, 5)])
        self._confirmed_order([(self.paper, 1)], partner=self.customer_contact)
        self._create_order([(self.chairs, 1)])  # a quotation: not counted
        self._confirmed_order([(self.globex_secret, 9)], partner=self.other_customer)
        self._login(self.portal_user)
        page = html.fromstring(self._get("/my/quick-order").content)
        usual = page.xpath("//li[hasclass('o_b2b_usual_product')]")
        self.assertEqual(
            [item.get("data-sku") for item in usual], ["T-PAPER", "T-PENS"]
        )
        self.assertEqual(
            [
                item.xpath(".//*[hasclass('o_b2b_usual_order_count')]")[0].text
                for item in usual
            ],
            ["3", "1"],
        )
        self.assertNotIn("Globex", page.text_content())
        self.assertNotIn("T-DESK", page.text_content())
        # Its button adds a row to what is typed, without losing it.
        before = self.env["sale.order"].search([])
        page = self._pad(
            None, "T-CHAIR 2", add=usual[1].xpath(".//button")[0].get("value")
        )
        self.assertEqual(self._input(page), "T-CHAIR 2\nT-PENS\t1")
        self.assertEqual(self.env["sale.order"].search([]), before)

        self._login(self.other_portal_user)
        page = html.fromstring(self._get("/my/quick-order").content)
        self.assertEqual(
            page.xpath("//li[hasclass('o_b2b_usual_product')]/@data-sku"), ["T-DESK"]
        )

    def test_frequently_ordered_adds_the_least_quantity_its_rule_allows(self):
        self._create_quantity_rule(self.pens, min_qty=12, qty_multiple=6)
        self._confirmed_order([(self.pens, 12)])
        self._login(self.portal_user)
        page = html.fromstring(self._get("/my/quick-order").content)
        self.assertEqual(
            page.xpath("//button[hasclass('o_b2b_usual_add')]/@value"), ["T-PENS\t12"]
        )

    def test_frequently_ordered_costs_the_same_queries_for_2_or_10_products(self):
        products = self.env["product.product"].create(
            [
                {"name": f"B2B Bulk {index}", "default_code": f"T-BULK-{index:02d}"}
                for index in range(10)
            ]
        )
        self._confirmed_order([(product, 1) for product in products])

        def queries(customer):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            usual = customer._b2b_get_frequently_ordered(self.env.company)
            return self.env.cr.sql_log_count - before, len(usual)

        self._confirmed_order(
            [(self.paper, 1), (self.pens, 1)], partner=self.other_customer
        )
        few, few_count = queries(self.other_customer)
        many, many_count = queries(self.customer_contact)
        self.assertEqual((few_count, many_count), (2, 10))
        self.assertEqual(few, many)

    # --- Order Again ----------------------------------------------------------------

    def test_order_again_from_the_portal_leaves_out_an_archived_product(self):
        origin = self._confirmed_order([(self.paper, 5), (self.chairs, 2)])
        self.chairs.active = False
        self._login(self.portal_user)
        page = html.fromstring(self._get(f"/my/orders/{origin.id}").content)
        self.assertTrue(page.xpath("//button[hasclass('o_b2b_reorder_button')]"))
        response = self._post(f"/my/orders/{origin.id}/reorder", {})
        new_order = self._assert_redirect_to_order(response)
        self.assertNotEqual(new_order, origin)
        self.assertEqual(new_order.state, "draft")
        self.assertEqual(new_order.partner_id, self.customer)
        self.assertFalse(new_order._has_to_be_signed() or new_order._has_to_be_paid())
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in new_order.order_line],
            [(self.paper, 5)],
        )
        page = html.fromstring(self._get(response.headers["Location"]).content)
        notice = page.xpath("//div[hasclass('o_b2b_order_notice')]")[0].text_content()
        self.assertIn(origin.name, notice)
        self.assertIn("B2B Chair is not available", notice)
        self.assertNotIn("archived", notice)

    def test_order_again_of_another_customer_or_unknown_order_is_not_found(self):
        other = self._confirmed_order([(self.paper, 1)], partner=self.other_customer)
        before = self.env["sale.order"].search([])
        self._login(self.portal_user)
        for order_id in (other.id, other.id + 100000):
            with self.subTest(order_id=order_id):
                response = self._post(f"/my/orders/{order_id}/reorder", {})
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.env["sale.order"].search([]), before)

    def test_quotation_cannot_be_ordered_again(self):
        quotation = self._create_order([(self.paper, 1)])
        quotation.message_subscribe(partner_ids=self.customer_contact.ids)
        self._login(self.portal_user)
        page = html.fromstring(self._get(f"/my/orders/{quotation.id}").content)
        self.assertFalse(page.xpath("//button[hasclass('o_b2b_reorder_button')]"))
        response = self._post(f"/my/orders/{quotation.id}/reorder", {})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._orders(), quotation)
        page = html.fromstring(self._get(response.headers["Location"]).content)
        self.assertIn(
            "Only confirmed orders",
            page.xpath("//div[hasclass('o_b2b_order_notice')]")[0].text_content(),
        )

    # --- in the browser -------------------------------------------------------------

    def test_tour_customer_pastes_checks_and_sends(self):
        self._create_product(
            "B2B Stapler", 12.0, self.categ_office, default_code="T-STAPLER"
        )
        self._create_product(
            "B2B Toner", 60.0, self.categ_other, default_code="T-TONER"
        )
        self.start_tour(
            "/my/quick-order",
            "b2b_order_mgmt_quick_order_pad",
            login=self.portal_user.login,
        )
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer_contact)
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(
            [
                (line.product_id.default_code, line.product_uom_qty)
                for line in order.order_line
            ],
            [
                ("T-PAPER", 10),
                ("T-PENS", 20),
                ("T-CHAIR", 2),
                ("T-STAPLER", 3),
                ("T-TONER", 1),
            ],
        )
