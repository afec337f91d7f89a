from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`results`, `next`, `previous`, `count`; page size up to 100 via ?page_size=."""

    page_size_query_param = "page_size"
    max_page_size = 100
