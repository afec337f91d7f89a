from django.urls import URLPattern, URLResolver, path

from .api import imports, public, staff, vendor

app_name = "catalog"
P = "vendor/products/<int:product_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("products/", public.ProductListApi.as_view(), name="product-list"),
    path("products/<slug:slug>/", public.ProductDetailApi.as_view(), name="product-detail"),
    path("categories/", public.CategoryListApi.as_view(), name="category-list"),
    # vendor
    path("vendor/products/", vendor.VendorProductListApi.as_view(), name="vendor-product-list"),
    path(
        "vendor/products/import/seed-json/",
        imports.VendorImportSeedJsonApi.as_view(),
        name="vendor-import-seed-json",
    ),
    path(
        "vendor/products/import/shopify-csv/",
        imports.VendorImportShopifyCsvApi.as_view(),
        name="vendor-import-shopify-csv",
    ),
    path(P, vendor.VendorProductDetailApi.as_view(), name="vendor-product-detail"),
    path(P + "publish/", vendor.VendorProductPublishApi.as_view(), name="vendor-product-publish"),
    path(P + "archive/", vendor.VendorProductArchiveApi.as_view(), name="vendor-product-archive"),
    path(
        P + "unpublish/",
        vendor.VendorProductUnpublishApi.as_view(),
        name="vendor-product-unpublish",
    ),
    path(P + "variants/", vendor.VendorVariantCreateApi.as_view(), name="vendor-variant-create"),
    path(
        P + "variants/<int:variant_id>/",
        vendor.VendorVariantDetailApi.as_view(),
        name="vendor-variant-detail",
    ),
    path(
        P + "variants/<int:variant_id>/stock/",
        vendor.VendorVariantStockApi.as_view(),
        name="vendor-variant-stock",
    ),
    path(P + "images/", vendor.VendorImageCreateApi.as_view(), name="vendor-image-create"),
    path(
        P + "images/<int:image_id>/",
        vendor.VendorImageDetailApi.as_view(),
        name="vendor-image-detail",
    ),
    # staff
    path("staff/products/", staff.StaffProductListApi.as_view(), name="staff-product-list"),
    path(
        "staff/products/<int:product_id>/",
        staff.StaffProductDetailApi.as_view(),
        name="staff-product-detail",
    ),
    path(
        "staff/products/<int:product_id>/approve/",
        staff.StaffProductApproveApi.as_view(),
        name="staff-product-approve",
    ),
    path(
        "staff/products/<int:product_id>/reject/",
        staff.StaffProductRejectApi.as_view(),
        name="staff-product-reject",
    ),
    path("staff/categories/", staff.StaffCategoryCreateApi.as_view(), name="staff-category-create"),
    path("staff/brands/", staff.StaffBrandCreateApi.as_view(), name="staff-brand-create"),
]
