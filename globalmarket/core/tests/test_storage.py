import pytest
from django.core.files.storage import FileSystemStorage, storages

from globalmarket.core.storage import MediaStorage


@pytest.mark.parametrize(
    "name",
    ["products/a.jpg", "products/2026/11/kop telefoon é.webp", "/products/x.png", "a+b&c#d?.jpg"],
)
@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example.test/m/"])
def test_urls_are_those_of_the_file_system_storage(name, base_url, tmp_path):
    ours = MediaStorage(location=tmp_path, base_url=base_url)
    django = FileSystemStorage(location=tmp_path, base_url=base_url)
    assert ours.url(name) == django.url(name)


def test_media_storage_is_the_default():
    assert isinstance(storages["default"], MediaStorage)
