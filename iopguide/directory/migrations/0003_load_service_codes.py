"""Load SAMHSA's code sheet (with our plain-language names) and fill city_slug on old rows."""

from django.db import migrations
from django.utils.text import slugify


def load(apps, schema_editor):
    from iopguide.directory.vocabulary import sync_service_codes

    sync_service_codes(apps.get_model("directory", "ServiceCode"))
    Facility = apps.get_model("directory", "Facility")
    for facility in Facility.objects.filter(city_slug="").only("pk", "city"):
        facility.city_slug = slugify(facility.city)
        facility.save(update_fields=["city_slug"])


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0002_facility_sources_and_plain_vocabulary"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
