"""Every file in content/ is loadable, reviewed, cited, linked correctly and in our own words."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from iopguide.guide import content
from iopguide.guide.models import SECTION_ORDER

CONTENT_DIR = Path(settings.CONTENT_DIR)
PATHS = sorted(CONTENT_DIR.glob("*.md"))
# The articles the issue asks for (content-format.md); more may be added.
REQUIRED_SLUGS = {
    "what-is-intensive-outpatient", "levels-of-care", "schedule-and-length",
    "benefits-and-evidence", "therapies", "what-happens-in-iop", "is-iop-right-for-me",
    "how-to-choose", "paying-for-iop", "supporting-a-loved-one", "after-iop", "faq",
    "get-help-now", "about",
}  # fmt: skip
# Words that label people or test results; "Alcoholics Anonymous" is a name and stays.
STIGMATISING = re.compile(
    r"\b(addicts?|abusers?|junkies?|substance abusers?)\b"
    r"|\b(clean|dirty)\s+(drug\s+)?(tests?|screens?|urine|samples?)\b"
    r"|\b(tests?|screens?)\s+(came\s+back\s+|comes\s+back\s+|are\s+|is\s+)?(clean|dirty)\b",
    re.IGNORECASE,
)
GUIDE_LINK = re.compile(r"\]\(/guide/([a-z0-9-]+)/(?:#[\w-]+)?\)")


@pytest.fixture(scope="module")
def articles():
    return {path.stem: content.read(path) for path in PATHS}


def test_the_guide_has_every_required_article():
    assert {path.stem for path in PATHS} >= REQUIRED_SLUGS


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_front_matter_is_valid(path):
    fields = content.read(path)  # raises ContentError with the reason
    assert fields["title"] and fields["section"] and fields["body"].strip()
    assert len(fields["summary"]) <= 160
    assert fields["section"] in SECTION_ORDER


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_article_is_reviewed_dated_and_cited(path):
    fields = content.read(path)
    assert fields["reviewed_by"]
    assert fields["reviewed_on"]
    assert len(fields["sources"]) >= 1
    assert all(source["url"].startswith("https://") for source in fields["sources"])


def test_related_and_linked_articles_exist(articles):
    for slug, fields in articles.items():
        assert fields["related"], slug
        assert slug not in fields["related"]
        assert set(fields["related"]) <= set(articles), slug
        assert set(GUIDE_LINK.findall(fields["body"])) <= set(articles), slug


def test_each_section_position_is_used_once(articles):
    positions = [(fields["section"], fields["order"]) for fields in articles.values()]
    assert len(positions) == len(set(positions))


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_body_follows_the_format(path):
    body = content.read(path)["body"]
    assert not re.search(r"^# ", body, re.MULTILINE), "use ## and ###; the title is the h1"
    assert not re.search(r"<[a-zA-Z/!]", body), "no raw HTML in articles"


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_wording_is_person_first(path):
    fields = content.read(path)
    text = " ".join([fields["title"], fields["summary"], fields["body"]])
    assert not STIGMATISING.search(text), STIGMATISING.search(text)[0]


def test_no_sentence_is_copied_from_the_seed_article():
    tool = Path(settings.SHARED_DATA_DIR).parent / "tools" / "seed_overlap.py"
    if not tool.is_file():
        pytest.skip("../shared/tools/seed_overlap.py is not present")
    base = Path(settings.BASE_DIR)
    paths = ["content", "templates", *map(str, sorted(base.glob("iopguide/*/templates")))]
    result = subprocess.run(
        [sys.executable, str(tool), *paths], cwd=base, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "0 shared runs" in result.stdout


def test_a_source_is_described_the_same_way_in_every_article(articles):
    """The sources page lists each source once, so every citation of it must agree (a DOI
    counts as one source whichever site links to it)."""
    seen = {}
    for slug, fields in articles.items():
        for source in fields["sources"]:
            doi = re.search(r"10\.\d{4,}/\S+", source["url"])
            key = doi[0].lower() if doi else source["url"].rstrip("/").lower()
            first_slug, first = seen.setdefault(key, (slug, source))
            assert source == first, f"{slug} and {first_slug} cite {key} differently"
