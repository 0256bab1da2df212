"""The article form's autosave in the admin: the endpoint the editor's browser sends drafts to,
the notice offering a kept draft back, and clearing it when the form is saved for real.
The rules are in autosave.py."""

import json

from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from . import autosave
from .editor_views import editor_required

# How often the browser sends a draft while the form has changed.
INTERVAL_SECONDS = 30


def when(moment) -> str:
    """A draft's time as the notice and the status line show it: "10:42"."""
    return format_date(timezone.localtime(moment), "H:i")


class AutosaveAdminMixin:
    """For ArticleAdmin; its change form template shows `autosave_notice`."""

    autosave_interval = INTERVAL_SECONDS

    def get_urls(self):
        view = csrf_protect(require_POST(editor_required(self.autosave_view)))
        return [path("autosave/", view, name="guide_article_autosave"), *super().get_urls()]

    def autosave_view(self, request):
        """POST {"article": id or null, "base_version": n, "fields": {...}} keeps a draft;
        {"article": id, "discard": true} drops it. Answers JSON, never touches the article."""
        try:
            payload = json.loads(request.body)
            article_id = payload.get("article")
        except (ValueError, AttributeError):
            return JsonResponse({"error": "Send the draft as a JSON object."}, status=400)
        article = None
        if article_id is not None:
            article = self.get_object(request, unquote(str(article_id)))
            if article is None:
                return JsonResponse({"error": "No such article."}, status=404)
        if not self._may_edit(request, article):
            return JsonResponse({"error": "You may not edit this article."}, status=403)
        if payload.get("discard") is True:
            autosave.clear(request.user, article)
            return JsonResponse({"discarded": True})
        base_version = payload.get("base_version")
        try:
            if base_version is not None and type(base_version) is not int:
                raise autosave.AutosaveRefused("base_version must be a whole number.")
            allowed_names = autosave.field_names(self.get_form(request, article))
            fields = autosave.clean_fields(payload.get("fields"), allowed_names)
            kept = autosave.record(request.user, article, fields, base_version)
        except autosave.AutosaveRefused as refusal:
            return JsonResponse({"error": str(refusal)}, status=refusal.status)
        return JsonResponse(
            {
                "saved_at": kept.saved_at.isoformat(),
                "saved_at_display": when(kept.saved_at),
                "warning": autosave.stale_message(article, base_version),
            }
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self._may_edit(request, obj):
            form_class = context["adminform"].form.__class__
            # After a refused save the form holds the editor's text already: no notice then.
            pending = autosave.pending(request.user, obj) if request.method == "GET" else None
            context["autosave_notice"] = pending and {
                "saved_at": when(pending.autosave.saved_at),
                "stale": pending.stale,
                "saved_by": pending.saved_by,
                "compare_url": pending.compare_url,
            }
            context["autosave_config"] = {
                "url": reverse("admin:guide_article_autosave"),
                "article": obj.pk if obj else None,
                "base_version": obj.version if obj else None,
                "interval": self.autosave_interval,
                "fields": autosave.field_names(form_class),
                "pending": pending
                and {
                    "fields": pending.autosave.fields,
                    "base_version": pending.autosave.base_version,
                },
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _may_edit(self, request, article) -> bool:
        if article is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        autosave.clear(request.user, form.instance, was_new=not change)
