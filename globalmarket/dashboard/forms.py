from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globalmarket.core.errors import ApplicationError
from globalmarket.orders.carriers import CARRIERS
from globalmarket.storefront.errors import apply_service_errors

ACTION_DONE = {
    "accept": _("Order accepted."),
    "reject": _("Order rejected."),
    "ship": _("Order marked as shipped."),
    "deliver": _("Order marked as delivered."),
}


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(
        label=_("Carrier"), choices=[(code, name) for code, (name, _url) in CARRIERS.items()]
    )
    tracking_number = forms.RegexField(
        label=_("Tracking number"), max_length=64, regex=r"^[A-Za-z0-9-]{4,64}$",
        error_messages={"invalid": _("Use 4 to 64 letters, digits or dashes.")},
    )  # fmt: skip

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "carrier": self.cleaned_data["carrier"],
            "tracking_number": self.cleaned_data["tracking_number"],
        }


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"]}


class ApplyForm(forms.Form):
    """Apply to sell: business, address and payout details (checked by vendors.services)."""

    name = forms.CharField(label=_("Shop name"), max_length=200)
    legal_form = forms.CharField(
        label=_("Legal form"), max_length=60, help_text=_("e.g. B.V., GmbH, SAS, LLC")
    )
    vat_number = forms.CharField(label=_("VAT number"), max_length=32, required=False)
    country = forms.ChoiceField(label=_("Country of the business"), choices=[])
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    contact_email = forms.EmailField(label=_("Contact email"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    iban = forms.CharField(label=_("IBAN for payouts"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    account_holder = forms.CharField(label=_("Account holder"), max_length=200)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = countries  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"], "legal_form": d["legal_form"], "vat_number": d["vat_number"],
            "country": d["country"], "contact_email": d["contact_email"], "contact_phone": d["contact_phone"],
            "address": {"street": d["street"], "postal_code": d["postal_code"], "city": d["city"]},
            "payout": {"method": "bank_transfer", "iban": d["iban"], "bic": d["bic"],
                       "account_holder": d["account_holder"]},
        }  # fmt: skip

    def add_service_error(self, error: ApplicationError) -> None:
        apply_service_errors(self, error, field_for=lambda path: path.split(".")[-1])


class ProductForm(forms.Form):
    """A product with a name and description per region language (one tab each)."""

    sku = forms.CharField(label=_("SKU"), max_length=64)
    category = forms.ChoiceField(label=_("Category"), choices=[])
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=12, decimal_places=3)
    compare_at_price = forms.DecimalField(label=_("Compare-at price (optional)"), min_value=0, max_digits=12,
                                          decimal_places=3, required=False)  # fmt: skip
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=10_000_000, initial=0)
    image = forms.ImageField(label=_("Image"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-preview": "image-preview"}))  # fmt: skip

    def __init__(self, *args: Any, languages: list[tuple[str, str]], categories: list[tuple[str, str]],
                 editing: bool = False, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.languages = languages
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        for code, _name in languages:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name"), max_length=200, required=False
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description"),
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        if editing:
            del self.fields["sku"]
            del self.fields["stock"]

    def tabs(self) -> list[dict[str, Any]]:
        return [{"code": code, "name": name, "fields": [self[f"name_{code}"], self[f"description_{code}"]]}
                for code, name in self.languages]  # fmt: skip

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        data: dict[str, Any] = {
            "name": {c: d[f"name_{c}"] for c, _n in self.languages if d.get(f"name_{c}")},
            "description": {c: d[f"description_{c}"] for c, _n in self.languages if d.get(f"description_{c}")},
            "category": d["category"], "price": str(d["price"]),
            "compare_at_price": str(d["compare_at_price"]) if d.get("compare_at_price") is not None else None,
        }  # fmt: skip
        if "sku" in d:
            data["sku"] = d["sku"]
        return data

    def add_service_error(self, error: ApplicationError) -> None:
        apply_service_errors(self, error, field_for=self._field_for)

    def _field_for(self, path: str) -> str:
        """`name.de` → `name_de`; a name error without a language goes to the first tab."""
        parts = path.split(".")
        name = "_".join(parts[:2])
        if len(parts) < 2 or name not in self.fields:
            name = parts[0]
        if name == "name" and self.languages:
            name = f"name_{self.languages[0][0]}"
        return name
