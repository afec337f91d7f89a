from decimal import Decimal

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from globalmarket.catalog import selectors, services
from globalmarket.catalog.cache import catalog_changed
from globalmarket.catalog.models import Product, ProductImage
from globalmarket.catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors.models import Vendor
from globalmarket.vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/products/"


def row_queries():
    """Statements that load the public rows of any number of products (catalog.rows): one
    on PostgreSQL; products, variants and images through the ORM elsewhere."""
    return 1 if connections["region_eu"].vendor == "postgresql" else 3


def slugs(response):
    assert response.status_code == 200, response.json()
    return [p["slug"] for p in response.json()["results"]]


def test_detail_has_exactly_the_public_fields(eu, api_for):
    with use_tenant(eu):
        vendor = VendorFactory(
            slug="audiotech",
            name="AudioTech",
            shipping_rates={"BE": {"cost": "3.5", "delivery_days_min": 2, "delivery_days_max": 5}},
        )
        product = ProductFactory(
            vendor=vendor,
            slug="headphones",
            brand=BrandFactory(slug="audiotech", name="AudioTech"),
            category=CategoryFactory(slug="audio", name={"en": "Audio", "nl": "Geluid"}),
            name={"en": "Headphones", "nl": "Koptelefoon"},
            description={"en": "<p>Great</p>"},
            price=Decimal("299.99"),
            compare_at_price=Decimal("399.99"),
            cost_price=Decimal("150"),
            shipping_info={
                "DE": {"shipping_cost": "5.99", "delivery_days_min": 2, "delivery_days_max": 4}
            },
            rating_avg=Decimal("4.70"),
            rating_count=32,
            variants=[
                {"sku": "B", "option_name": "Color", "option_value": "Black", "stock": 0},
                {
                    "sku": "W",
                    "option_name": "Color",
                    "option_value": "White",
                    "stock": 5,
                    "price_modifier": Decimal("10"),
                    "translations": {"nl": {"name": "Kleur", "value": "Wit"}},
                },
            ],
        )
        ProductImage.objects.create(
            product=product,
            image="products/x.jpg",
            alt={"en": "Front"},
            thumbnails={"small": "products/x-small.webp"},
            width=10,
            height=10,
        )
    body = api_for(eu).get("/api/v1/products/headphones/?country=DE&lang=nl").json()
    assert body == {
        "id": product.pk,
        "slug": "headphones",
        "name": "Koptelefoon",
        "description": "<p>Great</p>",
        "price": "299.99",
        "compare_at_price": "399.99",
        "currency": "EUR",
        "brand": {"slug": "audiotech", "name": "AudioTech"},
        "category": {
            "id": product.category_id,
            "slug": "audio",
            "name": "Geluid",
            "path": product.category.path,
        },
        "vendor": {"slug": "audiotech", "name": "AudioTech"},
        "images": [
            {
                "id": product.images.get().pk,
                "url": "/media/products/x.jpg",
                "alt": "Front",
                "width": 10,
                "height": 10,
                "position": 0,
                "thumbnails": {"small": "/media/products/x-small.webp"},
            }
        ],
        "variants": [
            {
                "id": product.variants.get(sku="B").pk,
                "sku": "B",
                "name": "Color",
                "value": "Black",
                "price": "299.99",
                "in_stock": False,
            },
            {
                "id": product.variants.get(sku="W").pk,
                "sku": "W",
                "name": "Kleur",
                "value": "Wit",
                "price": "309.99",
                "in_stock": True,
            },
        ],
        "available_in_countries": ["NL", "DE", "BE", "FR"],
        "shipping": {
            "country": "DE",
            "cost": "5.99",
            "delivery_days_min": 2,
            "delivery_days_max": 4,
        },
        "rating_avg": "4.70",
        "rating_count": 32,
    }
    assert "cost_price" not in str(api_for(eu).get(LIST).json())
    be = api_for(eu).get("/api/v1/products/headphones/?country=BE").json()["shipping"]
    assert be == {"country": "BE", "cost": "3.50", "delivery_days_min": 2, "delivery_days_max": 5}


def test_only_published_products_of_approved_vendors_are_public(eu, api_for):
    with use_tenant(eu):
        ProductFactory(slug="live")
        ProductFactory(slug="draft", status=Product.Status.DRAFT)
        ProductFactory(slug="pending", status=Product.Status.PENDING_REVIEW)
        ProductFactory(slug="archived", status=Product.Status.ARCHIVED)
        ProductFactory(slug="suspended", vendor=VendorFactory(status=Vendor.Status.SUSPENDED))
    client = api_for(eu)
    assert slugs(client.get(LIST)) == ["live"]
    for hidden in ("draft", "pending", "archived", "suspended"):
        assert client.get(f"{LIST}{hidden}/").status_code == 404


def test_products_of_another_region_are_not_visible(eu, mena, api_for):
    with use_tenant(mena):
        ProductFactory(slug="mena-only", currency="AED", available_in_countries=["AE"])
    assert slugs(api_for(eu).get(LIST)) == []
    assert api_for(eu).get(f"{LIST}mena-only/").status_code == 404
    assert slugs(api_for(mena).get(LIST)) == ["mena-only"]


def test_filters(eu, api_for):
    with use_tenant(eu):
        electronics = CategoryFactory(slug="electronics")
        audio = CategoryFactory(slug="audio", parent=electronics)
        garden = CategoryFactory(slug="garden")
        brand = BrandFactory(slug="acme")
        vendor = VendorFactory(slug="shop")
        ProductFactory(slug="a", category=audio, price=Decimal("10"), brand=brand, is_featured=True)
        ProductFactory(
            slug="b",
            category=electronics,
            price=Decimal("50"),
            vendor=vendor,
            compare_at_price=Decimal("60"),
            available_in_countries=["NL"],
            variants=[{"stock": 0}],
        )
        ProductFactory(
            slug="c", category=garden, price=Decimal("30"), compare_at_price=Decimal("20")
        )
    client = api_for(eu)

    def get(query):
        return sorted(slugs(client.get(f"{LIST}?{query}")))

    assert get("category=electronics") == ["a", "b"]  # includes subcategories
    assert get("category=audio") == ["a"]
    assert get("category=unknown") == []
    assert get("brand=acme") == ["a"]
    assert get("vendor=shop") == ["b"]
    assert get("min_price=20&max_price=50") == ["b", "c"]
    assert get("country=DE") == ["a", "c"]
    assert get("in_stock=true") == ["a", "c"]
    assert get("in_stock=false") == ["b"]
    assert get("on_sale=true") == ["b"]  # compare-at below price is not a sale
    assert get("featured=true") == ["a"]
    assert slugs(client.get(f"{LIST}?ordering=price")) == ["a", "c", "b"]
    assert slugs(client.get(f"{LIST}?ordering=-price")) == ["b", "c", "a"]


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("min_price=abc", "min_price", "invalid"),
        ("ordering=cheapest", "ordering", "invalid_choice"),
        ("country=AE", "country", "unknown_country"),
        ("page_size=1000", "page_size", "max_value"),
    ],
)
def test_bad_list_parameters_are_400(eu, api_for, query, field, code):
    response = api_for(eu).get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"][field][0]["code"] == code


def test_pagination_shape(eu, api_for):
    with use_tenant(eu):
        for n in range(3):
            ProductFactory(slug=f"p{n}")
    body = api_for(eu).get(f"{LIST}?page_size=2").json()
    assert body["count"] == 3
    assert body["previous"] is None
    assert body["next"] == "http://eu.localhost/api/v1/products/?page=2&page_size=2"
    assert len(body["results"]) == 2


def _products(n, with_images=True):
    category = CategoryFactory()
    vendor = VendorFactory()
    brand = BrandFactory()
    for _ in range(n):
        product = ProductFactory(
            category=category, vendor=vendor, brand=brand, variants=[{"stock": 1}, {"stock": 2}]
        )
        if with_images:
            ProductImage.objects.create(product=product, image="products/a.jpg", width=1, height=1)


@pytest.mark.parametrize("n", [1, 50])
def test_list_query_count_does_not_grow_with_the_page(eu, api_for, django_assert_num_queries, n):
    with use_tenant(eu):
        _products(n)
    client = api_for(eu)
    # count, page ids, then the products' rows; the category filter adds one look-up.
    with django_assert_num_queries(2 + row_queries(), connection=connections["region_eu"]):
        response = client.get(f"{LIST}?page_size=50")
    assert len(response.json()["results"]) == n
    with django_assert_num_queries(0, connection=connections["region_eu"]):
        assert client.get(f"{LIST}?page_size=50").headers["X-Cache"] == "HIT"
    # Another ordering of the same products: a new page (count cached), but its products
    # were rendered by the first page (ADR 0156): the page's ids only.
    with django_assert_num_queries(1, connection=connections["region_eu"]):
        other = client.get(f"{LIST}?page_size=50&ordering=price")
    assert other.headers["X-Cache"] == "MISS"
    assert sorted(p["id"] for p in other.json()["results"]) == sorted(
        p["id"] for p in response.json()["results"]
    )


def test_list_pages_share_rendered_products_per_language_and_country(eu, api_for):
    """A page not seen before loads and renders only the products no other page of the same
    language and country has rendered under the current catalog version (ADR 0156)."""
    with use_tenant(eu):
        category = CategoryFactory(slug="lamps")
        vendor = VendorFactory(shipping_rates={"DE": {"cost": "7.50"}})
        for n in range(4):
            ProductFactory(
                slug=f"lamp-{n}",
                name={"en": f"Lamp {n}", "nl": f"Lamp {n} NL"},
                category=category,
                vendor=vendor,
                price=Decimal(10 + n),
                shipping_info={"NL": {"shipping_cost": "4.95"}},
                available_in_countries=["NL", "DE"],
            )
    client = api_for(eu)
    region = connections["region_eu"]

    def page(query, **headers):
        with CaptureQueriesContext(region) as queries:
            response = client.get(f"{LIST}?{query}", **headers)
        assert response.status_code == 200, response.json()
        return response.json(), len(queries)

    def names(body):
        return [p["name"] for p in body["results"]]

    first, _ = page("page_size=2&ordering=price")
    assert names(first) == ["Lamp 0", "Lamp 1"]
    # Renamed behind the services' back (no catalog version bump): a product rendered
    # already keeps its rendering, one not rendered yet is loaded as it is now.
    with use_tenant(eu):
        for n in (0, 3):
            Product.objects.filter(slug=f"lamp-{n}").update(
                name={"en": f"Renamed {n}", "nl": f"Lamp {n} NL"}
            )
    body, count = page("page_size=4&ordering=-price")
    assert names(body) == ["Renamed 3", "Lamp 2", "Lamp 1", "Lamp 0"]
    assert count == 1 + row_queries()  # the page's ids, then the two missing products' rows
    body, count = page("page_size=4&ordering=newest")
    assert count == 1  # every product rendered: the page's ids only
    # A change through the services moves the catalog version on: everything is fresh.
    with use_tenant(eu):
        catalog_changed()
    body, _ = page("page_size=4&ordering=-price")
    assert names(body) == ["Renamed 3", "Lamp 2", "Lamp 1", "Renamed 0"]
    # Another language or country is rendered apart, in its own words and shipping terms.
    dutch, count = page("page_size=4&ordering=price&lang=nl")
    assert names(dutch) == [f"Lamp {n} NL" for n in range(4)] and count > 1
    shipping = {c: page(f"page_size=4&ordering=newest&country={c}")[0] for c in ("NL", "DE")}
    assert {p["shipping"]["cost"] for p in shipping["NL"]["results"]} == {"4.95"}
    assert {p["shipping"]["cost"] for p in shipping["DE"]["results"]} == {"7.50"}


def test_rendered_products_go_stale_with_the_catalog(eu, api_for):
    """A product shown on one list page shows its change on the next page asked for."""
    with use_tenant(eu):
        product = ProductFactory(name={"en": "Old name"}, price=Decimal("10.00"))
    client = api_for(eu)
    assert client.get(LIST).json()["results"][0]["name"] == "Old name"
    with use_tenant(eu):
        services.product_update(product=product, data={"name": {"en": "New name"}})
    response = client.get(f"{LIST}?ordering=price")
    assert response.json()["results"][0]["name"] == "New name"


@pytest.mark.parametrize("n", [1, 50])
def test_detail_query_count_is_constant(eu, api_for, django_assert_num_queries, n):
    with use_tenant(eu):
        category = CategoryFactory()
        product = ProductFactory(
            slug="big", category=category, variants=[{"stock": 1} for _ in range(n)]
        )
        for _ in range(n):
            ProductImage.objects.create(product=product, image="products/a.jpg", width=1, height=1)
    with django_assert_num_queries(row_queries(), connection=connections["region_eu"]):
        response = api_for(eu).get(f"{LIST}big/")
    assert len(response.json()["variants"]) == n
    assert len(response.json()["images"]) == n


def test_categories_tree_is_translated(eu, api_for):
    with use_tenant(eu):
        root = CategoryFactory(slug="electronics", name={"en": "Electronics", "de": "Elektronik"})
        CategoryFactory(slug="audio", parent=root, name={"en": "Audio"})
        CategoryFactory(slug="hidden", is_active=False)
    body = api_for(eu).get("/api/v1/categories/?lang=de").json()
    assert [(c["slug"], c["name"], [k["slug"] for k in c["children"]]) for c in body] == [
        ("electronics", "Elektronik", ["audio"])
    ]
    assert body[0]["children"][0]["name"] == "Audio"  # falls back to the default language


def test_category_filter_sees_a_subcategory_added_later(eu, api_for):
    """The category subtree is cached with the catalog: a new subcategory counts at once."""
    with use_tenant(eu):
        root = services.category_create(slug="home", name={"en": "Home"})
        ProductFactory(slug="sofa", category=root)
    client = api_for(eu)
    assert slugs(client.get(f"{LIST}?category=home")) == ["sofa"]
    with use_tenant(eu):
        lamps = services.category_create(slug="lamps", name={"en": "Lamps"}, parent=root)
        ProductFactory(slug="lamp", category=lamps)
    assert sorted(slugs(client.get(f"{LIST}?category=home&ordering=price"))) == ["lamp", "sofa"]


@pytest.mark.parametrize("ordering", ["newest", "price", "-price", "popularity", "rating"])
def test_pages_of_a_category_with_subcategories_follow_the_ordering(eu, api_for, ordering):
    """A category's products come from each subcategory's own index walk, merged
    (selectors.product_page_ids on PostgreSQL): every page equals the same slice of the
    whole ordered list, across subcategories, ties and page boundaries."""
    with use_tenant(eu):
        root = CategoryFactory(slug="root")
        leaves = [CategoryFactory(slug=f"leaf-{n}", parent=root) for n in range(3)]
        for n in range(23):
            ProductFactory(
                category=([root, *leaves])[n % 4],
                price=Decimal(10 + n % 5),  # ties across categories
                sales_count=n % 3,
                views=n % 4,
                rating_avg=Decimal(n % 5),
                rating_count=n % 2,
                available_in_countries=["NL"] if n % 6 else ["DE"],
            )
        ProductFactory(category=CategoryFactory(slug="elsewhere"))
    client = api_for(eu)
    whole = slugs(client.get(f"{LIST}?category=root&country=NL&ordering={ordering}&page_size=100"))
    assert len(whole) == 19
    pages = []
    for page in range(1, 5):
        response = client.get(
            f"{LIST}?category=root&country=NL&ordering={ordering}&page_size=5&page={page}"
        )
        assert response.json()["count"] == 19
        pages += slugs(response)
    assert pages == whole
    with use_tenant(eu):
        filters = selectors.ProductFilters(category="root", country="NL", ordering=ordering)
        expected = list(selectors.products_matching(filters).values_list("pk", flat=True))
        with CaptureQueriesContext(connections["region_eu"]) as ctx:
            assert selectors.product_page_ids(filters, offset=3, limit=7) == expected[3:10]
    merged = "LATERAL" in ctx.captured_queries[-1]["sql"]
    assert merged == (connections["region_eu"].vendor == "postgresql")


FILTER_CASES = [
    {},
    {"category": "root"},
    {"category": "leaf-1"},
    {"brand": "b1"},
    {"vendor": "v1"},
    {"min_price": Decimal("11"), "max_price": Decimal("13")},
    {"country": "DE"},
    {"in_stock": True},
    {"in_stock": False},
    {"on_sale": True},
    {"on_sale": False},
    {"featured": True},
    {"featured": False, "category": "root", "country": "NL", "in_stock": True, "brand": "b0"},
]


@pytest.mark.parametrize("ordering", ["newest", "price", "-price", "popularity", "rating"])
def test_page_ids_equal_the_orm_list_for_every_filter(eu, ordering):
    """The page statement (catalog.listing, PostgreSQL) selects and orders exactly what the
    ORM's products_matching does, for every filter and ordering; elsewhere both are the ORM."""
    with use_tenant(eu):
        root = CategoryFactory(slug="root")
        leaves = [CategoryFactory(slug=f"leaf-{n}", parent=root) for n in range(2)]
        other = CategoryFactory(slug="other")
        brands = [BrandFactory(slug=f"b{n}") for n in range(2)]
        vendors = [VendorFactory(slug=f"v{n}") for n in range(2)]
        suspended = VendorFactory(slug="gone", status=Vendor.Status.SUSPENDED)
        for n in range(30):
            ProductFactory(
                category=[root, *leaves, other][n % 4],
                brand=brands[n % 2] if n % 5 else None,
                vendor=suspended if n == 7 else vendors[n % 3 % 2],
                price=Decimal(10 + n % 6),
                compare_at_price=Decimal(14) if n % 3 == 0 else None,
                available_in_countries=["NL", "DE"] if n % 2 else ["NL"],
                track_inventory=n % 7 != 0,
                is_featured=n % 4 == 1,
                sales_count=n % 3,
                views=n % 5,
                rating_avg=Decimal(n % 4),
                rating_count=n % 2,
                status=Product.Status.DRAFT if n == 9 else Product.Status.PUBLISHED,
                variants=[{"stock": n % 3}],
            )
        # A grandchild of root, and an inactive category (its products are not listed by it).
        deep = CategoryFactory(slug="deep", parent=leaves[0])
        hidden = CategoryFactory(slug="hidden", is_active=False)
        for category in (deep, deep, hidden):
            ProductFactory(category=category, vendor=vendors[0], available_in_countries=["NL"])
        for case in FILTER_CASES:
            filters = selectors.ProductFilters(**case, ordering=ordering)
            expected = list(selectors.products_matching(filters).values_list("pk", flat=True))
            assert expected, case  # every case selects something
            for offset, limit in ((0, 100), (2, 3)):
                page = selectors.product_page_ids(filters, offset=offset, limit=limit)
                assert page == expected[offset : offset + limit], case
            assert selectors.product_count(filters) == len(expected), case
        for slug in ("hidden", "nowhere"):
            filters = selectors.ProductFilters(category=slug, ordering=ordering)
            assert list(selectors.products_matching(filters)) == []
            assert selectors.product_page_ids(filters, offset=0, limit=10) == []
            assert selectors.product_count(filters) == 0


def test_list_statements_carry_their_constants_in_the_text(in_eu):
    """Statuses and the country are written into the list statements, not bound: a generic
    plan (prepared statements) would otherwise guess their selectivity and AND the country
    GIN index into every walk (ADR 0155). Values that could break out of a literal are
    refused."""
    from globalmarket.catalog import listing

    for category in ("root", None):
        filters = selectors.ProductFilters(country="NL", category=category, brand="b0")
        statements = [
            listing.count_sql(filters),
            listing.page_ids_sql(filters, ordering=["-price", "-id"], offset=0, limit=5),
        ]
        for sql, params in statements:
            assert "'published'" in sql and "'approved'" in sql and """'["NL"]'""" in sql
            assert not {"published", "approved", "NL", '["NL"]'} & {str(v) for v in params.values()}
    for bad in ("N'L", 'NL"]', "NL; --", ""):
        with pytest.raises(ValueError):
            listing.sold_in(bad)


@pytest.mark.parametrize("ordering", ["newest", "price", "-price", "popularity", "rating"])
@pytest.mark.parametrize("category", [True, False])
def test_list_walks_read_only_their_index(in_eu, ordering, category):
    """Every product column a list walk with the usual filters (region, vendor, country)
    reads is in the ordering's index, so PostgreSQL walks the index alone (ADR 0154). Fails
    when a condition or ordering reads a column the index does not carry."""
    import re

    from globalmarket.catalog import listing

    fields = selectors.ORDERINGS[ordering]
    sql, _ = listing.page_ids_sql(
        selectors.ProductFilters(
            country="NL", ordering=ordering, category="root" if category else None
        ),
        ordering=fields,
        offset=40,
        limit=20,
    )
    read = set(re.findall(r"\bp\.(\w+)", sql))
    keys = [f.lstrip("-") for f in fields]
    matching = [
        index
        for index in Product._meta.indexes
        if index.name.startswith("product_cat_" if category else "product_pub_")
        and [f.lstrip("-") for f in index.fields] == (["category", *keys] if category else keys)
    ]
    assert matching, ordering  # (the price indexes serve both directions)
    for index in matching:
        carried = {
            Product._meta.get_field(f.lstrip("-")).column for f in (*index.fields, *index.include)
        }
        assert read <= carried | {"status"}, read - carried  # status: the index's condition
