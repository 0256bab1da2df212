"""A per-worker bound on expensive requests in flight.

Under overload, a worker that takes every search on queues them all behind each other: at 200
connections Find Rehab answered in 0.8-1.2 s and would have gone on getting slower. With
`@limit_in_flight`, a worker runs at most SEARCH_CONCURRENCY_PER_WORKER of the view at once
(the others' threads stay free for cheap pages). At most SEARCH_QUEUE_DEPTH more wait for a slot,
each up to SEARCH_QUEUE_WAIT seconds; any request beyond those gets the 503 page with Retry-After
at once. Waiting threads are the bound that matters: when every thread of a worker waited for a
slot, a flood of unique searches left no thread to answer anything and the queue of connections
grew to over a second (docs/hardening.md has the measured effect).
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
    # Running plus waiting: taken without blocking, so a request over it is refused at once.
    admissions = threading.BoundedSemaphore(
        settings.SEARCH_CONCURRENCY_PER_WORKER + settings.SEARCH_QUEUE_DEPTH
    )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not admissions.acquire(blocking=False):
            return _busy(request, view)
        try:
            if not slots.acquire(timeout=settings.SEARCH_QUEUE_WAIT):
                return _busy(request, view)
            try:
                return view(request, *args, **kwargs)
            finally:
                slots.release()
        finally:
            admissions.release()

    # Copied outwards by functools.wraps; tests fill them.
    wrapper.slots, wrapper.admissions = slots, admissions
    return wrapper


def _busy(request, view):
    logger.warning(
        "Busy: %s answered 503 (per-worker limit of %d running, %d waiting)",
        request.path,
        settings.SEARCH_CONCURRENCY_PER_WORKER,
        settings.SEARCH_QUEUE_DEPTH,
        extra={"outage_kind": f"busy:{view.__name__}"},
    )
    response = service_unavailable(request)
    response._has_been_logged = True  # not once per request by django.request
    return response
