import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = "guide_article_search_vector_gin"


def fill_search_vectors(apps, schema_editor):
    # PostgreSQL only: store each article's search document (as Article.save does from now on)
    # and index it. SQLite keeps the column empty and searches the text.
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("guide", "Article")
    Article.objects.update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body_text", weight="C", config="english")
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON guide_article USING gin (search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0004_merge_0002_body_text_and_trigram_0003_editor_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_search_vectors, drop_index),
    ]
