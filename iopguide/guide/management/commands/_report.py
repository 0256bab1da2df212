"""Output shared by sync_content and export_content: one line per article, then the totals."""

from collections import Counter

from django.core.management.base import CommandError

WARNINGS = {"kept", "conflict", "database only", "file only"}


def report(command, name, outcomes, verbosity, quiet=("unchanged",)):
    """Lines for actions in `quiet` appear only with -v 2. Files that could not be read make the
    command fail, after everything else was done."""
    for outcome in outcomes:
        if verbosity == 0 and outcome.action != "error":
            continue
        if outcome.action in quiet and verbosity < 2:
            continue
        line = f"{outcome.action:>13}  {outcome.slug}"
        if outcome.detail:
            line += f"  ({outcome.detail})"
        if outcome.action == "error":
            command.stderr.write(line)
        elif outcome.action in WARNINGS:
            command.stdout.write(command.style.WARNING(line))
        else:
            command.stdout.write(line)
    totals = Counter(outcome.action for outcome in outcomes)
    summary = ", ".join(f"{count} {action}" for action, count in totals.items())
    if verbosity:
        command.stdout.write(f"{name}: {summary or 'no articles'}")
    if totals["error"]:
        raise CommandError(f"{totals['error']} content file(s) could not be loaded; see above.")
