import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopguide.settings.prod")

application = get_wsgi_application()

from iopguide.startup import prepare_process  # noqa: E402 (needs the apps loaded)

prepare_process()
