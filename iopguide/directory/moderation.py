"""Deciding on program updates: an editor calls the number already listed, then approves
details one by one (each becomes a confirmed ListingFact) or rejects them with a reason."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .listing_details import DETAILS_BY_FIELD, record_fact
from .models import ListingFact, ProgramUpdate

APPROVE_PERMISSION = "directory.approve_programupdate"
REACHED = {ProgramUpdate.CallOutcome.CONFIRMED, ProgramUpdate.CallOutcome.DIFFERENT}


def validate_decision(
    update: ProgramUpdate, approved: list[str], call_outcome: str, called_on, reason: str
) -> None:
    """Approving needs a call that reached the program; anything not approved needs a reason."""
    if update.status != ProgramUpdate.Status.PENDING:
        raise ValidationError("This update was already decided.")
    unknown = [field for field in approved if field not in update.proposed]
    if unknown:
        raise ValidationError(f"Not part of this update: {', '.join(unknown)}.")
    if approved and (call_outcome not in REACHED or not called_on):
        raise ValidationError(
            "Call the program at the number on the listing and record the call before approving."
        )
    if len(approved) < len(update.proposed) and not reason.strip():
        raise ValidationError("Say why the details you did not approve were rejected.")
    if not update.proposed and not reason.strip():
        raise ValidationError("Say what you did with the corrections, or why you rejected them.")


@transaction.atomic
def decide(
    update: ProgramUpdate,
    *,
    approved: list[str],
    call_outcome: str,
    called_on: date | None,
    reason: str,
    by,
) -> ProgramUpdate:
    """Apply an editor's decision; raises ValidationError (and saves nothing) when it is
    incomplete, PermissionDenied for anyone but a directory editor."""
    if not by.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied("Only directory editors can approve or reject program updates.")
    validate_decision(update, approved, call_outcome, called_on, reason)
    for field in approved:
        record_fact(
            update.facility,
            field,
            _value(field, update.proposed[field]),
            source=ListingFact.Source.PROGRAM,
            confirmed_on=called_on,
            by=by,
        )
    if not approved:
        update.status = ProgramUpdate.Status.REJECTED
    elif len(approved) == len(update.proposed):
        update.status = ProgramUpdate.Status.APPROVED
    else:
        update.status = ProgramUpdate.Status.PARTLY
    update.call_outcome, update.called_on = call_outcome, called_on
    update.decision_reason, update.decided_by, update.decided_at = reason, by, timezone.now()
    update.save()
    return update


def _value(field: str, proposed):
    """A proposed value (as the form cleaned it) as record_fact takes it."""
    kind = DETAILS_BY_FIELD[field].kind
    if kind == "yes/no":
        return {"yes": True, "no": False}[proposed]
    return int(proposed) if kind == "number" else str(proposed)
