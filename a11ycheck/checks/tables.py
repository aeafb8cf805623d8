"""Data tables: the HTML table model (forming a table, assigning header cells) and the rules on it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..accname import accessible_name
from ..aria import explicit_role, role
from ..document import Document, Element
from ..memo import MemoKey
from ..visibility import is_programmatically_hidden, is_visible
from . import Finding, cant_tell, check, failed, passed

__all__ = ["Cell", "TableModel", "form_table", "table_model"]

_XP_ROLED = etree.XPath(".//*[@role] | .//tr | .//td | .//th")
_NON_NEGATIVE_RE = re.compile(r"[ \t\n\f\r]*\+?(\d+)")
_ROW_GROUPS = ("thead", "tbody", "tfoot")
_CELL_ROLES = frozenset(["cell", "gridcell", "columnheader", "rowheader"])
_HEADER_ROLES = frozenset(["columnheader", "rowheader"])


def _span(value: str | None, *, default: int, limit: int) -> int:
    """An HTML ``colspan``/``rowspan``/``span`` value (rules for parsing non-negative integers)."""
    match = _NON_NEGATIVE_RE.match(value or "")
    if match is None:
        return default
    return min(int(match.group(1)), limit)


@dataclass(eq=False, slots=True)
class Cell:
    """A ``td`` or ``th`` placed in the table grid: anchor slot, size, and the row group it sits in."""

    element: Element
    x: int
    y: int
    width: int
    height: int
    group: Element | None

    @property
    def is_header(self) -> bool:
        """A header cell (``th``)."""
        return self.element.tag == "th"

    @property
    def scope(self) -> str:
        """The ``scope`` state: row, col, rowgroup, colgroup or auto."""
        scope = (self.element.get("scope") or "").lower()
        return scope if scope in ("row", "col", "rowgroup", "colgroup") else "auto"

    @property
    def is_empty(self) -> bool:
        """No element children and only whitespace text."""
        element = self.element
        return not any(isinstance(child.tag, str) for child in element) and not "".join(element.itertext()).strip()


@dataclass(slots=True)
class TableModel:
    """The grid of one ``table`` element, as the HTML "forming a table" algorithm builds it."""

    element: Element
    width: int = 0
    height: int = 0
    cells: list[Cell] = field(default_factory=list)
    slots: dict[tuple[int, int], Cell] = field(default_factory=dict)
    column_groups: list[tuple[int, int]] = field(default_factory=list)  # (first x, width)
    by_element: dict[Element, Cell] = field(default_factory=dict)
    group_headers: list[Cell] = field(default_factory=list)  # th with scope rowgroup or colgroup
    _data_rows: set[int] = field(default_factory=set)
    _data_columns: set[int] = field(default_factory=set)
    _headers: dict[Cell, list[Cell]] = field(default_factory=dict)
    _referrers: dict[str, list[Cell]] | None = None  # id → cells naming it in ``headers``

    def cell_of(self, element: Element) -> Cell | None:
        """The cell of this table that ``element`` is, or None."""
        return self.by_element.get(element)

    def is_column_header(self, cell: Cell) -> bool:
        """``scope=col``, or auto scope and no data cell in the rows the cell spans."""
        if not cell.is_header:
            return False
        if cell.scope == "col":
            return True
        return cell.scope == "auto" and not any(y in self._data_rows for y in range(cell.y, cell.y + cell.height))

    def is_row_header(self, cell: Cell) -> bool:
        """``scope=row``, or auto scope, not a column header, and no data cell in the columns it spans."""
        if not cell.is_header:
            return False
        if cell.scope == "row":
            return True
        return (
            cell.scope == "auto"
            and not self.is_column_header(cell)
            and not any(x in self._data_columns for x in range(cell.x, cell.x + cell.width))
        )

    def header_role(self, cell: Cell) -> str:
        """The role HTML-AAM gives a ``th``: columnheader, rowheader, or cell when it heads nothing."""
        if cell.scope == "colgroup" or self.is_column_header(cell):
            return "columnheader"
        if cell.scope == "rowgroup" or self.is_row_header(cell):
            return "rowheader"
        return "cell"

    def _column_group(self, x: int) -> tuple[int, int] | None:
        return next((g for g in self.column_groups if g[0] <= x < g[0] + g[1]), None)

    def headers(self, doc: Document, cell: Cell) -> list[Cell]:
        """The header cells assigned to ``cell`` (HTML "algorithm for assigning header cells")."""
        found: list[Cell] = []
        ids = cell.element.get("headers")
        if ids is not None:
            for ident in ids.split():
                target = doc.by_id(ident)
                header = self.by_element.get(target) if target is not None else None
                if header is not None and header is not cell:
                    found.append(header)
        else:
            for y in range(cell.y, cell.y + cell.height):
                self._scan(cell, cell.x, y, -1, 0, found)
            for x in range(cell.x, cell.x + cell.width):
                self._scan(cell, x, cell.y, 0, -1, found)
            last_x, last_y = cell.x + cell.width - 1, cell.y + cell.height - 1
            column_group = self._column_group(cell.x)
            for header in self.group_headers:
                if header.x > last_x or header.y > last_y:
                    continue
                same_row_group = header.scope == "rowgroup" and cell.group is not None and header.group is cell.group
                same_column_group = (
                    header.scope == "colgroup" and column_group and self._column_group(header.x) == column_group
                )
                if same_row_group or same_column_group:
                    found.append(header)
        unique: list[Cell] = []
        for header in found:
            if header is not cell and not header.is_empty and header not in unique:
                unique.append(header)
        return unique

    def is_assigned(self, doc: Document, header: Cell) -> bool:
        """Some cell of the table has ``header`` among its header cells.

        Only the cells that could reach it are asked: cells naming its id in ``headers``, cells right of
        it in its rows or below it in its columns, and for a row or column group header every cell.
        """
        if self._referrers is None:
            self._referrers = {}
            for cell in self.cells:
                for ident in (cell.element.get("headers") or "").split():
                    self._referrers.setdefault(ident, []).append(cell)
        candidates = list(self._referrers.get(header.element.get("id") or "", []))
        rows, columns = range(header.y, header.y + header.height), range(header.x, header.x + header.width)
        right = ((x, y) for y in rows for x in range(columns.stop, self.width))
        below = ((x, y) for x in columns for y in range(rows.stop, self.height))
        candidates += [self.slots[slot] for slot in itertools.chain(right, below) if slot in self.slots]
        if header.scope in ("rowgroup", "colgroup"):
            candidates += self.cells
        for cell in dict.fromkeys(candidates):
            if cell not in self._headers:
                self._headers[cell] = self.headers(doc, cell)
            if header in self._headers[cell]:
                return True
        return False

    def _scan(self, principal: Cell, x: int, y: int, dx: int, dy: int, found: list[Cell]) -> None:
        """The internal algorithm for scanning and assigning header cells, from (x, y) by (dx, dy)."""
        opaque: list[Cell] = []
        in_block = principal.is_header
        block: list[Cell] = [principal] if in_block else []
        while True:
            x, y = x + dx, y + dy
            if x < 0 or y < 0:
                return
            current = self.slots.get((x, y))
            if current is None:
                continue
            if current.is_header:
                in_block = True
                block.append(current)
                if dx == 0:
                    blocked = any(o.x == current.x and o.width == current.width for o in opaque)
                    blocked = blocked or not self.is_column_header(current)
                else:
                    blocked = any(o.y == current.y and o.height == current.height for o in opaque)
                    blocked = blocked or not self.is_row_header(current)
                if not blocked:
                    found.append(current)
            elif in_block:
                in_block = False
                opaque.extend(block)
                block = []


class _Former:
    """State of the HTML "forming a table" algorithm."""

    def __init__(self, table: Element) -> None:
        self.model = TableModel(table)
        self.y_current = 0
        self.growing: list[tuple[Cell, int, int]] = []  # downward-growing cells: cell, x, width

    def column_group(self, colgroup: Element) -> None:
        cols = [col for col in colgroup if col.tag == "col"]
        if cols:
            span = sum(_span(col.get("span"), default=1, limit=1000) or 1 for col in cols)
        else:
            span = _span(colgroup.get("span"), default=1, limit=1000) or 1
        self.model.column_groups.append((self.model.width, span))
        self.model.width += span

    def row(self, tr: Element, group: Element | None) -> None:
        model = self.model
        if model.height == self.y_current:
            model.height += 1
        x = 0
        self._grow()
        for element in tr:
            if element.tag not in ("td", "th"):
                continue
            while x < model.width and (x, self.y_current) in model.slots:
                x += 1
            if x == model.width:
                model.width += 1
            colspan = _span(element.get("colspan"), default=1, limit=1000) or 1
            rowspan = _span(element.get("rowspan"), default=1, limit=65534)
            grows = rowspan == 0
            rowspan = rowspan or 1
            model.width = max(model.width, x + colspan)
            model.height = max(model.height, self.y_current + rowspan)
            cell = Cell(element, x, self.y_current, colspan, rowspan, group)
            model.cells.append(cell)
            model.by_element[element] = cell
            if cell.is_header and cell.scope in ("rowgroup", "colgroup"):
                model.group_headers.append(cell)
            for cx in range(x, x + colspan):
                for cy in range(self.y_current, self.y_current + rowspan):
                    model.slots.setdefault((cx, cy), cell)
            if element.tag == "td":
                model._data_rows.update(range(self.y_current, self.y_current + rowspan))
                model._data_columns.update(range(x, x + colspan))
            if grows:
                self.growing.append((cell, x, colspan))
            x += colspan
        self.y_current += 1

    def _grow(self) -> None:
        """Extend every downward-growing cell over the current row."""
        for cell, x, width in self.growing:
            cell.height = self.y_current - cell.y + 1
            for cx in range(x, x + width):
                self.model.slots.setdefault((cx, self.y_current), cell)

    def end_row_group(self) -> None:
        while self.y_current < self.model.height:
            self._grow()
            self.y_current += 1
        self.growing = []

    def row_group(self, group: Element) -> None:
        for tr in group:
            if tr.tag == "tr":
                self.row(tr, group)
        self.end_row_group()


def form_table(table: Element) -> TableModel:
    """Build the grid of a ``table`` element: column groups, rows (``tfoot`` last), row and column spans."""
    former = _Former(table)
    pending_tfoot: list[Element] = []
    rows_started = False
    for child in table:
        tag = child.tag
        if tag == "colgroup" and not rows_started:
            former.column_group(child)
        elif tag == "tr":
            rows_started = True
            former.row(child, None)
        elif tag in _ROW_GROUPS:
            rows_started = True
            former.end_row_group()
            if tag == "tfoot":
                pending_tfoot.append(child)
            else:
                former.row_group(child)
    former.end_row_group()
    for tfoot in pending_tfoot:
        former.row_group(tfoot)
    return former.model


_MODELS_KEY: MemoKey[dict[Element, TableModel]] = MemoKey("tables.models")


def table_model(doc: Document, table: Element) -> TableModel:
    """The table model of a ``table`` element, built once per page."""
    models = doc.memo(_MODELS_KEY, dict)
    if table not in models:
        models[table] = form_table(table)
    return models[table]


_TABLES_KEY: MemoKey[list[Element]] = MemoKey("tables.tables")


def _tables(doc: Document) -> list[Element]:
    """The page's ``table`` elements, found once for both table rules."""
    return doc.memo(_TABLES_KEY, lambda: list(doc.root.iter("table")))


def _header_candidates(doc: Document) -> list[Element]:
    """Every ``th`` of a table, and the elements with a header role in their ``role`` attribute."""
    candidates = dict.fromkeys(th for table in _tables(doc) for th in table.iter("th"))
    candidates.update(dict.fromkeys(
        element for element, _, keys in doc.marked
        if "role" in keys and ("columnheader" in element.get("role", "") or "rowheader" in element.get("role", ""))
    ))
    return list(candidates)


def _exposed(doc: Document, element: Element) -> bool:
    """Visible and included in the accessibility tree (as far as the static page tells)."""
    return is_visible(doc, element) and not is_programmatically_hidden(doc, element)


# -- td-headers -----------------------------------------------------------------------------------


@check("td-headers")
def td_headers(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Each ``headers`` attribute of a cell names cells of the same table, not the cell itself (ACT a25f45)."""
    for table in _tables(doc):
        if role(doc, table) not in ("table", "grid", "treegrid") or not _exposed(doc, table):
            continue
        model = table_model(doc, table)
        for cell in model.cells:
            value = cell.element.get("headers")
            if value is not None:
                yield _check_headers(doc, model, cell.element, value)


def _check_headers(doc: Document, model: TableModel, element: Element, value: str) -> Finding:
    """Passed, or failed on the first id of ``value`` that is the cell's own or no cell of the table."""
    own = element.get("id")
    for ident in value.split():
        if ident == own:
            return failed(element, "self", id=ident)
        targets = doc.ids.get(ident, [])
        if not targets:
            return failed(element, "missing", id=ident)
        if not any(model.cell_of(target) is not None for target in targets):
            return failed(element, "not_cell", id=ident, tag=targets[0].tag)
    return passed(element, headers=value)


# -- th-has-data-cells ----------------------------------------------------------------------------


def _header_role(doc: Document, element: Element, table: Element | None) -> str | None:
    """The semantic role of a header candidate; a ``th`` without a role gets its HTML-AAM role."""
    if element.tag == "th" and explicit_role(element) is None and table is not None and table.tag == "table":
        model = table_model(doc, table)
        cell = model.cell_of(element)
        if cell is not None:
            return model.header_role(cell)
    return role(doc, element)


def _closest_table(doc: Document, element: Element) -> Element | None:
    """The closest ancestor whose semantic role is table or grid."""
    for ancestor in element.iterancestors():
        if (ancestor.tag == "table" or ancestor.get("role")) and role(doc, ancestor) in ("table", "grid"):
            return ancestor
    return None


_ARIA_ROWS_KEY: MemoKey[dict[Element, list[list[Element]]]] = MemoKey("tables.aria_rows")


def _aria_rows(doc: Document, table: Element) -> list[list[Element]]:
    """Rows of an ARIA table (elements with role row), each as its cell-like elements in the accessibility
    tree, in order."""
    cache = doc.memo(_ARIA_ROWS_KEY, dict)
    if table in cache:
        return cache[table]
    rows: dict[Element, list[Element]] = {}
    for element in _XP_ROLED(table):
        element_role = role(doc, element)
        if element_role == "row":
            rows.setdefault(element, [])
        elif element_role in _CELL_ROLES and not is_programmatically_hidden(doc, element):
            row = next((a for a in element.iterancestors() if a in rows), None)
            if row is not None:
                rows[row].append(element)
    cache[table] = list(rows.values())
    return cache[table]


def _aria_assigned(doc: Document, header: Element, header_role: str, table: Element) -> bool | None:
    """In an ARIA table: a column header has a cell below it, a row header a cell beside it. None when
    the header is in no row: its column is unknown."""
    rows = _aria_rows(doc, table)
    for cells in rows:
        if header in cells:
            if header_role == "rowheader":
                return len(cells) > 1
            column = cells.index(header)
            return any(len(other) > column and other is not cells for other in rows)
    return None


_POSITIONING = ("aria-owns", "aria-colindex", "aria-rowindex", "aria-colspan", "aria-rowspan", "colspan", "rowspan")


def _plain_grid(doc: Document, table: Element) -> bool:
    """Every row and cell of the table takes its place from the order of the markup alone: none is moved
    by ``aria-owns`` (from inside or outside), placed by an index or spanned. Only then does a header with
    no cell in its column or row fail."""
    owned = {token for el in doc.root.iter() if isinstance(el.tag, str) and el.get("aria-owns")
             for token in el.get("aria-owns", "").split()}
    return not any(
        any(element.get(name) is not None for name in _POSITIONING) or element.get("id") in owned
        for element in table.iter()
        if isinstance(element.tag, str)
    )


@check("th-has-data-cells")
def th_has_data_cells(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every row or column header of a table is assigned to at least one cell (ACT d0f69e)."""
    for element in _header_candidates(doc):
        table = _closest_table(doc, element)
        if table is None or not _exposed(doc, element) or is_programmatically_hidden(doc, table):
            continue
        header_role = _header_role(doc, element, table)
        text = doc.text(element)
        if header_role == "cell" and element.tag == "th":
            yield cant_tell(element, "heads_nothing", text=text)
        elif header_role in _HEADER_ROLES:
            yield _assigned_finding(doc, element, header_role, table, text)


def _repeats_assigned_header(doc: Document, model: TableModel, cell: Cell, header_role: str) -> bool:
    """Some other header of the cell's column (row, for a row header) with the same accessible name that is
    assigned to cells: a footer row repeating the column names presents no relationship that the header
    row does not already give (the case ACT d0f69e's assumptions leave to 1.3.1 itself)."""
    name = accessible_name(doc, cell.element).casefold()
    if not name:
        return False
    if header_role == "columnheader":
        same_line = [h for h in model.cells if h.x <= cell.x < h.x + h.width]
    else:
        same_line = [h for h in model.cells if h.y <= cell.y < h.y + h.height]
    return any(
        header is not cell
        and header.is_header
        and accessible_name(doc, header.element).casefold() == name
        and model.is_assigned(doc, header)
        for header in same_line
    )


def _assigned_finding(doc: Document, element: Element, header_role: str, table: Element, text: str) -> Finding:
    """A ``th`` of an HTML table is judged by the table model; other headers by their ARIA row and column."""
    model = table_model(doc, table) if table.tag == "table" else None
    cell = model.cell_of(element) if model is not None and element.tag == "th" else None
    if model is not None and cell is not None:
        if model.is_assigned(doc, cell):
            return passed(element, text=text)
        if _repeats_assigned_header(doc, model, cell, header_role):
            kind = "column" if header_role == "columnheader" else "row"
            return passed(element, "repeats", text=text, kind=kind)
        in_footer = cell.group is not None and cell.group.tag == "tfoot"
        return failed(element, "in_footer" if in_footer else "fail", text=text)
    assigned = _aria_assigned(doc, element, header_role, table)
    if assigned:
        return passed(element, text=text)
    if assigned is False and _plain_grid(doc, table):
        kind = "column" if header_role == "columnheader" else "row"
        return failed(element, "aria_fail", text=text, role=header_role, kind=kind)
    return cant_tell(element, "aria_unknown", text=text, role=header_role)


# -- empty-table-header ---------------------------------------------------------------------------


@check("empty-table-header")
def empty_table_header(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Every header cell in the accessibility tree (a ``th`` without a role, a row or column header) has
    a name."""
    for element in _header_candidates(doc):
        if element.get("role") is not None and explicit_role(element) not in _HEADER_ROLES:
            continue
        if role(doc, element) not in _CELL_ROLES or not _exposed(doc, element):
            continue  # (a th of a layout table is no header)
        name = accessible_name(doc, element)
        if name:
            yield passed(element, text=name)
        else:
            yield failed(element, tag=element.tag)


# -- scope-attr-valid -----------------------------------------------------------------------------

_SCOPES = frozenset(["row", "col", "rowgroup", "colgroup"])


@check("scope-attr-valid")
def scope_attr_valid(doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
    """``scope`` is on a ``th`` (it is obsolete on ``td``) and has one of its four values."""
    for table in _tables(doc):
        for cell in table.iter("td", "th"):
            value = cell.get("scope")
            if value is None:
                continue
            if cell.tag == "td":
                yield failed(cell, "td", value=value)
            elif value.lower() not in _SCOPES:
                yield failed(cell, "value", value=value)
            else:
                yield passed(cell, value=value.lower())
