"""The site's two languages: which address of a page is its twin in the other language.

Views may put `language_alternates` ({"en": path, "es": path}; a missing language = no twin) in
their context, e.g. an article whose Spanish twin has another slug. Otherwise the context
processor gives the twin Django's `translate_url` finds: the same view with the same arguments
under the other language's prefixes. The base template draws the language switch and the
hreflang links from it (core/templatetags/languages.py)."""

from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
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
    try:
        resolve(path)
    except Resolver404:
        return {}
    alternates = {current_language(): path}
    for language in other_languages():
        twin = translate_url(path, language)
        if twin != path:
            alternates[language] = twin
    return alternates


def home_path(language: str) -> str:
    with translation.override(language):
        return reverse("core:home")
