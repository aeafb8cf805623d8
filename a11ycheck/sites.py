"""Whole sites as inputs: sitemaps (indexes, gzipped), URL lists, robots.txt, and polite fetching.

The page list is resolved once, before any engine runs (:func:`resolve`); every request of the run (a
sitemap, a robots.txt, a page) goes through one :class:`Gate`, which keeps the fetch limits of
:mod:`a11ycheck.fetch` and a politeness limit per host: at most ``per_host`` requests at once, their starts
``delay`` seconds apart. Pages named by URL are fetched here, in the main process, and checked by the
workers (:func:`check_urls`), so the limit holds whatever ``--jobs`` is.

Sitemaps are XML that strangers wrote: parsed by lxml with no entity expansion, no network, no DTD (a
sitemap with a DOCTYPE is refused), its default size limits; a gzipped one is inflated in bounded steps,
never past the page size bound.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .engine import Options, check, internal_error
from .fetch import USER_AGENT, HTTPStatusError, fetch_bytes, is_url, source_of
from .parallel import map_jobs, settled
from .policy import Policy
from .results import Report
from .source import InputError, read_file, too_large
from .urls import split_url

if TYPE_CHECKING:  # (imported where used: a run over files never needs them)
    from concurrent.futures import Future
    from urllib.robotparser import RobotFileParser

__all__ = ["DELAY", "PER_HOST", "Gate", "SiteInputs", "check_urls", "parse_sitemap", "read_url_list", "resolve"]

DELAY = 0.2  # seconds between the starts of two requests to one host (--delay)
MAX_CRAWL_DELAY = 60.0  # a robots.txt's Crawl-delay is honoured up to this many seconds
PER_HOST = 1  # requests at once to one host (--per-host)
_FETCH_THREADS = 8  # pages fetched at once, all hosts together
_SITEMAP_DEPTH = 2  # levels read: a sitemap index and its sitemaps (the protocol nests no deeper)
_SITEMAP_SUFFIXES = (".xml", ".xml.gz")
_INFLATE_STEP = 1 << 20
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]

Warn = Callable[[str, str | None], None]  # a note on stderr: message, the input it is about


def _host(url: str) -> str:
    return (split_url(url).hostname or "").lower()


def _origin(url: str) -> str:
    parts = split_url(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_page_url(text: str) -> bool:
    """An http(s) URL with a host and no white space (a line of a URL list, a sitemap's ``<loc>``)."""
    return is_url(text) and bool(_host(text)) and not any(c.isspace() for c in text)


@dataclass
class _Host:
    slots: threading.Semaphore
    turn: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    delay: float | None = None  # its robots.txt's Crawl-delay, when longer than the run's


class Gate:
    """Every request of a run: the fetch limits (``timeout``, ``max_bytes``) and, per host, at most
    ``per_host`` requests at once whose starts are ``delay`` seconds apart."""

    def __init__(self, *, timeout: float, max_bytes: int, delay: float = DELAY, per_host: int = PER_HOST) -> None:
        self.timeout, self.max_bytes, self.delay, self.per_host = timeout, max_bytes, delay, per_host
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def _host_of(self, url: str) -> _Host:
        with self._lock:
            return self._hosts.setdefault(_host(url), _Host(threading.Semaphore(self.per_host)))

    def slow_down(self, url: str, delay: float) -> None:
        """Space the starts of requests to ``url``'s host at least ``delay`` seconds apart (a Crawl-delay)."""
        host = self._host_of(url)
        if delay > self.delay:
            host.delay = delay

    @contextmanager
    def _turn(self, url: str) -> Iterator[None]:
        host = self._host_of(url)
        with host.slots:
            with host.turn:  # (only this host's requests wait here: they would wait anyway)
                time.sleep(max(0.0, host.next_start - time.monotonic()))
                host.next_start = time.monotonic() + (host.delay or self.delay)
            yield

    def fetch(self, url: str, *, html_only: bool = True) -> tuple[bytes, str, str]:
        """The body at ``url`` (an HTML page, else with ``html_only=False`` anything: a sitemap, a robots.txt),
        its ``Content-Type`` and final URL (see :func:`a11ycheck.fetch.fetch_bytes`)."""
        with self._turn(url):
            return fetch_bytes(url, timeout=self.timeout, max_bytes=self.max_bytes, html_only=html_only)


class Robots:
    """robots.txt of each origin, read once through the gate (RFC 9309: a 4xx but 401/403 allows all; 401,
    403, a 5xx or no answer disallow all), matched for a11ycheck's user agent; its ``Crawl-delay``, when longer
    than ``--delay``, spaces the host's requests (up to :data:`MAX_CRAWL_DELAY`)."""

    def __init__(self, gate: Gate, warn: Warn) -> None:
        self.gate, self.warn = gate, warn
        self._origins: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self._origins:
            self._origins[origin] = self._load(origin + "/robots.txt")
        return self._origins[origin].can_fetch(USER_AGENT, url)

    def _load(self, url: str) -> RobotFileParser:
        from urllib.robotparser import RobotFileParser

        parser = RobotFileParser(url)
        try:
            body, _, _ = self.gate.fetch(url, html_only=False)
        except HTTPStatusError as exc:
            allow = 400 <= exc.status < 500 and exc.status not in (401, 403)
            parser.parse([] if allow else _DISALLOW_ALL)
        except InputError as exc:
            self.warn(f"cannot read ({exc}): its site's pages are skipped (--ignore-robots checks them)", url)
            parser.parse(_DISALLOW_ALL)
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(USER_AGENT)
            if delay:
                seconds = float(delay)
                if seconds > MAX_CRAWL_DELAY:
                    self.warn(f"Crawl-delay of {seconds:g} s: its pages are fetched {MAX_CRAWL_DELAY:g} s apart", url)
                self.gate.slow_down(url, min(seconds, MAX_CRAWL_DELAY))
        return parser


@dataclass
class SiteInputs:
    """What the command line asks of a site: sitemaps, URL lists, and the limits of the crawl."""

    sitemaps: list[str] = field(default_factory=list)
    url_lists: list[str] = field(default_factory=list)
    max_pages: int | None = None
    robots: bool = True


def _looks_like_sitemap(url: str) -> bool:
    """A URL argument fetched first as a sitemap (the page it is when its body is none): its path ends in ``.xml``
    or ``.xml.gz``, or its last segment names a sitemap (``/sitemap``, ``/sitemap_index.php``)."""
    path = split_url(url).path.lower()
    return path.endswith(_SITEMAP_SUFFIXES) or "sitemap" in path.rpartition("/")[2]


def resolve(listed: Iterable[tuple[str, str | None]], site: SiteInputs, gate: Gate,
            warn: Warn) -> list[tuple[str, str | None]]:
    """The inputs with sitemaps expanded and URL lists read: each entry a path or URL and the reason it cannot
    be checked (or None). Pages from sitemaps and lists come once each, in order, those robots.txt disallows
    left out (with a note), at most ``site.max_pages`` of them: past those, no sitemap is fetched."""
    robots = Robots(gate, warn) if site.robots else None
    seen: set[str] = set()
    out: list[tuple[str, str | None]] = []
    count, full = 0, False

    def take(found: Iterable[tuple[str, str | None]]) -> None:
        nonlocal count, full
        for url, error in found:
            if error is not None:
                out.append((url, error))
            elif url not in seen and site.max_pages is not None and count >= site.max_pages:
                warn(f"--max-pages {site.max_pages} reached: the site's other pages are not checked", None)
                full = True
                return
            elif url not in seen:
                seen.add(url)
                if robots is None or robots.allowed(url):
                    count += 1
                    out.append((url, None))
                else:
                    warn("skipped: robots.txt disallows it (--ignore-robots checks it)", url)

    for path, error in listed:
        if error is not None or not is_url(path) or not _looks_like_sitemap(path):
            out.append((path, error))
        elif not full:
            try:
                opened = _open_sitemap(path, gate)
            except NotSitemap:  # a page named on the command line, checked as asked
                out.append((path, None))
            except InputError as exc:
                out.append((path, f"cannot read the sitemap ({exc})"))
            else:
                take(_entries(path, *opened, gate, warn, {path}))
    for name in site.sitemaps:
        if not full:
            take(_sitemap(name, gate, warn, {name}))
    for name in site.url_lists:
        if not full:
            take(read_url_list(name, gate.max_bytes))
    return out


def _open_sitemap(name: str, gate: Gate) -> tuple[str, list[str], str | None]:
    """A sitemap's kind, its entries, and its host (None for a file)."""
    if is_url(name):
        body, _, final = gate.fetch(name, html_only=False)
        return (*parse_sitemap(body, gate.max_bytes), _host(final))
    return (*parse_sitemap(read_file(name, gate.max_bytes), gate.max_bytes), None)


def _sitemap(name: str, gate: Gate, warn: Warn, seen: set[str], depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """The pages of a sitemap (a URL or a file), of every sitemap of an index; an error entry for one that
    cannot be read, or is none."""
    try:
        opened = _open_sitemap(name, gate)
    except NotSitemap as exc:
        yield name, str(exc)
    except InputError as exc:
        yield name, f"cannot read the sitemap ({exc})"
    else:
        yield from _entries(name, *opened, gate, warn, seen, depth)


def _entries(name: str, kind: str, locs: list[str], host: str | None, gate: Gate, warn: Warn, seen: set[str],
             depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """The pages a read sitemap names: its own, or those of the sitemaps an index names (read as they are
    needed), entries on other hosts and not http(s) left out with a note."""
    kept, elsewhere, other = [], 0, 0
    for loc in locs:
        if not is_page_url(loc):
            other += 1
        elif host is not None and _host(loc) != host:
            elsewhere += 1
        else:
            kept.append(loc)
    if elsewhere:
        warn(f"{elsewhere} URL{'s' * (elsewhere != 1)} on other hosts skipped (a sitemap lists its own host's "
             "pages)", name)
    if other:
        warn(f"{other} entr{'ies' if other != 1 else 'y'} not http(s) URLs skipped", name)
    if kind == "urlset":
        yield from ((loc, None) for loc in kept)
        return
    for child in kept:
        if child in seen:
            continue
        seen.add(child)
        if depth >= _SITEMAP_DEPTH - 1:
            yield child, "cannot read the sitemap (sitemap indexes nested too deep)"
        else:
            yield from _sitemap(child, gate, warn, seen, depth + 1)


class NotSitemap(InputError):
    """Bytes that are not a sitemap."""


def parse_sitemap(body: bytes, max_bytes: int) -> tuple[str, list[str]]:
    """A sitemap's kind (``urlset`` or ``sitemapindex``) and the text of its ``<loc>`` entries; gzip is
    inflated first, up to ``max_bytes``. :class:`NotSitemap` for anything else."""
    from lxml import etree

    if body[:2] == b"\x1f\x8b":
        body = _inflate(body, max_bytes)
    if b"<!DOCTYPE" in body:  # (entities: an XXE, a billion laughs; the parser would not expand them either)
        raise NotSitemap("not a sitemap (it has a DOCTYPE, which sitemaps never need)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise NotSitemap(f"not a sitemap (XML: {exc})") from None
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise NotSitemap(f"not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")
    entry = "url" if kind == "urlset" else "sitemap"
    locs = [(loc.text or "").strip()
            for item in root if isinstance(item.tag, str) and etree.QName(item).localname == entry
            for loc in item if isinstance(loc.tag, str) and etree.QName(loc).localname == "loc"]
    return kind, locs


def _inflate(data: bytes, max_bytes: int) -> bytes:
    """Gzip members inflated in steps, never more than ``max_bytes`` bytes of output."""
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits=31)
        while data:
            try:
                chunk = inflater.decompress(data, _INFLATE_STEP)
            except zlib.error as exc:
                raise NotSitemap(f"not a sitemap (gzip: {exc})") from None
            size += len(chunk)
            if size > max_bytes:
                raise too_large(max_bytes)
            out.append(chunk)
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
        if not inflater.eof:
            raise NotSitemap("not a sitemap (gzip: truncated)")
        data = inflater.unused_data
    return b"".join(out)


def read_url_list(name: str, max_bytes: int) -> Iterator[tuple[str, str | None]]:
    """The URLs of a list file, one a line (blank lines and ``#`` comments skipped), as pa11y-ci reads them;
    an error entry naming the file for one that cannot be read and for lines that are no http(s) URL (the
    other lines are still checked)."""
    try:
        text = read_file(name, max_bytes).decode("utf-8-sig")
    except InputError as exc:
        yield name, f"cannot read the URL list ({exc})"
        return
    except UnicodeDecodeError:
        yield name, "cannot read the URL list (not UTF-8 text)"
        return
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_page_url(line):
            yield line, None
        else:
            bad.append(number)
    if bad:
        lines = ", ".join(map(str, bad[:5])) + (", ..." if len(bad) > 5 else "")
        yield name, f"not an http(s) URL on line{'s' * (len(bad) > 1)} {lines}"


@dataclass(frozen=True)
class Fetched:
    """A page fetched in the main process, to be checked by a worker."""

    url: str
    body: bytes
    media_type: str
    final: str


def check_urls(urls: list[str], options: Options, policy: Policy | None, gate: Gate, *, jobs: int,
               ordered: bool) -> Iterator[Report]:
    """Reports for pages named by URL: fetched here through the gate, checked in ``jobs`` workers."""
    return map_jobs(check_fetched, _fetch_pages(urls, gate), options, policy, jobs=jobs, ordered=ordered,
                    failed=lambda item, reason: Report(path=item.url if isinstance(item, Fetched) else item.path,
                                                       error=reason),
                    timeout=options.timeout)


def check_fetched(item: Fetched | Report, options: Options, policy: Policy | None = None) -> Report:
    """One fetched page's report (the report of its fetch's failure as it is); its same-origin style sheets are
    fetched by the worker, within the page's limits (not spaced by the gate: a browser loads them with the page)."""
    if isinstance(item, Report):
        return item
    if policy is not None:
        options = policy.options_for(options, item.url)
    try:
        return check(source_of(item.body, item.media_type), path=item.url,
                     options=replace(options, url=options.url or item.final, fetched=item.final))
    except InputError as exc:
        return Report(path=item.url, error=str(exc))
    except Exception as exc:  # a bug in a check must not stop the rest of the batch
        return Report(path=item.url, error=internal_error(exc))


def _fetch_pages(urls: list[str], gate: Gate) -> Iterator[Fetched | Report]:
    """Each URL's page (or the report of why not), in order; fetched by a few threads, a bounded number
    ahead of the one yielded."""
    threads = max(1, min(_FETCH_THREADS, gate.per_host * len({_host(url) for url in urls})))

    def one(url: str) -> Fetched | Report:
        try:
            return Fetched(url, *gate.fetch(url))
        except InputError as exc:
            return Report(path=url, error=str(exc))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads, thread_name_prefix="a11ycheck-fetch") as pool:
        pending: deque[Future[Fetched | Report]] = deque()
        try:
            for url in urls:
                pending.append(pool.submit(one, url))
                if len(pending) > 2 * threads:
                    yield settled([pending.popleft()]).result()
            while pending:
                yield settled([pending.popleft()]).result()
        finally:
            for future in pending:
                future.cancel()
