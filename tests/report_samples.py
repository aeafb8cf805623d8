"""A small fixed set of reports for the reporters' tests and snapshots: every status (error, warning,
review), an element with a failure and a review item, suppressions in the page and by the configuration,
a clean file, an unreadable one, and a file name with dots."""

from __future__ import annotations

from a11ycheck.results import Report, Result
from a11ycheck.ruleset import Rule
from a11ycheck.suppress import SELECTOR_REASON

HELP = "https://a11ycheck.dev/rules/"
SOURCE = """<!doctype html>
<html lang="en">
<head><title>Demo</title></head>
<body>
  <main>
    <h1>News</h1>
    <div class="story">
      <p>Text</p>      <img src="photo.jpg">
    </div>
    <!-- a11ycheck-disable-next-line image-alt -- spacer from the ad server -->
    <img src="spacer.gif">
    <video controls src="a.mp4"></video>
    <video controls src="b.mp4"></video>
  </main>
</body>
</html>
"""


def _result(rule: str, outcome: str, impact: str, message: str, line: int, column: int, snippet: str,
            selector: str, **extra: object) -> Result:
    return Result(rule, outcome, impact, message, line, column, snippet, selector,  # type: ignore[arg-type]
                  wcag=["1.1.1"] if rule == "image-alt" else ["1.2.1"], help=HELP + rule, **extra)  # type: ignore[arg-type]


def sample_reports() -> list[Report]:
    """Three reports: a clean one, one with findings of every kind, one that could not be read."""
    video = '<video controls src="a.mp4">'
    results = [
        _result("image-alt", "failed", "critical", "The image photo.jpg has no text alternative", 8, 24,
                '<img src="photo.jpg">', "div.story > img"),
        _result("media-fallback", "failed", "minor", "The <video> (a.mp4) has no fallback content", 12, 5, video,
                "video:nth-of-type(1)", severity="warning"),
        _result("video-captions", "cantTell", "critical", "Check that a.mp4 has captions", 12, 5, video,
                "video:nth-of-type(1)"),
        _result("media-fallback", "failed", "minor", "The <video> (b.mp4) has no fallback content", 13, 5,
                '<video controls src="b.mp4">', "video:nth-of-type(2)", severity="warning"),
    ]
    suppressed = [
        _result("image-alt", "failed", "critical", "The image spacer.gif has no text alternative", 11, 5,
                '<img src="spacer.gif">', "main > img", reason="spacer from the ad server"),
        _result("image-alt", "failed", "critical", "The image ad.gif has no text alternative", 14, 5,
                '<img src="ad.gif">', "main > img.ad", reason=SELECTOR_REASON),
    ]
    return [
        Report("site/clean.html"),
        Report("site/index.v2.html", results=results, suppressed=suppressed,
               summary={"failed": 3, "cantTell": 1, "passed": 0, "inapplicable": 0}),
        Report("site/empty.html", error="empty file"),
    ]


def _rule(rule_id: str, title: str, impact: str, fix: str, wcag: str, severity: str = "error",
          to_check: str = "", axe: tuple[str, ...] = ()) -> Rule:
    return Rule(rule_id, title, impact, f"Why {rule_id} matters.", fix, {"to-check": to_check} if to_check else {},
                (), wcag=(wcag,), tags=("wcag2a",), help=HELP + rule_id, severity=severity, axe=axe)


SAMPLE_RULES = {  # the rules of the samples, fixed: snapshots do not follow edits of rules/*.toml
    "image-alt": _rule("image-alt", "Images have a text alternative", "critical",
                       "Describe the image in its `alt` attribute:\n`<img src=\"a.jpg\" alt=\"A cat\">`.", "1.1.1",
                       axe=("image-alt",)),
    "media-fallback": _rule("media-fallback", "Video and audio have fallback content", "minor",
                            "Put a link inside the element.", "1.2.1", severity="warning"),
    "video-captions": _rule("video-captions", "Video with sound has captions", "critical",
                            "Add a `<track kind=\"captions\">`.", "1.2.2", to_check="captions, if it has sound"),
}
