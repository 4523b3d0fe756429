"""The home page: what the registry holds, by legal form and by region."""

from django.db.models import Count
from django.shortcuts import render

from tadamon.registry.models import Organization
from tadamon.registry.vocabulary import LegalForm
from tadamon.territory.models import Region


def home(request):
    on_register = Organization.objects.visible_to(None).filter(status="registered")
    by_form = dict(on_register.values_list("legal_form").annotate(n=Count("id")))
    by_region = dict(on_register.values_list("province__region_id").annotate(n=Count("id")))
    regions = [
        {"region": region, "count": by_region.get(region.code, 0)}
        for region in Region.objects.order_by("code")
    ]
    forms = [
        {"code": code, "label": label, "count": by_form.get(code, 0)}
        for code, label in LegalForm.choices
    ]
    return render(
        request,
        "portal/home.html",
        {
            "total": sum(by_form.values()),
            "forms": forms,
            "regions": regions,
            "max_region_count": max([r["count"] for r in regions] + [1]),
        },
    )
