import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "For `make run` on a local machine only: create an admin account if none exists and "
        "print its password once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already; sign in at /admin/.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                "Created a local admin account (shown only this once):\n"
                f"  user name: admin\n  password:  {password}\n"
                "Sign in at http://127.0.0.1:8000/admin/"
            )
        )
