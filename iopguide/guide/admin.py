from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import history, quality, workflow
from .admin_autosave import AutosaveAdminMixin
from .admin_rows import article_choice_label, related_field, sources_field
from .languages import SPANISH_SECTIONS, Language
from .models import Article, Reviewer, ZeroResultQuery
from .share_admin import DraftShareAdminMixin

TITLE_SEARCH_PAGE = 20  # articles per page of the related-articles search box

# Buttons on the edit page: POST name → (label, who may see it, when it applies).
WORKFLOW_ACTIONS = {
    "_submit_for_review": (
        "Submit for review",
        lambda user: user.has_perm("guide.submit_article"),
        lambda article: article.status == Article.Status.DRAFT,
    ),
    "_publish": (
        "Publish (or schedule, if “Publish at” is in the future)",
        workflow.can_publish,
        lambda article: True,
    ),
    "_unpublish": (
        "Return to draft",
        workflow.can_publish,
        lambda article: article.status != Article.Status.DRAFT,
    ),
    "_approve_review": (
        "Approve clinical review (signed with your reviewer record and today's date)",
        workflow.can_approve_review,
        lambda article: article.pk is not None,
    ),
}


class ArticleAdminForm(forms.ModelForm):
    sources = sources_field()
    related = related_field()
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision_message = forms.CharField(
        required=False,
        max_length=100,
        help_text="Optional: what changed and why, for the revision history.",
    )
    minor_change = forms.BooleanField(
        required=False,
        label="Minor fix",
        help_text="Tick for a typo, link or formatting fix: the “Updated” date readers see stays "
        "as it is. Any other change to the title, summary, body or sources moves it to today.",
    )

    class Meta:
        model = Article
        fields = [
            *("title", "slug", "language", "translation_of", "section", "order", "body"),
            *("meta_title", "summary", "author", "sources", "related", "published_at"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        current = Article.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if current is not None and cleaned.get("expected_version") != current.version:
            raise forms.ValidationError(str(workflow.StaleVersion(current)), code="stale")
        if cleaned.get("slug") and cleaned["slug"] in cleaned.get("related", []):
            self.add_error("related", "An article is not related to itself: remove its own row.")
        return cleaned


@admin.register(Article)
class ArticleAdmin(
    DraftShareAdminMixin, AutosaveAdminMixin, SimpleHistoryAdmin, MarkdownxModelAdmin
):
    form = ArticleAdminForm
    change_form_template = "admin/guide/article/change_form.html"
    object_history_template = "admin/guide/article/object_history.html"
    object_history_list_template = "admin/guide/article/object_history_list.html"
    list_display = ["title", "language", "section", "state", "updated_on", "reviewed_on"]
    list_filter = ["language", "status", "section"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    # The text first; what an editor changes now and then is folded away (an error opens it).
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "order", "body"]}),
        ("Language", {"fields": ["language", "translation_of", "twin_link"]}),
        (
            "Search engines",
            {"fields": ["meta_title", "summary", "search_preview"], "classes": ["collapse"]},
        ),
        (
            "Authorship, review and sources",
            {
                "fields": ["author", "updated_on", "reviewer", "reviewed_on", "sources", "related"],
                "classes": ["collapse"],
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "version"], "classes": ["collapse"]}),
        ("Quality checks", {"fields": ["quality_report"]}),
        ("This revision", {"fields": ["revision_message", "minor_change", "expected_version"]}),
    ]

    class Media:
        js = ["js/admin-article.js", "js/admin-editor-layout.js", "js/admin-autosave.js"]
        css = {"all": ["css/admin-article.css"]}

    def view_on_site(self, obj):
        """The "View on site" button opens the staff preview, which shows drafts too."""
        return obj.get_preview_url()

    # Permissions ---------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        # The dates are the workflow's: "Updated" follows text changes, a review date only
        # the review action ("Approve clinical review").
        readonly = ["status", "version", "search_preview", "quality_report", "twin_link"]
        readonly += ["updated_on", "reviewer", "reviewed_on"]
        if not workflow.can_publish(request.user):
            readonly += ["published_at"]
        return readonly

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        """Tells a scheduled article from a live one."""
        live_at = obj.published_at
        if obj.status == Article.Status.PUBLISHED and live_at and live_at > timezone.now():
            return f"Scheduled for {timezone.localtime(live_at):%b %-d, %Y %H:%M}"
        return obj.get_status_display()

    # Read-only panels ----------------------------------------------------------------------

    @admin.display(description="Search result preview")
    def search_preview(self, obj):
        url = obj.get_absolute_url() if obj.slug else reverse("guide:index")
        suffix = quality.title_suffix()
        return format_html(
            '<div class="search-preview" data-base-url="{}" data-title-suffix="{}" '
            'data-title-limit="{}" data-description-limit="{}">'
            '<span class="search-preview-url">{}</span>'
            '<span class="search-preview-title">{}</span>'
            '<span class="search-preview-description">{}</span></div>',
            settings.SITE_URL + reverse("guide:index"),
            suffix,
            quality.META_TITLE_MAX - len(suffix),
            quality.META_DESCRIPTION_MAX,
            settings.SITE_URL + url,
            f"{obj.search_title or 'Title'}{suffix}",
            obj.summary or "Summary",
        )

    @admin.display(description="Other language")
    def twin_link(self, obj):
        """The twin's edit page, either way; for an English article without one, a link that
        starts its Spanish version."""
        twin = obj.twin() if obj.pk else None
        if twin is not None:
            url = reverse("admin:guide_article_change", args=[twin.pk])
            label = twin.get_language_display()
            return format_html('{} version: <a href="{}">{}</a>', label, url, twin.title)
        if obj.pk is None or obj.language != Language.ENGLISH:
            return "Shown after the first save."
        initial = {
            "language": Language.SPANISH,
            "translation_of": obj.pk,
            "section": SPANISH_SECTIONS.get(obj.section, obj.section),
            "order": obj.order,
        }
        url = f"{reverse('admin:guide_article_add')}?{urlencode(initial)}"
        return format_html('No Spanish version yet. <a href="{}">Start one</a>', url)

    @admin.display(description="Warnings (as last saved)")
    def quality_report(self, obj):
        if obj.pk is None:
            return "Shown after the first save."
        warnings = quality.check_article(obj)
        if not warnings:
            return "No warnings."
        return format_html(
            '<ul class="quality-warnings">{}</ul>',
            format_html_join("", "<li>{}</li>", ((str(warning),) for warning in warnings)),
        )

    # Saving --------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        options = {
            "expected_version": form.cleaned_data.get("expected_version") if change else None,
            "message": form.cleaned_data.get("revision_message", ""),
            "minor": form.cleaned_data.get("minor_change", False),
        }
        action = next((name for name in WORKFLOW_ACTIONS if name in request.POST), None)
        if action == "_submit_for_review":
            workflow.submit_for_review(obj, request.user, **options)
        elif action == "_publish":
            workflow.publish(obj, request.user, at=obj.published_at, **options)
        elif action == "_unpublish":
            workflow.unpublish(obj, request.user, **options)
        elif action == "_approve_review":
            workflow.approve_review(obj, request.user, **options)
        else:
            workflow.save_article(obj, request.user, **options)
        for warning in quality.check_article(obj):
            messages.warning(request, f"Check: {warning}")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (workflow.StaleVersion, workflow.WorkflowError) as refusal:
            # Raised inside the admin's transaction, so nothing was written.
            messages.error(request, str(refusal))
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article()
        context["workflow_actions"] = [
            (name, label)
            for name, (label, allowed, applies) in WORKFLOW_ACTIONS.items()
            if allowed(request.user) and applies(article)
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History: compare any two versions; restore one as a new version ------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("title-search/", view(self.title_search_view), name="guide_article_title_search"),
            path(
                "<path:object_id>/history/compare/",
                view(self.history_compare_view),
                name="guide_article_history_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(require_POST(self.history_restore_view)),
                name="guide_article_history_restore",
            ),
            *super().get_urls(),
        ]

    def title_search_view(self, request):
        """Articles whose title holds every word typed, for the related-articles search box
        (answered in the format of Django's own autocomplete, which select2 reads)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        found = Article.objects.order_by("title").only("slug", "title", "status")
        for word in request.GET.get("term", "").split()[:10]:
            found = found.filter(title__icontains=word)
        page = Paginator(found, TITLE_SEARCH_PAGE).get_page(request.GET.get("page"))
        results = [{"id": article.slug, "text": article_choice_label(article)} for article in page]
        return JsonResponse({"results": results, "pagination": {"more": page.has_next()}})

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Article tracks no foreign keys: simple-history's own version would call
        # select_related() with no names, which Django 6.1 deprecates.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's own revert form would save past the workflow; show the comparison
        with the current version instead, where restoring goes through it."""
        url = reverse("admin:guide_article_history_compare", args=[object_id])
        return HttpResponseRedirect(f"{url}?older={version_id}")

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))  # None for a malformed id
        if article is None:
            raise Http404("No such article.")
        return article

    def history_compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not self.has_view_history_or_change_history_permission(request, article):
            raise PermissionDenied
        records = article.history.all()
        newer = history.pick(records, request.GET.get("newer")) or records.first()
        older = history.pick(records, request.GET.get("older")) or newer.prev_record or newer
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {article}",
            "opts": self.model._meta,
            "object": article,
            "records": records,
            "older": older,
            "newer": newer,
            "changes": history.compare(older, newer),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/guide/article/history_compare.html", context)

    def history_restore_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        record = get_object_or_404(article.history, history_id=version_id)
        try:
            workflow.restore_version(article, record, request.user)
        except IntegrityError:
            messages.error(request, f"Not restored: another article now uses /{record.slug}/.")
        else:
            messages.success(request, "The earlier version was restored as a new version.")
        return HttpResponseRedirect(reverse("admin:guide_article_change", args=[article.pk]))


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    """People who review articles. Add only someone who has agreed to review, with their real
    credentials and disclosures: their page is public."""

    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "credentials", "bio", "disclosures", "user"]


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ["query", "language", "count", "last_seen"]
    list_filter = ["language"]
    readonly_fields = ["query", "language", "count", "last_seen"]
