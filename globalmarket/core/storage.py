"""Media storage for the embedded default and single-host deployments."""

import re

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
        # Names our upload code makes need no quoting; anything else is quoted as Django does.
        path = name if _PLAIN(name) else filepath_to_uri(name)
        return self.base_url + path.lstrip("/")


_PLAIN = re.compile(r"[A-Za-z0-9/_.~-]*").fullmatch
