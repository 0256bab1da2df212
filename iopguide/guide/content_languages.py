"""Which language a content file is in, and its link to its English twin.

English articles are content/<slug>.md; Spanish ones content/es/<slug>.md, each naming the English
article it is the Spanish version of (`translation_of: <english-slug>`). content.py reads and
writes the files; this module holds the language rules it applies (docs/content.md).
"""

from pathlib import Path

from .languages import Language
from .models import Article

# The folder of each language's files inside content/.
FOLDERS = {Language.ENGLISH: "", Language.SPANISH: "es"}


class ContentError(ValueError):
    """A content file that cannot be loaded as it is; the message says what to fix. (Defined
    here, where the language rules raise it; content.py re-exports it.)"""


def folder(content_dir: Path, language: str) -> Path:
    return Path(content_dir) / FOLDERS[language]


def file_name(language: str, slug: str) -> str:
    """The file's name as editors see it, relative to content/: "faq.md", "es/glosario.md"."""
    return str(Path(FOLDERS[language]) / f"{slug}.md")


def content_files(content_dir: Path) -> list[tuple[Path, str]]:
    """Every content file with its language, English first, so a Spanish file's twin is loaded
    before it."""
    return [
        (path, language)
        for language in FOLDERS
        for path in sorted(folder(content_dir, language).glob("*.md"))
    ]


def check_twin_key(fields: dict) -> None:
    """A Spanish file names its English twin; an English file names none."""
    twin = fields.get("translation_of")
    if fields.get("language") == Language.SPANISH:
        if not twin:
            raise ContentError(
                "translation_of is missing: a Spanish article names the slug of its English "
                "twin, like `translation_of: faq`"
            )
        if twin == fields["slug"]:
            raise ContentError("translation_of names the article itself; give the English slug")
    elif twin:
        raise ContentError(
            "translation_of is only for Spanish articles (content/es/); an English article "
            "is nobody's translation"
        )


def check_language_of_slug(fields: dict, existing: Article | None) -> None:
    """Slugs are unique across languages: a file cannot take over the other language's article."""
    language = fields.get("language", Language.ENGLISH)
    if existing is not None and existing.language != language:
        raise ContentError(
            f"the slug {fields['slug']!r} is already the {existing.get_language_display()} "
            f"article {file_name(existing.language, existing.slug)}; slugs are unique across "
            "languages, so give this one its own"
        )


def twin_named(fields: dict) -> Article | None:
    """The English article a Spanish file's translation_of names, checked to be free."""
    slug = fields.get("translation_of")
    if not slug:
        return None
    twin = Article.objects.filter(slug=slug).first()
    if twin is None:
        raise ContentError(
            f"translation_of: there is no English article {slug!r} (no content/{slug}.md and "
            "none in the admin)"
        )
    if twin.language != Language.ENGLISH:
        raise ContentError(f"translation_of: {slug!r} is a Spanish article; name the English one")
    taken = Article.objects.filter(translation_of=twin).exclude(slug=fields["slug"]).first()
    if taken is not None:
        raise ContentError(
            f"translation_of: {slug!r} already has a Spanish version, "
            f"{file_name(taken.language, taken.slug)}; an English article has one at most"
        )
    return twin
