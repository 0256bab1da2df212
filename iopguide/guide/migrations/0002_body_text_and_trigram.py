import html
import re

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TAGS = re.compile(r"<[^>]*>")


def fill_body_text(apps, schema_editor):
    # Articles saved before this field existed; later saves fill it themselves.
    Article = apps.get_model("guide", "Article")
    for article in Article.objects.only("pk", "body_html"):
        text = " ".join(html.unescape(TAGS.sub(" ", article.body_html)).split())
        Article.objects.filter(pk=article.pk).update(body_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
    ]

    operations = [
        # pg_trgm for search's misspelling fallback; this operation does nothing off PostgreSQL.
        TrigramExtension(),
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
    ]
