import factory
from django.utils import timezone

from iopguide.directory.code_storage import stored_codes
from iopguide.directory.models import Facility, ServiceCode


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Riverside Recovery Center {n}")
    street1 = factory.Sequence(lambda n: f"{100 + n} Main Street")
    city = "Charlottesville"
    state = "VA"
    zip_code = "22903"
    phone = "434-555-0100"
    latitude = 38.0339
    longitude = -78.4924
    location_precision = Facility.LocationPrecision.ZIP
    service_codes = stored_codes("SA", "OP", "OIT", "MD", "PI", "CBT", "GCO")
    source = Facility.Source.NSUMHSS
    source_dataset = "SAMHSA, National Directory of Drug and Alcohol Use Treatment Facilities 2023"
    match_key = factory.LazyAttribute(lambda f: f"{f.name}|{f.street1}|{f.zip_code}".lower())
    slug = factory.Sequence(lambda n: f"riverside-recovery-center-{n}")
    first_seen = factory.LazyFunction(timezone.now)
    last_seen = factory.LazyFunction(timezone.now)


class ServiceCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n}")
    category_code = "SET"
    category_name = "Service Setting"
    name = factory.LazyAttribute(lambda c: f"Service {c.code}")
