from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def find_rehab(request):
    return render(request, "directory/find_rehab.html", {"near": request.GET.get("near", "")})
