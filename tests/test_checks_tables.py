"""The HTML table model: grid forming with row and column spans, and the assignment of header cells."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.checks.tables import (
    TableModel,
    empty_table_header,
    form_table,
    scope_attr_valid,
    td_headers,
    th_has_data_cells,
)
from a11ycheck.document import Document
from a11ycheck.engine import Options, check
from a11ycheck.source import Source


def table(html: str) -> tuple[Document, TableModel]:
    doc = Document(Source.from_text(f"<!doctype html><html><body>{html}</body></html>"))
    return doc, form_table(doc.root.find(".//table"))


def grid(model: TableModel) -> list[list[str]]:
    """The text of the cell covering each slot, row by row ('.' for an empty slot)."""
    return [
        ["".join(model.slots[(x, y)].element.itertext()) if (x, y) in model.slots else "." for x in range(model.width)]
        for y in range(model.height)
    ]


def headers(doc: Document, model: TableModel, text: str) -> list[str]:
    [cell] = [c for c in model.cells if "".join(c.element.itertext()) == text]
    return ["".join(h.element.itertext()) for h in model.headers(doc, cell)]


SPANS = """<table>
<tr><th rowspan="2">A</th><th colspan="2">B</th></tr>
<tr><th>B1</th><th>B2</th></tr>
<tr><td>a</td><td>b1</td><td>b2</td></tr>
</table>"""


def test_grid_with_rowspan_and_colspan() -> None:
    _, model = table(SPANS)
    assert grid(model) == [["A", "B", "B"], ["A", "B1", "B2"], ["a", "b1", "b2"]]
    a = model.cells[0]
    assert (a.x, a.y, a.width, a.height) == (0, 0, 1, 2)


def test_headers_follow_spans_upwards() -> None:
    doc, model = table(SPANS)
    assert headers(doc, model, "b1") == ["B1", "B"]
    assert headers(doc, model, "b2") == ["B2", "B"]
    assert headers(doc, model, "a") == ["A"]


def test_rowspan_zero_grows_to_the_end_of_its_row_group() -> None:
    _, model = table(
        "<table><tbody><tr><td rowspan=0>x</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></tbody>"
        "<tbody><tr><td>y</td></tr></tbody></table>"
    )
    assert grid(model) == [["x", "1"], ["x", "2"], ["x", "3"], ["y", "."]]


def test_rowspan_past_a_row_group_leaves_empty_rows_and_tfoot_comes_last() -> None:
    _, model = table(
        "<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td rowspan=3>x</td></tr></tbody>"
        "<tbody><tr><td>y</td></tr></tbody></table>"
    )
    assert grid(model) == [["x"], ["x"], ["x"], ["y"], ["f"]]


@pytest.mark.parametrize(
    ("attrs", "size"),
    [('colspan="0"', (1, 1)), ('colspan="2abc"', (2, 1)), ('colspan="-1"', (1, 1)), ('colspan=" +3"', (3, 1)),
     ('rowspan="abc"', (1, 1)), ('colspan="5000"', (1000, 1))],
)
def test_span_values_are_parsed_as_html_non_negative_integers(attrs: str, size: tuple[int, int]) -> None:
    _, model = table(f"<table><tr><td {attrs}>c</td></tr></table>")
    assert (model.cells[0].width, model.cells[0].height) == size


def test_nested_tables_keep_their_own_cells() -> None:
    doc, model = table("<table><tr><th>H</th></tr><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>")
    assert [c.element.tag for c in model.cells] == ["th", "td"]
    inner = doc.root.xpath("//table//table")[0]
    assert model.cell_of(inner.find(".//td")) is None


def test_headers_attribute_replaces_the_scan_and_ignores_other_tables_and_itself() -> None:
    doc, model = table(
        '<table><tr><th id="h1">One</th><th id="h2">Two</th></tr>'
        '<tr><td headers="h2 other self" id="self">x</td><td>y</td></tr></table>'
        '<table><tr><th id="other">Other</th></tr></table>'
    )
    assert headers(doc, model, "x") == ["Two"]
    assert headers(doc, model, "y") == ["Two"]


def test_row_and_column_headers_by_scope_and_position() -> None:
    rows = (
        "<th>Mon</th><th>Tue</th></tr>"
        "<tr><th>9:00</th><td>a</td><th>mid</th></tr>"
        '<tr><th scope="col">low</th><td>b</td><td>c</td></tr></table>'
    )
    _, model = table("<table><tr><th></th>" + rows)
    roles = {"".join(c.element.itertext()): model.header_role(c) for c in model.cells if c.is_header}
    assert roles == {"": "columnheader", "Mon": "columnheader", "Tue": "columnheader", "9:00": "rowheader",
                     "mid": "cell", "low": "columnheader"}
    # HTML counts an empty <td> corner as a data cell: the first row then holds no column header
    _, model = table("<table><tr><td></td>" + rows)
    assert model.header_role(model.cells[1]) == "cell"


def test_a_header_that_is_not_a_column_header_blocks_nothing_but_is_skipped() -> None:
    doc, model = table(
        "<table><tr><th>Name</th><th>Score</th></tr><tr><th>Ann</th><td>1</td></tr><tr><th>Bob</th><td>2</td></tr></table>"
    )
    assert headers(doc, model, "2") == ["Bob", "Score"]
    assert headers(doc, model, "Bob") == ["Name"]


def test_row_group_and_column_group_headers() -> None:
    doc, model = table(
        '<table><colgroup span="2"></colgroup><colgroup></colgroup>'
        '<tbody><tr><th scope="rowgroup">R</th><th scope="colgroup">G</th><td>1</td></tr>'
        "<tr><td>a</td><td>b</td><td>c</td></tr></tbody></table>"
    )
    assert model.column_groups == [(0, 2), (2, 1)]
    assert headers(doc, model, "a") == ["R"]  # G starts right of a
    assert headers(doc, model, "b") == ["R", "G"]
    assert headers(doc, model, "c") == ["R"]


def test_empty_header_cells_are_not_assigned() -> None:
    doc, model = table(
        "<table><tr><th> </th><th><img src='a.png' alt='Icon'></th></tr><tr><td>x</td><td>y</td></tr></table>"
    )
    assert headers(doc, model, "x") == []
    assert [h.element.tag for h in model.headers(doc, model.cells[-1])] == ["th"]


def test_th_has_data_cells_reports_a_th_that_heads_nothing_for_review() -> None:
    doc, _ = table("<table><tr><td>a</td><th>mid</th></tr><tr><td>b</td><td>c</td></tr></table>")
    [finding] = th_has_data_cells(doc, {})
    assert (finding.outcome, finding.message, finding.data) == ("cantTell", "heads_nothing", {"text": "mid"})


def test_th_has_data_cells_judges_each_header_of_nested_tables_once() -> None:
    doc, _ = table(
        "<table><tr><th>Outer</th></tr><tr><td><table><tr><th>Inner</th></tr><tr><td>x</td></tr></table></td></tr>"
        "</table>"
    )
    found = [(f.outcome, f.data["text"]) for f in th_has_data_cells(doc, {})]
    assert sorted(found) == [("passed", "Inner"), ("passed", "Outer")]


@pytest.mark.parametrize(
    ("cells", "outcome", "message", "data"),
    [
        ('<td headers="h1 h2">x</td>', "passed", "pass", {"headers": "h1 h2"}),
        ('<td headers="h1 nope">x</td>', "failed", "missing", {"id": "nope"}),
        ('<td headers="s">x<span id="s">s</span></td>', "failed", "not_cell", {"id": "s", "tag": "span"}),
        ('<td id="me" headers="h1 me">x</td>', "failed", "self", {"id": "me"}),
        ('<td headers="">x</td>', "passed", "pass", {"headers": ""}),
    ],
)
def test_td_headers_names_the_id_at_fault(cells: str, outcome: str, message: str, data: dict) -> None:
    doc, _ = table(f'<table><tr><th id="h1">One</th><th id="h2">Two</th></tr><tr>{cells}</tr></table>')
    [finding] = td_headers(doc, {})
    assert (finding.outcome, finding.message, finding.data) == (outcome, message, data)


def test_td_headers_skips_hidden_and_layout_tables() -> None:
    for attrs in ('role="presentation"', 'style="display: none"', 'aria-hidden="true"', "hidden"):
        doc, _ = table(f'<table {attrs}><tr><td headers="nope">x</td></tr></table>')
        assert list(td_headers(doc, {})) == []


STATS = (
    "<table><thead><tr><th>Pos</th><th>Player</th></tr></thead>"
    "<tfoot><tr><th>Pos</th><th>{last}</th></tr></tfoot>"
    "<tbody><tr><td>DL</td><td>Ann</td></tr></tbody></table>"
)


def test_th_has_data_cells_passes_a_footer_repeating_the_column_headers_and_fails_one_that_names_more() -> None:
    doc, _ = table(STATS.format(last="player"))  # the same name, case aside
    found = [(f.outcome, f.message, f.data) for f in th_has_data_cells(doc, {})]
    assert found[2:] == [("passed", "repeats", {"text": "Pos", "kind": "column"}),
                         ("passed", "repeats", {"text": "player", "kind": "column"})]
    doc, _ = table(STATS.format(last="Total"))
    found = [(f.outcome, f.message, f.data["text"]) for f in th_has_data_cells(doc, {})]
    assert found[2:] == [("passed", "repeats", "Pos"), ("failed", "in_footer", "Total")]


def test_th_has_data_cells_passes_a_row_header_repeated_at_the_end_of_its_row() -> None:
    doc, _ = table("<table><tr><th>Ann</th><td>1</td><td>2</td><th>Ann</th></tr>"
                   "<tr><th>Bob</th><td>3</td><td>4</td><th>Robert</th></tr></table>")
    found = [(f.outcome, f.message, f.data["text"]) for f in th_has_data_cells(doc, {})]
    assert found == [("passed", "pass", "Ann"), ("passed", "repeats", "Ann"), ("passed", "pass", "Bob"),
                     ("failed", "fail", "Robert")]


@pytest.mark.parametrize(
    ("header", "outcome"),
    [
        ("<th>Time</th>", "passed"),
        ("<th> <span></span> </th>", "failed"),
        ('<th><img src="t.png" alt=""></th>', "failed"),
        ('<th><svg role="img" aria-label="Rain"></svg></th>', "passed"),
        ('<th aria-label="Time"></th>', "passed"),
        ('<th role="columnheader"></th>', "failed"),
        ('<th role="cell"></th>', None),
        ('<th aria-hidden="true"></th>', None),
        ('<td role="rowheader"></td>', "failed"),
    ],
)
def test_empty_table_header_cases(header: str, outcome: str | None) -> None:
    """A th without a role or a header role is judged by its name; a th given another role is no header."""
    doc, _ = table(f"<table><tr>{header}<td>x</td></tr><tr><td>a</td><td>b</td></tr></table>")
    assert [f.outcome for f in empty_table_header(doc, {})] == ([outcome] if outcome else [])


@pytest.mark.parametrize(
    ("cell", "found"),
    [
        ('<th scope="row">a</th>', [("passed", "pass")]),
        ('<th scope="ROWGROUP">a</th>', [("passed", "pass")]),
        ('<th scope=" row">a</th>', [("failed", "value")]),
        ('<th scope="">a</th>', [("failed", "value")]),
        ('<td scope="row">a</td>', [("failed", "td")]),
        ('<th>a</th>', []),
    ],
)
def test_scope_attr_valid_cases(cell: str, found: list[tuple[str, str]]) -> None:
    doc, _ = table(f"<table><tr>{cell}<td>x</td></tr></table>")
    assert [(f.outcome, f.message) for f in scope_attr_valid(doc, {})] == found


def test_table_best_practices_warn_and_name_the_cell() -> None:
    page = '<!doctype html><html lang="en"><title>t</title><table><tr><th></th><td scope="col">x</td></tr></table>'
    report = check(page, options=Options(select=("empty-table-header", "scope-attr-valid")))
    found = sorted((r.rule, r.severity, r.axe[0], r.selector) for r in report.failed)
    assert [f[:3] for f in found] == [("empty-table-header", "warning", "empty-table-header"),
                                     ("scope-attr-valid", "warning", "scope-attr-valid")]
    assert "td" in found[1][3] and "th" in found[0][3]


@pytest.mark.parametrize(
    ("html", "rule", "axe"),
    [
        ('<table><tr><th id="h">H</th></tr><tr><td headers="x">1</td></tr></table>', "td-headers", ["td-headers-attr"]),
        ('<table><tr><th>A</th><td>x</td></tr><tr><th scope="col">B</th></tr></table>', "th-has-data-cells",
         ["th-has-data-cells"]),
    ],
)
def test_existing_table_rules_name_their_axe_rules(html: str, rule: str, axe: list[str]) -> None:
    [result] = check(f"<!doctype html><html lang='en'><title>t</title>{html}", options=Options(select=(rule,))).failed
    assert result.axe == axe


def _aria_table(rows: list[list[str]], table_role: str = "table") -> Document:
    """An ARIA table of div rows and span cells; each cell is 'c' (cell), 'h' (column header) or 'r' (row
    header), the n-th of the table carrying id="n"."""
    roles = {"c": "cell", "h": "columnheader", "r": "rowheader"}
    ids = itertools.count()
    body = "".join(
        '<div role="row">' + "".join(f'<span role="{roles[c]}" id="n{next(ids)}">x</span>' for c in row) + "</div>"
        for row in rows
    )
    return Document(Source.from_text(f'<!doctype html><html><body><div role="{table_role}">{body}</div></body></html>'))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from("chr"), max_size=4), min_size=1, max_size=4))
def test_th_has_data_cells_decides_every_header_of_a_plain_aria_table(rows: list[list[str]]) -> None:
    """ARIA's header relationship: a column header heads the cells of its column in the other rows, a row
    header the other cells of its row; with no aria-owns, index or span, the order of the markup decides."""
    expected = {}
    ids = itertools.count()
    for y, row in enumerate(rows):
        for x, kind in enumerate(row):
            n = next(ids)
            if kind == "h":
                expected[f"n{n}"] = any(len(other) > x for other in rows[:y] + rows[y + 1:])
            elif kind == "r":
                expected[f"n{n}"] = len(row) > 1
    found = {f.element.get("id"): f.outcome for f in th_has_data_cells(_aria_table(rows), {})}
    assert found == {key: "passed" if assigned else "failed" for key, assigned in expected.items()}


@pytest.mark.parametrize(
    "extra",
    ['aria-colindex="2"', 'aria-colspan="2"', 'aria-rowspan="2"', 'aria-owns="n0"'],
)
def test_th_has_data_cells_leaves_an_aria_table_placed_by_attributes_for_review(extra: str) -> None:
    doc = Document(Source.from_text(
        '<!doctype html><html><body><div role="table"><div role="row"><span role="columnheader">A</span>'
        f'<span role="columnheader" id="b">B</span></div><div role="row"><span role="cell" {extra}>1</span>'
        "</div></div></body></html>"
    ))
    found = {f.element.get("id"): (f.outcome, f.message) for f in th_has_data_cells(doc, {})}
    assert found["b"] == ("cantTell", "aria_unknown")
