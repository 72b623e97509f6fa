# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reading order lines typed, pasted or uploaded as "SKU quantity".

One order line per row: the SKU (a product's Internal Reference or barcode),
then the quantity. In text, the two are separated by a tab, a semicolon, a
comma or spaces, chosen row by row:

- a tab, else a semicolon, splits the row into cells (spreadsheets paste tabs);
- else, with spaces, the quantity is the last word and the SKU all before it
  (``FURN 001 5``); a comma then belongs to the quantity (``ABC 2,5`` is 2.5);
- else the first comma separates them (``ABC,2,5`` is 2.5 too).

Quantities take a decimal point or a decimal comma. ``1,000`` or ``1.000`` could
be one or one thousand: it is refused as ambiguous rather than guessed; with
both signs (``1,000.5``, ``1.000,5``) the last one is the decimal one.

CSV and XLSX files hold the same two columns. A first row that holds no digit
and no quantity is a header: it is skipped, and said so.

Nothing is dropped silently: every non-empty row comes back as a
:class:`ParsedRow`, with an error code when it cannot be an order line, so that
the caller lists it with its row number and what was typed. Errors are codes,
not sentences: the ORM side words and translates them. No Odoo import here.
"""

import codecs
import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, replace

# Why a row cannot be an order line.
ERROR_MISSING_SKU = "missing_sku"
ERROR_MISSING_QUANTITY = "missing_quantity"
ERROR_EXTRA_COLUMNS = "extra_columns"
ERROR_NOT_A_NUMBER = "not_a_number"
ERROR_AMBIGUOUS_QUANTITY = "ambiguous_quantity"
ERROR_ZERO_QUANTITY = "zero_quantity"
ERROR_NEGATIVE_QUANTITY = "negative_quantity"

# Why a file cannot be read.
FILE_UNSUPPORTED = "unsupported"
FILE_UNREADABLE = "unreadable"
FILE_TOO_LARGE = "too_large"
FILE_CONTROL_CHARACTERS = "control_characters"

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Tried in this order: the first one found in a row splits it into cells.
CELL_SEPARATORS = ("\t", ";")
# Left hanging when a row is split on spaces: "ABC, 5", "ABC ;5".
EDGE_SEPARATORS = ",;"

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_GROUPED_NUMBER = re.compile(
    r"[+-]?\d{1,3}(?:(?P<group>[.,])\d{3})+(?:(?!(?P=group))[.,]\d+)?"
)
# One sign followed by exactly three digits, after a non-zero integer part.
_THOUSANDS_LOOKALIKE = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_DIGIT = re.compile(r"\d")
# Where str.splitlines() cuts lines.
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# No SKU nor quantity holds them (NUL, escape...); tabs and line ends do not count.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A workbook is a zip: a small file can hold millions of cells. Its content is
# refused past this size (2,000 rows take well under 1 MB; openpyxl scans a
# whole sheet to size it, about 0.1 s per MB), and only the first cells of a
# row are read (SKU, quantity, and a few more to refuse as extra columns).
XLSX_MAX_UNZIPPED_BYTES = 8 * 1024 * 1024
XLSX_MAX_COLUMNS = 10
# Empty rows a workbook may hold per row read, before it is refused as too large.
XLSX_EMPTY_ROWS_PER_ROW = 10


class FileFormatError(ValueError):
    """The file cannot be read; ``code`` is a FILE_* code."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParsedRow:
    """One non-empty row of the input.

    :param row: its number in the input, from 1; empty rows count, so that it
        is the line or row number the user sees
    :param text: what was typed, to show and to give back for correction
    :param sku: the SKU as typed, without surrounding spaces ("" when missing)
    :param quantity: the quantity read, None when it could not be read
    :param error: why the row cannot be an order line (an ERROR_* code)
    :param header: the row was taken for a header row and skipped
    """

    row: int
    text: str
    sku: str
    quantity: float | None = None
    error: str | None = None
    header: bool = False

    @property
    def is_line(self):
        """Whether the row can become an order line (its product still to find)."""
        return not self.error and not self.header


# --- Text --------------------------------------------------------------------


def parse_text(text, max_rows=None):
    """Rows typed or pasted, one order line per row.

    :param max_rows: more non-empty rows are refused (FILE_TOO_LARGE), read
        no further
    :return: [ParsedRow] for every non-empty row, in input order
    :raise FileFormatError: too many rows, or control characters
    """
    _check_characters(text or "")
    rows = []
    for number, line in enumerate(_lines(text or ""), start=1):
        cells = split_line(line)
        if cells:
            _check_row_count(rows, max_rows)
            # Leading tabs stay: they are empty cells (a missing SKU).
            rows.append(parse_cells(number, cells, text=line.rstrip().lstrip(" ")))
    return _mark_header(rows)


def split_line(line):
    """The cells of one typed row (see the module's docstring); [] when empty."""
    stripped = line.strip()
    if not stripped:
        return []
    for separator in CELL_SEPARATORS:
        if separator in line:
            return _trim_cells(line.split(separator))
    if any(char.isspace() for char in stripped):
        head, tail = stripped.rsplit(maxsplit=1)
        return _trim_cells([head.rstrip(EDGE_SEPARATORS), tail.lstrip(EDGE_SEPARATORS)])
    if "," in stripped:
        return _trim_cells(stripped.split(",", 1))
    return [stripped]


def parse_cells(row, cells, text=None):
    """One row from its cells: the SKU, the quantity, nothing more.

    :param cells: strings, or numbers as a spreadsheet gives them
    :param text: what was typed; by default the cells joined by tabs, which
        :func:`parse_text` reads back the same
    """
    cells = _trim_cells(cells)
    if text is None:
        text = "\t".join(_cell_text(cell) for cell in cells)
    sku = _cell_text(cells[0]) if cells else ""
    if not sku:
        return ParsedRow(row, text, sku, error=ERROR_MISSING_SKU)
    if len(cells) < 2 or cells[1] == "":
        return ParsedRow(row, text, sku, error=ERROR_MISSING_QUANTITY)
    if len(cells) > 2:
        return ParsedRow(row, text, sku, error=ERROR_EXTRA_COLUMNS)
    quantity, error = parse_quantity(cells[1])
    return ParsedRow(row, text, sku, quantity=quantity, error=error)


def parse_quantity(value):
    """A quantity typed (string) or read from a spreadsheet (number).

    :return: (quantity or None, ERROR_* code or None); a zero or negative
        quantity is read, with its error
    """
    if isinstance(value, bool):
        return None, ERROR_NOT_A_NUMBER
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None, ERROR_NOT_A_NUMBER
        quantity = float(value)
    else:
        text = str(value).strip()
        if _THOUSANDS_LOOKALIKE.fullmatch(text):
            return None, ERROR_AMBIGUOUS_QUANTITY
        if _NUMBER.fullmatch(text):
            quantity = float(text.replace(",", "."))
        elif match := _GROUPED_NUMBER.fullmatch(text):
            quantity = float(text.replace(match["group"], "").replace(",", "."))
        else:
            return None, ERROR_NOT_A_NUMBER
    if quantity < 0:
        return quantity, ERROR_NEGATIVE_QUANTITY
    if quantity == 0:
        return quantity, ERROR_ZERO_QUANTITY
    return quantity, None


# --- Files -------------------------------------------------------------------


def parse_file(content, file_name="", max_rows=None):
    """Rows of an uploaded CSV (or text) or XLSX file: SKU, then quantity.

    :param content: the file's bytes (not base64)
    :param file_name: tells the format; the content does when it is missing
    :param max_rows: more non-empty rows are refused, read no further
    :raise FileFormatError: the file is not CSV, text or XLSX, is damaged,
        too large or holds control characters
    """
    kind = file_kind(content, file_name)
    if kind == "xlsx":
        return parse_xlsx(content, max_rows=max_rows)
    if kind == "text":
        return parse_csv(decode_text(content), max_rows=max_rows)
    raise FileFormatError(FILE_UNSUPPORTED)


def file_kind(content, file_name=""):
    """ "xlsx", "text" or None (not supported), from the name, else the content."""
    name = (file_name or "").lower()
    if name.endswith(XLSX_EXTENSIONS):
        return "xlsx"
    if name.endswith(TEXT_EXTENSIONS):
        return "text"
    if "." in name.rsplit("/", 1)[-1]:
        return None
    if content.startswith(ZIP_MAGIC):
        return "xlsx"
    if content.startswith(UTF16_BOMS):
        return "text"
    return None if b"\x00" in content else "text"


def decode_text(content):
    """UTF-16 with its BOM (Excel's "Unicode text"), UTF-8 with or without
    BOM, else Windows' Western encoding, as Excel saves CSV files; Latin-1
    reads anything that is left."""
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileFormatError(FILE_UNREADABLE) from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def parse_csv(text, max_rows=None):
    """Rows of a CSV file. Its delimiter is the first of tab, semicolon and
    comma found in its first row; without any, it is read as typed text."""
    first_row = next((line for line in _lines(text) if line.strip()), "")
    delimiter = next((sep for sep in ("\t", ";", ",") if sep in first_row), None)
    if delimiter is None:
        return parse_text(text, max_rows=max_rows)
    _check_characters(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        if _trim_cells(cells):
            _check_row_count(rows, max_rows)
            rows.append(parse_cells(reader.line_num, cells))
    return _mark_header(rows)


def parse_xlsx(content, max_rows=None):
    """Rows of the first sheet of an XLSX workbook (values, not formulas)."""
    # Imported here: only uploads need it, and it is slow to import.
    import openpyxl

    _check_unzipped_size(content)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises anything from zip to XML errors
        raise FileFormatError(FILE_UNREADABLE) from exc
    try:
        rows = []
        sheet_rows = book.worksheets[0].iter_rows(
            max_col=XLSX_MAX_COLUMNS, values_only=True
        )
        for number, values in enumerate(sheet_rows, start=1):
            if max_rows is not None and number > max_rows * XLSX_EMPTY_ROWS_PER_ROW:
                raise FileFormatError(FILE_TOO_LARGE)
            if _trim_cells(values):
                _check_row_count(rows, max_rows)
                for value in values:
                    if isinstance(value, str):
                        _check_characters(value)
                rows.append(parse_cells(number, values))
    finally:
        book.close()
    return _mark_header(rows)


def _check_unzipped_size(content):
    """Refuse a workbook whose content, unzipped, is too large to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileFormatError(FILE_UNREADABLE) from exc
    if size > XLSX_MAX_UNZIPPED_BYTES:
        raise FileFormatError(FILE_TOO_LARGE)


# --- Helpers -------------------------------------------------------------------


def _check_row_count(rows, max_rows):
    """Refuse one more row once ``max_rows`` are read: nothing past it is."""
    if max_rows is not None and len(rows) >= max_rows:
        raise FileFormatError(FILE_TOO_LARGE)


def _lines(text):
    """The lines of ``text`` as str.splitlines() cuts them, one at a time: a
    large input is not copied whole, only the lines read."""
    start = 0
    for match in _LINE_END.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def remove_control_characters(text):
    """The text without the characters that refuse it (see parse_text)."""
    return _CONTROL_CHARACTERS.sub("", text)


def has_control_characters(text):
    return bool(_CONTROL_CHARACTERS.search(text))


def _check_characters(text):
    if has_control_characters(text):
        raise FileFormatError(FILE_CONTROL_CHARACTERS)


def _cell_text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        # Spreadsheets store codes and barcodes typed as numbers as floats.
        return str(int(cell))
    if isinstance(cell, str):
        return cell.strip()
    return str(cell)


def _trim_cells(cells):
    """Cells without surrounding spaces and without trailing empty cells;
    numbers stay numbers."""
    cells = [cell.strip() if isinstance(cell, str) else cell for cell in cells]
    cells = ["" if cell is None else cell for cell in cells]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _mark_header(rows):
    """The first row is a header when it holds no digit and no quantity (e.g.
    "SKU;Quantity"): it is kept, marked, so that the caller can say it skipped it."""
    if rows:
        first = rows[0]
        if first.error in (
            ERROR_MISSING_QUANTITY,
            ERROR_NOT_A_NUMBER,
        ) and not _DIGIT.search(first.text):
            rows[0] = replace(first, error=None, header=True)
    return rows
