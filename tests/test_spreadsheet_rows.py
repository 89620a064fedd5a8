import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from preorder_core import spreadsheet_rows as sr
from preorder_core.spreadsheet_rows import Row, SpreadsheetError, read_file, read_text


def problem(call, *args, **kwargs):
    with pytest.raises(SpreadsheetError) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, ValueError)
    return info.value.problem


def pairs(rows):
    return [(row.reference, row.quantity) for row in rows]


def xlsx(rows):
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, str):
                sheet.write_string(r, c, value)  # "=..." is no formula here
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return output.getvalue()


# ----------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_two_columns_with_header(delimiter, bom):
    text = f"Reference{delimiter}Quantity\nPO-TABLE{delimiter}3\n 5400000000028 {delimiter} 12 \n"
    rows = read_file(bom + text.encode(), "order.csv")
    assert rows == [Row(2, "PO-TABLE", "3"), Row(3, "5400000000028", "12")]


def test_csv_without_header_starts_at_the_first_row():
    assert pairs(read_file(b"PO-TABLE;3\nPO-CHAIR;4", "x.csv")) == [
        ("PO-TABLE", "3"),
        ("PO-CHAIR", "4"),
    ]


def test_unnamed_header_without_digits_is_skipped():
    assert pairs(read_file(b"Artikelcode;Stuks\nPO-TABLE;3", "x.csv")) == [("PO-TABLE", "3")]
    # A data row whose quantity holds a digit stays, to be judged (and refused) later.
    assert pairs(read_file(b"PO-X;3x\nPO-TABLE;3", "x.csv")) == [
        ("PO-X", "3x"),
        ("PO-TABLE", "3"),
    ]


def test_decimal_comma_in_semicolon_file_is_kept_as_text():
    # The quantity parser refuses it with a clear message: no locale guessing here.
    assert pairs(read_file(b"PO-TABLE;2,5", "x.csv")) == [("PO-TABLE", "2,5")]


def test_empty_rows_and_blank_quantities_are_skipped():
    rows = read_file(b"Reference,Quantity\n\n,\nPO-TABLE,\nPO-CHAIR,0\n,5\n", "x.csv")
    # The blank quantity is skipped, 0 is kept (it removes the line), a quantity
    # without reference is kept (refused later: no reference).
    assert rows == [Row(5, "PO-CHAIR", "0"), Row(6, "", "5")]


def test_header_columns_in_any_order_and_caller_labels():
    text = "Aantal;Omschrijving;Code\n4;Tafel;PO-TABLE\n"
    assert pairs(read_file(text.encode(), "x.csv", reference_labels=["Code"])) == [
        ("PO-TABLE", "4")
    ]
    text = "Menge*;Artikelnr\n4;PO-TABLE\n"
    rows = read_file(
        text.encode(), "x.csv", reference_labels=["Artikelnr"], quantity_labels=["Menge*"]
    )
    assert pairs(rows) == [("PO-TABLE", "4")]


def test_title_block_above_header_is_skipped_and_barcode_is_the_fallback():
    text = (
        "Garden 2027\nDeadline;2027-03-01\nTiers\n1000;2 %\n\n"
        "Reference;Barcode;Product;Unit;Price;Quantity\n"
        "PO-TABLE;5400000000011;Table;Units;200;2\n"
        ";5400000000028;Chair;Units;50;6\n"
        "PO-LAMP;;Lamp;Units;30;\n"
    )
    rows = read_file(text.encode(), "form.csv")
    assert rows == [Row(7, "PO-TABLE", "2"), Row(8, "5400000000028", "6")]


@pytest.mark.parametrize(
    "data, name, code",
    [
        (b"", "x.csv", sr.EMPTY),
        (b"\n\n;\n", "x.csv", sr.EMPTY),
        (b"Reference;Quantity\n", "x.csv", sr.EMPTY),
        (b"PO-TABLE;3\xff", "x.csv", sr.NOT_UTF8),
        (b"PO-TABLE;\x003", "x.csv", sr.UNREADABLE),
        (b"PO-TABLE;3", "x.pdf", sr.UNKNOWN_FORMAT),
        (b"\xd0\xcf\x11\xe0old excel", "x.xls", sr.UNKNOWN_FORMAT),
        (b"not a zip", "x.xlsx", sr.UNREADABLE),
        (b"PK\x03\x04broken zip", "x.xlsx", sr.UNREADABLE),
        (b"PK\x03\x04broken zip", "x.csv", sr.UNREADABLE),
    ],
)
def test_problems(data, name, code):
    assert problem(read_file, data, name) == code


def test_file_size_limit():
    data = b"A;1\n" * (sr.MAX_FILE_SIZE // 4 + 1)
    assert problem(read_file, data, "x.csv") == sr.FILE_TOO_LARGE


def test_row_limit():
    ok = "".join(f"P{i};1\n" for i in range(sr.MAX_ROWS)).encode()
    assert len(read_file(ok, "x.csv")) == sr.MAX_ROWS
    too_many = ok + b"P;1\n"
    assert problem(read_file, too_many, "x.csv") == sr.TOO_MANY_ROWS
    empty_lines = b"\n" * (sr.MAX_SCANNED_ROWS + 1) + b"P;1"
    assert problem(read_file, empty_lines, "x.csv") == sr.TOO_MANY_ROWS


def test_not_bytes():
    assert problem(read_file, "text", "x.csv") == sr.UNREADABLE
    assert problem(read_text, b"bytes") == sr.UNREADABLE


# ----------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------
def test_xlsx_numbers_and_barcodes():
    data = xlsx(
        [
            ["Reference", "Quantity"],
            ["PO-TABLE", 3],
            [5400000000028, 2.5],
            [None, None],
            ["PO-LAMP", "7"],
        ]
    )
    rows = read_file(data, "Order.XLSX")
    assert rows == [
        Row(2, "PO-TABLE", 3),
        Row(3, "5400000000028", 2.5),
        Row(5, "PO-LAMP", "7"),
    ]


def test_xlsx_limits():
    data = xlsx([["P", 1]] * (sr.MAX_SCANNED_ROWS + 1))
    assert problem(read_file, data, "x.xlsx") == sr.TOO_MANY_ROWS
    assert problem(read_file, xlsx([["Reference", "Quantity"]]), "x.xlsx") == sr.EMPTY


def test_xlsx_found_by_content_whatever_the_name():
    data = xlsx([["PO-TABLE", 1]])
    assert pairs(read_file(data, "download")) == [("PO-TABLE", 1)]


def test_xlsx_title_block_and_columns():
    data = xlsx(
        [
            ["Garden 2027"],
            ["Deadline", "2027-03-01"],
            [],
            ["Référence", "Code-barres", "Produit", "Unité", "Prix", "Quantité"],
            ["PO-TABLE", "5400000000011", "Table", "Units", 200.0, 2],
            [None, "5400000000028", "Chair", "Units", 50.0, None],
        ]
    )
    assert pairs(read_file(data, "x.xlsx")) == [("PO-TABLE", 2)]


# ----------------------------------------------------------------------
# Paste
# ----------------------------------------------------------------------
def test_paste_tab_separated():
    text = "PO-TABLE\t3\r\n5400000000028\t12\r\n\r\n"
    assert pairs(read_text(text)) == [("PO-TABLE", "3"), ("5400000000028", "12")]


def test_paste_with_header_and_extra_columns():
    text = "Reference\tProduct\tQuantity\nPO-TABLE\tGarden table\t3\n"
    assert pairs(read_text(text)) == [("PO-TABLE", "3")]


def test_paste_semicolons_when_no_tab():
    assert pairs(read_text("PO-TABLE;3")) == [("PO-TABLE", "3")]


def test_paste_problems():
    assert problem(read_text, "") == sr.EMPTY
    assert problem(read_text, "  \n\t\n") == sr.EMPTY
    assert problem(read_text, "A\t1\n" * (sr.MAX_ROWS + 1)) == sr.TOO_MANY_ROWS


# ----------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------
references = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters='\t"\x85',
    ),
    min_size=1,
    max_size=20,
).filter(lambda text: text.strip() and text.strip().lower() not in sr.REFERENCE_LABELS)
quantities = st.integers(min_value=0, max_value=100000).map(str)


@given(st.lists(st.tuples(references, quantities), min_size=1, max_size=40))
def test_paste_round_trip(entries):
    text = "\n".join(f"{ref}\t{qty}" for ref, qty in entries)
    assert pairs(read_text(text)) == [(ref.strip(), qty) for ref, qty in entries]


@given(st.lists(st.tuples(references, quantities), min_size=1, max_size=20))
def test_csv_round_trip_with_quoting(entries):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(["Reference", "Quantity"])
    writer.writerows(entries)
    rows = read_file(output.getvalue().encode(), "x.csv")
    assert pairs(rows) == [(ref.strip(), qty) for ref, qty in entries]
    assert [row.line for row in rows] == list(range(2, len(entries) + 2))


@settings(max_examples=40)
@given(st.lists(st.tuples(references, st.integers(0, 1000)), min_size=1, max_size=15))
def test_xlsx_round_trip(entries):
    data = xlsx([["Reference", "Quantity"], *[[ref, qty] for ref, qty in entries]])
    assert pairs(read_file(data, "x.xlsx")) == [(ref.strip(), qty) for ref, qty in entries]


@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", "x", "x.txt"]))
def test_any_bytes_give_rows_or_a_problem(data, name):
    try:
        rows = read_file(data, name)
    except SpreadsheetError as error:
        assert error.problem in {
            sr.EMPTY,
            sr.NOT_UTF8,
            sr.UNREADABLE,
            sr.UNKNOWN_FORMAT,
            sr.TOO_MANY_ROWS,
        }
    else:
        assert rows and all(isinstance(row, Row) for row in rows)
