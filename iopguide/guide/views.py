from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from iopguide.core.freshness import conditional_page, guide_freshness

from .models import Article


@require_safe
@conditional_page(guide_freshness)
def index(request):
    articles = Article.objects.published().only("title", "slug", "summary", "section", "order")
    return render(request, "guide/index.html", {"articles": articles})


@require_safe
@conditional_page(guide_freshness)
def article(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render(request, "guide/article.html", {"article": article})
