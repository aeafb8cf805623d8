"""The page's tree as a browser builds it, with each element's start tag in the source.

The HTML standard's tree construction (the parser of every browser) is lexbor's, through selectolax.
The tree the rules read is lxml's: lexbor's tree is serialized and read back by libxml2, every start tag
and end tag explicit, so libxml2 only copies the structure; the few tags it would still close or nest
by its own (HTML 4) rules are renamed on the way and named back after. Scripting is on, as in a
reader's browser: ``<noscript>`` and ``<template>`` are kept empty. Before parsing, every start tag
the tokenizer will see gets the attribute :data:`MARK` holding its number in source order; it rides
on the element through both parsers and is then taken out into a list in document order, so each
element knows its start tag (an element the parser implies has none; one the adoption agency clones
shares its original's). See ``docs/parsing.md``.

Two guards keep a hostile page from costing more than its size: a start tag keeps its first
:data:`MAX_ATTRIBUTES` attributes (the rest are left out), and tags nested deeper than :data:`MAX_DEPTH` are blanked out
(lexbor and libxml2 add attributes and scope open elements in steps that grow with their number).
"""

from __future__ import annotations

import re
from array import array
from itertools import accumulate, chain, compress, islice
from operator import add
from typing import TYPE_CHECKING, TypeAlias

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from .source import offset_type

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


Element: TypeAlias = etree._Element

__all__ = ["MARK", "MAX_ATTRIBUTES", "MAX_DEPTH", "Tree", "build"]

MARK = "a11ycheck-at"
# HTML's whitespace (Python's ``\s`` would also take U+00A0 and other Unicode spaces into tag names).
_WS = r"\t\n\f\r "
# Elements whose content is text, not markup, with scripting on (template: its content is not shown).
_RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
        "template", "plaintext")
_RAW_END = {name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE | re.ASCII) for name in _RAW}
_RAW_END["plaintext"] = re.compile(r"(?!)")  # (its text runs to the end of the page)
_SCRIPT = "[sS][cC][rR][iI][pP][tT]"
# What moves the tokenizer between a script's states: "<!--" escapes, "<script" in an escaped script
# escapes it twice (a "</script>" there does not end it), "-->" ends both.
_SCRIPT_EVENT = re.compile(rf"<!--|-->|<(/?){_SCRIPT}(?=[{_WS}/>])")
# Elements whose text the tree leaves out: a third of a news page's bytes are scripts', and the checks
# that read them read only those naming focus (aria-hidden-focus: a script may move focus away) or
# drawing text (image-hidden-decorative: text written on a canvas).
_DROPPED = frozenset(("script", "noscript", "template"))
_KEPT_SCRIPT_WORDS = ("focus", "fillText", "strokeText")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen"))
# Elements a later start tag or the end of their parent may close: they never make a page deeper.
_IMPLIED_END = frozenset(("p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rtc", "rp",
                          "thead", "tbody", "tfoot", "colgroup", "caption", "head", "body", "html"))
MAX_DEPTH = 512  # Blink's own limit: deeper elements become siblings of the last one kept
MAX_ATTRIBUTES = 1024
# A page with fewer start tags than this cannot nest deep enough to need the depth scan.
_DEPTH_SCAN = 4 * MAX_DEPTH

_ATTRS = rf"""(?:[{_WS}/]++|[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*=[{_WS}]*(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]++))?)*+>?"""
# Comments, doctypes, bogus comments and end tags, as the tokenizer reads them.
_SKIP = r"(?>[^<]++|<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*+>?|</[^>]*+>?|<(?![a-zA-Z]))"
_NEXT_START = re.compile(rf"{_SKIP}*+(?:<(?P<name>[a-zA-Z][^{_WS}/>]*+){_ATTRS}|\Z)", re.DOTALL)
_START_TAG = re.compile(rf"<[^{_WS}/>]*+{_ATTRS}", re.DOTALL)
# The text split at start tags: what comes before the tag, "<name", the name again if its element's
# content is raw text, the attributes, the raw text up to its end tag (or the page's end).
_SPLIT = re.compile(
    rf"({_SKIP}*+)(?:(<(?:(?i:({'|'.join(_RAW)}))(?=[{_WS}/>])|[a-zA-Z])[^{_WS}/>]*+)({_ATTRS})"
    rf"((?(3)(?:[^<]++|<(?!(?i:/\3)[{_WS}/>]))*+|))|\Z)",
    re.DOTALL | re.ASCII,
)
_STRIDE = 6  # (the text between two splits, always empty, and the five groups)
# Every tag: (end tag name | start tag name), for the depth scan.
_TAG_RE = re.compile(
    rf"<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*>?|</(?P<end>[a-zA-Z][^{_WS}/>]*)[^>]*>?|</[^>]*>?"
    rf"|<(?P<name>[a-zA-Z][^{_WS}/>]*){_ATTRS}",
    re.DOTALL,
)
_ATTRIBUTE = rf"""[{_WS}/]*+[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_WS}>]++))?+"""
_MANY_ATTRIBUTES = rf"<[a-zA-Z][^{_WS}/>]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}}"
_TOO_MANY = re.compile(_MANY_ATTRIBUTES)
_LONG_TAG = 2 * MAX_ATTRIBUTES  # (a tag shorter than this cannot hold that many attributes)
_NOT_NEWLINE = re.compile(r"[^\r\n]")
_STRAY_MARK = re.compile(rf' {MARK}="\d+"')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # what lxml cannot set
# Per element in document order, its mark, or the element itself for one the parser implied.
_IN_ORDER = etree.XPath(f"//*[not(@{MARK})] | //@{MARK}", smart_strings=False)
_COUNT_MARKS = etree.XPath(f"count(//@{MARK})")
_MARKED_TEXT = etree.XPath(f'//text()[contains(., " {MARK}=")] | //@*[contains(., "{MARK}=")]', smart_strings=True)
_PARSER = etree.HTMLParser(huge_tree=True, no_network=True, recover=True, remove_comments=False, remove_pis=True,
                           encoding="utf-8", default_doctype=False, collect_ids=False)
# libxml2 closes the current element at these start tags where the standard nests them (measured over
# every pair of HTML elements: <b><p>, <h2><p>, <a><table>, <ul><form>, <p><table> in quirks mode...).
_CLOSERS = ("p", "li", "ul", "dl", "dd", "dt", "table", "form", "fieldset", "center", "menu", "address", "pre",
            "title")
_NOT_VOID_THERE = frozenset(("embed", "keygen", "source", "track", "wbr", "bgsound"))  # void, not to libxml2
_PREFIX = "a11ycheck-"
# Elements whose text lexbor writes as it is and libxml2 would read as markup: their text is escaped for
# it (libxml2 reads script and style as text too).
_ESCAPED = ("xmp", "iframe", "noembed", "noframes")
_RENAMED = tuple(_PREFIX + name for name in (*_CLOSERS, *_NOT_VOID_THERE, *_ESCAPED, "plaintext"))
_NAMES = "|".join((*_CLOSERS, *_NOT_VOID_THERE))
# In lexbor's serialization a "<" starts a tag, except in comments, in the raw text of script, style and
# the elements below, and in odd tag and attribute names (values and text have theirs escaped, and no ">"
# is in a tag but at its end):
# comments, scripts and styles are passed over, the elements to rewrite found.
# The renames as substitutions in C, over the whole serialization, comments and raw text too (they are
# named back there after parsing, see _renamed_text); the rare elements whose text must be escaped, and
# tag names with a "<" in them, are left to the tag-by-tag rewrite.
_CLOSERS_THERE = re.compile(rf"(</?(?:{'|'.join(_CLOSERS)}))(?=[\s/>])")
_VOIDS_THERE = re.compile(rf"(<(?:{'|'.join(_NOT_VOID_THERE)}))(?=[\s/>])([^>]*+>)")
_RENAMED_TAG = {f"<{slash}{name}": f"<{slash}{_PREFIX}{name}"
                for name in (*_CLOSERS, *_NOT_VOID_THERE) for slash in ("", "/")}
_IS_START = {tag: not tag.startswith("</") for tag in _RENAMED_TAG}
_VOID_CLOSED = {f"<{name}": f"</{_PREFIX}{name}>" for name in _NOT_VOID_THERE}
_ODD = re.compile(r"<(?:xmp|noembed|noframes|plaintext)[\s>]|<iframe(?=[\s>])[^>]*+>(?!</iframe>)"
                  r"|<[^\s/>!<][^\s/><]*+<")  # (a tag name with a "<" in it: its first character is no "!")
_RENAMED_TEXT = etree.XPath(f'//comment()[contains(., "<{_PREFIX}") or contains(., "</{_PREFIX}")]'
                            f' | //script/text()[contains(., "{_PREFIX}")] | //style/text()[contains(., "{_PREFIX}")]')
_VOID_BACK = re.compile(rf"<{_PREFIX}({'|'.join(_NOT_VOID_THERE)})([^>]*+)></{_PREFIX}\1>")
_CLOSER_BACK = re.compile(rf"<(/?){_PREFIX}({'|'.join(_CLOSERS)})(?=[\s/>])")
_SERIAL = re.compile(
    r"<!--(?:[^-]++|-(?!->))*+-->"
    r"|<(?P<raw>script|style)(?=[\s>])[^>]*+>(?:[^<]++|<(?!/(?P=raw)>))*+</(?P=raw)>"
    rf"|<(?P<escaped>{'|'.join(_ESCAPED)})(?=[\s>])(?P<open>[^>]*+>)"
    r"(?P<inner>(?:[^<]++|<(?!/(?P=escaped)>))*+)</(?P=escaped)>"
    r"|<plaintext(?=[\s>])(?P<plain>[^>]*+>)(?P<page_rest>.*)</plaintext>"
    rf"|<(?P<slash>/?)(?P<name>{_NAMES})(?=[\s/>])(?P<rest>[^>]*+>)",
    re.DOTALL,
)


def _lower(name: str) -> str:
    """A tag name lowercased as the HTML tokenizer does: ASCII letters only."""
    return name.lower() if name.isascii() else "".join(c.lower() if c.isascii() else c for c in name)


class Tree:
    """The built tree: its root, where each start tag begins, and the text it was parsed from."""

    __slots__ = ("marks", "root", "starts", "text")

    def __init__(self, root: Element, starts: array[int], text: str, marks: list[str | Element]) -> None:
        self.root = root
        self.starts = starts  # start tag number → offset of its "<"
        self.text = text  # the text parsed (guards applied; same length and lines as the source)
        self.marks = marks  # per element in document order: its start tag's number (the element if implied)

    def span(self, element: Element, order: Mapping[Element, int]) -> tuple[int, int] | None:
        """(start, end) offsets of the element's start tag in the source, or None if implied;
        ``order`` gives each element's index in document order."""
        k = self.marks[order[element]]
        if not isinstance(k, str) or not k.isdigit() or int(k) >= len(self.starts):
            return None
        start = self.starts[int(k)]
        return start, _START_TAG.match(self.text, start).end()  # type: ignore[union-attr]  # any "<name" matches


def build(text: str, *, scripting: bool = True, hidden: bool = False) -> Tree:
    """Parse decoded text as a browser does into an lxml tree whose root is ``<html>``.

    ``scripting`` is the standard's scripting flag. ``hidden`` keeps what a page never shows: the
    children of ``<noscript>`` and the content of ``<template>`` (as its children), for the
    tree-construction tests; without it both are left empty."""
    dropped = frozenset() if hidden else _DROPPED
    marked, starts = _marked(text, dropped)
    if len(starts) > _DEPTH_SCAN:
        deep = _too_deep(text)
        if deep:
            text = _blanked(text, deep)
            marked, starts = _marked(text, dropped)
    root, unmark = _tree(marked, scripting, "<![CDATA[" in text)
    del marked
    if root is None:  # deeper than libxml2 goes (elements the depth scan let through): blank them too
        text = _blanked(text, _too_deep(text, strict=True))
        marked, starts = _marked(text, dropped)
        root, unmark = _tree(marked, scripting, "<![CDATA[" in text)
        root = root if root is not None else etree.fromstring(b"<html></html>", _PARSER)
    if unmark:
        _unmark_text(root)
    # The marks leave the tree (an attribute more on every element costs the checks about 8%).
    marks = _IN_ORDER(root)
    etree.strip_attributes(root, MARK)
    return Tree(root, starts, text, marks)


def _marked(text: str, dropped: frozenset[str]) -> tuple[bytes, array[int]]:
    """The text with :data:`MARK` in each start tag (its number), the text of the elements named in
    ``dropped`` left out, as UTF-8 (lexbor's input: the decoded copy is not kept while lexbor parses),
    and the start tags' offsets."""
    marked, starts = _marked_at_once(text, dropped) or _marked_by_tag(text, dropped)
    return marked.encode("utf-8", "surrogatepass"), starts


def _marked_at_once(text: str, dropped: frozenset[str]) -> tuple[str, array[int]] | None:
    """:func:`_marked` by one split of the text, in C but for a loop over the few raw-text elements;
    None where the split cannot see as the tokenizer does (a script escaped by "<!--" that "</script>"
    does not end, ``<plaintext>``, a tag long enough to hold :data:`MAX_ATTRIBUTES` attributes)."""
    parts = _SPLIT.split(text)  # per tag: "", what comes before it, "<name", raw name or None, attributes, raw text
    names = parts[2::_STRIDE]
    count = len(names)
    while count and names[count - 1] is None:  # (one or two splits at the text's end, after its last tag)
        count -= 1
    parts[_STRIDE * count :] = ["".join(filter(None, parts[_STRIDE * count :]))]
    attributes, raws = parts[4::_STRIDE], parts[5::_STRIDE]
    for k in compress(range(count), map(_LONG_TAG.__lt__, map(len, attributes[:count]))):
        if _TOO_MANY.match(parts[_STRIDE * k + 2] + attributes[k]):
            return None
    starts = array(offset_type(len(text)))
    # offset of each "<name": the lengths of everything before it
    before = map(len, parts[1::_STRIDE])
    after = map(add, map(len, names[:count]), map(len, attributes[:count]))
    lengths = chain.from_iterable(zip(before, map(add, after, map(len, raws)), strict=False))
    starts.extend(islice(accumulate(lengths), 0, 2 * count, 2))
    raw_names = parts[3 : _STRIDE * count : _STRIDE]
    parts[3 : _STRIDE * count : _STRIDE] = [""] * count
    for tag in [tag for tag, name in enumerate(raw_names) if name is not None]:
        name, k = _lower(raw_names[tag]), _STRIDE * tag + 3
        raw = parts[k + 2]
        if name == "plaintext":
            return None
        if name == "script" and "<!--" in raw:  # (an escaped script: does its end tag end it?)
            begin = starts[tag] + len(parts[k - 1]) + len(parts[k + 1])
            if _raw_end(text, begin, name, _RAW_END[name]) != begin + len(raw):
                return None
        if name in dropped and (name != "script" or not any(word in raw for word in _KEPT_SCRIPT_WORDS)):
            parts[k + 2] = ""
    parts[2 : _STRIDE * count : _STRIDE] = map(add, names[:count], _marks(count)[:count]) if count <= _MARKS_KEPT \
        else map(add, names[:count], (f' {MARK}="{k}"' for k in range(count)))
    return "".join(parts), starts


def _marked_by_tag(text: str, dropped: frozenset[str]) -> tuple[str, array[int]]:
    """:func:`_marked`, tag by tag."""
    parts: list[str] = []
    starts = array(offset_type(len(text)))
    pos = last = 0
    match = _NEXT_START.match
    raw_end = _RAW_END.get
    append, note = parts.append, starts.append
    marks = _marks(min(text.count("<"), _MARKS_KEPT))
    kept = len(marks)
    while True:
        found = match(text, pos)
        name = found.group("name")  # type: ignore[union-attr]  # the pattern matches at any position
        if name is None:
            break
        pos = found.end()  # type: ignore[union-attr]
        begin = found.start("name")  # type: ignore[union-attr]
        cut = begin + len(name)
        append(text[last:cut])
        k = len(starts)
        append(marks[k] if k < kept else f' {MARK}="{k}"')
        note(begin - 1)
        last = cut
        if pos - begin > _LONG_TAG and (many := _TOO_MANY.match(text, begin - 1)) is not None:
            append(text[cut : many.end()])  # (the attributes past the first MAX_ATTRIBUTES left out)
            last = pos - 1 if text[pos - 1] == ">" else pos
        lowered = name if name.islower() else _lower(name)
        end_re = raw_end(lowered)
        if end_re is not None:
            end = _raw_end(text, pos, lowered, end_re)
            kept = lowered == "script" and any(text.find(w, pos, end) >= 0 for w in _KEPT_SCRIPT_WORDS)
            if lowered in dropped and not kept:
                append(text[last:pos])
                last = end
            pos = end
    append(text[last:])
    return "".join(parts), starts


def _raw_end(text: str, pos: int, name: str, end_re: re.Pattern[str]) -> int:
    """Where the raw text of an element named ``name`` that starts at ``pos`` ends (its end tag)."""
    close = end_re.search(text, pos)
    end = close.start() if close else len(text)
    if name != "script" or text.find("<!--", pos, end) < 0:
        return end
    escaped = twice = False
    for event in _SCRIPT_EVENT.finditer(text, pos):
        token = event.group()
        if token == "<!--":
            escaped = True
        elif token == "-->":
            escaped = twice = False
        elif event.group(1):  # "</script"
            if not twice:
                return event.start()
            twice = False
        elif escaped:  # "<script" in an escaped script
            twice = True
    return len(text)


def _marks(count: int) -> list[str]:
    """The marks of (at least) the first ``count`` start tags, made once per process."""
    if len(_MARKS) < count:
        _MARKS.extend(f' {MARK}="{n}"' for n in range(len(_MARKS), min(max(count, 2 * len(_MARKS)), _MARKS_KEPT)))
    return _MARKS


_MARKS: list[str] = []
_MARKS_KEPT = 1 << 16  # (about 4 MB of them at most)


def _tree(marked: bytes, scripting: bool, cdata: bool) -> tuple[Element | None, bool]:
    """The tree the HTML standard builds from the marked text (lexbor's), serialized and read back by libxml2
    into lxml (None: too deep for libxml2); and whether marks may have been read in text, which ``cdata``
    (the text has a CDATA section) says may happen. Each copy of the page is let go as soon as the next is
    made: on a large page, these copies and the two trees are the peak of the memory a check takes."""
    serialized = LexborHTMLParser(marked, scripting=scripting).html or ""
    # The scanner reads tags as the tokenizer does, but for the CDATA sections of SVG and MathML, where
    # ">" does not end it: there, a tag it sees may be text (never seen on real pages).
    marks = serialized.count(f" {MARK}=") if cdata else 0
    quoted = cdata and f"{MARK}=&quot;" in serialized
    readable, renamed = _for_libxml2(serialized)
    del serialized
    data = readable.encode("utf-8", "surrogatepass")
    del readable
    root = _read_back(data, renamed)
    return root, root is not None and cdata and (marks != _COUNT_MARKS(root) or quoted)


def _read_back(readable: bytes, renamed: int) -> Element | None:
    """The serialization made readable (:func:`_for_libxml2`) read by libxml2 into lxml (None: too deep for
    libxml2); ``renamed`` counts the start tags renamed in comments, scripts and styles."""
    root = etree.fromstring(readable, _PARSER)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in _PARSER.error_log):
        return None
    for element in root.iter(_RENAMED):
        element.tag = element.tag[len(_PREFIX):]  # type: ignore[index]  # parsed HTML: a tag is a str
        renamed -= 1
    if not renamed:  # (every start tag renamed is an element's: none in a comment, script or style)
        return root
    found: etree._Comment | etree._ElementUnicodeResult  # a comment, or a script's or style's text
    for found in _RENAMED_TEXT(root):
        if isinstance(found, str):  # (a script's or style's text)
            owner = found.getparent()
            owner.text = _named_back(owner.text)  # type: ignore[union-attr, arg-type]  # the text found is its parent's
        else:
            found.text = _named_back(found.text)
    return root


def _named_back(text: str) -> str:
    """Text of a comment, script or style with the tags renamed in it named back (its control
    characters, which libxml2 keeps but lxml's setters refuse, made U+FFFD)."""
    return _NOT_XML.sub("\ufffd", _CLOSER_BACK.sub(r"<\1\2", _VOID_BACK.sub(r"<\1\2>", text)))


def _for_libxml2(serialized: str) -> tuple[str, int]:
    """The serialization with the tags libxml2 would close, nest or read by its own rules renamed (a
    void one closed), and raw text it would read as markup escaped; and the number of start tags
    renamed in comments, scripts and styles too (0 when they were passed over)."""
    if _ODD.search(serialized):
        return _for_libxml2_by_tag(serialized), 0
    parts = _CLOSERS_THERE.split(serialized)  # text, "<name" or "</name", text, ...
    tags = parts[1::2]
    renamed = sum(map(_IS_START.__getitem__, tags))
    parts[1::2] = map(_RENAMED_TAG.__getitem__, tags)
    parts = _VOIDS_THERE.split("".join(parts))  # text, "<name", its attributes and ">", text, ...
    names = parts[1::3]
    parts[2::3] = map(add, parts[2::3], map(_VOID_CLOSED.__getitem__, names))
    parts[1::3] = map(_RENAMED_TAG.__getitem__, names)
    return "".join(parts), renamed + len(names)


def _for_libxml2_by_tag(serialized: str) -> str:
    """:func:`_for_libxml2`, tag by tag: comments, scripts and styles passed over."""
    parts: list[str] = []
    last = 0
    for match in _SERIAL.finditer(serialized):
        start = match.start()
        if serialized.rfind("<", 0, start) > serialized.rfind(">", 0, start):
            continue  # (a "<" inside a tag's name, as in "<img<table>": names are written as they are)
        name = match.group("name")
        if name is not None:
            slash, rest = match.group("slash"), match.group("rest")
            closed = f"</{_PREFIX}{name}>" if name in _NOT_VOID_THERE and not slash else ""
            made = f"<{slash}{_PREFIX}{name}{rest}{closed}"
        elif (raw := match.group("escaped")) is not None:
            made = f"<{_PREFIX}{raw}{match.group('open')}{_escape(match.group('inner'))}</{_PREFIX}{raw}>"
        elif match.group("plain") is not None:  # (the rest of the page is its text)
            made = f"<{_PREFIX}plaintext{match.group('plain')}{_escape(match.group('page_rest'))}</{_PREFIX}plaintext>"
        else:  # a comment, script or style: as it is
            continue
        parts.append(serialized[last:start])
        parts.append(made)
        last = match.end()
    parts.append(serialized[last:])
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _unmark_text(root: Element) -> None:
    """Take :data:`MARK` out of text and attribute values it was put in (their control characters, which
    libxml2 keeps but lxml's setters refuse, made U+FFFD)."""
    for found in _MARKED_TEXT(root):
        owner = found.getparent()
        value = _NOT_XML.sub("\ufffd", _STRAY_MARK.sub("", found))
        if found.is_attribute:
            owner.set(found.attrname, value)
        elif found.is_tail:
            owner.tail = value
        else:
            owner.text = value


def _tags(text: str) -> Iterator[tuple[str, bool, int, int]]:
    """Tags of the source in order: (lowercase name, is end tag, start offset, end offset)."""
    pos = 0
    search = _TAG_RE.search
    while True:
        match = search(text, pos)
        if match is None:
            return
        pos = match.end()
        name = match.group("name")
        if name is None:
            end = match.group("end")
            if end is not None:
                yield _lower(end), True, match.start(), pos
            continue
        name = _lower(name)
        yield name, False, match.start(), pos
        end_re = _RAW_END.get(name)
        if end_re is not None:
            pos = _raw_end(text, pos, name, end_re)


def _too_deep(text: str, *, strict: bool = False) -> list[tuple[int, int]]:
    """The spans of the tags of elements nested deeper than :data:`MAX_DEPTH` (empty if none);
    ``strict`` counts the elements a later tag may close too.

    Their content then belongs to the deepest kept ancestor, much as a browser's parser puts elements
    past its own depth limit beside, not inside, the last one.
    """
    skipped = _VOID if strict else _VOID | _IMPLIED_END
    stack: list[tuple[str, bool]] = []
    blank: list[tuple[int, int]] = []
    for name, is_end, start, end in _tags(text):
        if not is_end:
            if name in skipped:
                continue
            deep = len(stack) >= MAX_DEPTH
            stack.append((name, deep))
            if deep:
                blank.append((start, end))
            continue
        for i in range(len(stack) - 1, max(len(stack) - 64, -1), -1):
            if stack[i][0] == name:
                if stack[i][1]:
                    blank.append((start, end))
                del stack[i:]
                break
    return blank


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the characters of the spans (in order, apart) made spaces, line breaks kept."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)
