"""Image and photo-credit rules beyond their rule-file examples: messages, positions, options."""

from __future__ import annotations

import pytest

from a11ycheck.engine import Options, check
from a11ycheck.results import Result
from a11ycheck.ruleset import load_rules

PAGE = """<!doctype html>
<html lang="en">
<head><title>Lavrov meets Jaishankar – DW</title></head>
<body>
  <main>
    <figure>
      <img src="/media/lavrov-jaishankar.jpg">
      <figcaption>Lavrov and Jaishankar have met five times this year.</figcaption>
    </figure>
    <p>Text.</p>
\t<img src="/media/DSC_04417.jpg" alt="DSC_04417.jpg">
  </main>
</body>
</html>
"""


def results(html: str, rule: str, **rule_options: object) -> list[Result]:
    options = Options(select=(rule,), rule_options={rule: rule_options} if rule_options else {})
    report = check(html, options=options)
    assert report.error is None
    return report.results


def test_figcaption_message_says_the_caption_names_the_figure() -> None:
    [result] = results(PAGE, "image-alt")
    assert result.outcome == "failed"
    assert "lavrov-jaishankar.jpg" in result.message
    assert '"Lavrov and Jaishankar have met five times this year."' in result.message
    assert "names the figure, not the image" in result.message
    assert result.act == ["23a2a8"]


def test_failing_image_position_in_a_multiline_page() -> None:
    [caption_img] = results(PAGE, "image-alt")
    assert (caption_img.line, caption_img.column) == (7, 7)
    [filename_img] = results(PAGE, "image-alt-filename")
    assert (filename_img.line, filename_img.column) == (11, 2)  # a tab counts as one column
    assert filename_img.snippet == '<img src="/media/DSC_04417.jpg" alt="DSC_04417.jpg">'


def test_filename_message_names_alt_and_file() -> None:
    [result] = results(PAGE, "image-alt-filename")
    assert result.message.startswith('The alt text "DSC_04417.jpg" is the image\'s file name (DSC_04417.jpg)')


def test_plain_word_matching_an_icon_file_name_passes() -> None:
    html = '<!doctype html><a href="https://facebook.com/dw"><img src="/icons/facebook.svg" alt="Facebook"></a>'
    assert results(html, "image-alt-filename") == []


def test_image_link_message_names_target_and_image() -> None:
    html = '<!doctype html><body><a href="/home"><img src="/img/dw-logo.svg"></a></body>'
    [result] = results(html, "image-link-name")
    assert result.message == (
        "The link to /home contains only the image dw-logo.svg, which has no text alternative: the link has no name"
    )


def test_an_image_only_link_without_a_name_is_one_failure() -> None:
    html = ('<!doctype html><html lang="en"><title>DW</title><main><h1>DW</h1>'
            '<a href="/home"><img src="/img/dw-logo.png"></a>')
    failures = check(html).failed
    assert [r.rule for r in failures] == ["link-name"]
    assert failures[0].message.startswith(
        'The link to "/home" contains only the image dw-logo.png, which has no text alternative: the link has no name'
    )


def test_image_link_name_is_deprecated_and_off_by_default() -> None:
    rule = load_rules()["image-link-name"]
    assert rule.status == "deprecated"
    html = '<!doctype html><a href="/"><img src="logo.png"></a>'
    assert "image-link-name" not in {r.rule for r in check(html).results}


CREDITED = """<!doctype html><body><figure><img src="harbour.jpg" alt="Container ships in the harbour">
<figcaption>Hamburg harbour at dawn. Photo: Jane Doe</figcaption></figure></body>"""


def test_default_credit_pattern_accepts_a_photo_label() -> None:
    assert results(CREDITED, "photo-credit") == []


def test_custom_credit_pattern_replaces_the_default() -> None:
    [result] = results(CREDITED, "photo-credit", **{"credit-patterns": [r"\bFotograf:"]})
    assert result.outcome == "failed"
    assert result.message == (
        'The photo harbour.jpg has the caption "Hamburg harbour at dawn. Photo: Jane Doe" but no credit: '
        "name the photographer or agency in the caption"
    )
    german = CREDITED.replace("Photo: Jane Doe", "Fotograf: Jane Doe")
    assert results(german, "photo-credit", **{"credit-patterns": [r"\bFotograf:"]}) == []


@pytest.mark.parametrize("credit", [
    "Źródło: Pixabay", "Screenshots: Instagram/ kimkardashian", "Fot. Jan Kowalski", "Zdjęcie: PAP", "Zdroj: ČTK",
    "Foto: ANP", "Bron: ANP", "Beeld: Reuters", "Fonte: Ansa", "Imagem: Agência Brasil", "Fuente: EFE",
    "Imagen: archivo", "Crédits photo : AFP", "Capture d’écran : Twitter", "Bildquelle: dpa", "Kuva: Lehtikuva",
    "Kilde: NTB", "Källa: TT", "Фото: ТАСС", "Screenshot : «Vape Wave»",
])
def test_credit_labels_of_the_languages_newsrooms_publish_in(credit: str) -> None:
    assert results(CREDITED.replace("Photo: Jane Doe", credit), "photo-credit") == []


def test_extend_credit_patterns_and_selectors_add_to_the_defaults() -> None:
    house = CREDITED.replace("Photo: Jane Doe", "Aufnahme Jane Doe")
    assert [r.outcome for r in results(house, "photo-credit")] == ["failed"]
    assert results(house, "photo-credit", **{"extend-credit-patterns": [r"\bAufnahme\b"]}) == []
    assert results(CREDITED, "photo-credit", **{"extend-credit-patterns": [r"\bAufnahme\b"]}) == []  # defaults kept
    tagged = CREDITED.replace("Photo: Jane Doe", '<span class="urheber">Jane Doe</span>')
    assert results(tagged, "photo-credit", **{"extend-credit-selectors": [".urheber"]}) == []
    small = CREDITED.replace("Photo: Jane Doe", "<small>Jane Doe</small>")
    assert results(small, "photo-credit", **{"extend-credit-selectors": [".urheber"]}) == []  # defaults kept


def test_a_slow_extension_pattern_is_named_in_the_cant_tell() -> None:
    html = CREDITED.replace("Photo: Jane Doe", "a" * 40 + "!")
    [result] = results(html, "photo-credit", **{"extend-credit-patterns": ["(a|aa)+$"]})
    assert result.outcome == "cantTell"
    assert "the regular expressions of extend-credit-patterns took more than 1 s" in result.message


def test_custom_credit_selector() -> None:
    html = CREDITED.replace("Photo: Jane Doe", '<span class="urheber">Jane Doe</span>')
    assert [r.outcome for r in results(html, "photo-credit")] == ["failed"]
    assert results(html, "photo-credit", **{"credit-selectors": [".urheber"]}) == []


def test_bad_credit_selector_is_reported_by_name() -> None:
    with pytest.raises(ValueError, match="photo credit selector"):
        results(CREDITED, "photo-credit", **{"credit-selectors": ["figcaption >"]})


def test_the_credit_rules_share_their_defaults() -> None:
    rules = load_rules()
    assert rules["photo-credit"].options == rules["photo-credit-hidden"].options


def test_hidden_credit_message_quotes_the_credit() -> None:
    html = """<!doctype html><body><figure><img src="tbilisi.jpg" alt="Protesters in Tbilisi. (AP Photo/Jane Doe)">
    <figcaption>Protesters in Tbilisi.</figcaption></figure></body>"""
    [result] = results(html, "photo-credit-hidden")
    assert result.message.startswith('The alt of tbilisi.jpg holds the credit "AP Photo/Jane Doe",')


@pytest.mark.parametrize(("alt", "credit"), [
    ("A fire. Image: Reuters/A. Photographer)", "Image: Reuters/A. Photographer"),
    ("Boats (Photo by Jane Doe / AFP) (Photo credit should read JANE DOE/AFP/Getty Images)",
     "Photo by Jane Doe / AFP"),
    ("Boats [Photo: Jane Doe (AP)] at dawn", "Photo: Jane Doe (AP)"),
    ("Boats. Photo: Jane Doe", "Photo: Jane Doe"),
])
def test_a_credit_in_brackets_is_quoted_without_the_closing_bracket(alt: str, credit: str) -> None:
    html = f'<!doctype html><body><p><img src="boats.jpg" alt="{alt}"></p></body>'
    [result] = results(html, "photo-credit-hidden")
    assert f'holds the credit "{credit}", which' in result.message


def test_agency_logo_alt_is_not_a_hidden_credit() -> None:
    html = '<!doctype html><body><p><img src="reuters-logo.png" alt="Reuters"></p></body>'
    assert results(html, "photo-credit-hidden") == []


def test_object_with_a_missing_local_file_is_cant_tell(tmp_path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    html = '<!doctype html><body><object data="/logo.png"></object><object data="/gone.png">Logo</object></body>'
    report = check(html, options=Options(select=("object-alt",), root=str(tmp_path)))
    assert [(r.outcome, r.message.split(",")[0]) for r in report.results] == [
        ("failed", "The object embedding the image file logo.png has no accessible name: add aria-label"),
        ("cantTell", "The object embeds gone.png"),
    ]


def test_teaser_cards_are_not_checked_for_credits() -> None:
    html = """<!doctype html><body>
    <figure><a href="/news/other"><img src="thumb.jpg" alt="A harbour"></a><figcaption>Other</figcaption></figure>
    <figure><img src="thumb2.jpg" alt="A port"><figcaption><a href="/news/third">Third story</a></figcaption></figure>
    </body>"""
    assert results(html, "photo-credit") == []


def test_the_innermost_figure_owns_the_image() -> None:
    html = """<!doctype html><body><figure>
    <figure><img src="a.jpg" alt="Lavrov"><figcaption>Lavrov</figcaption></figure>
    <img src="b.jpg" alt="Jaishankar"><figcaption>Jaishankar. Photo: AP</figcaption></figure></body>"""
    outcomes = [(r.outcome, r.message[:30]) for r in results(html, "image-alt-caption-duplicate")]
    assert outcomes == [("cantTell", 'The alt text "Lavrov" of a.jpg')]
    [missing] = results(html, "photo-credit")
    assert "a.jpg" in missing.message


def test_a_stray_percent_in_the_url_is_not_decoded() -> None:
    html = '<!doctype html><body><img src="https://ad.example/pixel;ord=%%CACHEBUSTER%%;x=1"></body>'
    [result] = results(html, "image-alt")
    assert "pixel;ord=%%CACHEBUSTER%%;x=1" in result.message


@pytest.mark.parametrize(("page", "outcome"), [
    ("<title>Iran protests in Tehran 2024 – DW</title><img src='iran-protests-tehran-2024.webp' "
     "alt='iran-protests-tehran-2024'>", "passed"),
    ("<h1>Café culture in Kraków</h1><img src='cafe-culture-krakow.jpg' alt='cafe-culture-krakow'>", "passed"),
    ("<h1>Luggage on the floor</h1><img src='luggage-3.jpg' alt='luggage-3'>", "failed"),  # one word: a file's
    ("<h1>Iran protests</h1><img src='iran-protests-tehran.jpg' alt='iran-protests-tehran'>", "failed"),
    ("<section><h2>Koala rescue</h2><div><div><div><p><img src='koala-rescue.jpg' alt='koala-rescue'></p></div>"
     "</div></div></section>", "failed"),  # a heading too far from the image is not its card's
])
def test_an_alt_made_from_the_headline_is_no_file_name(page: str, outcome: str) -> None:
    html = f"<!doctype html><html lang='en'><body>{page}</body></html>"
    report = check(html, options=Options(select=("image-alt-filename",), include_passed=True))
    assert [r.outcome for r in report.results] == [outcome]


@pytest.mark.parametrize(
    ("body", "outcome", "quoted"),
    [
        ('<img src="logo.png" role="presentation" alt=" W3C  logo ">', "failed", '"W3C logo"'),
        ('<svg width="90" height="20"><text x="0" y="15">Breaking</text><text x="60" y="15">news</text></svg>',
         "failed", '"Breaking news"'),
        # hidden by an ancestor (a carousel's clone), or by its own aria-hidden: its alt may repeat what is next
        # to it, only a person can tell
        ('<div aria-hidden="true"><img src="family.jpg" alt="Family at the airport"></div>', "cantTell", None),
        ('<img src="sky.jpg" alt="Sky" aria-hidden="true"> Sky', "cantTell", None),
        ('<svg width="90" height="20"><text x="0" y="15"> – </text></svg>', "cantTell", None),
    ],
)
def test_hidden_images_that_show_they_inform_fail(body: str, outcome: str, quoted: str | None) -> None:
    (result,) = results(f"<!doctype html><html lang='en'><title>t</title><body>{body}</body></html>",
                        "image-hidden-decorative")
    assert result.outcome == outcome
    assert quoted is None or quoted in result.message
