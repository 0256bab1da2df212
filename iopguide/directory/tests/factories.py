import factory
from django.utils import timezone

from iopguide.directory.models import Facility


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Example Recovery Center {n}")
    street1 = factory.Sequence(lambda n: f"{n + 1} Main Street")
    city = "Richmond"
    state = "VA"
    zip_code = "23220"
    phone = "804-555-0100"
    latitude = 37.55
    longitude = -77.46
    location_precision = Facility.LocationPrecision.ZIP
    service_codes = " SA OP OIT MD PI CBT GCO "
    source = Facility.Source.NSUMHSS
    source_dataset = "SAMHSA, National Directory of Drug and Alcohol Use Treatment Facilities 2023"
    match_key = factory.Sequence(lambda n: f"example-{n}")
    slug = factory.Sequence(lambda n: f"example-recovery-center-{n}")
    first_seen = factory.LazyFunction(timezone.now)
    last_seen = factory.LazyFunction(timezone.now)
    last_verified = factory.LazyFunction(timezone.localdate)
