"""Pages by URL, against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from conftest import answer

from a11ycheck.browser.server import QuietHTTPServer
from a11ycheck.cli import main
from a11ycheck.fetch import fetch
from a11ycheck.source import InputError

LATIN1 = "<!doctype html><html lang='de'><head><title>Müller grüßt</title></head><body><h1>Ärger</h1></body></html>"
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/utf8": (200, {"Content-Type": "text/html; charset=utf-8"},
              "<!doctype html><html lang='en'><head><title>Café</title></head><body><img src=a.jpg></body></html>"
              .encode()),
    "/latin1": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, LATIN1.encode("latin-1")),
    "/moved": (301, {"Location": "/utf8"}, b""),
    "/missing": (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
    "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 4096),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/trickle"):  # a few bytes every 50 ms for 3 s: /trickle-head in the head
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/trickle":
                self.end_headers()
            else:
                self.flush_headers()
            for _ in range(60):
                self.wfile.write(b"<p>" if self.path == "/trickle" else b"X")
                self.wfile.flush()
                time.sleep(0.05)
            return
        if self.path == "/slow":
            time.sleep(2)
        answer(self, *ROUTES.get(self.path, (404, {}, b"")))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)  # fetch() hangs up on /slow, as intended
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_header_charset_decodes_the_page(server: str) -> None:
    source, final = fetch(server + "/latin1")
    assert "Müller grüßt" in source.text
    assert final == server + "/latin1"


def test_redirects_are_followed(server: str) -> None:
    source, final = fetch(server + "/moved")
    assert final == server + "/utf8"
    assert "Café" in source.text


@pytest.mark.parametrize(("route", "message"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/image", "not an HTML page (Content-Type image/png)"),
])
def test_http_errors(server: str, route: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        fetch(server + route)


def test_size_limit_and_timeout(server: str) -> None:
    with pytest.raises(InputError, match=r"^larger than 1024 bytes \(--max-size\)$"):
        fetch(server + "/big", max_bytes=1024)
    with pytest.raises(InputError, match=r"^took longer than 0\.5 s to fetch \(--timeout\)$"):
        fetch(server + "/slow", timeout=0.5)


@pytest.mark.parametrize("route", ["/trickle", "/trickle-head"])
def test_a_server_that_trickles_is_cut_off_at_the_deadline(server: str, route: str) -> None:
    # each read gets bytes well within the timeout: only an overall deadline ends the fetch
    with pytest.raises(InputError, match=r"^took longer than 0\.5 s to fetch \(--timeout\)$"):
        fetch(server + route, timeout=0.5)


def test_the_cli_cuts_off_a_trickling_url_and_goes_on(server: str, capsys) -> None:
    # (the trickle lasts 3 s; 1.5 s leaves the next page time to be fetched and checked on a busy machine)
    code = main([server + "/trickle", server + "/utf8", "--timeout", "1.5", "--format", "json", "--jobs", "1",
                 "--isolated"])
    first, second = json.loads(capsys.readouterr().out)["files"]
    assert code == 2
    assert first == {"path": server + "/trickle", "error": "took longer than 1.5 s to fetch (--timeout)"}
    assert second["path"] == server + "/utf8" and "error" not in second


def test_cli_checks_urls_beside_files(server: str, capsys) -> None:
    code = main([server + "/utf8", server + "/missing", "--format", "json", "--jobs", "1", "--isolated"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    first, second = out["files"]
    assert first["path"] == server + "/utf8"
    assert "image-alt" in {r["rule"] for r in first["results"]}
    assert second == {"path": server + "/missing", "error": "HTTP 404 Not Found"}


def test_the_tls_settings_are_made_once_not_per_page(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # reading the CA bundle took 100-150 ms a fetch: more than a site's page takes to come from a nearby server
    import ssl

    loads = []
    original = ssl.SSLContext.load_verify_locations
    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations",
                        lambda self, *args, **kwargs: loads.append(1) or original(self, *args, **kwargs))
    for _ in range(3):
        fetch(server + "/utf8")
    assert len(loads) <= 1


def test_a_url_httpx_cannot_parse_is_a_one_line_error_and_the_run_goes_on(server: str, capsys,
                                                                          tmp_path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("http://[::1/x\n" + server + "/utf8\n", encoding="utf-8")
    code = main(["http://[::1/y", "--urls", str(listed), "--format", "json", "--jobs", "1", "--isolated",
                 "--ignore-robots"])
    out = capsys.readouterr()
    files = json.loads(out.out)["files"]
    assert code == 2
    assert files[0]["path"] == "http://[::1/y" and files[0]["error"].startswith("not a valid URL")
    assert str(listed) + ": not an http(s) URL on line 1" in out.err
    assert any(f["path"] == server + "/utf8" and "error" not in f for f in files)
