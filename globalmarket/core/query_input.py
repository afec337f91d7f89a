"""Query-parameter serializers whose fields are built once per class, not per request."""

from typing import Any, ClassVar

from rest_framework import serializers


class QueryInput(serializers.Serializer):
    """A DRF serializer for validating query parameters, with the same fields, rules and
    error codes, that does not deep-copy its declared fields on every instance.

    DRF copies every declared field for each new serializer so that a field bound to one
    instance cannot leak state into another. An uncached catalog list spent a tenth of its
    CPU there (14 fields re-instantiated per request). Fields that only parse and validate a
    value (char, slug, decimal, integer, boolean, choice) keep no per-request state, so one
    bound copy per class is shared by every instance. Subclasses must not declare nested
    serializers or fields that read the serializer's instance or context.
    """

    _shared_fields: ClassVar[dict[type, Any]] = {}

    @property  # type: ignore[override]
    def fields(self) -> Any:
        cls = type(self)
        fields = QueryInput._shared_fields.get(cls)
        if fields is None:
            # One ordinary instance builds and binds the fields (a race builds two: harmless).
            fields = serializers.Serializer.fields.func(cls())  # type: ignore[attr-defined]
            for field in fields.values():
                if isinstance(field, serializers.BaseSerializer):
                    raise TypeError(f"{cls.__name__}: a QueryInput cannot nest serializers")
            QueryInput._shared_fields[cls] = fields
        return fields
