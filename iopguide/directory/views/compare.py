from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def compare(request):
    return render(request, "directory/compare.html", {"facilities": []})
