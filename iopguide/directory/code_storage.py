"""How a facility's SAMHSA service codes are stored, and tested in SQL.

`Facility.service_codes` holds them space-separated with a space at each end (" OIT MD PI "), so a
code test is an exact substring match on every database: `service_codes__offers="OIT"`.

The test writes the code into the SQL as a literal, not a parameter, so that the query planner can
see that a search for intensive outpatient programs (the default search) is covered by the partial
indexes of IOP listings (`Facility.Meta.indexes`): SQLite compares the query with an index's
condition before any parameter is bound. A code is checked against the code sheet's pattern
before it is written into SQL."""

import operator
import re
from functools import reduce

from django.db import models
from django.db.models import Lookup, Q

CODE_PATTERN = re.compile(r"[A-Z0-9]{1,12}")


def stored_codes(*codes: str) -> str:
    """Codes as `Facility.service_codes` stores them (" OIT MD PI ")."""
    return f" {' '.join(codes)} " if codes else ""


class OffersCode(Lookup):
    """The listing offers this code. instr()/strpos() rather than LIKE: SQLite runs it in about
    two thirds of the time of the LIKE with escapes that `contains` becomes."""

    lookup_name = "offers"

    def as_sql(self, compiler, connection):
        if not isinstance(self.rhs, str) or not CODE_PATTERN.fullmatch(self.rhs):
            raise ValueError(f"Not a service code: {self.rhs!r}")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        function = "strpos" if connection.vendor == "postgresql" else "instr"
        return f"{function}({lhs}, ' {self.rhs} ') > 0", lhs_params


class ServiceCodesField(models.TextField):
    """Space-padded service codes, tested with the `offers` lookup."""


ServiceCodesField.register_lookup(OffersCode)


def offers_any(*codes: str) -> Q:
    """A filter on facilities offering at least one of the codes."""
    return reduce(operator.or_, (Q(service_codes__offers=code) for code in codes))
