"""A local HTTP server on 127.0.0.1 that serves Chromium the pages and the local files they name.

It serves what the static engine would read (:mod:`a11ycheck.localfiles`), and nothing else: regular
files inside the page's root (``--root DIR``, served at ``/``; without one, the page's own folder,
served from a mount of its own), and the page file itself wherever it is. A symbolic link leading out
of the root, a FIFO, a device or a folder is "not found". A page given as bytes (a fetched URL) is
served from memory.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

from ..localfiles import LocalFiles, open_regular
from ..urls import split_url

__all__ = ["LocalServer", "QuietHTTPServer"]

_MOUNT = "/.a11ycheck/"


class _Handler(SimpleHTTPRequestHandler):
    """Serves the in-memory pages and the local files of its :class:`LocalServer`."""

    def __init__(self, *args: object, site: LocalServer, **kwargs: object) -> None:
        self.site = site
        # (no folder is served as such: send_head serves what the site's file_for names)
        super().__init__(*args, directory=os.devnull, **kwargs)  # type: ignore[arg-type]

    def send_head(self) -> BinaryIO | None:
        url_path = split_url(self.path).path
        page = self.site.pages.get(unquote(url_path))
        if page is not None:
            return self._answer(BytesIO(page), len(page), "text/html")
        path = self.site.file_for(url_path)
        try:
            handle = open_regular(path) if path is not None else None
        except OSError:
            handle = None
        if path is None or handle is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return self._answer(handle, os.fstat(handle.fileno()).st_size, self.guess_type(path))

    def _answer(self, body: BinaryIO, size: int, content_type: str) -> BinaryIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        return body

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
        self.root = LocalFiles.for_page(None, root)  # the site root, served at /
        self.mounts: dict[str, LocalFiles] = {}  # prefix -> the files of the pages of one folder
        self.own: dict[str, str] = {}  # URL path -> real path of a page file it serves
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
        """The URL that serves a local page file: under the root if its folder lies there, else from a mount
        of its folder (whose other files are served only inside the root)."""
        files = LocalFiles.of_file(path, self.root.root if self.root else None)
        folder = files.folder or files.root  # (a page file always has its folder)
        name = os.path.basename(path)
        if self.root is not None and self.root.contains(folder):
            url_path = "/" + Path(os.path.relpath(os.path.join(folder, name), self.root.root)).as_posix()
        else:
            prefix = next((p for p, f in self.mounts.items() if f.folder == folder), None)
            if prefix is None:
                prefix = f"{_MOUNT}{next(self._ids)}/"
                self.mounts[prefix] = files
            url_path = prefix + name
        self.own[url_path] = os.path.realpath(path)
        return self.origin + quote(url_path)

    def file_for(self, url_path: str) -> str | None:
        """The real path of the local file a request path names; None when it serves none there."""
        own = self.own.get(unquote(url_path))
        if own is not None:
            return own
        for prefix, files in self.mounts.items():
            if url_path.startswith(prefix):
                return files.path_for(unquote(url_path[len(prefix):]))
        return self.root.path_for(unquote(url_path)) if self.root is not None else None

    def url_for_bytes(self, data: bytes, name: str = "page.html") -> str:
        """Serve a page held in memory (its relative URLs resolve nowhere; root-relative ones to the root)."""
        path = f"{_MOUNT}page-{next(self._ids)}/{name}"
        self.pages[path] = data
        return self.origin + quote(path)

    def forget(self, url: str) -> None:
        """Drop an in-memory page once it has been checked."""
        self.pages.pop(unquote(split_url(url).path), None)

    def close(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()
