from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, ZeroResultQuery


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin, MarkdownxModelAdmin):
    list_display = ["title", "section", "status", "published_at", "reviewed_on", "updated_at"]
    list_filter = ["status", "section"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ["query", "count", "last_seen"]
    readonly_fields = ["query", "count", "last_seen"]
