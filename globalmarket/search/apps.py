from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "globalmarket.search"
    label = "search"
