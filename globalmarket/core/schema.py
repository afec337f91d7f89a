"""OpenAPI helpers."""

from typing import Any


def component_names(*views: type) -> None:
    """Give each view's nested `Input` serializer a unique schema name (e.g. RegisterInput)."""
    for view in views:
        serializer: Any = getattr(view, "Input", None)
        if serializer is not None:
            serializer.__name__ = serializer.__qualname__ = (
                f"{view.__name__.removesuffix('Api')}Input"
            )
