"""Every page type is valid HTML by the Nu HTML Checker (npm `vnu-jar`, on the machine's Java).
`make test` installs it; one checker run validates all the pages at once."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .browser.pages import spanish_url
from .seo_pages import sample_page_paths
from .seo_sample import make_site_sample

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _pages(client, sample):
    """(name, path, expected status) of every page type readers or crawlers can reach."""
    pages = [(path, path, 200) for path in sample_page_paths(sample)]
    facility = sample["facility"]
    pages += [
        ("find-rehab results", "/find-rehab/?near=23220", 200),
        ("report a problem", f"{facility.get_absolute_url()}report/", 200),
        (
            "self-check answers",
            "/tools/is-an-iop-right-for-me/answers/?safety=yes&withdrawal=yes&home=no&payment=none",
            200,
        ),
        ("self-check missing answers", "/tools/is-an-iop-right-for-me/answers/?home=yes", 200),
        ("no longer listed", sample["inactive_facility"].get_absolute_url(), 410),
        ("not found", "/no-such-page/", 404),
        ("no programs in this state", "/find-rehab/wy/", 404),
    ]
    # Every one again in Spanish (/es/), articles aside: a Spanish article is its own page with
    # its own slug, not the English one under /es/.
    articles = {sample[name].get_absolute_url() for name in ("article", "other_article", "faq")}
    pages += [
        (f"{name} (es)", spanish_url(path), status)
        for name, path, status in list(pages)
        if path not in articles
    ]
    return pages


@pytest.mark.django_db
def test_every_page_type_passes_the_nu_html_checker(client, tmp_path):
    if not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker is missing: `make test` installs it (npm ci)")
    if not shutil.which("java"):
        pytest.fail("Java is missing: `make test` installs it (apt-get install default-jre)")
    names = {}
    for number, (name, path, status) in enumerate(_pages(client, make_site_sample())):
        response = client.get(path)
        assert response.status_code == status, path
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(response.content)
        names[page.name] = name
    checker = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    result = subprocess.run(
        [*checker, *(str(tmp_path / file) for file in names)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1])} "
        f"line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in report["messages"]
    ]
    assert errors == []
