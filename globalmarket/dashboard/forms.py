from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

CARRIER_CHOICES = [("postnl", "PostNL"), ("dhl", "DHL"), ("aramex", "Aramex")]
ACTION_DONE = {
    "accept": _("Order accepted."),
    "reject": _("Order rejected."),
    "ship": _("Order marked as shipped."),
    "deliver": _("Order marked as delivered."),
}


def carrier_choices() -> list[tuple[str, str]]:
    try:
        from globalmarket.orders.carriers import CARRIERS  # type: ignore[import-not-found]
    except ImportError:
        return CARRIER_CHOICES
    return [(code, name) for code, (name, _url) in CARRIERS.items()]


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=CARRIER_CHOICES)
    tracking_number = forms.RegexField(
        label=_("Tracking number"), max_length=64, regex=r"^[A-Za-z0-9-]{4,64}$",
        error_messages={"invalid": _("Use 4 to 64 letters, digits or dashes.")},
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = carrier_choices()  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        return {"carrier": self.cleaned_data["carrier"], "tracking_number": self.cleaned_data["tracking_number"]}


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def service_kwargs(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"]}
