"""The .po files are complete, keep placeholders intact and compile with Babel only."""

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LANGUAGES = ["nl", "de", "fr", "ar"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    path = Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "django.po")
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"counter"}
        if message.fuzzy:
            problems.append(f"fuzzy (not used until reviewed): {ids[0]!r}")
        for text in strings:
            if not text:
                problems.append(f"untranslated: {ids[0]!r}")
            elif not set(PLACEHOLDER.findall(text)) >= wanted:
                problems.append(f"placeholder lost: {ids[0]!r} -> {text!r}")
    assert problems == []
    assert len(catalog) > 100


def test_compile_translations_builds_mo_files_and_django_uses_them() -> None:
    call_command("compile_translations")
    for language in LANGUAGES:
        assert Path(settings.BASE_DIR, "locale", language, "LC_MESSAGES", "django.mo").exists()
    with translation.override("nl"):
        assert translation.gettext("Add to cart") == "In winkelwagen"
    with translation.override("ar"):
        assert translation.gettext("Add to cart") == "أضف إلى السلة"
        product = "%(counter)s product"
        assert translation.ngettext(product, "%(counter)s products", 2) == "منتجان"
        assert translation.ngettext(product, "%(counter)s products", 5) == "%(counter)s منتجات"
        assert translation.ngettext(product, "%(counter)s products", 11) == "%(counter)s منتجًا"


@pytest.mark.django_db
def test_region_label_in_the_header_is_translated(tenants: Any) -> None:
    from django.test import Client

    arabic = Client(HTTP_HOST="mena.localhost").get("/account/login/").content.decode()
    assert "الشرق الأوسط وشمال أفريقيا" in arabic
    assert "Middle East &amp; North Africa" not in arabic
    dutch = Client(HTTP_HOST="eu.localhost").get("/account/login/?lang=nl").content.decode()
    assert "<small>Europa</small>" in dutch
