"""The article admin's "Share for review" panel: make, list, copy and revoke review links
(sharing.py). A mixin for ArticleAdmin; its template is admin/guide/article/share_panel.html."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import sharing

# How many links that ended (expired or revoked) the panel still lists, newest first.
ENDED_SHOWN = 5


class ShareLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Works for",
        choices=[(days, f"{days} day{'s' if days > 1 else ''}") for days in sharing.DAY_CHOICES],
        coerce=int,
        initial=sharing.DEFAULT_DAYS,
    )
    note = forms.CharField(
        label="For whom (optional)",
        required=False,
        max_length=100,
        help_text="Shown only here, e.g. “for Dr Ruiz”.",
    )


class DraftShareAdminMixin:
    @property
    def media(self):
        share = forms.Media(js=["js/admin-share.js"], css={"all": ["css/admin-share.css"]})
        return super().media + share

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/share/",
                view(require_POST(self.share_create_view)),
                name="guide_article_share",
            ),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(require_POST(self.share_revoke_view)),
                name="guide_article_share_revoke",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["draft_share"] = share_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _shareable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))  # None for a malformed id
        if article is None:
            raise Http404("No such article.")
        if not sharing.can_share(request.user, article):
            raise PermissionDenied
        return article

    def share_create_view(self, request, object_id):
        article = self._shareable_article(request, object_id)
        form = ShareLinkForm(request.POST)
        if form.is_valid():
            link = sharing.create_link(article, request.user, **form.cleaned_data)
            expires = timezone.localtime(link.expires_at)
            messages.success(
                request,
                f"Review link made; it works until {expires:%B %-d, %Y, %H:%M}. Copy it from "
                "“Share for review” and send it to your reviewer.",
            )
        else:
            problems = "; ".join(error for errors in form.errors.values() for error in errors)
            messages.error(request, f"No link was made: {problems}")
        return _back_to_panel(article)

    def share_revoke_view(self, request, object_id, link_id):
        article = self._shareable_article(request, object_id)
        link = get_object_or_404(article.share_links, pk=link_id)
        sharing.revoke_link(link, request.user)
        messages.success(request, "The review link was revoked: it no longer opens the article.")
        return _back_to_panel(article)


def share_panel(request, article) -> dict:
    """What the panel shows: the active links with their addresses, and the last few that
    ended, each with who made (and revoked) it."""
    links = article.share_links.select_related("created_by", "revoked_by")
    active = list(links.active())
    ended = list(links.exclude(pk__in=[link.pk for link in active])[:ENDED_SHOWN])
    return {
        "can_share": sharing.can_share(request.user, article),
        "form": ShareLinkForm(auto_id="id_share_%s"),
        "active": [(link, sharing.share_url(link)) for link in active],
        "ended": ended,
    }


def _back_to_panel(article):
    url = reverse("admin:guide_article_change", args=[article.pk])
    return HttpResponseRedirect(f"{url}#draft-share")
