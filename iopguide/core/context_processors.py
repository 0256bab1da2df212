from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .languages import OPEN_GRAPH_LOCALES, current_language, default_alternates

# The three numbers every page shows, each with the one thing it is for: the only place they are
# written (templates/500.html, which must render without a context, keeps a copy that
# tests/test_crisis_strip.py checks against this list).
CRISIS_LINES = [
    {
        "number": "988",
        "tel": "988",
        "label": _("Call or text 988"),
        # The Spanish text adds the Lifeline's Spanish options (press 2, or text "AYUDA").
        "purpose": _(
            "Suicide & Crisis Lifeline, for a mental health, substance use or suicidal crisis"
        ),
    },
    {
        "number": "1-800-662-4357",
        "tel": "+18006624357",
        "label": "1-800-662-4357",
        "purpose": _(
            "SAMHSA's National Helpline: free, confidential treatment referral, 24/7, "
            "English and Spanish (TTY 1-800-487-4889)"
        ),
    },
    {
        "number": "911",
        "tel": "911",
        "label": "911",
        "purpose": _("for a medical emergency, such as an overdose"),
    },
]


# Each line by name, for pages that offer them in their own words (not found, no results).
LIFELINE, HELPLINE, EMERGENCY = CRISIS_LINES


def site(request):
    language = current_language()
    return {
        "LANGUAGE_CODE": language,
        "OPEN_GRAPH_LOCALE": OPEN_GRAPH_LOCALES[language],
        # This page in each language (core/languages.py); a view's own value replaces it.
        "language_alternates": SimpleLazyObject(lambda: default_alternates(request.path)),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CRISIS_LINES": CRISIS_LINES,
        "LIFELINE": LIFELINE,
        "HELPLINE": HELPLINE,
        "EMERGENCY": EMERGENCY,
    }
