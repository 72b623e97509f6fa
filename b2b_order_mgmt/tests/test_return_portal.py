# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import B2bPortalHttpMixin, B2bReturnCommon


@tagged("post_install", "-at_install")
class TestReturnPortal(B2bPortalHttpMixin, HttpCase, B2bReturnCommon):
    """Customers ask for returns and exchanges in the portal and follow them;
    nobody reaches another customer's, and bad input never creates anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.update_subtype = cls.env.ref("b2b_order_mgmt.mt_b2b_return_update")
        # Acme (Alice and her colleague Bob) and Globex (Gary), each with a
        # delivered order.
        cls.portal_user.tz = "UTC"
        cls.colleague = new_test_user(
            cls.env,
            login="b2b_portal_bob",
            groups="base.group_portal",
            name="Bob Acme",
            parent_id=cls.customer.id,
        )
        cls.order = cls._delivered_order(
            [(cls.paper, 10), (cls.pens, 5)], client_order_ref="PO-ACME-1"
        )
        cls.paper_line = cls._line_of(cls.order, cls.paper)
        cls.pens_line = cls._line_of(cls.order, cls.pens)
        cls.other_order = cls._delivered_order(
            [(cls.paper, 4)], partner=cls.other_customer
        )
        cls.other_request = cls._create_request(
            cls.other_order,
            [(cls.paper, 1)],
            partner=cls.other_customer,
        )
        cls.other_request.with_user(cls.salesman).action_submit()

    # --- helpers --------------------------------------------------------------

    def _form_url(self, order_or_id):
        order_id = getattr(order_or_id, "id", order_or_id)
        return f"/my/orders/{order_id}/return"

    def _form_data(self, lines, request_type="return"):
        """lines: {sale line: (quantity text, reason, comment)}"""
        data = {"request_type": request_type}
        for line, (quantity, reason, comment) in lines.items():
            line_id = getattr(line, "id", line)
            data[f"qty_{line_id}"] = quantity
            data[f"reason_{line_id}"] = getattr(reason, "id", reason or "")
            data[f"comment_{line_id}"] = comment
        return data

    def _requests(self):
        return self.env["b2b.return.request"].search([])

    def _assert_redirect(self, response, location_end):
        self.assertEqual(response.status_code, 303, response.text[:300])
        location = response.headers["Location"]
        self.assertTrue(location.endswith(location_end), location)

    def _assert_not_found(self, response):
        # Unknown and forbidden records answer alike, never a 500.
        self.assertEqual(response.status_code, 404, response.text[:300])

    def _assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def _step_emails(self, return_request):
        return return_request.message_ids.filtered(
            lambda message: message.subtype_id == self.update_subtype
        )

    def _post_form_errors(self, data, url_prefix=""):
        """Post bad input as Alice: the form comes back with its messages,
        and nothing is created."""
        before = self._requests()
        response = self._post(url_prefix + self._form_url(self.order), data)
        self.assertEqual(response.status_code, 200, response.headers.get("Location"))
        self.assertEqual(self._requests(), before)
        page = html.fromstring(response.content)
        self.assertTrue(page.xpath("//form[hasclass('o_b2b_return_form')]"))
        return page

    def _line_error(self, page, line):
        errors = page.xpath(
            f"//tr[@data-sale-line='{line.id}']//div[hasclass('o_b2b_line_error')]"
        )
        return errors[0].text_content().strip() if errors else None

    def _form_error(self, page):
        return " ".join(
            page.xpath("//div[hasclass('o_b2b_return_form_errors')]//text()")
        ).strip()

    # --- the form -------------------------------------------------------------

    def test_form_lists_the_returnable_lines(self):
        # 3 of the pens are already asked for: 2 left.
        self._create_request(self.order, [(self.pens, 3)]).with_user(
            self.salesman
        ).action_submit()
        self._login(self.portal_user)
        page = self._page(self._form_url(self.order))
        rows = page.xpath("//tr[hasclass('o_b2b_return_line')]")
        self.assertEqual(
            [row.get("data-sale-line") for row in rows],
            [str(self.paper_line.id), str(self.pens_line.id)],
        )
        returnable = [
            " ".join(
                row.xpath(".//td[hasclass('o_b2b_returnable')]")[0]
                .text_content()
                .split()
            )
            for row in rows
        ]
        self.assertEqual(returnable, ["10.00 Units", "2.00 Units"])
        # 30 days after the delivery, in the customer's time zone (UTC).
        deadline = self.order.picking_ids.date_done.date() + timedelta(days=30)
        self.assertIn(
            deadline.strftime("%m/%d/%Y"),
            rows[0].xpath(".//td[hasclass('o_b2b_return_deadline')]")[0].text_content(),
        )
        reasons = rows[0].xpath(".//select[starts-with(@name, 'reason_')]/option")
        self.assertIn("Damaged in transit", [option.text for option in reasons])
        self.assertEqual(reasons[0].get("value"), "", "no reason chosen for them")
        self.assertTrue(page.xpath("//input[@name='csrf_token']"))
        self.assertTrue(page.xpath("//input[@name='request_type'][@value='exchange']"))

    def test_good_request_is_created_and_submitted(self):
        self._login(self.portal_user)
        response = self._post(
            self._form_url(self.order),
            self._form_data(
                {
                    self.paper_line: ("2", self.reason_damaged, " Torn packs "),
                    self.pens_line: ("", "", ""),
                },
                request_type="exchange",
            ),
        )
        return_request = self._requests().filtered(
            lambda request: request.order_id == self.order
        )
        self.assertEqual(len(return_request), 1)
        self._assert_redirect(
            response, f"/my/returns/{return_request.id}?message=submitted"
        )
        self.assertEqual(return_request.state, "submitted")
        self.assertEqual(return_request.request_type, "exchange")
        self.assertEqual(return_request.partner_id, self.customer_contact)
        self.assertEqual(return_request.create_uid, self.portal_user)
        line = return_request.line_ids
        self.assertEqual(line.sale_line_id, self.paper_line)
        self.assertEqual(line.quantity, 2)
        self.assertEqual(line.reason_id, self.reason_damaged)
        self.assertEqual(line.comment, "Torn packs")
        # The "submitted" e-mail, to the customer, queued.
        emails = self._step_emails(return_request)
        self.assertEqual(len(emails), 1)
        self.assertEqual(emails.partner_ids, self.customer_contact)
        self.assertIn("We received your exchange request", emails.subject)
        mails = self.env["mail.mail"].search([("mail_message_id", "in", emails.ids)])
        self.assertEqual(mails.mapped("state"), ["outgoing"])

        page = self._page(response.headers["Location"])
        self.assertIn("Thank you!", page.text_content())
        # A comma as the decimal separator is a number too.
        self._post(
            self._form_url(self.order),
            self._form_data({self.pens_line: ("1,5", self.reason_wrong, "")}),
        )
        self.assertEqual(
            self.env["b2b.return.request.line"]
            .search([("sale_line_id", "=", self.pens_line.id)])
            .quantity,
            1.5,
        )

    def test_bad_quantities_are_told_next_to_their_line(self):
        self._login(self.portal_user)
        cases = {
            "11": "At most 10 Units can be returned.",
            "-2": "Enter a positive quantity, or leave it empty.",
            "abc": "Enter the quantity as a number, e.g. 2.",
            "1e3": "Enter the quantity as a number, e.g. 2.",
            "nan": "Enter the quantity as a number, e.g. 2.",
            "1" + "0" * 400: "At most 10 Units can be returned.",
            "-1" + "0" * 400: "Enter a positive quantity, or leave it empty.",
            "2.005": "Enter the quantity in steps of 0.01 Units.",
        }
        for quantity, message in cases.items():
            with self.subTest(quantity=quantity[:10]):
                page = self._post_form_errors(
                    self._form_data(
                        {
                            self.paper_line: (quantity, self.reason_damaged, "Torn"),
                            self.pens_line: ("1", self.reason_wrong, "Blue"),
                        }
                    )
                )
                self.assertEqual(self._line_error(page, self.paper_line), message)
                self.assertIsNone(self._line_error(page, self.pens_line))
                # What the customer typed is kept, on every line.
                paper_input = page.xpath(f"//input[@name='qty_{self.paper_line.id}']")[
                    0
                ]
                self.assertEqual(paper_input.get("value"), quantity)
                self.assertIn("is-invalid", paper_input.get("class"))
                self.assertEqual(
                    page.xpath(f"//input[@name='qty_{self.pens_line.id}']/@value"),
                    ["1"],
                )
                self.assertEqual(
                    page.xpath(
                        f"//select[@name='reason_{self.pens_line.id}']"
                        "/option[@selected]/@value"
                    ),
                    [str(self.reason_wrong.id)],
                )
                self.assertEqual(
                    page.xpath(f"//input[@name='comment_{self.pens_line.id}']/@value"),
                    ["Blue"],
                )

    def test_nothing_to_return_is_told(self):
        self._login(self.portal_user)
        message = "Enter the quantity to return of at least one product."
        for data in (
            self._form_data({self.paper_line: ("0", self.reason_damaged, "")}),
            self._form_data({self.paper_line: ("", self.reason_damaged, "")}),
            {"request_type": "return"},
        ):
            with self.subTest(data=data):
                page = self._post_form_errors(data)
                self.assertIn(message, self._form_error(page))

    def test_a_form_sent_twice_makes_one_request(self):
        self._login(self.portal_user)
        page = self._page(self._form_url(self.order))
        (key,) = page.xpath("//input[@name='submission_key']/@value")
        data = dict(
            self._form_data({self.paper_line: ("2", self.reason_damaged, "")}),
            submission_key=key,
        )
        first = self._post(self._form_url(self.order), data)
        again = self._post(self._form_url(self.order), data)
        made = self._requests().filtered(lambda request: request.order_id == self.order)
        self.assertEqual(len(made), 1)
        self._assert_redirect(first, f"/my/returns/{made.id}?message=submitted")
        self._assert_redirect(again, f"/my/returns/{made.id}?message=submitted")
        self.assertEqual(made.line_ids.quantity, 2)
        # Another form (a new key) is another request.
        del data["submission_key"]
        self._post(self._form_url(self.order), data)
        self.assertEqual(
            len(
                self._requests().filtered(
                    lambda request: request.order_id == self.order
                )
            ),
            2,
        )

    def test_a_comment_too_long_or_with_control_characters_is_refused(self):
        self._login(self.portal_user)
        for comment, message in (
            ("x" * 1_000_000, "is too long: at most 1000 characters"),
            ("Torn\x00packs", "control characters"),
        ):
            with self.subTest(message=message):
                page = self._post_form_errors(
                    self._form_data(
                        {self.paper_line: ("2", self.reason_damaged, comment)}
                    )
                )
                self.assertIn(message, self._form_error(page))

    def test_a_reason_is_required(self):
        self._login(self.portal_user)
        other_company = self.env["res.company"].create({"name": "B2B Elsewhere"})
        reason_elsewhere = self.env["b2b.return.reason"].create(
            {"name": "Elsewhere only", "company_id": other_company.id}
        )
        for reason in ("", "abc", "999999999", reason_elsewhere.id):
            with self.subTest(reason=reason):
                page = self._post_form_errors(
                    self._form_data({self.paper_line: ("2", reason, "")})
                )
                self.assertEqual(
                    self._line_error(page, self.paper_line),
                    "Choose the reason of the return.",
                )

    def test_a_request_type_is_required(self):
        self._login(self.portal_user)
        for request_type in ("", "refund"):
            with self.subTest(request_type=request_type):
                page = self._post_form_errors(
                    self._form_data(
                        {self.paper_line: ("2", self.reason_damaged, "")},
                        request_type=request_type,
                    )
                )
                self.assertIn(
                    "Choose whether you want a return or an exchange.",
                    self._form_error(page),
                )

    def test_lines_of_other_orders_and_forged_lines_are_refused(self):
        own_other_order = self._delivered_order([(self.chairs, 1)])
        service = self.env["product.product"].create(
            {"name": "B2B Setup", "type": "service"}
        )
        order_with_service = self._delivered_order([(self.paper, 1)])
        service_line = self.env["sale.order.line"].create(
            {"order_id": order_with_service.id, "product_id": service.id}
        )
        self._login(self.portal_user)
        message = "The form held products that cannot be returned on this order"
        for line_id in (
            self.other_order.order_line.id,  # another customer's
            own_other_order.order_line.id,  # another order of the customer
            service_line.id,  # nothing to return
            999999999,  # forged
            10**20,
        ):
            with self.subTest(line_id=line_id):
                page = self._post_form_errors(
                    self._form_data(
                        {
                            self.paper_line: ("2", self.reason_damaged, ""),
                            line_id: ("1", self.reason_damaged, ""),
                        }
                    )
                )
                self.assertIn(message, self._form_error(page))
                self.assertIsNone(self._line_error(page, self.paper_line))

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        self._login(self.portal_user)
        before = self._requests()
        response = self._post(
            self._form_url(self.order),
            self._form_data({self.paper_line: ("2", self.reason_damaged, "")}),
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._requests(), before)

    def test_what_is_asked_is_no_longer_returnable(self):
        self._login(self.portal_user)
        data = self._form_data({self.paper_line: ("10", self.reason_damaged, "")})
        self._assert_redirect(
            self._post(self._form_url(self.order), data), "=submitted"
        )
        # The same again: the paper is taken, 5 pens are left.
        page = self._post_form_errors(data)
        self.assertIn(
            "cannot be returned on this order", self._form_error(page), "reload"
        )
        self.assertEqual(
            page.xpath("//tr[hasclass('o_b2b_return_line')]/@data-sale-line"),
            [str(self.pens_line.id)],
        )
        self._post(
            self._form_url(self.order),
            self._form_data({self.pens_line: ("5", self.reason_damaged, "")}),
        )
        # Nothing left: the page says why, and the order page has no button.
        page = self._page(self._form_url(self.order))
        self.assertIn(
            "Nothing more of order",
            page.xpath("//div[hasclass('o_b2b_return_unavailable')]")[0].text_content(),
        )
        order_page = self._page(f"/my/orders/{self.order.id}")
        self.assertFalse(
            order_page.xpath("//a[hasclass('o_b2b_return_request_button')]")
        )

    # --- access matrix --------------------------------------------------------

    def test_form_access_matrix(self):
        quotation = self._create_order([(self.paper, 1)])
        quotation.action_quotation_sent()
        not_shipped = self._confirmed_order([(self.paper, 3)])
        missing_id = (
            self.env["sale.order"].search([], order="id desc", limit=1).id + 1000
        )
        good = self._form_data({self.paper_line: ("1", self.reason_damaged, "")})

        def assert_nothing_created(response_check, url, data=None):
            before = self._requests()
            response_check(self._get(url))
            response_check(self._post(url, data or good))
            self.assertEqual(self._requests(), before, url)

        def unavailable(message):
            def check(response):
                self.assertEqual(response.status_code, 200)
                page = html.fromstring(response.content)
                self.assertIn(
                    message,
                    page.xpath("//div[hasclass('o_b2b_return_unavailable')]")[
                        0
                    ].text_content(),
                )
                self.assertFalse(page.xpath("//form[hasclass('o_b2b_return_form')]"))

            return check

        def not_found(response):
            self._assert_not_found(response)

        # The customer's own orders.
        self._login(self.portal_user)
        self.assertEqual(self._get(self._form_url(self.order)).status_code, 200)
        assert_nothing_created(
            unavailable(f"Order {quotation.name} is not a confirmed order"),
            self._form_url(quotation),
            self._form_data({quotation.order_line: ("1", self.reason_damaged, "")}),
        )
        assert_nothing_created(
            unavailable(f"Order {not_shipped.name} has not been shipped yet"),
            self._form_url(not_shipped),
            self._form_data({not_shipped.order_line: ("1", self.reason_damaged, "")}),
        )
        # Another customer's, an unknown one: as Odoo's order page.
        for order_id in (self.other_order.id, missing_id, 2**31, 10**20):
            with self.subTest(order_id=order_id):
                assert_nothing_created(
                    not_found,
                    self._form_url(order_id),
                    self._form_data(
                        {self.other_order.order_line: ("1", self.reason_damaged, "")}
                    ),
                )
        # The colleague asks too; the other customer not for Acme.
        self._login(self.colleague)
        self.assertEqual(self._get(self._form_url(self.order)).status_code, 200)
        self._login(self.other_portal_user)
        assert_nothing_created(not_found, self._form_url(self.order))
        self.assertEqual(self._get(self._form_url(self.other_order)).status_code, 200)
        # Public visitors log in first, even with the order's token.
        self.authenticate(None, None)
        token = self.order._portal_ensure_token()
        assert_nothing_created(
            self._assert_login_redirect,
            f"{self._form_url(self.order)}?access_token={token}",
        )

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_follower_of_another_company_order_cannot_ask(self):
        # Following an order lets Gary read it in the portal, not return it.
        self.order.message_subscribe(self.other_portal_user.partner_id.ids)
        self._login(self.other_portal_user)
        self.assertEqual(self._get(f"/my/orders/{self.order.id}").status_code, 200)
        before = self._requests()
        self._assert_not_found(self._get(self._form_url(self.order)))
        self._assert_not_found(
            self._post(
                self._form_url(self.order),
                self._form_data({self.paper_line: ("1", self.reason_damaged, "")}),
            )
        )
        self.assertEqual(self._requests(), before)

    def test_request_page_access_matrix(self):
        own = self._create_request(self.order, [(self.paper, 2)])
        own.with_user(self.salesman).action_submit()
        token = own._portal_ensure_token()
        missing_id = self.env["b2b.return.request"].search([], limit=1).id + 1000
        url = f"/my/returns/{own.id}"

        def assert_shows(response, return_request):
            self.assertEqual(response.status_code, 200)
            page = html.fromstring(response.content)
            self.assertEqual(
                page.xpath("//div[@id='sidebar_content']//h2/text()"),
                [return_request.name],
            )

        for user in (self.portal_user, self.colleague):
            with self.subTest(user=user.login):
                self._login(user)
                assert_shows(self._get(url), own)
                self._assert_not_found(
                    self._get(f"/my/returns/{self.other_request.id}")
                )
                for request_id in (missing_id, 2**31, 10**20):
                    self._assert_not_found(self._get(f"/my/returns/{request_id}"))
                self._assert_not_found(
                    self._get(f"/my/returns/{self.other_request.id}?access_token=wrong")
                )
        # A token opens its request, also to another customer.
        self._login(self.other_portal_user)
        self._assert_not_found(self._get(url))
        assert_shows(self._get(f"{url}?access_token={token}"), own)
        # Public visitors: the e-mail's link with its token, nothing else; a
        # token opens its own request only.
        self.authenticate(None, None)
        assert_shows(self._get(f"{url}?access_token={token}"), own)
        self._assert_not_found(
            self._get(f"/my/returns/{self.other_request.id}?access_token={token}")
        )
        self._assert_not_found(self._get(url))
        self._assert_not_found(self._get(f"{url}?access_token=wrong"))
        self._assert_not_found(
            self._get(f"/my/returns/{missing_id}?access_token={token}")
        )
        self._assert_login_redirect(self._get("/my/returns"))

    def test_list_shows_the_company_requests(self):
        first = self._create_request(self.order, [(self.paper, 2)])
        first.with_user(self.salesman).action_submit()
        second = self._create_request(
            self.order, [(self.pens, 1)], request_type="exchange"
        )
        for user in (self.portal_user, self.colleague):
            with self.subTest(user=user.login):
                self._login(user)
                page = self._page("/my/returns")
                rows = page.xpath("//tr[hasclass('o_b2b_return_row')]")
                self.assertEqual(
                    [row.get("data-request") for row in rows], [second.name, first.name]
                )
                badges = [
                    row.xpath(".//span[hasclass('o_b2b_return_state_badge')]")[0]
                    for row in rows
                ]
                self.assertEqual(
                    [badge.text_content().strip() for badge in badges],
                    ["Draft", "Submitted"],
                )
                self.assertIn("Exchange", rows[0].text_content())
                self.assertIn(self.order.name, rows[0].text_content())
                self.assertIn("PO-ACME-1", rows[0].text_content())
        self._login(self.other_portal_user)
        page = self._page("/my/returns")
        self.assertEqual(
            page.xpath("//tr[hasclass('o_b2b_return_row')]/@data-request"),
            [self.other_request.name],
        )
        # A customer without requests is told how to ask for one.
        lonely = new_test_user(
            self.env,
            login="b2b_portal_lonely",
            groups="base.group_portal",
            parent_id=self._create_customer("Lonely Ltd", tier=self.tier_silver).id,
        )
        self._login(lonely)
        page = self._page("/my/returns")
        self.assertTrue(page.xpath("//div[hasclass('o_b2b_no_returns')]"))

    def test_list_pager_and_sorting(self):
        requests = self.env["b2b.return.request"]
        for _index in range(3):
            requests |= self._create_request(self.order, [(self.paper, 1)])
        self._login(self.portal_user)
        by_name = self._page("/my/returns?sortby=name")
        self.assertEqual(
            by_name.xpath("//tr[hasclass('o_b2b_return_row')]/@data-request"),
            sorted(requests.mapped("name"), reverse=True),
        )
        # Whatever the query string says, never an error.
        for url in (
            "/my/returns?sortby=bogus",
            "/my/returns?page=abc",
            "/my/returns/page/99",
            "/my/returns?sortby=state",
        ):
            with self.subTest(url=url):
                page = self._page(url)
                self.assertEqual(
                    len(page.xpath("//tr[hasclass('o_b2b_return_row')]")), 3
                )

    # --- the request's page ---------------------------------------------------

    def _steps(self, page):
        return {
            step.get("data-step"): step
            for step in page.xpath("//li[hasclass('o_b2b_return_step')]")
        }

    def test_request_page_follows_a_refunded_return(self):
        self._invoice(self.order)
        return_request = self._approved_request(self.order, [(self.paper, 2)])
        self._receive(return_request)
        return_request.with_user(self.after_sales).action_done()
        credit_note = return_request.credit_note_ids
        self.assertEqual(len(credit_note), 1)
        receipt = return_request.return_picking_ids

        self._login(self.portal_user)
        page = self._page(f"/my/returns/{return_request.id}")
        steps = self._steps(page)
        self.assertEqual(
            list(steps), ["submitted", "approved", "received", "refunded", "done"]
        )
        self.assertEqual({step.get("data-reached") for step in steps.values()}, {"1"})
        self.assertEqual(steps["done"].get("aria-current"), "step")
        for step in steps.values():
            self.assertTrue(step.xpath(".//div[hasclass('o_b2b_step_date')]"))
        line = page.xpath("//tr[hasclass('o_b2b_return_line')]")[0]
        self.assertEqual(line.get("data-product"), "B2B Paper")
        self.assertIn("Damaged in transit", line.text_content())
        self.assertEqual(
            page.xpath("//span[hasclass('o_b2b_return_picking')]/text()"),
            [receipt.name],
        )
        # The credit note, with a link to its portal page.
        links = page.xpath("//div[hasclass('o_b2b_credit_note')]/a/@href")
        self.assertEqual(len(links), 1)
        self.assertTrue(links[0].startswith(f"/my/invoices/{credit_note.id}"), links)
        self.assertEqual(self._get(links[0]).status_code, 200)
        self.assertFalse(page.xpath("//button[hasclass('o_b2b_return_cancel')]"))

        # A visitor with the request's token reads it, but gets no link to
        # documents of the customer it does not give.
        self.authenticate(None, None)
        token = return_request._portal_ensure_token()
        page = self._page(f"/my/returns/{return_request.id}?access_token={token}")
        credit = page.xpath("//div[hasclass('o_b2b_credit_note')]")[0]
        self.assertIn(credit_note.name, credit.text_content())
        self.assertFalse(credit.xpath(".//a"))
        self.assertFalse(page.xpath("//td[@name='b2b_return_order']/a"))
        self.assertFalse(page.xpath("//button[hasclass('o_b2b_return_cancel')]"))

    def test_request_page_follows_an_exchange(self):
        self._put_in_stock(self.paper, 2)
        return_request = self._approved_request(
            self.order, [(self.paper, 2)], request_type="exchange"
        )
        replacement = return_request.replacement_picking_ids
        self._login(self.portal_user)
        page = self._page(f"/my/returns/{return_request.id}")
        steps = self._steps(page)
        self.assertEqual(
            list(steps),
            ["submitted", "approved", "received", "replacement_shipped", "done"],
        )
        self.assertEqual(
            [key for key, step in steps.items() if step.get("data-reached") == "1"],
            ["submitted", "approved"],
        )
        self.assertEqual(steps["approved"].get("aria-current"), "step")
        self.assertEqual(
            page.xpath("//span[hasclass('o_b2b_replacement_picking')]/text()"),
            [replacement.name],
        )
        self.assertEqual(
            page.xpath("//span[hasclass('o_b2b_return_picking')]/text()"),
            return_request.return_picking_ids.mapped("name"),
        )
        self.assertFalse(page.xpath("//tr[@name='b2b_credit_notes']"))

    def test_request_page_tells_the_refusal(self):
        return_request = self._create_request(self.order, [(self.paper, 2)])
        return_request.with_user(self.salesman).action_submit()
        return_request.with_user(self.after_sales).action_refuse(
            "Photos show no damage."
        )
        self._login(self.portal_user)
        page = self._page(f"/my/returns/{return_request.id}")
        steps = self._steps(page)
        self.assertEqual(list(steps), ["submitted", "refused"])
        self.assertEqual(steps["refused"].get("aria-current"), "step")
        self.assertIn("Photos show no damage.", steps["refused"].text_content())
        self.assertTrue(steps["refused"].xpath(".//div[hasclass('o_b2b_step_date')]"))

    def test_customer_cancels_a_submitted_request(self):
        return_request = self._create_request(self.order, [(self.paper, 2)])
        return_request.with_user(self.salesman).action_submit()
        url = f"/my/returns/{return_request.id}"
        # Not another customer, nor a visitor with the token.
        self._login(self.other_portal_user)
        self._assert_not_found(self._post(f"{url}/cancel", {}))
        self.authenticate(None, None)
        self._assert_login_redirect(self._post(f"{url}/cancel", {}))
        self.assertEqual(return_request.state, "submitted")

        self._login(self.colleague)
        page = self._page(url)
        form = page.xpath("//form[.//button[hasclass('o_b2b_return_cancel')]]")[0]
        self.assertEqual(form.get("action"), f"{url}/cancel")
        self._assert_redirect(self._post(f"{url}/cancel", {}), "?message=cancelled")
        self.assertEqual(return_request.state, "cancelled")
        self.assertTrue(return_request.date_cancelled)
        page = self._page(url)
        steps = self._steps(page)
        self.assertEqual(list(steps), ["submitted", "cancelled"])
        self.assertTrue(steps["cancelled"].xpath(".//div[hasclass('o_b2b_step_date')]"))
        self.assertFalse(page.xpath("//button[hasclass('o_b2b_return_cancel')]"))
        # Twice: told, not an error.
        self._assert_redirect(self._post(f"{url}/cancel", {}), "?message=cant_cancel")
        self.assertIn(
            "can no longer be cancelled",
            self._page(f"{url}?message=cant_cancel").text_content(),
        )

    # --- the order page and the portal home -----------------------------------

    def test_order_page_offers_a_return_and_lists_the_requests(self):
        not_shipped = self._confirmed_order([(self.paper, 3)])
        quotation = self._create_order([(self.paper, 1)])
        quotation.action_quotation_sent()
        self._login(self.portal_user)
        page = self._page(f"/my/orders/{self.order.id}")
        buttons = page.xpath("//a[hasclass('o_b2b_return_request_button')]")
        self.assertEqual(len(buttons), 1)
        self.assertEqual(buttons[0].get("href"), self._form_url(self.order))
        self.assertIn("Request a return or exchange", buttons[0].text_content())
        self.assertFalse(page.xpath("//section[@id='b2b_order_returns']"))
        for order in (not_shipped, quotation):
            page = self._page(f"/my/orders/{order.id}")
            self.assertFalse(page.xpath("//a[hasclass('o_b2b_return_request_button')]"))

        return_request = self._create_request(self.order, [(self.paper, 2)])
        return_request.with_user(self.salesman).action_submit()
        page = self._page(f"/my/orders/{self.order.id}")
        rows = page.xpath("//section[@id='b2b_order_returns']//tr")
        self.assertEqual(
            [row.get("data-request") for row in rows], [return_request.name]
        )
        self.assertTrue(
            rows[0].xpath(
                f".//a[starts-with(@href, '/my/returns/{return_request.id}')]"
            )
        )
        self.assertIn("Submitted", rows[0].text_content())

    def test_portal_home_counts_the_requests(self):
        self._create_request(self.order, [(self.paper, 2)])
        self._create_request(self.order, [(self.pens, 1)])
        self._login(self.colleague)
        page = self._page("/my/home")
        entry = page.xpath("//a[@href='/my/returns']")
        self.assertEqual(len(entry), 1)
        self.assertTrue(
            entry[0].xpath(".//*[@data-placeholder_count='b2b_return_count']")
        )
        self.assertIn("Returns & Exchanges", entry[0].text_content())
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["b2b_return_count", "order_count"]}
        )
        self.assertEqual(counters["b2b_return_count"], 2)
        self._login(self.other_portal_user)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["b2b_return_count"]}
        )
        self.assertEqual(counters["b2b_return_count"], 1)
        # The breadcrumb leads back to the list.
        page = self._page(f"/my/returns/{self.other_request.id}")
        self.assertEqual(
            page.xpath(
                "//ol[hasclass('o_portal_submenu')]//a[@href='/my/returns']/text()"
            ),
            ["Returns & Exchanges"],
        )

    # --- translations ---------------------------------------------------------

    def test_portal_in_french_and_german(self):
        expected = {
            "fr_FR": {
                "heading": "Demander un retour ou un échange",
                "error": "Indiquez la quantité sous forme de nombre, par exemple 2.",
                "reason": "Endommagé pendant le transport",
                "state": "Soumise",
            },
            "de_DE": {
                "heading": "Rücksendung oder Umtausch anfragen",
                "error": "Geben Sie die Menge als Zahl ein, z. B. 2.",
                "reason": "Beim Transport beschädigt",
                "state": "Eingereicht",
            },
        }
        own = self._create_request(self.order, [(self.paper, 2)])
        own.with_user(self.salesman).action_submit()
        for lang, texts in expected.items():
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(
                    ["b2b_order_mgmt"], [lang], overwrite=True
                )
                self.portal_user.lang = lang
                self._login(self.portal_user)
                prefix = "/" + self.env["res.lang"]._get_data(code=lang).url_code
                page = self._page(f"{prefix}{self._form_url(self.order)}")
                self.assertIn(texts["heading"], page.xpath("//h3")[0].text_content())
                self.assertIn(
                    texts["reason"],
                    page.xpath(f"//select[@name='reason_{self.paper_line.id}']")[
                        0
                    ].text_content(),
                )
                page = self._post_form_errors(
                    self._form_data(
                        {self.paper_line: ("abc", self.reason_damaged, "")}
                    ),
                    prefix,
                )
                self.assertEqual(
                    self._line_error(page, self.paper_line), texts["error"]
                )
                page = self._page(f"{prefix}/my/returns/{own.id}")
                self.assertEqual(
                    page.xpath("//span[hasclass('o_b2b_return_state_badge')]")[0]
                    .text_content()
                    .strip(),
                    texts["state"],
                )

    # --- in the browser -------------------------------------------------------

    def test_tour_customer_requests_a_return(self):
        order = self._delivered_order([(self.paper, 10)])
        self.start_tour(
            f"/my/orders/{order.id}",
            "b2b_order_mgmt_return_portal",
            login=self.portal_user.login,
        )
        return_request = self.env["b2b.return.request"].search(
            [("order_id", "=", order.id)]
        )
        self.assertEqual(len(return_request), 1)
        self.assertEqual(return_request.state, "submitted")
        self.assertEqual(return_request.request_type, "return")
        self.assertEqual(return_request.partner_id, self.customer_contact)
        self.assertEqual(return_request.line_ids.quantity, 2)
        self.assertEqual(return_request.line_ids.reason_id, self.reason_damaged)
        self.assertEqual(return_request.line_ids.comment, "Torn packs")
