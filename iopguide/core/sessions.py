"""Signed-in sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and in any case
SESSION_COOKIE_AGE after signing in (an editor's laptop left open in a clinic stays open for
minutes, not for the day). Readers have no session; only signed-in users are affected."""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "_last_seen"
SIGNED_IN_KEY = "_signed_in_at"
# Writing the session on every admin click would be a database write per request; a minute's
# precision is plenty for a 30-minute limit.
TOUCH_EVERY_SECONDS = 60
# django.contrib.auth's User.username (core imports no app's models, and needs none here).
USERNAME_MAX_LENGTH = 150


class SessionIdleTimeoutMiddleware:
    """After AuthenticationMiddleware: signs out a user idle for too long, or signed in for
    longer than the session's maximum age; the next admin page then asks to sign in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only requests that carry a session: reading it would add "Vary: Cookie" to readers'
        # pages and keep them out of the page cache.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_KEY, now)
            last_seen = session.get(LAST_SEEN_KEY, now)
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT
                or now - signed_in_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_KEY not in session:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def lockout_username(request, credentials=None) -> str | None:
    """The user name django-axes counts sign-in failures against (AXES_USERNAME_CALLABLE):
    as typed, cut to the longest user name there can be. A longer one belongs to nobody, and
    overflowed axes' column (a 500 on PostgreSQL)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username
