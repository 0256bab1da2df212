"""Service codes in SQL: the `offers` test, and the IOP indexes the default search reads."""

import pytest
from django.db import connection

from iopguide.directory import forms, places
from iopguide.directory.code_storage import offers_any, stored_codes
from iopguide.directory.models import Facility
from iopguide.directory.search import find_facilities
from iopguide.directory.tests.factories import FacilityFactory


@pytest.mark.django_db
def test_offers_matches_a_whole_code_only():
    wanted = FacilityFactory(service_codes=stored_codes("OIT", "MD"))
    FacilityFactory(service_codes=stored_codes("OITX", "XMD"))
    assert list(Facility.objects.filter(service_codes__offers="OIT")) == [wanted]
    assert list(Facility.objects.filter(offers_any("MD", "PI"))) == [wanted]


@pytest.mark.parametrize("value", ["oit", "OIT' OR 1=1 --", " OIT ", "", "A" * 13])
def test_offers_refuses_anything_that_is_not_a_code_before_it_reaches_sql(value):
    with pytest.raises(ValueError, match="Not a service code"):
        str(Facility.objects.filter(service_codes__offers=value).query)


def plan(query_string: str) -> str:
    query = forms.parse_search(query_string)
    place = places.locate(query.near).place
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        find_facilities(place, query)
    sql, params = captured[0]  # the candidates
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        return str(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query_string", "index"),
    [("near=22903&radius=100", "facility_iop_point"), ("near=Virginia", "facility_iop_state")],
)
def test_the_default_search_for_iops_reads_the_index_of_iop_listings(query_string, index):
    FacilityFactory.create_batch(3, service_codes=stored_codes("OIT", "MD"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner weighs a tiny table otherwise
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert index in plan(query_string)
