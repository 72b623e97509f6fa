# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import csv
import io

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.b2b_order_mgmt.order_entry import parser

from .common import B2bFastOrderCommon


@tagged("post_install", "-at_install")
class TestQuickOrder(B2bFastOrderCommon):
    """The quick entry wizard of quotations, and the model API under it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "B2B Other Co"})
        cls.other_company_product = cls._create_product(
            "B2B Other Co Desk",
            200.0,
            cls.categ_other,
            default_code="T-OTHER",
            company_id=cls.other_company.id,
        )
        cls.twins = cls._create_product(
            "B2B Twin A", 1.0, cls.categ_other, default_code="T-TWIN"
        ) | cls._create_product(
            "B2B Twin B", 1.0, cls.categ_other, default_code="T-TWIN"
        )

    # --- helpers -----------------------------------------------------------------

    def _quotation(self, user=None, **values):
        return self._create_order([], user_id=(user or self.env.user).id, **values)

    def _quick_entry(self, order, text=None, file=None, file_name=None, user=None):
        """Fill in the wizard as a user would, click Add to Order; returns the
        wizard as it reopens."""
        model = self.env["sale.quick.order.entry"]
        if user:
            model = model.with_user(user)
        # The file's name comes with the file in the browser (invisible field).
        entry = Form(
            model.with_context(default_order_id=order.id, default_file_name=file_name)
        )
        if text is not None:
            entry.input_text = text
        if file is not None:
            entry.file = file
        wizard = entry.save()
        action = wizard.action_add_lines()
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]),
            (wizard._name, wizard.id, "new"),
            "the wizard reopens on itself",
        )
        return wizard

    def _ordered(self, order):
        return [(line.product_id, line.product_uom_qty) for line in order.order_line]

    def _results(self, wizard):
        return [
            (result.row, result.text, result.status) for result in wizard.result_ids
        ]

    # --- reading -------------------------------------------------------------------

    def test_every_separator_decimal_comma_empty_rows_and_header(self):
        order = self._quotation()
        text = (
            "SKU\tQuantity\nT-PAPER\t12\n\nT-PENS,2,5\nT-CHAIR;3\n  \n2000000000011 4,5"
        )
        wizard = self._quick_entry(order, text)
        self.assertEqual(
            self._ordered(order),
            [(self.paper, 16.5), (self.pens, 2.5), (self.chairs, 3)],
            "the barcode of paper sums with its Internal Reference",
        )
        self.assertEqual(wizard.state, "done")
        self.assertEqual(
            self._results(wizard),
            [
                (1, "SKU\tQuantity", "header"),
                (2, "T-PAPER\t12", "add"),
                (7, "2000000000011 4,5", "merged"),
            ],
        )
        self.assertFalse(wizard.input_text, "nothing rejected: nothing to fix")

    def test_spaces_and_lower_case(self):
        order = self._quotation()
        self._quick_entry(order, "t-pens    7\nT-CHAIR , 2")
        self.assertEqual(self._ordered(order), [(self.pens, 7), (self.chairs, 2)])

    def test_barcode_lookup(self):
        order = self._quotation()
        self._quick_entry(order, "2000000000028 3")
        self.assertEqual(self._ordered(order), [(self.pens, 3)])

    def test_csv_file(self):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(
            [["SKU", "Quantity"], ["T-PAPER", "20"], ["T-PENS", "1,5"], ["T-NOPE", "1"]]
        )
        order = self._quotation()
        wizard = self._quick_entry(
            order,
            file=base64.b64encode(buffer.getvalue().encode()),
            file_name="po-4471.csv",
        )
        self.assertEqual(self._ordered(order), [(self.paper, 20), (self.pens, 1.5)])
        self.assertEqual(wizard.input_text, "T-NOPE\t1", "the rejected row, to fix")
        self.assertFalse(wizard.file, "the file is done with")

    def test_xlsx_file(self):
        book = openpyxl.Workbook()
        for values in (
            ["SKU", "Qty"],
            ["T-PAPER", 20],
            [2000000000028, 2.5],
            ["T-CHAIR", 0],
        ):
            book.active.append(values)
        buffer = io.BytesIO()
        book.save(buffer)
        order = self._quotation()
        wizard = self._quick_entry(
            order, file=base64.b64encode(buffer.getvalue()), file_name="order.xlsx"
        )
        self.assertEqual(self._ordered(order), [(self.paper, 20), (self.pens, 2.5)])
        rejected = wizard.result_ids.filtered(
            lambda result: result.status == "rejected"
        )
        self.assertEqual((rejected.row, rejected.text), (4, "T-CHAIR\t0"))
        self.assertIn("zero", rejected.message)

    def test_control_characters_are_refused_with_a_message(self):
        order = self._quotation()
        with self.assertRaisesRegex(UserError, "control characters"):
            self._quick_entry(order, text="T-PENS\x00 2")
        with self.assertRaisesRegex(UserError, "control characters"):
            self._quick_entry(
                order, file=base64.b64encode(b"T-PENS;\x072\n"), file_name="o.csv"
            )
        self.assertFalse(order.order_line)

    def test_unreadable_file(self):
        order = self._quotation()
        with self.assertRaisesRegex(UserError, "order.pdf cannot be read"):
            self._quick_entry(
                order, file=base64.b64encode(b"%PDF-1.4"), file_name="order.pdf"
            )
        self.assertFalse(order.order_line)

    def test_nothing_typed_or_both_text_and_file(self):
        order = self._quotation()
        with self.assertRaisesRegex(UserError, "Nothing to add"):
            self._quick_entry(order, "\n  \n")
        with self.assertRaisesRegex(UserError, "not both"):
            self._quick_entry(
                order,
                "T-PAPER 1",
                file=base64.b64encode(b"T-PENS;1"),
                file_name="a.csv",
            )

    # --- partial success, errors by row --------------------------------------------

    def test_every_error_listed_by_row_and_good_lines_added(self):
        order = self._quotation()
        lines = [
            "T-PAPER 60",  # 1
            "T-NOPE 5",  # 2 unknown
            "T-OLD 5",  # 3 archived
            "T-INTERNAL 5",  # 4 cannot be sold
            "T-OTHER 5",  # 5 another company
            "T-TWIN 5",  # 6 two products
            "T-PENS abc",  # 7 not a number
            "T-PENS 0",  # 8 zero
            "T-PENS -3",  # 9 negative
            "T-PENS 1,000",  # 10 ambiguous
            "T-PENS",  # 11 no quantity
            "T-PENS 50",  # 12
        ]
        wizard = self._quick_entry(order, "\n".join(lines))
        self.assertEqual(self._ordered(order), [(self.paper, 60), (self.pens, 50)])
        rejected = wizard.result_ids.filtered(
            lambda result: result.status == "rejected"
        )
        self.assertEqual(rejected.mapped("row"), list(range(2, 12)))
        self.assertEqual(rejected.mapped("text"), lines[1:11])
        messages = rejected.mapped("message")
        expected = [
            "No product has this Internal Reference or barcode.",
            "B2B Old Binder is archived.",
            "B2B Internal Toner cannot be sold",
            "This product belongs to another company.",
            "Several products have this SKU ([T-TWIN] B2B Twin A, [T-TWIN] B2B Twin B)",
            "The quantity is not a number.",
            "The quantity is zero.",
            "The quantity is negative.",
            "one or one thousand?",
            "No quantity after the SKU.",
        ]
        for message, part in zip(messages, expected, strict=True):
            self.assertIn(part, message)
        self.assertEqual(
            rejected.filtered(lambda result: result.row == 3).product_id,
            self.old_binder,
        )
        self.assertFalse(
            rejected.filtered(lambda result: result.row == 5).product_id,
            "another company's product is not named",
        )
        self.assertEqual(wizard.rejected_count, 10)
        self.assertIn("2 line(s) added", wizard.summary)
        self.assertIn("10 row(s) rejected", wizard.summary)

    def test_added_lines_get_b2b_prices_and_bulk_discounts_of_the_batch(self):
        order = self._quotation()
        self._quick_entry(order, "T-PAPER\t60\nT-PENS\t50\nT-CHAIR\t1")
        paper, pens, chairs = (
            self._line_of(order, product)
            for product in (self.paper, self.pens, self.chairs)
        )
        self.assertEqual(pens.price_unit, 4.0, "the Gold tier's B2B price")
        self.assertEqual(paper.price_unit, 10.0)
        self.assertEqual(
            (paper.discount, paper.b2b_discount_rule_id), (10, self.paper_rule)
        )
        # 50 pens reach the mix rule only with the 60 boxes of paper.
        self.assertEqual(
            (pens.discount, pens.b2b_discount_rule_id), (5, self.office_mix_rule)
        )
        self.assertEqual(chairs.discount, 0, "chairs are out of both rules")
        self.assertAlmostEqual(order.amount_untaxed, 60 * 9 + 50 * 3.8 + 100)

    def test_added_lines_count_with_the_lines_already_on_the_order(self):
        order = self._create_order([(self.paper, 60)])
        wizard = self._quick_entry(order, "T-PENS 50\nT-PAPER 10")
        pens = self._line_of(order, self.pens)
        self.assertEqual(pens.discount, 5, "60 + 10 paper + 50 pens reach the mix")
        self.assertEqual(len(self._line_of(order, self.paper)), 2)
        self.assertEqual(
            order.order_line.mapped("product_id"), self.paper | self.pens, "in order"
        )
        self.assertEqual(order.order_line[-1].product_uom_qty, 10, "added at the end")
        (note,) = wizard.result_ids
        self.assertEqual((note.row, note.status), (2, "add"))
        self.assertIn("already on the order", note.message)

    def test_duplicates_summed_and_said(self):
        order = self._quotation()
        wizard = self._quick_entry(
            order, "T-PENS 10\nT-PAPER 5\nt-pens 15\n2000000000028 5"
        )
        self.assertEqual(self._ordered(order), [(self.pens, 30), (self.paper, 5)])
        self.assertEqual(
            self._results(wizard),
            [
                (1, "T-PENS 10", "add"),
                (3, "t-pens 15", "merged"),
                (4, "2000000000028 5", "merged"),
            ],
        )
        first, merged = wizard.result_ids[0], wizard.result_ids[1]
        self.assertIn(
            "Rows 1, 3, 4 hold the same product: one line of 30", first.message
        )
        self.assertIn("Same product as row 1", merged.message)

    def test_rejected_rows_come_back_to_fix_and_resend(self):
        order = self._quotation()
        wizard = self._quick_entry(order, "T-PAPER 5\nT-PENZ 10\nT-CHAIR two")
        self.assertEqual(self._ordered(order), [(self.paper, 5)])
        self.assertEqual(wizard.input_text, "T-PENZ 10\nT-CHAIR two")
        # The rep fixes the rows in the same wizard and adds them again.
        with Form(wizard) as entry:
            entry.input_text = wizard.input_text.replace("PENZ", "PENS").replace(
                "two", "2"
            )
        wizard.action_add_lines()
        self.assertEqual(
            self._ordered(order), [(self.paper, 5), (self.pens, 10), (self.chairs, 2)]
        )
        self.assertFalse(wizard.input_text)
        self.assertFalse(wizard.result_ids)

    def test_quantity_rule_flagged_at_entry(self):
        self._create_quantity_rule(self.chairs, min_qty=10, qty_multiple=5)
        order = self._quotation()
        wizard = self._quick_entry(order, "T-CHAIR 7\nT-PENS 4")
        self.assertEqual(
            self._ordered(order),
            [(self.chairs, 7), (self.pens, 4)],
            "added as typed, for the rep to decide",
        )
        (flagged,) = wizard.result_ids
        self.assertEqual((flagged.row, flagged.status), (1, "add"))
        self.assertIn("Suggested quantity: 10 Units", flagged.message)
        chairs = self._line_of(order, self.chairs)
        self.assertEqual(chairs.b2b_suggested_qty, 10)
        self.assertEqual(order.b2b_quantity_issue_count, 1)

    def test_only_quotations(self):
        order = self._create_order([(self.pens, 1)])
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "only be added to quotations"):
            self._quick_entry(order, "T-PAPER 1")

    def test_salesperson_uses_the_wizard(self):
        order = self._quotation(user=self.salesman)
        wizard = self._quick_entry(
            order.with_user(self.salesman), "T-PAPER 60\nT-OTHER 1", user=self.salesman
        )
        self.assertEqual(self._ordered(order), [(self.paper, 60)])
        self.assertEqual(wizard.result_ids.status, "rejected")
        self.assertEqual(self._line_of(order, self.paper).discount, 10)

    def test_opened_from_the_quotation(self):
        order = self._quotation()
        action = order.action_b2b_open_quick_entry()
        self.assertEqual(action["res_model"], "sale.quick.order.entry")
        self.assertEqual(action["context"], {"default_order_id": order.id})

    # --- model API (the portal's quick order pad) ------------------------------------

    def test_check_changes_nothing_then_add_in_one_call(self):
        order = self._quotation()
        rows = parser.parse_text("T-PAPER 60\nT-NOPE 1\nT-PENS 50")
        check = order._b2b_quick_order_check(rows)
        self.assertFalse(order.order_line, "checking adds nothing")
        self.assertEqual([row.status for row in check.rows], ["add", "rejected", "add"])
        self.assertEqual(
            [(line.product, line.quantity, line.rows) for line in check.lines],
            [(self.paper, 60, [1]), (self.pens, 50, [3])],
        )
        new_lines = order._b2b_quick_order_add(check.lines)
        self.assertEqual(new_lines, order.order_line)
        self.assertEqual(new_lines.mapped("discount"), [10, 5])

    def test_product_lookup_is_one_query_whatever_the_number_of_skus(self):
        products = self.env["product.product"].create(
            [
                {"name": f"B2B Bulk {index}", "default_code": f"T-BULK-{index:02d}"}
                for index in range(40)
            ]
        )
        skus = products.mapped("default_code")
        order = self._quotation()

        def queries(function):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            function()
            return self.env.cr.sql_log_count - before

        find = self.env["product.product"]._b2b_find_by_sku
        self.assertEqual(queries(lambda: find(skus[:2])), 1)
        self.assertEqual(queries(lambda: find(skus)), 1)
        self.assertEqual(find(skus)["T-BULK-07"], products[7])
        few = parser.parse_text("\n".join(f"{sku} 1" for sku in skus[:3]))
        many = parser.parse_text("\n".join(f"{sku} 1" for sku in skus))
        self.assertEqual(
            queries(lambda: order._b2b_quick_order_check(few)),
            queries(lambda: order._b2b_quick_order_check(many)),
            "checking 40 rows costs the queries of checking 3",
        )

    def test_combo_and_blocked_products_refused(self):
        combo = self.env["product.product"].create(
            {
                "name": "B2B Starter Kit",
                "type": "combo",
                "default_code": "T-KIT",
                "combo_ids": [
                    Command.create(
                        {
                            "name": "Kit paper",
                            "combo_item_ids": [
                                Command.create({"product_id": self.paper.id})
                            ],
                        }
                    )
                ],
            }
        )
        self.chairs.write(
            {"sale_line_warn": "block", "sale_line_warn_msg": "Recalled."}
        )
        check = self._quotation()._b2b_quick_order_check(
            parser.parse_text("T-KIT 1\nT-CHAIR 1")
        )
        self.assertEqual([row.status for row in check.rows], ["rejected"] * 2)
        self.assertIn("is a combo", check.rows[0].message)
        self.assertEqual(check.rows[0].product, combo)
        self.assertIn("blocked for sale: Recalled.", check.rows[1].message)


@tagged("post_install", "-at_install")
class TestQuickOrderTour(HttpCase):
    def test_quick_entry_in_the_browser(self):
        order = self.env.ref("b2b_order_mgmt.sale_order_contoso_demo")
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "b2b_order_mgmt_quick_entry",
            login="admin",
        )
        self.assertEqual(
            order.order_line.mapped("product_id.default_code"),
            ["B2B-PAPER-A4", "B2B-ARCHIVE-10", "B2B-PEN-50", "B2B-STAPLER"],
        )
