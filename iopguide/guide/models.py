from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, models
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from iopguide.core.cache import content_changed
from iopguide.core.languages import current_language

from . import markdown
from .languages import SEARCH_CONFIGS, SPANISH_SECTIONS, Bilingual, Language
from .sources import is_fit_to_show, validate_related, validate_sources

# The order a reader meets the guide's sections in; a section not listed here comes last.
SECTION_ORDER = [
    "Understanding IOP",
    "Inside a program",
    "Deciding and choosing",
    "Care for your situation",
    "Family and recovery",
    "Help and answers",
    "About us",
]

# Who writes the articles; true of every article the team has published so far.
DEFAULT_AUTHOR = "IOP Guide editorial team"


def search_document(language=Language.ENGLISH):
    """What PostgreSQL search matches and ranks: the title above the summary above the body."""
    config = SEARCH_CONFIGS[language]
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body_text", weight="C", config=config)
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "public": every reader-facing surface goes through it."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_language(self, language=None):
        return self.filter(language=language or current_language())  # the page's by default

    def in_reading_order(self):
        """Sections in SECTION_ORDER, then each article's `order`: the index and previous/next."""
        section_rank = Case(
            *(
                When(section__in=[name, SPANISH_SECTIONS[name]], then=Value(rank))
                for rank, name in enumerate(SECTION_ORDER)
            ),
            default=Value(len(SECTION_ORDER)),
        )
        return self.alias(section_rank=section_rank).order_by(
            "section_rank", "section", "order", "title"
        )

    def update_search_vectors(self):
        """Store each article's search document (PostgreSQL only; SQLite searches the text)."""
        if connections[self.db].vendor == "postgresql":
            for language in Language.values:
                self.filter(language=language).update(search_vector=search_document(language))


class Reviewer(models.Model):
    """A real person who reviews articles for clinical accuracy, with a public page. The site
    ships none: a record is added in the admin for someone who has agreed to review."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The address: /guide/reviewers/<slug>/"
    )
    credentials = models.CharField(
        max_length=200,
        help_text="Degrees and licences, e.g. “MD, board certified in addiction medicine”.",
    )
    bio = models.TextField(help_text="A few plain sentences: training, work, what they review.")
    disclosures = models.TextField(
        help_text="Financial ties and conflicts of interest (for example, work for a treatment "
        "provider). Write “None” when there are none."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer",
        help_text="The editor account this person signs reviews with.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed()  # article pages name their reviewer

    def get_absolute_url(self):
        return reverse("guide:reviewer", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        content_changed()
        return super().delete(*args, **kwargs)


SLUG_HELP = "The address: /guide/<slug>/ (Spanish: /es/guia/<slug>/), unique in both languages."


class Article(Bilingual):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text=SLUG_HELP)
    summary = models.CharField(
        max_length=160, help_text="One or two plain sentences; also the search-result description."
    )
    meta_title = models.CharField(
        max_length=70,
        blank=True,
        help_text="Title in search results; the site name follows it. Keep it under about 48 "
        "characters. Empty: the article title is used.",
    )
    section = models.CharField(max_length=80, help_text="Heading the guide index groups it under.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position inside its section.")
    body = MarkdownxField(help_text="Markdown. Use ## and ### headings; the title is the page h1.")
    body_html = models.TextField(editable=False, default="")
    toc_html = models.TextField(editable=False, default="")
    # The rendered body as plain text: what search matches and quotes in its snippets.
    body_text = models.TextField(editable=False, default="")
    # PostgreSQL: the stored search document, so a search computes no vectors. Unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    author = models.CharField(
        max_length=200, default=DEFAULT_AUTHOR, help_text="Who wrote the article."
    )
    # When the text last changed in substance: content file, or workflow.save_article.
    updated_on = models.DateField(
        null=True, blank=True, help_text="When the text last changed in substance."
    )
    # Set only together, and only by the review action (workflow.approve_review).
    reviewer = models.ForeignKey(
        Reviewer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        help_text="Who signed off the last clinical review.",
    )
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="Date of the last clinical review."
    )
    # Lists, not tables: history, restore and the content files keep them whole (sources.py).
    sources = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_sources],
        help_text="The sources the footnotes cite, in footnote order: [^1] is the first.",
    )
    related = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_related],
        help_text="Articles listed under “Related articles”, in this order.",
    )

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. A future time schedules it; it goes live on its own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save: an edit based on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Hash of the content/ file at its last sync, to tell editor changes from file changes.
    synced_hash = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["body_html", "toc_html", "body_text", "search_vector", "synced_hash"]
    )
    objects = ArticleQuerySet.as_manager()

    class Meta(Bilingual.Meta):
        ordering = ["section", "order", "title"]
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [
            ("submit_article", "Can submit an article for review"),
            ("review_article", "Can sign off a clinical review (with a linked reviewer record)"),
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Browsers send form text with CRLF line endings; store one kind.
        self.body = self.body.replace("\r\n", "\n")
        self.render_body()
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)
        type(self).objects.filter(pk=self.pk).update_search_vectors()
        content_changed()

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("guide:article", kwargs={"slug": self.slug})

    def render_body(self) -> bool:
        """Fill the stored renderings from `body`; True when they changed."""
        before = (self.body_html, self.toc_html, self.body_text)
        self.body_html, self.toc_html = markdown.render(self.body)
        self.body_text = markdown.plain_text(self.body_html)
        return (self.body_html, self.toc_html, self.body_text) != before

    def cited_sources(self) -> list[dict]:
        """The sources fit to show: complete, and linking over the web only (a row saved
        before the sources were validated could hold anything, including a javascript: URL)."""
        sources = self.sources if isinstance(self.sources, list) else []
        return [source for source in sources if is_fit_to_show(source)]

    def get_preview_url(self):
        """Staff only: the page as readers will see it, whatever its status."""
        with translation.override(self.language):
            return reverse("guide:preview", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        content_changed()
        return super().delete(*args, **kwargs)

    @property
    def is_reviewed(self) -> bool:
        """A review counts only with both a reviewer record and the date they signed off."""
        return self.reviewed_on is not None and self.reviewer is not None

    @property
    def search_title(self) -> str:
        """The title in search results and the browser tab."""
        return self.meta_title or self.title


class ArticleAutosave(models.Model):
    """An editor's unsaved form, kept every half minute while they type (guide/autosave.py).
    Never read by readers' pages and never written to the article: only offered back to the
    same editor when they open the form again."""

    # Empty for an article not saved yet: one such draft per editor.
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # The form's values as the browser would post them, by field name.
    fields = models.JSONField(default=dict)
    # Article.version when the editor opened the form: a save since then is someone else's.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=models.Q(article__isnull=False),
                name="one_autosave_per_editor_and_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_new_article_autosave_per_editor",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or 'a new article'} at {self.saved_at:%Y-%m-%d %H:%M}"


class ZeroResultQuery(models.Model):
    """Searches that found nothing, so editors can see what readers look for and miss."""

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    count = models.PositiveIntegerField(default=1)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language"], name="guide_zero_result_query_per_language"
            )
        ]

    def __str__(self):
        return self.query


# A link counts as broken after failing this many checks in a row (or at once on a 404 or 410),
# so one network blip on the night of a check does not alarm editors.
FAILURES_BEFORE_BROKEN = 2


class LinkCheck(models.Model):
    """What `check_links` last found at one address the published articles link to."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "This site"
        EXTERNAL = "external", "Another site"

    # Internal links are stored as a path ("/guide/glossary/#detox"), external ones in full.
    url = models.CharField(max_length=2000, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    articles = models.ManyToManyField(Article, related_name="link_checks", blank=True)
    first_checked = models.DateTimeField()
    last_checked = models.DateTimeField()
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status the last check ended on."
    )
    final_url = models.CharField(
        max_length=2000, blank=True, help_text="Where redirects ended, when there were any."
    )
    moved = models.BooleanField(
        default=False, help_text="A permanent redirect: the article should link to the new address."
    )
    error = models.CharField(max_length=300, blank=True, help_text="What was wrong, in words.")
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    is_broken = models.BooleanField(default=False)

    class Meta:
        ordering = ["url"]
        indexes = [models.Index(fields=["is_broken"])]

    def __str__(self):
        return self.url

    def record(self, outcome, now) -> None:
        """Take in one check's `outcome` (a links.LinkOutcome) made at `now`."""
        self.last_checked = now
        self.last_status = outcome.status
        self.final_url = outcome.final_url[:2000]
        self.moved = outcome.moved
        self.error = outcome.error[:300]
        if not outcome.error:
            self.consecutive_failures, self.failing_since, self.is_broken = 0, None, False
            return
        if not self.consecutive_failures:
            self.failing_since = now
        self.consecutive_failures += 1
        self.is_broken = outcome.definite or self.consecutive_failures >= FAILURES_BEFORE_BROKEN


class DraftShareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class DraftShareLink(models.Model):
    """A link that shows one article, as last saved, to a reviewer without an account, until it
    expires or is revoked (guide/sharing.py). The address carries `key` signed with the
    SECRET_KEY, so the table alone gives nobody a working link."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    key = models.CharField(max_length=43, unique=True, editable=False)
    note = models.CharField(
        max_length=100, blank=True, help_text="Who it is for, e.g. “for Dr Ruiz”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DraftShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Review link for “{self.article}”" + (f" ({self.note})" if self.note else "")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def article_is_live(self) -> bool:
        """Whether readers can read the article now (a scheduled one is not yet)."""
        return Article.objects.published().filter(pk=self.article_id).exists()
