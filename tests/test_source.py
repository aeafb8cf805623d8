"""Reading and decoding bytes as a browser does, and offsets to line:column."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a11ycheck import check
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
        (b"<META CHARSET=Shift_JIS>", "cp932"),  # the standard's Shift_JIS is Windows-31J (NEC, IBM rows)
        (b"<meta charset='koi8-r'/>", "koi8-r"),
        (b'<meta http-equiv="content-type" content="text/html;charset=euc-kr">', "cp949"),  # EUC-KR is UHC
        (b'<meta content="text/html; charset=gb2312" http-equiv="Content-Type">', "gbk"),
        (b'<meta name="description" content="charset=koi8-r">', None),  # not http-equiv
        (b'<!-- <meta charset="koi8-r"> --><meta charset="utf-8">', "utf-8"),  # comments skipped
        (b'<meta charset="no-such-encoding"><meta charset="utf-8">', "utf-8"),
        (b"<metadata charset=koi8-r>", None),
        (b'<meta charset="utf-7"><meta charset="koi8-r">', "koi8-r"),  # not a WHATWG label: skipped
        (b'<meta charset="x-user-defined">', "cp1252"),
        (b'<meta charset="unicodefffe">', "utf-8"),  # a UTF-16BE label
        (b'<meta charset=" Latin1\x0c">', "cp1252"),  # ASCII whitespace around a label is ignored
        (b"<p>no meta</p>", None),
    ],
)
def test_prescan(head: bytes, expected: str | None) -> None:
    assert prescan(head) == expected


UTF7_PAGE = b'<!doctype html><meta charset="utf-7"><p>+ADw-img src=x+AD4-</p>'


@pytest.mark.parametrize("http_charset", [None, "utf-7"])
def test_utf7_is_not_an_encoding_of_the_web(http_charset: str | None) -> None:
    text, encoding = decode(UTF7_PAGE, http_charset=http_charset)
    assert (text, encoding) == (UTF7_PAGE.decode("ascii"), "utf-8")  # no <img> a browser would not render


@pytest.mark.parametrize("label", ["rot13", "base64", "hex", "idna", "zlib", "undefined", "unicode_escape"])
def test_python_codec_names_are_ignored(label: str) -> None:
    data = f'<meta charset="{label}"><p>caf\xe9 ok</p>'.encode("latin-1")
    for http_charset in (None, label):
        assert decode(data, http_charset=http_charset) == (f'<meta charset="{label}"><p>café ok</p>', "cp1252")


@pytest.mark.parametrize("label", ["utf-7", "rot13", "base64", "hex", "idna"])
def test_a_page_labelled_with_what_browsers_ignore_is_checked(label: str) -> None:
    data = (f'<!doctype html><html lang="en"><head><meta charset="{label}"><title>t</title></head>'
            '<body><main><p>+ADw-img src=x+AD4-</p></main></body></html>').encode()
    for http_charset in (None, label):
        report = check(Source.from_bytes(data, http_charset=http_charset), path="page.html")
        assert (report.error, report.encoding) == (None, "utf-8")
        assert "image-alt" not in {r.rule for r in report.results}


@pytest.mark.parametrize("label", ["iso-2022-kr", "HZ-GB-2312", "csiso2022kr", "iso-2022-cn"])
def test_replacement_encoding_labels_make_one_replacement_character(label: str) -> None:
    data = f'<meta charset="{label}"><p>\x1b$)C\x0e<script>\x0f</p>'.encode("ascii")
    assert decode(data) == ("\ufffd", "replacement")
    assert decode(b"<p>x</p>", http_charset=label) == ("\ufffd", "replacement")


def test_http_utf16_is_honoured_and_meta_utf16_is_not() -> None:
    text = "<!doctype html><p>Été</p>"
    assert Source.from_bytes(text.encode("utf-16-le"), http_charset="utf-16").text == text
    assert decode(text.encode("utf-16-be"), http_charset="UTF-16BE") == (text, "utf-16-be")


def test_http_x_user_defined_is_honoured() -> None:
    assert decode(b"<p>\x80\xff</p>", http_charset="x-user-defined") == ("<p>\uf780\uf7ff</p>", "x-user-defined")
    assert decode(b'<meta charset="x-user-defined"><p>\x80</p>')[0].endswith("<p>€</p>")


@pytest.mark.parametrize(("label", "data", "char"), [("shift_jis", b"\x87\x40", "①"), ("euc-kr", b"\x81\x41", "갂")])
def test_cjk_labels_decode_the_bytes_browsers_decode(label: str, data: bytes, char: str) -> None:
    assert decode(f'<meta charset="{label}"><p>'.encode() + data)[0].endswith("<p>" + char)


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
def test_positions_across_blocks(lengths: list[int], data: st.DataObject) -> None:
    text = "\n".join("x" * n for n in lengths)
    source = Source.from_text(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
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
