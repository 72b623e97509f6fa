# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Unit tests of the pure-Python reader of fast order entry (no ORM)."""

import csv
import io
import zipfile

import openpyxl

from odoo.tests import BaseCase, tagged

from odoo.addons.b2b_order_mgmt.order_entry import parser


def rows_of(rows):
    """(row, sku, quantity, error) of each row, header rows marked "header"."""
    return [
        (row.row, row.sku, row.quantity, "header" if row.header else row.error)
        for row in rows
    ]


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestParseText(BaseCase):
    def test_every_separator(self):
        text = "A-1\t5\nA-2,6\nA-3;7\nA-4 8\nA-5    9\nA-6, 10\nA-7 ;11"
        self.assertEqual(
            rows_of(parser.parse_text(text)),
            [
                (1, "A-1", 5.0, None),
                (2, "A-2", 6.0, None),
                (3, "A-3", 7.0, None),
                (4, "A-4", 8.0, None),
                (5, "A-5", 9.0, None),
                (6, "A-6", 10.0, None),
                (7, "A-7", 11.0, None),
            ],
        )

    def test_decimal_point_and_comma(self):
        text = "A 2.5\nB;2,5\nC\t0,75\nD,2,5\nE 2,5\nF 1.000,5\nG 1,000.5"
        self.assertEqual(
            [row.quantity for row in parser.parse_text(text)],
            [2.5, 2.5, 0.75, 2.5, 2.5, 1000.5, 1000.5],
        )

    def test_thousands_lookalike_is_ambiguous(self):
        rows = parser.parse_text("A 1,000\nB 1.000\nC 0,500\nD 1234,5")
        self.assertEqual(
            [row.error for row in rows],
            [parser.ERROR_AMBIGUOUS_QUANTITY] * 2 + [None, None],
        )
        self.assertEqual([row.quantity for row in rows[2:]], [0.5, 1234.5])

    def test_sku_with_spaces_takes_all_but_the_last_word(self):
        (row,) = parser.parse_text("FURN 001 4")
        self.assertEqual((row.sku, row.quantity), ("FURN 001", 4.0))
        (row,) = parser.parse_text("FURN 001;4")
        self.assertEqual((row.sku, row.quantity), ("FURN 001", 4.0))

    def test_empty_rows_skipped_and_counted(self):
        text = "\n   \nA 1\n\n\t\nB 2\n;;\n"
        self.assertEqual(
            rows_of(parser.parse_text(text)),
            [(3, "A", 1.0, None), (6, "B", 2.0, None)],
        )
        self.assertEqual(parser.parse_text(""), [])
        self.assertEqual(parser.parse_text(None), [])

    def test_header_row_skipped_and_said(self):
        rows = parser.parse_text("SKU;Quantity\nA;1")
        self.assertEqual(
            rows_of(rows), [(1, "SKU", None, "header"), (2, "A", 1.0, None)]
        )
        self.assertFalse(rows[0].is_line)
        self.assertTrue(rows[1].is_line)
        self.assertTrue(parser.parse_text("Reference Qty\nA 1")[0].header)

    def test_only_the_first_row_can_be_a_header(self):
        rows = parser.parse_text("A 1\nSKU Quantity")
        self.assertEqual(rows[1].error, parser.ERROR_NOT_A_NUMBER)
        self.assertFalse(rows[1].header)

    def test_first_row_with_a_digit_is_no_header(self):
        (row,) = parser.parse_text("A-1 five")
        self.assertFalse(row.header)
        self.assertEqual(row.error, parser.ERROR_NOT_A_NUMBER)

    def test_bad_rows_keep_what_was_typed(self):
        text = "A 1\nB abc\nC 0\nD -2\nE\n\t7\nF;1;box\nG 1e3\nH nan\nI 0,0"
        self.assertEqual(
            rows_of(parser.parse_text(text))[1:],
            [
                (2, "B", None, parser.ERROR_NOT_A_NUMBER),
                (3, "C", 0.0, parser.ERROR_ZERO_QUANTITY),
                (4, "D", -2.0, parser.ERROR_NEGATIVE_QUANTITY),
                (5, "E", None, parser.ERROR_MISSING_QUANTITY),
                (6, "", None, parser.ERROR_MISSING_SKU),
                (7, "F", None, parser.ERROR_EXTRA_COLUMNS),
                (8, "G", None, parser.ERROR_NOT_A_NUMBER),
                (9, "H", None, parser.ERROR_NOT_A_NUMBER),
                (10, "I", 0.0, parser.ERROR_ZERO_QUANTITY),
            ],
        )
        texts = [row.text for row in parser.parse_text(text)]
        self.assertEqual(texts, [line for line in text.splitlines()])

    def test_typed_text_reads_back_the_same(self):
        rows = parser.parse_text("  A 1  \n\tB;2")
        self.assertEqual([row.text for row in rows], ["A 1", "\tB;2"])
        again = parser.parse_text("\n".join(row.text for row in rows))
        self.assertEqual(rows_of(again), rows_of(rows))


@tagged("post_install", "-at_install")
class TestParseQuantity(BaseCase):
    def test_numbers_from_spreadsheets(self):
        self.assertEqual(parser.parse_quantity(3), (3.0, None))
        self.assertEqual(parser.parse_quantity(1.125), (1.125, None))
        self.assertEqual(parser.parse_quantity(0), (0.0, parser.ERROR_ZERO_QUANTITY))
        self.assertEqual(parser.parse_quantity(True), (None, parser.ERROR_NOT_A_NUMBER))
        self.assertEqual(
            parser.parse_quantity(float("inf")), (None, parser.ERROR_NOT_A_NUMBER)
        )

    def test_signs(self):
        self.assertEqual(parser.parse_quantity("+4"), (4.0, None))
        self.assertEqual(
            parser.parse_quantity("-0"), (-0.0, parser.ERROR_ZERO_QUANTITY)
        )
        self.assertEqual(
            parser.parse_quantity("-1,5"), (-1.5, parser.ERROR_NEGATIVE_QUANTITY)
        )


@tagged("post_install", "-at_install")
class TestParseFile(BaseCase):
    def test_csv_with_header_and_every_delimiter(self):
        for delimiter in (",", ";", "\t"):
            content = csv_bytes(
                [["SKU", "Quantity"], ["A-1", "5"], [], ["A-2", "2,5"]], delimiter
            )
            self.assertEqual(
                rows_of(parser.parse_file(content, "order.csv")),
                [
                    (1, "SKU", None, "header"),
                    (2, "A-1", 5.0, None),
                    (4, "A-2", 2.5, None),
                ],
                f"delimiter {delimiter!r}",
            )

    def test_csv_quoted_decimal_comma_and_windows_encoding(self):
        content = csv_bytes([["CAFÉ-1", "2,5"]], ",", encoding="cp1252")
        (row,) = parser.parse_file(content, "order.csv")
        self.assertEqual((row.sku, row.quantity), ("CAFÉ-1", 2.5))
        self.assertEqual(row.text, "CAFÉ-1\t2,5")

    def test_csv_with_utf8_bom(self):
        content = "\ufeffA-1;3\r\nA-2;4\r\n".encode()
        self.assertEqual(
            rows_of(parser.parse_file(content, "order.CSV")),
            [(1, "A-1", 3.0, None), (2, "A-2", 4.0, None)],
        )

    def test_xlsx_with_numbers_and_header(self):
        content = xlsx_bytes(
            [
                ["SKU", "Qty"],
                ["A-1", 5],
                [None, None],
                [4006381000017, 1.125],
                ["A-3", "2,5"],
                ["A-4", "x"],
                ["A-5", -1],
            ]
        )
        self.assertEqual(
            rows_of(parser.parse_file(content, "order.xlsx")),
            [
                (1, "SKU", None, "header"),
                (2, "A-1", 5.0, None),
                (4, "4006381000017", 1.125, None),
                (5, "A-3", 2.5, None),
                (6, "A-4", None, parser.ERROR_NOT_A_NUMBER),
                (7, "A-5", -1.0, parser.ERROR_NEGATIVE_QUANTITY),
            ],
        )

    def test_format_from_content_without_file_name(self):
        content = xlsx_bytes([["A-1", 2]])
        self.assertEqual(rows_of(parser.parse_file(content)), [(1, "A-1", 2.0, None)])
        self.assertEqual(
            rows_of(parser.parse_file(b"A-1;2\n")), [(1, "A-1", 2.0, None)]
        )

    def test_unsupported_and_damaged_files(self):
        for content, name, code in (
            (b"\xd0\xcf\x11\xe0 old excel", "order.xls", parser.FILE_UNSUPPORTED),
            (b"%PDF-1.4", "order.pdf", parser.FILE_UNSUPPORTED),
            (b"\x00\x01binary", "", parser.FILE_UNSUPPORTED),
            (b"PK\x03\x04 not a workbook", "order.xlsx", parser.FILE_UNREADABLE),
        ):
            with self.assertRaises(parser.FileFormatError) as caught:
                parser.parse_file(content, name)
            self.assertEqual(caught.exception.code, code, name)


@tagged("post_install", "-at_install")
class TestParseBounds(BaseCase):
    """Bounded work: no row is read past the limit, a workbook too large
    unzipped is refused unread; control characters refuse the input."""

    def assertRefused(self, code, parse, *args, **kwargs):
        with self.assertRaises(parser.FileFormatError) as caught:
            parse(*args, **kwargs)
        self.assertEqual(caught.exception.code, code)

    def test_rows_past_the_limit_are_refused(self):
        text = "\n".join(f"A-{n} 1" for n in range(5))
        self.assertEqual(len(parser.parse_text(text, max_rows=5)), 5)
        self.assertRefused(parser.FILE_TOO_LARGE, parser.parse_text, text, max_rows=4)
        content = csv_bytes([[f"A-{n}", 1] for n in range(5)])
        self.assertRefused(
            parser.FILE_TOO_LARGE, parser.parse_file, content, "o.csv", max_rows=4
        )
        content = xlsx_bytes([[f"A-{n}", 1] for n in range(5)])
        self.assertRefused(
            parser.FILE_TOO_LARGE, parser.parse_file, content, "o.xlsx", max_rows=4
        )

    def test_a_workbook_of_empty_rows_is_not_read_to_its_end(self):
        book = openpyxl.Workbook()
        book.active.append(["A-1", 1])
        book.active.cell(row=200, column=1, value=" ")
        buffer = io.BytesIO()
        book.save(buffer)
        self.assertRefused(
            parser.FILE_TOO_LARGE,
            parser.parse_file,
            buffer.getvalue(),
            "o.xlsx",
            max_rows=10,
        )

    def test_a_workbook_too_large_unzipped_is_refused_unread(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "xl/worksheets/sheet1.xml", b" " * (parser.XLSX_MAX_UNZIPPED_BYTES + 1)
            )
        self.assertLess(len(buffer.getvalue()), 200_000, "a small file")
        self.assertRefused(
            parser.FILE_TOO_LARGE, parser.parse_file, buffer.getvalue(), "o.xlsx"
        )

    def test_only_the_first_cells_of_a_row_are_read(self):
        content = xlsx_bytes([["A-1", 2, *([None] * 20), "far away"]])
        self.assertEqual(
            rows_of(parser.parse_file(content, "o.xlsx")), [(1, "A-1", 2.0, None)]
        )

    def test_control_characters_refuse_the_input(self):
        self.assertRefused(
            parser.FILE_CONTROL_CHARACTERS, parser.parse_text, "A-1\x00 2"
        )
        self.assertRefused(
            parser.FILE_CONTROL_CHARACTERS,
            parser.parse_file,
            b"A-1;2\nA-\x1b2;3\n",
            "o.csv",
        )
        self.assertEqual(parser.remove_control_characters("A-1\x00 2\t"), "A-1 2\t")

    def test_utf16_files_with_their_bom_are_read(self):
        for encoding in ("utf-16-le", "utf-16-be"):
            bom = "\ufeff".encode(encoding)
            content = bom + "SKU;Qty\r\nCAFÉ-1;3\r\n".encode(encoding)
            for name in ("order.csv", ""):
                self.assertEqual(
                    rows_of(parser.parse_file(content, name)),
                    [(1, "SKU", None, "header"), (2, "CAFÉ-1", 3.0, None)],
                    f"{encoding} {name!r}",
                )
