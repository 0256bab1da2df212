"""A per-worker bound on expensive requests in flight.

Under overload, a worker that takes every search on queues them all behind each other: at 200
connections Find Rehab answered in 0.8-1.2 s and would have gone on getting slower. With
`@limit_in_flight`, a worker runs at most SEARCH_CONCURRENCY_PER_WORKER of the view at once
(the others' threads stay free for cheap pages); a request that finds them all busy waits up to
SEARCH_QUEUE_WAIT seconds, then gets the 503 page with Retry-After at once instead of a
timeout. See docs/hardening.md for the measured effect.
"""

import logging
import threading
from functools import wraps

from django.conf import settings

from .outages import service_unavailable

# Through the outage filter (settings.LOGGING): one line per interval, with a count.
logger = logging.getLogger("iopguide.outages")


def limit_in_flight(view):
    """Decorate a view whose requests are expensive (a search)."""
    slots = threading.BoundedSemaphore(settings.SEARCH_CONCURRENCY_PER_WORKER)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not slots.acquire(timeout=settings.SEARCH_QUEUE_WAIT):
            logger.warning(
                "Busy: %s answered 503 (per-worker limit of %d)",
                request.path,
                settings.SEARCH_CONCURRENCY_PER_WORKER,
                extra={"outage_kind": f"busy:{view.__name__}"},
            )
            response = service_unavailable(request)
            response._has_been_logged = True  # not once per request by django.request
            return response
        try:
            return view(request, *args, **kwargs)
        finally:
            slots.release()

    wrapper.slots = slots  # copied outwards by functools.wraps; tests fill it
    return wrapper
