"""The site's two languages: which address of a page is its twin in the other language.

Views may put `language_alternates` ({"en": path, "es": path}; a missing language = no twin) in
their context, e.g. an article whose Spanish twin has another slug. Otherwise the context
processor gives the twin Django's `translate_url` finds: the same view with the same arguments
under the other language's prefixes. The base template draws the language switch and the
hreflang links from it (core/templatetags/languages.py)."""

from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve, reverse, translate_url
from django.utils import translation

# Each language's name in its own words, for the switch.
LANGUAGE_NAMES = dict(settings.LANGUAGES)
# Open Graph's locale names, and the BCP 47 tags structured data gives as inLanguage.
OPEN_GRAPH_LOCALES = {"en": "en_US", "es": "es_US"}
LANGUAGE_TAGS = {"en": "en-US", "es": "es-US"}


def current_language() -> str:
    """The language of the page being served ("en" or "es"), from Django's active language."""
    code = (translation.get_language() or "")[:2]
    return code if code in LANGUAGE_NAMES else settings.LANGUAGE_CODE


def language_tag() -> str:
    return LANGUAGE_TAGS[current_language()]


def other_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != current_language()]


def default_alternates(path: str) -> dict[str, str]:
    """{language: path} for every language the page at `path` exists in, found by resolving it
    and reversing the same view in each language; {} for an address no view answers."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return dict(_alternates(path, current_language(), get_script_prefix(), urlconf))


# The answer depends only on the URLconf, never on content: kept per address (resolving and
# reversing took a quarter of a millisecond on every page).
@lru_cache(maxsize=4096)
def _alternates(path, language, script_prefix, urlconf) -> tuple[tuple[str, str], ...]:
    try:
        resolve(path)
    except Resolver404:
        return ()
    alternates = [(language, path)]
    for other in other_languages():
        twin = translate_url(path, other)
        if twin != path:
            alternates.append((other, twin))
    return tuple(alternates)


def home_path(language: str) -> str:
    with translation.override(language):
        return reverse("core:home")
