# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import datetime

from lxml import html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfReader
from odoo.tools.safe_eval import safe_eval, time

from .common import B2bCommon

REPORT = "b2b_order_mgmt.action_report_confirmation_letter"


class ConfirmationLetterCommon(B2bCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {
                "street": "12 Harbour Road",
                "zip": "2000",
                "city": "Antwerp",
                "country_id": cls.env.ref("base.be").id,
            }
        )
        cls.salesman.write(
            {"function": "Key Account Manager", "email": "salesman@b2b.example"}
        )
        cls.rule = cls._create_rule(
            "Office by the box",
            "line_qty",
            [(10, 5), (50, 10)],
            categ_ids=[Command.set(cls.categ_office.ids)],
        )

    def _create_letter_order(self, **values):
        """Paper gets 10 % off (60 x 10.00), chairs nothing (2 x 100.00)."""
        values = {"client_order_ref": "PO-4711", "user_id": self.salesman.id, **values}
        return self._create_order([(self.paper, 60), (self.chairs, 2)], **values)


@tagged("post_install", "-at_install")
class TestConfirmationLetter(ConfirmationLetterCommon):
    """The letter's content, checked on its HTML rendering."""

    def _render(self, order):
        content, report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, order.ids
        )
        self.assertEqual(report_type, "html")
        return html.fromstring(content)

    def _text(self, root, xpath):
        """The text of the nodes found, whitespace (no-break spaces included)
        collapsed; empty when none is found."""
        return " ".join(
            " ".join(node.text_content().split()) for node in root.xpath(xpath)
        )

    def _row(self, root, product):
        rows = root.xpath(
            "//table[@name='b2b_letter_lines']//tr"
            f"[td[@name='td_name'][contains(., '{product.name}')]]"
        )
        self.assertEqual(len(rows), 1, f"one row for {product.name}")
        return rows[0]

    # --- the action --------------------------------------------------------

    def test_report_in_sale_order_print_menu(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.binding_model_id.model, "sale.order")
        print_actions = self.env["ir.actions.actions"].get_bindings("sale.order")
        self.assertIn(report.id, [action["id"] for action in print_actions["report"]])
        order = self._create_letter_order()
        self.assertEqual(
            safe_eval(report.print_report_name, {"object": order, "time": time}),
            f"Confirmation - {order.name}",
        )

    # --- heading and body --------------------------------------------------

    def test_title_reference_customer_and_salesperson(self):
        order = self._create_letter_order()
        order.action_confirm()
        root = self._render(order)
        self.assertEqual(self._text(root, "//h2"), f"Order Confirmation {order.name}")
        self.assertEqual(
            self._text(root, "//div[@name='b2b_letter_reference']"),
            "Your reference PO-4711",
        )
        address = self._text(root, "//div[@name='address']")
        for part in ("Acme Wholesale", "12 Harbour Road", "2000 Antwerp", "Belgium"):
            self.assertIn(part, address)
        self.assertEqual(
            self._text(root, "//div[@name='b2b_letter_salesperson']"),
            "Salesperson B2B Salesman",
        )
        self.assertIn(
            "Dear Acme Wholesale,", self._text(root, "//div[@name='b2b_letter_body']")
        )
        self.assertFalse(
            root.xpath("//div[@name='information_block']"),
            "invoicing and delivery go to the customer: no second address",
        )

    def test_no_reference_no_reference_block(self):
        order = self._create_letter_order(client_order_ref=False)
        root = self._render(order)
        self.assertFalse(root.xpath("//div[@name='b2b_letter_reference']"))

    def test_customer_language(self):
        order = self._create_letter_order(date_order=datetime(2027, 3, 15, 12))
        expected = {
            "fr_FR": (
                "Votre référence PO-4711",
                "Date de commande 15/03/2027",
                "Bonjour",
            ),
            "de_DE": ("Ihre Referenz PO-4711", "Bestelldatum 15.03.2027", "Guten Tag"),
        }
        for lang, (reference, date, greeting) in expected.items():
            with self.subTest(lang=lang):
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(
                    ["b2b_order_mgmt"], [lang], overwrite=True
                )
                self.customer.lang = lang
                root = self._render(order)
                self.assertEqual(
                    self._text(root, "//div[@name='b2b_letter_reference']"), reference
                )
                self.assertEqual(
                    self._text(root, "//div[@name='b2b_letter_date']"), date
                )
                self.assertIn(greeting, root.text_content())

    def test_different_delivery_address(self):
        depot = self.env["res.partner"].create(
            {
                "name": "Acme Depot",
                "type": "delivery",
                "parent_id": self.customer.id,
                "street": "3 Dock Street",
                "city": "Ghent",
            }
        )
        order = self._create_letter_order(partner_shipping_id=depot.id)
        root = self._render(order)
        shipping = self._text(root, "//div[@name='b2b_letter_shipping_address']")
        self.assertIn("Delivery address", shipping)
        self.assertIn("3 Dock Street", shipping)
        self.assertFalse(
            root.xpath("//div[@name='b2b_letter_invoice_address']"),
            "invoices go to the customer itself",
        )

    # --- lines and totals --------------------------------------------------

    def test_line_discount_saving_and_net_amount(self):
        order = self._create_letter_order()
        root = self._render(order)
        paper = self._row(root, self.paper)
        self.assertEqual(self._text(paper, "td[@name='td_quantity']"), "60.00 Units")
        self.assertEqual(self._text(paper, "td[@name='td_priceunit']"), "10.00")
        self.assertEqual(self._text(paper, "td[@name='td_discount']"), "10.00")
        self.assertIn("60.00", self._text(paper, "td[@name='td_saved']"))
        self.assertIn("540.00", self._text(paper, "td[@name='td_subtotal']"))
        chairs = self._row(root, self.chairs)
        self.assertEqual(self._text(chairs, "td[@name='td_discount']"), "")
        self.assertEqual(self._text(chairs, "td[@name='td_saved']"), "")
        self.assertIn("200.00", self._text(chairs, "td[@name='td_subtotal']"))
        saved = self._text(root, "//tr[@name='b2b_total_saved']")
        self.assertIn("Total saved", saved)
        self.assertIn("60.00", saved)

    def test_nothing_saved_no_discount_column_nor_total_saved(self):
        order = self._create_order([(self.chairs, 2)], user_id=self.salesman.id)
        root = self._render(order)
        self.assertTrue(root.xpath("//td[@name='td_subtotal']"))
        self.assertFalse(root.xpath("//th[@name='th_discount']"))
        self.assertFalse(root.xpath("//th[@name='th_saved']"))
        self.assertFalse(root.xpath("//tr[@name='b2b_total_saved']"))

    def test_tax_totals(self):
        tax = self.env["account.tax"].create({"name": "B2B VAT 10%", "amount": 10})
        order = self._create_letter_order()
        order.order_line.tax_id = tax
        root = self._render(order)
        totals = self._text(root, "//table[@name='b2b_letter_totals']")
        self.assertIn(
            f"Untaxed Amount $ 740.00 {tax.tax_group_id.name} $ 74.00", totals
        )
        self.assertRegex(totals, r"Total \$ 814\.00")
        self.assertRegex(totals, r"Total saved \(untaxed\) \$ 60\.00")

    def test_section_and_note_lines(self):
        order = self._create_letter_order()
        order.order_line = [
            Command.create({"display_type": "line_section", "name": "Office supplies"}),
            Command.create({"product_id": self.pens.id, "product_uom_qty": 2}),
            Command.create({"display_type": "line_note", "name": "Ships on pallets"}),
        ]
        root = self._render(order)
        section = root.xpath("//tr[contains(@class, 'o_line_section')]")
        self.assertEqual(len(section), 1)
        self.assertEqual(section[0].xpath("td/@colspan"), ["99"])
        self.assertEqual(self._text(section[0], "td"), "Office supplies")
        note = root.xpath("//tr[contains(@class, 'o_line_note')]")
        self.assertEqual(self._text(note[0], "td"), "Ships on pallets")
        self.assertIn(
            "Subtotal $ 10.00",
            self._text(root, "//td[@name='td_section_subtotal']"),
            "the section's subtotal: its pens only",
        )

    # --- conditions and signature ------------------------------------------

    def test_commitment_date_incoterm_and_payment_terms(self):
        payment_term = self.env["account.payment.term"].create(
            {"name": "45 Days B2B", "note": "<p>Pay by bank transfer.</p>"}
        )
        order = self._create_letter_order(
            commitment_date=datetime(2027, 3, 15, 12),
            incoterm=self.env.ref("account.incoterm_EXW").id,
            incoterm_location="Antwerp",
            payment_term_id=payment_term.id,
        )
        root = self._render(order)
        self.assertEqual(
            self._text(root, "//tr[@name='b2b_letter_delivery']"),
            "Delivery date 03/15/2027",
        )
        incoterm = self._text(root, "//tr[@name='b2b_letter_incoterm']")
        self.assertIn("EXW", incoterm)
        self.assertIn("Antwerp", incoterm)
        self.assertEqual(
            self._text(root, "//tr[@name='b2b_letter_payment_terms']"),
            "Payment terms 45 Days B2B Pay by bank transfer.",
        )

    def test_expected_delivery_without_commitment_date(self):
        order = self._create_letter_order()
        root = self._render(order)
        self.assertTrue(order.expected_date)
        self.assertIn(
            "Expected delivery",
            self._text(root, "//tr[@name='b2b_letter_delivery']"),
        )
        self.assertFalse(root.xpath("//tr[@name='b2b_letter_incoterm']"))
        self.assertFalse(root.xpath("//tr[@name='b2b_letter_payment_terms']"))

    def test_signature_block(self):
        order = self._create_letter_order()
        root = self._render(order)
        signature = self._text(root, "//div[@name='b2b_letter_signature']")
        self.assertIn(f"For {order.company_id.name}", signature)
        self.assertTrue(root.xpath("//div[@name='b2b_letter_sign_here']"))
        self.assertEqual(
            self._text(root, "//div[@name='b2b_letter_signatory']"),
            "B2B Salesman Key Account Manager salesman@b2b.example",
        )


@tagged("post_install", "-at_install")
class TestConfirmationLetterPdf(HttpCase, ConfirmationLetterCommon):
    """A real PDF from wkhtmltopdf. Only in an HttpCase: wkhtmltopdf loads the
    report's assets from the test server, which shares the test transaction."""

    def _pdf_pages(self, order):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, order.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return len(PdfReader(io.BytesIO(pdf)).pages)

    def test_pdf_pages(self):
        payment_term = self.env["account.payment.term"].create(
            {"name": "30 Days B2B", "note": "<p>Pay by bank transfer.</p>"}
        )
        short = self._create_letter_order(
            commitment_date=datetime(2027, 3, 15, 12),
            incoterm=self.env.ref("account.incoterm_EXW").id,
            payment_term_id=payment_term.id,
        )
        short.order_line = [Command.create({"product_id": self.pens.id})]
        self.assertEqual(self._pdf_pages(short), 1, "a 3-line letter fits one page")
        long = self._create_order(
            [(product, 1) for product in (self.paper, self.pens, self.chairs) * 20]
        )
        self.assertGreater(self._pdf_pages(long), 1)
