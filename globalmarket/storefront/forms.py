from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from globalmarket.cart.addresses import FIELDS as ADDRESS_FIELDS

from .selectors import ProductFilters


def _text(label: Any, max_length: int, autocomplete: str = "", **attrs: str) -> forms.CharField:
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return forms.CharField(label=label, max_length=max_length, required=False,
                           widget=forms.TextInput(attrs=attrs) if attrs else None)  # fmt: skip


class AddressFields(forms.Form):
    """The address fields (cart.addresses.FIELDS) of the address book and checkout pages.

    Optional here: the cart's `clean_address` decides per country what is required.
    """

    full_name = _text(_("Full name"), 150, "name")
    company = _text(_("Company (optional)"), 150, "organization")
    street = _text(_("Street"), 200, "address-line1")
    house_number = _text(_("House number"), 20)
    street2 = _text(_("Address line 2 (optional)"), 200, "address-line2")
    postal_code = _text(_("Postal code"), 20, "postal-code")
    city = _text(_("City"), 100, "address-level2")
    state = _text(_("State, emirate or province"), 100)
    country = forms.ChoiceField(label=_("Country"), choices=[])
    phone = _text(_("Phone"), 20, "tel", type="tel")

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = countries  # type: ignore[attr-defined]

    def address(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in ADDRESS_FIELDS}


class ProductFilterForm(forms.Form):
    """GET filters of a category or search page; bad values are dropped, never a 500."""

    SORT_CHOICES = [
        ("newest", _("Newest")),
        ("price_asc", _("Price: low to high")),
        ("price_desc", _("Price: high to low")),
        ("rating", _("Best rated")),
        ("popular", _("Most popular")),
    ]
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    brand = forms.SlugField(label=_("Brand"), required=False, max_length=120)
    min_price = forms.DecimalField(
        label=_("Minimum price"), required=False, min_value=0, max_digits=12, decimal_places=3
    )
    max_price = forms.DecimalField(
        label=_("Maximum price"), required=False, min_value=0, max_digits=12, decimal_places=3
    )
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    on_sale = forms.BooleanField(label=_("On sale"), required=False)

    def __init__(
        self, *args: object, brands: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["brand"] = forms.ChoiceField(
            label=_("Brand"), required=False, choices=[("", _("All brands")), *(brands or [])]
        )

    def filters(self, q: str = "") -> ProductFilters:
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors
            }
        )
        return ProductFilters(
            q=q[:200],
            brand=data.get("brand") or "",
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            in_stock=bool(data.get("in_stock")),
            on_sale=bool(data.get("on_sale")),
            sort=data.get("sort") or "newest",
        )


class CountryForm(forms.Form):
    country = forms.CharField(max_length=2)
    next = forms.CharField(max_length=2000, required=False)
