# ruff: noqa: RUF001, RUF002, RUF003 - Arabic letters here are intended, not confusables
"""Text normalisation shared by indexing and querying (both backends).

The same function runs on the document text and on the shopper's query, so accents,
Arabic diacritics and letter variants never decide whether something matches:

* lower-case, HTML tags removed, NUL and control characters dropped;
* Latin accents removed (Kopfhörer → kopfhorer, café → cafe) by NFKD decomposition;
* Arabic: tashkeel/diacritics and tatweel removed, alef variants أ إ آ ٱ → ا,
  alef maqsura ى → ي, ta marbuta ة → ه, hamza carriers ؤ → و and ئ → ي.
"""

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer

# Text-search configuration (PostgreSQL) / snowball stemmer (SQLite) per language.
TS_CONFIGS = {"en": "english", "nl": "dutch", "de": "german", "fr": "french", "ar": "arabic"}
SIMPLE = "simple"

MAX_QUERY_CHARS = 200  # longer queries are cut (a 10 KB query is not an error)
MAX_QUERY_TOKENS = 8

_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel
    }
)


def ts_config(language: str) -> str:
    return TS_CONFIGS.get(language, SIMPLE)


def strip_html(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text or ""))


def normalize(text: str) -> str:
    """Lower-cased, accent- and diacritic-free text (see the module docstring)."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", text).lower()
    # Arabic first: the explicit map keeps ة → ه and ى → ي, which NFKD would not do.
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


def tokens(text: str) -> list[str]:
    """Normalised word tokens (letters and digits only; operators and quotes are dropped)."""
    return [t.replace("_", "") for t in _TOKEN.findall(normalize(text)) if t.replace("_", "")]


def query_tokens(query: str) -> list[str]:
    """The tokens a query searches for: bounded in length and count."""
    return tokens((query or "")[:MAX_QUERY_CHARS])[:MAX_QUERY_TOKENS]


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:
    name = ts_config(language)
    if name == SIMPLE:
        return None
    return snowballstemmer.stemmer(name)


def stem_tokens(words: list[str], language: str) -> list[str]:
    """Snowball stems (used by the SQLite backend; PostgreSQL stems with its own configs)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return words
    return [stemmer.stemWord(w) or w for w in words]
