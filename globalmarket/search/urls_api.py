from django.urls import URLPattern, URLResolver, path

from .api import SearchApi, SearchSuggestApi

urlpatterns: list[URLPattern | URLResolver] = [
    path("search/", SearchApi.as_view(), name="search-api"),
    path("search/suggest/", SearchSuggestApi.as_view(), name="search-suggest-api"),
]
