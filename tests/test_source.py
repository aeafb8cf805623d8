"""Reading and decoding bytes as a browser does, and offsets to line:column."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck.source import InputError, Source, decode, looks_binary, prescan, read_file

PAGE = '<!doctype html><html lang="fr"><head>{meta}<title>Été à Genève</title></head><body><p>Déjà vu – “ça”</p>'


def page(meta: str = "") -> str:
    return PAGE.format(meta=meta)


def test_utf8_without_declaration() -> None:
    source = Source.from_bytes(page().encode("utf-8"))
    assert (source.text, source.encoding) == (page(), "utf-8")


def test_utf8_bom_is_stripped() -> None:
    source = Source.from_bytes(codecs.BOM_UTF8 + page().encode("utf-8"))
    assert (source.text, source.encoding) == (page(), "utf-8")


@pytest.mark.parametrize(("codec", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom(codec: str, bom: bytes) -> None:
    source = Source.from_bytes(bom + page('<meta charset="utf-8">').encode(codec))
    assert source.text == page('<meta charset="utf-8">')
    assert source.encoding == codec


def test_bom_wins_over_meta() -> None:
    source = Source.from_bytes(codecs.BOM_UTF8 + page('<meta charset="iso-8859-1">').encode("utf-8"))
    assert "Été" in source.text


def test_latin1_declared_only_in_http_equiv() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    source = Source.from_bytes(page(meta).encode("latin-1", "replace").replace(b"?", b"'"))
    assert "Été à Genève" in source.text
    assert source.encoding == "cp1252"  # browsers read ISO-8859-1 as windows-1252


def test_windows_1252_without_declaration_falls_back() -> None:
    data = page().encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = Source.from_bytes(data)
    assert (source.text, source.encoding) == (page(), "cp1252")


def test_meta_charset_after_1024_bytes_is_ignored() -> None:
    text = "<!doctype html><html><head>" + "<!-- padding -->" * 70 + '<meta charset="windows-1251"></head><p>é'
    assert text.index("<meta") > 1024
    assert Source.from_bytes(text.encode("utf-8")).text == text


def test_meta_charset_in_prescan_window_is_used() -> None:
    data = '<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251")
    source = Source.from_bytes(data)
    assert source.text == '<meta charset="windows-1251"><p>Привет</p>'


def test_stale_meta_on_a_page_resaved_as_utf8() -> None:
    text = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>人工智能迈上新台阶</title>'
    source = Source.from_bytes(text.encode("utf-8"))
    assert (source.text, source.encoding) == (text, "utf-8")


def test_meta_applies_to_ascii_only_pages() -> None:
    assert Source.from_bytes(b'<meta charset="koi8-r"><p>plain</p>').encoding == "koi8-r"


def test_declared_utf16_in_ascii_bytes_means_utf8() -> None:
    assert Source.from_bytes(page('<meta charset="utf-16">').encode("utf-8")).text == page('<meta charset="utf-16">')


def test_invalid_utf8_declared_does_not_crash() -> None:
    data = b'<meta charset="utf-8"><p>caf\xc3 \xff\xfe ok</p>'
    source = Source.from_bytes(data)
    assert source.text == '<meta charset="utf-8"><p>caf\ufffd \ufffd\ufffd ok</p>'


def test_invalid_utf8_undeclared_is_windows_1252() -> None:
    assert Source.from_bytes(b"<p>caf\xe9 \x81</p>").text == "<p>café \x81</p>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<META CHARSET=Shift_JIS>", "shift_jis"),
        (b"<meta charset='koi8-r'/>", "koi8-r"),
        (b'<meta http-equiv="content-type" content="text/html;charset=euc-kr">', "euc_kr"),
        (b'<meta content="text/html; charset=gb2312" http-equiv="Content-Type">', "gbk"),
        (b'<meta name="description" content="charset=koi8-r">', None),  # not http-equiv
        (b'<!-- <meta charset="koi8-r"> --><meta charset="utf-8">', "utf-8"),  # comments skipped
        (b'<meta charset="no-such-encoding"><meta charset="utf-8">', "utf-8"),
        (b"<metadata charset=koi8-r>", None),
        (b"<p>no meta</p>", None),
    ],
)
def test_prescan(head: bytes, expected: str | None) -> None:
    assert prescan(head) == expected


def test_http_charset_wins_over_meta() -> None:
    data = '<meta charset="utf-8"><p>Привет</p>'.encode("koi8-r")
    text, encoding = decode(data, http_charset="KOI8-R")
    assert (text, encoding) == ('<meta charset="utf-8"><p>Привет</p>', "koi8-r")


def test_nul_bytes_become_replacement_characters() -> None:
    source = Source.from_bytes(b"<p>a\x00b</p>" + b"<p>text</p>" * 10)
    assert source.text.startswith("<p>a\ufffdb</p>")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"%PDF-1.7\n",
        b"PK\x03\x04\x14\x00",
        bytes(range(256)) * 4,
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(InputError, match="binary"):
        Source.from_bytes(data)


@pytest.mark.parametrize("data", [b"", b" \r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty file"):
        Source.from_bytes(data)


def test_lone_surrogates_in_text_are_replaced() -> None:
    assert Source.from_text("<p>a\ud800b\udfffc</p>").text == "<p>a\ufffdb\ufffdc</p>"


def test_positions_count_code_points_and_line_ends() -> None:
    source = Source.from_text("ab\r\ncd\ref\ngh\tij\n\n€😀x")
    assert source.position(0) == (1, 1)
    assert source.position(4) == (2, 1)  # after CRLF
    assert source.position(7) == (3, 1)  # after a lone CR
    assert source.position(13) == (4, 4)  # a tab is one column
    assert source.position(17) == (6, 1)
    assert source.position(19) == (6, 3)  # two code points, whatever their UTF-8 or UTF-16 size


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_match_a_naive_count(newline: str) -> None:
    text = "".join(f"<p>{'é' * (n % 7)}\t{n}</p>{newline}" * (n % 3) for n in range(300))
    source = Source.from_text(text)
    for offset in range(0, len(text), 37):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # inside a line end: no tag starts there
        before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        assert source.position(offset) == (line, len(before) - before.rfind("\n")), offset


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3000), min_size=1, max_size=12), st.data())
def test_lines_and_positions_across_blocks(lengths: list[int], data: st.DataObject) -> None:
    text = "\n".join("x" * n for n in lengths)
    source = Source.from_text(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for line, start in enumerate(starts, 1):
        end = starts[line] if line < len(starts) else len(text)
        assert source.line_bounds(line) == (start, end)
    for offset in data.draw(st.lists(st.integers(0, len(text)), max_size=20)):
        line = text.count("\n", 0, offset) + 1
        assert source.position(offset) == (line, offset - starts[line - 1] + 1)


def test_read_file_errors(tmp_path) -> None:
    with pytest.raises(InputError, match=r"^no such file$"):
        read_file(str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match=r"^is a directory$"):
        read_file(str(tmp_path))
    loop = tmp_path / "loop.html"
    loop.symlink_to(loop.name)
    with pytest.raises(InputError, match=r"^cannot read \(Too many levels of symbolic links\)$"):
        read_file(str(loop))
