"""Write tests/fuzz/hostile_requests.txt: hostile values at every injection point of every
public URL type (path segments, query parameters and their names, form fields), for
tests/test_hostile_input.py. Deterministic: run it again after adding a URL type or a value.

    .venv/bin/python scripts/make_hostile_corpus.py

Each line is `METHOD URL [BODY]`, URL and BODY already percent-encoded (raw bytes such as
%FF or an encoded surrogate stay as they are). {facility}, {article}, {state} and {city} are
filled in by the test with real data, so the views reach the database.
"""

from pathlib import Path
from urllib.parse import quote

OUT = Path(__file__).resolve().parent.parent / "tests" / "fuzz" / "hostile_requests.txt"

# Values as text, percent-encoded when written.
TEXT_VALUES = [
    "\x00", "a\x00b", "\x00\x00\x00", "22901\x00", "va\x00", "'", '"', "' OR 1=1 --",
    "'; DROP TABLE directory_facility; --", "<script>alert(1)</script>", "\"><img src=x>",
    "../../../../etc/passwd", "..\\..\\windows", "a" * 5000, "9" * 400, "-1", "0", "-0",
    "1e309", "NaN", "inf", "-inf", "0x10", "1.5", " ", "", "\t\n\r", "\r\nSet-Cookie: x=1",
    "\u202eevil", "😀" * 50, "٢٢٩٠١", "２２９０１", "\x7f", "\x1b[31m", "\x01\x02\x08",
    "null", "[]", "{}", "a,b,,c", ",,,,", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "{% debug %}",
    "\\", "/", "//127.0.0.1", "javascript:alert(1)", "%", "%%", "&&&", "=", "a=b=c", "+",
    "\ufeff", "\u0301" * 20, "ß" * 300, "İ", "ﬁ", "\u2028", "中文", "x" * 300 + "\x00",
]  # fmt: skip
# Already-encoded raw bytes: invalid UTF-8, an overlong slash, an encoded surrogate, a NUL.
RAW_VALUES = ["%FF%FE", "%C0%AF", "%ED%A0%80", "%E2%82", "%2500", "%00", "%zz", "%", "%%00"]

PATH_POINTS = [
    "/guide/{X}/",
    "/guide/{article}/{X}",
    "/guide/{X}/preview/",
    "/facilities/{X}/",
    "/facilities/{X}/report/",
    "/find-rehab/{X}/",
    "/find-rehab/{state}/{X}/",
    "/find-rehab/{X}/{city}/",
    "/sitemap-{X}.xml",
    "/media/guide/{X}.png",
    "/{X}/",
    "/{X}",
]
QUERY_POINTS = [
    "/find-rehab/?near={X}",
    "/find-rehab/?near=22901&radius={X}",
    "/find-rehab/?near=22901&setting={X}",
    "/find-rehab/?near=22901&pay={X}",
    "/find-rehab/?near=22901&sort={X}",
    "/find-rehab/?near=22901&ids={X}",
    "/find-rehab/?ids={X}",
    "/find-rehab/?near={state}&{X}=1",
    "/compare/?ids={X}",
    "/compare/?ids={facility},{X}",
    "/compare/?ids={facility}&near={X}",
    "/compare/?ids={facility}&only_differences={X}",
    "/search/?q={X}",
    "/guide/?{X}={X}",
    "/find-rehab/{state}/?page={X}",
    "/find-rehab/{state}/{city}/?page={X}",
    "/sitemap-facilities.xml?p={X}",
    "/facilities/{facility}/report/?sent={X}",
    "/facilities/{facility}/?{X}",
    "/?{X}",
]
FORM_POINTS = [
    ("/facilities/{facility}/report/", "message={X}"),
    ("/facilities/{facility}/report/", "message=Wrong+phone&contact={X}"),
    ("/facilities/{facility}/report/", "{X}=1"),
    ("/admin/login/", "username={X}&password={X}"),
    ("/markdownx/markdownify/", "content={X}"),
]
# Methods the site does not take, on a few URLs.
OTHER_METHODS = [
    f"{method} {url}"
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")
    for url in ("/", "/guide/{article}/", "/find-rehab/?near=22901", "/facilities/{facility}/")
]


def encoded_values(in_path: bool) -> list[str]:
    # "/" stays raw in a path (a new segment) but is encoded in a query or form value.
    safe = "" if not in_path else "/"
    return [quote(value, safe=safe) for value in TEXT_VALUES] + RAW_VALUES


def main() -> None:
    lines = []
    for point in PATH_POINTS:
        lines += [f"GET {point.replace('{X}', value)}" for value in encoded_values(True)]
    for point in QUERY_POINTS:
        lines += [f"GET {point.replace('{X}', value)}" for value in encoded_values(False)]
    for url, body in FORM_POINTS:
        lines += [f"POST {url} {body.replace('{X}', value)}" for value in encoded_values(False)]
    lines += OTHER_METHODS
    lines = list(dict.fromkeys(lines))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} requests written to {OUT}")


if __name__ == "__main__":
    main()
