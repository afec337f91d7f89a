from typing import Any

from django.http import HttpRequest
from django.utils import translation


def tenant(request: HttpRequest) -> dict[str, Any]:
    return {
        "tenant": getattr(request, "tenant", None),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
    }
