"""Vendor dashboard pages (mounted at /vendor/): thin views over vendor, catalog and order services."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from globalmarket.core.errors import ApplicationError
from globalmarket.vendors.access import membership_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    try:
        membership = membership_for(request.user, vendor_slug=request.GET.get("vendor") or None)
    except ApplicationError:
        return redirect("dashboard:apply")
    return render(request, "dashboard/home.html", {"vendor": membership.vendor, "membership": membership})


def apply(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/apply.html", {})
