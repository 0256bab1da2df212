"""The content/<slug>.md format (YAML front matter, then the markdown body) in one place: reading,
writing and the fingerprint that tells an editor's change from a file's change. `sync_content`,
`export_content` and the content tests all go through it, so they agree on the format.

Format: docs/content.md.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from iopguide.core.cache import content_changed

from . import content_languages as languages
from .content_languages import ContentError
from .languages import Language
from .models import Article, Reviewer
from .sources import ACCESSED, SOURCE_KEYS, source_problems, validate_related

FRONT_MATTER = re.compile(r"\A---\n(?P<front>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
REQUIRED_KEYS = ("title", "slug", "summary", "section")
OPTIONAL_KEYS = (
    "order", "author", "updated", "reviewer", "reviewed_on", "sources", "related", "status",
    "meta_title", "translation_of",
)  # fmt: skip
# Keys the format no longer has, with what replaced them.
RETIRED_KEYS = {
    "reviewed_by": "reviewed_by is gone: write `author:` for who wrote the article; a review is "
    "`reviewer:` (a reviewer record's slug) with `reviewed_on:`, set by the review action",
}
# Fields left out of the normalised fields when they hold their default, so adding one to the
# format changed no stored fingerprint (articles synced before are not taken for edited ones).
# `language` is the file's folder, not a key; "translation_of" is the English twin's slug.
OMITTED_WHEN_DEFAULT = {"meta_title": "", "language": Language.ENGLISH, "translation_of": ""}
MAX_ORDER = 32767  # PositiveSmallIntegerField


def parse(text: str, language: str = Language.ENGLISH) -> dict:
    """One file's text to the Article fields it describes (normalised; see `normalise`), for a
    file in the folder of `language`."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError("the file must start with front matter between two '---' lines")
    try:
        front = yaml.safe_load(match["front"])
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date like 2026-13-45
        raise ContentError(f"the front matter is not valid YAML: {error}") from error
    if not isinstance(front, dict):
        raise ContentError("the front matter must be a list of 'key: value' lines")
    missing = [key for key in REQUIRED_KEYS if not front.get(key)]
    if retired := [RETIRED_KEYS[key] for key in RETIRED_KEYS if key in front]:
        raise ContentError("; ".join(retired))
    unknown = sorted(set(front) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if missing:
        raise ContentError(f"missing front matter: {', '.join(missing)}")
    if unknown:
        raise ContentError(f"unknown front matter: {', '.join(unknown)}")
    return _checked(normalise({**front, "body": match["body"], "language": language}))


def read(path: Path, language: str = Language.ENGLISH) -> dict:
    """Parse content/<slug>.md (or content/es/<slug>.md for `language` "es"), checking that the
    file is named after its slug."""
    try:
        fields = parse(path.read_text(encoding="utf-8"), language)
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(f"cannot read the file: {error}") from error
    if path.stem != fields["slug"]:
        raise ContentError(f"the file name must be the slug: {fields['slug']}.md")
    return fields


def normalise(raw: dict) -> dict:
    """The comparable form of an article's fields, whether they come from a file or the
    database: trimmed text, one kind of line ending, ISO dates, sources with their three keys
    (and `accessed` when there is one)."""

    def text(value) -> str:
        return "" if value is None else str(value).strip()

    sources = raw.get("sources") or []
    related = raw.get("related") or []
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ContentError("sources must be a list of items with title, publisher and url")
    if not isinstance(related, list):
        raise ContentError("related must be a list of slugs, like [faq, levels-of-care]")
    try:
        order = int(raw.get("order") or 0)
    except (TypeError, ValueError) as error:
        raise ContentError("order must be a whole number") from error
    fields = {
        "title": text(raw.get("title")),
        "slug": text(raw.get("slug")),
        "summary": " ".join(text(raw.get("summary")).split()),
        "section": text(raw.get("section")),
        "order": order,
        "author": text(raw.get("author")),
        "updated": _date(raw, "updated"),
        "reviewer": text(raw.get("reviewer")),
        "reviewed_on": _date(raw, "reviewed_on"),
        "sources": [_source(source, text) for source in sources],
        "related": [text(slug) for slug in related],
        "status": text(raw.get("status")) or Article.Status.PUBLISHED,
        "body": text(raw.get("body", "").replace("\r\n", "\n")) + "\n",
    }
    for key, default in OMITTED_WHEN_DEFAULT.items():
        if (value := text(raw.get(key))) and value != default:
            fields[key] = value
    return fields


def _source(source: dict, text) -> dict:
    fields = {key: text(source.get(key)) for key in SOURCE_KEYS}
    accessed = source.get(ACCESSED)
    if isinstance(accessed, datetime.datetime):
        accessed = accessed.date()
    accessed = accessed.isoformat() if isinstance(accessed, datetime.date) else text(accessed)
    # Left out when empty, so articles synced before the key existed keep their fingerprint.
    return {**fields, ACCESSED: accessed} if accessed else fields


def _date(raw: dict, key: str) -> datetime.date | None:
    value = raw.get(key)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError as error:
            raise ContentError(f"{key} must be a date like 2026-12-01: {error}") from error
    if value is not None and not isinstance(value, datetime.date):
        raise ContentError(f"{key} must be a date like 2026-12-01")
    return value


def _checked(fields: dict) -> dict:
    """What the database would refuse, said in the file's terms."""
    if fields["slug"] != slugify(fields["slug"]):
        raise ContentError(f"the slug may hold only a-z, 0-9 and hyphens: {fields['slug']!r}")
    if bool(fields["reviewer"]) != bool(fields["reviewed_on"]):
        raise ContentError(
            "reviewer and reviewed_on go together: a review date needs the reviewer who signed "
            "it off, and a reviewer needs the date"
        )
    for key in ("title", "slug", "summary", "section", "author", "meta_title"):
        if key not in fields:
            continue
        limit = Article._meta.get_field(key).max_length
        if len(fields[key]) > limit:
            raise ContentError(f"the {key} is {len(fields[key])} characters; at most {limit}")
    if not 0 <= fields["order"] <= MAX_ORDER:
        raise ContentError(f"order must be between 0 and {MAX_ORDER}")
    if fields["status"] not in Article.Status.values:
        raise ContentError(f"status must be one of {', '.join(Article.Status.values)}")
    languages.check_twin_key(fields)
    for number, source in enumerate(fields["sources"], start=1):
        if problems := source_problems(source):
            raise ContentError(f"source {number}: {' '.join(problems.values())}")
    try:
        validate_related(fields["related"])
    except ValidationError as error:
        raise ContentError(f"related: {' '.join(error.messages)}") from error
    return fields


# Front-matter keys whose Article field is named differently (the rest match).
FIELD_FOR_KEY = {"updated": "updated_on"}


def fields_of(article: Article) -> dict:
    keys = (*REQUIRED_KEYS, *OPTIONAL_KEYS, "body")
    linked = ("reviewer", "translation_of")
    raw = {key: getattr(article, FIELD_FOR_KEY.get(key, key)) for key in keys if key not in linked}
    raw["reviewer"] = article.reviewer.slug if article.reviewer_id else ""
    raw["translation_of"] = article.translation_of.slug if article.translation_of_id else ""
    raw["language"] = article.language
    return normalise(raw)


def fingerprint(fields: dict) -> str:
    """A hash of normalised fields: equal exactly when file and article say the same thing."""
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def dump(fields: dict) -> str:
    """Fields back to the file format, in the key order and quoting style of content/."""
    lines = [
        "---",
        f"title: {_yaml_text(fields['title'])}",
        *([f"meta_title: {_yaml_text(fields['meta_title'])}"] if "meta_title" in fields else []),
        f"slug: {fields['slug']}",
        *([f"translation_of: {fields['translation_of']}"] if "translation_of" in fields else []),
        f"summary: {_yaml_text(fields['summary'])}",
        f"section: {_yaml_text(fields['section'])}",
        f"order: {fields['order']}",
    ]
    if fields["author"]:
        lines.append(f"author: {_yaml_text(fields['author'])}")
    if fields["updated"]:
        lines.append(f"updated: {fields['updated'].isoformat()}")
    if fields["reviewer"]:
        lines.append(f"reviewer: {fields['reviewer']}")
        lines.append(f"reviewed_on: {fields['reviewed_on'].isoformat()}")
    if fields["sources"]:
        lines.append("sources:")
        for source in fields["sources"]:
            lines += [
                f"  - title: {_yaml_text(source['title'], quote=True)}",
                f"    publisher: {_yaml_text(source['publisher'])}",
                f"    url: {_yaml_text(source['url'])}",
                *([f"    accessed: {source[ACCESSED]}"] if ACCESSED in source else []),
            ]
    else:
        lines.append("sources: []")
    lines.append(f"related: [{', '.join(_yaml_text(slug) for slug in fields['related'])}]")
    if fields["status"] != Article.Status.PUBLISHED:
        lines.append(f"status: {fields['status']}")
    return "\n".join([*lines, "---", "", fields["body"]])


def _yaml_text(value: str, quote: bool = False) -> str:
    """Plain when YAML reads it back unchanged, else double-quoted (a JSON string is valid
    YAML). Source titles are always quoted, as in the files editors wrote."""
    if not quote and value:
        try:
            if yaml.safe_load(value) == value and " #" not in value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Outcome:
    action: str  # created, updated, unchanged, kept (edited in the admin), conflict, wrote, error
    slug: str
    detail: str = ""


def sync(content_dir: Path, force: bool = False) -> list[Outcome]:
    """Load every content file into the database, by slug: content/*.md in English, then
    content/es/*.md in Spanish. An article an editor changed since its last load is skipped and
    reported (or overwritten with `force`)."""
    outcomes = []
    files = languages.content_files(content_dir)
    related = ("reviewer", "translation_of")
    articles = {article.slug: article for article in Article.objects.select_related(*related)}
    for path, language in files:
        name = languages.file_name(language, path.stem)
        try:
            fields = read(path, language)
            # Not in `articles` when an earlier file of this run created it.
            article = (
                articles.get(fields["slug"]) or Article.objects.filter(slug=fields["slug"]).first()
            )
            languages.check_language_of_slug(fields, article)
            linked = {"reviewer": _reviewer_named(fields), "translation_of": None}
            linked["translation_of"] = languages.twin_named(fields)
        except ContentError as error:
            outcomes.append(Outcome("error", name, str(error)))
            continue
        outcomes.append(_sync_one(fields, linked, article, force))
    file_slugs = {path.stem for path, _ in files}
    outcomes += [
        Outcome(
            "database only",
            slug,
            f"no file {languages.file_name(articles[slug].language, slug)}; run export_content "
            "to write one",
        )
        for slug in sorted(set(articles) - file_slugs)
    ]
    saved = {outcome.slug for outcome in outcomes if outcome.action in {"created", "updated"}}
    outcomes += rerender_stale(article for slug, article in articles.items() if slug not in saved)
    return outcomes


def rerender_stale(articles) -> list[Outcome]:
    """Bring stored HTML up to date after the markdown pipeline changed. Content is untouched,
    so this writes no history and bumps no version."""
    outcomes = []
    for article in articles:
        if article.render_body():
            stored = Article.objects.filter(pk=article.pk)
            stored.update(
                body_html=article.body_html, toc_html=article.toc_html, body_text=article.body_text
            )
            stored.update_search_vectors()
            content_changed()  # cached pages hold the old HTML
            outcomes.append(Outcome("re-rendered", article.slug, "the markdown pipeline changed"))
    return outcomes


def _reviewer_named(fields: dict) -> Reviewer | None:
    """The reviewer record a file names; a file cannot name a reviewer the site has no record
    of (the site never invents one)."""
    if not fields["reviewer"]:
        return None
    reviewer = Reviewer.objects.filter(slug=fields["reviewer"]).first()
    if reviewer is None:
        raise ContentError(
            f"no reviewer record has the slug {fields['reviewer']!r}: add the person in the "
            "admin (Guide › Reviewers) first"
        )
    return reviewer


def _sync_one(fields: dict, linked: dict, article: Article | None, force) -> Outcome:
    """`linked`: the reviewer and English twin records the file names (or None)."""
    slug = fields["slug"]
    file_hash = fingerprint(fields)
    if article is None:
        _save_from_file(Article(), fields, linked, file_hash)
        return Outcome("created", slug)
    try:
        article_hash = fingerprint(fields_of(article))
    except ContentError as error:
        return Outcome("error", slug, f"the article in the database: {error}")
    if article_hash == file_hash:
        if article.synced_hash != file_hash:
            Article.objects.filter(pk=article.pk).update(synced_hash=file_hash)
        return Outcome("unchanged", slug)
    edited_in_admin = article.synced_hash != article_hash
    if edited_in_admin and not force:
        if article.synced_hash == file_hash:
            return Outcome(
                "kept", slug, "edited in the admin since the last sync; export_content saves it"
            )
        return Outcome(
            "conflict", slug, "changed both in the admin and in the file; --force loads the file"
        )
    _save_from_file(article, fields, linked, file_hash)
    return Outcome("updated", slug, "overwrote the admin's edits" if edited_in_admin else "")


def _save_from_file(article: Article, fields: dict, linked: dict, file_hash: str) -> None:
    for key, default in OMITTED_WHEN_DEFAULT.items():
        if key not in linked:
            setattr(article, key, default)
    for key, value in fields.items():
        if key not in linked:
            setattr(article, FIELD_FOR_KEY.get(key, key), value)
    for key, record in linked.items():
        setattr(article, key, record)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.synced_hash = file_hash
    name = languages.file_name(article.language, fields["slug"])
    article._change_reason = f"sync_content from content/{name}"
    with transaction.atomic():
        article.save()


def export(content_dir: Path) -> list[Outcome]:
    """Write every article to content/<slug>.md (Spanish: content/es/<slug>.md); the files then
    match the database."""
    outcomes = []
    articles = list(Article.objects.select_related("reviewer", "translation_of"))
    for article in articles:
        try:
            fields = fields_of(article)
        except ContentError as error:
            outcomes.append(Outcome("error", article.slug, str(error)))
            continue
        folder = languages.folder(content_dir, article.language)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{article.slug}.md"
        text = dump(fields)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            outcomes.append(Outcome("unchanged", article.slug))
        else:
            path.write_text(text, encoding="utf-8")
            outcomes.append(Outcome("wrote", article.slug, str(path)))
        if article.synced_hash != fingerprint(fields):
            Article.objects.filter(pk=article.pk).update(synced_hash=fingerprint(fields))
    written = {(article.language, article.slug) for article in articles}
    outcomes += [
        Outcome("file only", path.stem, "no article has this slug (renamed or deleted?)")
        for path, language in languages.content_files(content_dir)
        if (language, path.stem) not in written
    ]
    return outcomes
