"""The sandbox provider's hosted TEST MODE page (stands in for a provider's own site)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from globalmarket.core.errors import ApplicationError
from globalmarket.core.money import from_minor_units

from .models import SandboxCharge
from .sandbox import sandbox_act


@require_http_methods(["GET", "POST"])
def sandbox_page(request: HttpRequest, charge_id: str) -> HttpResponse:
    charge = SandboxCharge.objects.filter(public_id=charge_id).first()
    if charge is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            charge = sandbox_act(charge=charge, action=str(request.POST.get("action", "")))
        except ApplicationError as exc:
            error = exc.message
        else:
            if charge.status != SandboxCharge.Status.CHALLENGE and charge.return_url:
                return redirect(charge.return_url)
            return redirect(request.path)
    context = {"charge": charge, "amount": from_minor_units(charge.amount_minor, charge.currency),
               "error": error}  # fmt: skip
    response = render(request, "payments/sandbox.html", context, status=400 if error else 200)
    response["X-Robots-Tag"] = "noindex"
    return response
