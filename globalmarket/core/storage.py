"""Media storage for the embedded default and single-host deployments."""

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri


class MediaStorage(FileSystemStorage):
    """FileSystemStorage whose `url()` skips `urljoin`: the catalog renders two media URLs
    per product on every uncached list and detail, and `urljoin` was a tenth of that work.

    Stored names are relative paths made by our upload code (no scheme, no `..`), so the
    URL is the base URL (always ending in "/") followed by the quoted name: the same string
    FileSystemStorage returns.
    """

    def url(self, name: str | None) -> str:
        if name is None or self.base_url is None:
            return super().url(name)
        return self.base_url + filepath_to_uri(name).lstrip("/")
