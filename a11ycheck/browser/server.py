"""A local HTTP server on 127.0.0.1 for pages whose root-relative URLs must resolve (``--root DIR``).

The site root is served at ``/``; a page outside it is served from a mount of its own folder (so its
relative URLs still work), and a page given as bytes (a fetched URL) from memory.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

__all__ = ["LocalServer", "QuietHTTPServer"]

_MOUNT = "/.a11ycheck/"


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site root, the mounted folders and the in-memory pages of its :class:`LocalServer`."""

    def __init__(self, *args: object, site: LocalServer, **kwargs: object) -> None:
        self.site = site
        super().__init__(*args, directory=site.root or os.devnull, **kwargs)  # type: ignore[arg-type]

    def send_head(self) -> BytesIO | None:  # type: ignore[override]
        page = self.site.pages.get(unquote(urlsplit(self.path).path))
        if page is None:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return BytesIO(page)

    def translate_path(self, path: str) -> str:
        path = posixpath.normpath(unquote(urlsplit(path).path))
        for prefix, folder in self.site.mounts.items():
            if path.startswith(prefix):
                return str(Path(folder, *[p for p in path[len(prefix):].split("/") if p not in ("", "..")]))
        if self.site.root is None:
            return os.devnull + "/missing"
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the checker's output is its report."""


class QuietHTTPServer(ThreadingHTTPServer):
    """A threaded server whose threads do not print a traceback when a client hangs up mid-answer
    (a browser that gave up on a slow page): the checker's output is its report."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipe, ConnectionReset, ...
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LocalServer:
    """A threaded HTTP server on an ephemeral port of 127.0.0.1, serving until :meth:`close`."""

    def __init__(self, root: str | None = None) -> None:
        self.root = os.path.abspath(root) if root else None
        self.mounts: dict[str, str] = {}
        self.pages: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._httpd = QuietHTTPServer(("127.0.0.1", 0), partial(_Handler, site=self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="a11ycheck-server", daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url_for_file(self, path: str) -> str:
        """The URL that serves a local file: under the root if it lies there, else from a mount of its folder."""
        path = os.path.abspath(path)
        if self.root and os.path.commonpath([self.root, path]) == self.root:
            return self.origin + quote("/" + Path(os.path.relpath(path, self.root)).as_posix())
        folder, name = os.path.split(path)
        prefix = next((p for p, f in self.mounts.items() if f == folder), None)
        if prefix is None:
            prefix = f"{_MOUNT}{next(self._ids)}/"
            self.mounts[prefix] = folder
        return self.origin + quote(prefix + name)

    def url_for_bytes(self, data: bytes, name: str = "page.html") -> str:
        """Serve a page held in memory (its relative URLs resolve nowhere; root-relative ones to the root)."""
        path = f"{_MOUNT}page-{next(self._ids)}/{name}"
        self.pages[path] = data
        return self.origin + quote(path)

    def forget(self, url: str) -> None:
        """Drop an in-memory page once it has been checked."""
        self.pages.pop(unquote(urlsplit(url).path), None)

    def close(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()
