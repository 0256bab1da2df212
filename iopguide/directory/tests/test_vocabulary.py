"""vocabulary.py is the one home of SAMHSA's code groupings: the admin's filter and the labels
readers see must agree on what each setting covers."""

import pytest
from django.contrib.admin import site

from iopguide.directory.admin import SettingFilter
from iopguide.directory.code_storage import stored_codes
from iopguide.directory.models import Facility, ServiceCode
from iopguide.directory.tests.factories import FacilityFactory
from iopguide.directory.vocabulary import SETTING_GROUPS, setting_labels, vocabulary

EVERY_SETTING_CODE = sorted({code for group in SETTING_GROUPS for code in group.codes})


@pytest.mark.django_db
@pytest.mark.parametrize("code", EVERY_SETTING_CODE)
def test_admin_setting_filter_finds_exactly_the_facilities_readers_see_labelled(rf, code):
    facility = FacilityFactory(service_codes=stored_codes("SA", code))
    FacilityFactory(service_codes=stored_codes("SA"))
    model_admin = site._registry[Facility]
    for group in SETTING_GROUPS:
        setting_filter = SettingFilter(rf.get("/"), {"setting": [group.key]}, Facility, model_admin)
        found = set(setting_filter.queryset(None, Facility.objects.all()))
        labelled = group.label in setting_labels(facility.code_list)
        assert (facility in found) == labelled, (code, group.key)


def test_admin_setting_filter_offers_every_reader_setting_with_its_codes(rf):
    model_admin = site._registry[Facility]
    lookups = SettingFilter(rf.get("/"), {}, Facility, model_admin).lookup_choices
    assert [key for key, _ in lookups] == [group.key for group in SETTING_GROUPS]
    residential = dict(lookups)["RES"]
    assert residential == "Residential (RES, RS, RL)"


@pytest.mark.django_db
def test_reading_the_vocabulary_never_fills_the_table():
    ServiceCode.objects.all().delete()
    assert vocabulary() == {}
    assert not ServiceCode.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_code_sheet_back():
    """A flush (as between transactional tests) sends post_migrate, which reloads the sheet."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert ServiceCode.objects.filter(code="OIT").exists()
