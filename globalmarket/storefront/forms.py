from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import ProductFilters


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
