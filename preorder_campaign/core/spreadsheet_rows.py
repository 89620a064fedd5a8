"""Rows of a spreadsheet a buyer imports or pastes: reference (or barcode), quantity.

Input: the bytes of a file and its name (CSV separated by ``,`` or ``;``, UTF-8 with
or without BOM, or XLSX), or the text of a paste (TAB separated, as a spreadsheet
copies cells). Output: a list of ``Row`` (line number in the file, reference,
quantity as found), or a ``SpreadsheetError`` whose ``problem`` is a code the Odoo
side translates. Nothing here knows products: the session resolves references.

Columns: the first two, unless a header row names them. A header row holds a
reference label (or a barcode label) and a quantity label (see ``REFERENCE_LABELS``,
``BARCODE_LABELS``, ``QUANTITY_LABELS``; callers add their translated labels): it is
skipped with every row above it (the header block of an exported order form), and
its columns are read. With a reference and a barcode column, a row's reference is
the reference, else the barcode. Without a recognised header, a first row whose
quantity cell holds no digit at all is a header too. Empty rows, and rows whose
quantity cell is empty (the products of an order form left blank), are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass

MAX_FILE_SIZE = 2 * 1024 * 1024  # bytes
MAX_ROWS = 5000  # data rows of one file or paste
MAX_COLUMNS = 30  # cells read per row
MAX_CELL = 200  # characters kept of a cell
MAX_SCANNED_ROWS = MAX_ROWS + 1000  # rows read in all, empty ones included
HEADER_SEARCH_ROWS = 30  # a header row is looked for in the first rows only

FILE_TOO_LARGE = "file_too_large"
TOO_MANY_ROWS = "too_many_rows"
UNKNOWN_FORMAT = "unknown_format"
NOT_UTF8 = "not_utf8"
UNREADABLE = "unreadable"
EMPTY = "empty"

BROKEN_FILE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    OSError,
    SyntaxError,
)

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")

REFERENCE_LABELS = frozenset(
    {
        "reference",
        "internal reference",
        "ref",
        "ref.",
        "code",
        "product code",
        "sku",
        "article",
        "artikel",
        "référence",
        "referentie",
        "interne referentie",
        "artikelnummer",
    }
)
BARCODE_LABELS = frozenset({"barcode", "ean", "gtin", "code-barres", "code barre", "streepjescode"})
QUANTITY_LABELS = frozenset(
    {"quantity", "qty", "qty.", "quantité", "qté", "aantal", "hoeveelheid", "menge"}
)

__all__ = [
    "EMPTY",
    "FILE_TOO_LARGE",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "NOT_UTF8",
    "TOO_MANY_ROWS",
    "UNKNOWN_FORMAT",
    "UNREADABLE",
    "Row",
    "SpreadsheetError",
    "read_file",
    "read_text",
]


@dataclass(frozen=True)
class Row:
    """One data row: ``line`` (1-based, as the spreadsheet numbers it), ``reference``
    (trimmed text) and ``quantity`` (trimmed text, or the number of an XLSX cell)."""

    line: int
    reference: str
    quantity: str | int | float


class SpreadsheetError(ValueError):
    """The file or text cannot be read; ``problem`` is one of the codes above."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_file(
    data: bytes,
    filename: str,
    *,
    reference_labels=(),
    barcode_labels=(),
    quantity_labels=(),
) -> list[Row]:
    """The rows of an uploaded file (see the module docstring)."""
    if not isinstance(data, bytes | bytearray):
        raise SpreadsheetError(UNREADABLE)
    if len(data) > MAX_FILE_SIZE:
        raise SpreadsheetError(FILE_TOO_LARGE)
    if not data:
        raise SpreadsheetError(EMPTY)
    name = (filename or "").lower().strip()
    is_zip = data[:4] == b"PK\x03\x04"
    if is_zip or name.endswith(XLSX_EXTENSIONS):
        if not is_zip:
            raise SpreadsheetError(UNREADABLE)
        cells = _xlsx_cells(bytes(data))
    elif name.endswith(TEXT_EXTENSIONS) or not name.rpartition(".")[1]:
        cells = _text_cells(_decode(data), delimiters=(";", ","))
    else:
        raise SpreadsheetError(UNKNOWN_FORMAT)
    labels = _labels(reference_labels, barcode_labels, quantity_labels)
    return _rows(cells, labels)


def read_text(
    text: str, *, reference_labels=(), barcode_labels=(), quantity_labels=()
) -> list[Row]:
    """The rows of pasted text: TAB separated (a spreadsheet's copy), else ``;`` or ``,``."""
    if not isinstance(text, str):
        raise SpreadsheetError(UNREADABLE)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_SIZE:
        raise SpreadsheetError(FILE_TOO_LARGE)
    labels = _labels(reference_labels, barcode_labels, quantity_labels)
    return _rows(_text_cells(text.lstrip("\ufeff"), delimiters=("\t", ";", ",")), labels)


# ----------------------------------------------------------------------
# Reading cells
# ----------------------------------------------------------------------
def _decode(data: bytes) -> str:
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(NOT_UTF8) from None


def _text_cells(text: str, delimiters: tuple[str, ...]):
    if "\x00" in text:
        raise SpreadsheetError(UNREADABLE)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    # The first delimiter the first non-empty line holds, else the first of all.
    delimiter = next((d for d in delimiters if d in first), delimiters[0])
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for count, cells in enumerate(reader, start=1):
            if count > MAX_SCANNED_ROWS:
                raise SpreadsheetError(TOO_MANY_ROWS)
            yield cells[:MAX_COLUMNS]
    except csv.Error:
        raise SpreadsheetError(UNREADABLE) from None


def _xlsx_cells(data: bytes):
    # Imported here: the text formats do not need openpyxl.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # What a broken or foreign zip raises (XML errors are SyntaxErrors, lxml's too).
    broken = (*BROKEN_FILE_ERRORS, InvalidFileException)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except broken:
        raise SpreadsheetError(UNREADABLE) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise SpreadsheetError(EMPTY)
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for count, cells in enumerate(rows, start=1):
            if count > MAX_SCANNED_ROWS:
                raise SpreadsheetError(TOO_MANY_ROWS)
            yield cells
    except SpreadsheetError:  # a ValueError too: keep its code
        raise
    except broken:
        raise SpreadsheetError(UNREADABLE) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A reference cell as text: a barcode typed as a number keeps its digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def _cell_quantity(value):
    """A quantity cell: numbers as they are, text trimmed (the parser judges it)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value).strip()[:MAX_CELL]


# ----------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------
def _normalize_label(value) -> str:
    return " ".join(str(value).strip().lower().rstrip(":").split()) if value is not None else ""


def _labels(reference_labels, barcode_labels, quantity_labels):
    def merged(defaults, extra):
        return defaults | {_normalize_label(label) for label in extra if label}

    return (
        merged(REFERENCE_LABELS, reference_labels),
        merged(BARCODE_LABELS, barcode_labels),
        merged(QUANTITY_LABELS, quantity_labels),
    )


def _header_columns(cells, labels):
    """``(reference columns, quantity column)`` when `cells` is a header row, else None."""
    reference_labels, barcode_labels, quantity_labels = labels
    names = [_normalize_label(cell) for cell in cells]
    quantity = next((i for i, name in enumerate(names) if name in quantity_labels), None)
    references = [i for i, name in enumerate(names) if name in reference_labels]
    barcodes = [i for i, name in enumerate(names) if name in barcode_labels]
    if quantity is None or not (references or barcodes):
        return None
    return references[:1] + barcodes[:1], quantity


def _rows(cells_iter, labels) -> list[Row]:
    buffered = []  # rows read while a header may still come
    columns = None
    for line, cells in enumerate(cells_iter, start=1):
        cells = list(cells)
        if columns is None and line <= HEADER_SEARCH_ROWS:
            found = _header_columns(cells, labels)
            if found:
                columns = found
                buffered = []  # the rows above the header are its title block
                continue
            buffered.append((line, cells))
            continue
        if columns is None:
            columns = ([0], 1)
        buffered.append((line, cells))
    if columns is None:
        columns = ([0], 1)
        buffered = _skip_unnamed_header(buffered)
    rows = []
    reference_columns, quantity_column = columns
    for line, cells in buffered:
        row = _row(line, cells, reference_columns, quantity_column)
        if row is None:
            continue
        if len(rows) >= MAX_ROWS:
            raise SpreadsheetError(TOO_MANY_ROWS)
        rows.append(row)
    if not rows:
        raise SpreadsheetError(EMPTY)
    return rows


def _skip_unnamed_header(buffered):
    """Without a recognised header, the first non-empty row is still one when its
    quantity cell is text without any digit ("Pieces"): no quantity looks like that."""
    for index, (_line, cells) in enumerate(buffered):
        if not any(_cell_text(cell) for cell in cells):
            continue
        quantity = cells[1] if len(cells) > 1 else None
        if (
            isinstance(quantity, str)
            and quantity.strip()
            and not any(char.isdigit() for char in quantity)
        ):
            return buffered[index + 1 :]
        return buffered
    return buffered


def _row(line, cells, reference_columns, quantity_column):
    def cell(index):
        return cells[index] if index < len(cells) else None

    references = [_cell_text(cell(index)) for index in reference_columns]
    reference = next((ref for ref in references if ref), "")
    quantity = _cell_quantity(cell(quantity_column))
    if quantity == "":
        return None  # an empty row, or a product of an order form left blank
    return Row(line=line, reference=reference, quantity=quantity)
