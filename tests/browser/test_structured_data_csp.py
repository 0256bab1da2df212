"""JSON-LD blocks are data, not scripts: under the site's strict CSP (no inline script, no
nonce on them) Chromium reports no violation and still exposes the data."""

import json

import pytest

from tests.seo_sample import make_site_sample


@pytest.mark.django_db(transaction=True)
def test_json_ld_pages_raise_no_csp_violation_in_chromium(page):
    sample = make_site_sample()
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective));"
    )
    for path in ("/", sample["faq"].get_absolute_url(), sample["facility"].get_absolute_url()):
        response = page.goto(path)
        assert "script-src" in response.headers["content-security-policy"]
        blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
        assert blocks, path
        assert all(json.loads(block)["@context"] == "https://schema.org" for block in blocks)
    assert [text for text in problems if "Content Security Policy" in text or "CSP" in text] == []
