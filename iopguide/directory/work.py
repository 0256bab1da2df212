"""What directory editors have to do: open problem reports, program updates waiting for a call,
and listings due for a re-check (the admin start page and the re-check queue read these)."""

from datetime import timedelta

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import demand
from .models import DueRecheck, ProblemReport, ProgramUpdate

# A listing comes into the queue this long before its first detail stops being recent.
DUE_AHEAD = timedelta(days=14)


def due_rechecks():
    """Listed programs whose confirmed details are (nearly) stale, and never-checked programs
    readers have met; most-opened first, then most-shown, then soonest due."""
    demand.flush()  # this process's latest counts
    soon = timezone.localdate() + DUE_AHEAD
    return (
        DueRecheck.objects.active()
        .filter(
            Q(recheck_due_on__lte=soon)
            | Q(recheck_due_on__isnull=True, demand__opens__gt=0)
            | Q(recheck_due_on__isnull=True, demand__appearances__gt=0)
        )
        .annotate(
            opens=Coalesce("demand__opens", Value(0)),
            appearances=Coalesce("demand__appearances", Value(0)),
        )
        # Never checked counts as most overdue, on every database (SQLite sorts NULL first,
        # PostgreSQL last).
        .order_by("-opens", "-appearances", F("recheck_due_on").asc(nulls_first=True), "name")
    )


def directory_work() -> list[dict]:
    """The start page's counts, each with the admin list it opens."""
    return [
        {
            "label": "Problem reports from readers",
            "count": ProblemReport.objects.filter(status=ProblemReport.Status.OPEN).count(),
            "url": "admin:directory_problemreport_changelist",
            "query": "?status__exact=open",
            "permission": "directory.change_problemreport",
        },
        {
            "label": "Program updates waiting for a call",
            "count": ProgramUpdate.objects.filter(status=ProgramUpdate.Status.PENDING).count(),
            "url": "admin:directory_programupdate_changelist",
            "query": "?status__exact=pending",
            "permission": "directory.approve_programupdate",
        },
        {
            "label": "Listings due for a re-check",
            "count": due_rechecks().count(),
            "url": "admin:directory_duerecheck_changelist",
            "query": "",
            "permission": "directory.view_duerecheck",
        },
    ]
