"""Turning raw metadata (sidecars, front matter, HTML, jsonl fields) into an `Article`."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import textwrap
from pathlib import Path
from typing import Any

import yaml

from ..errors import IngestError
from ..models import Article

log = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 100  # below this it is a note or a stub, not an article
MAX_ARTICLE_CHARS = 5_000_000  # one article's text; the longest real one we have is 177k
TITLE_CHARS = 120  # a title made from the text's first line is cut to this

# Metadata names Parley knows; everything else goes to Article.extra unchanged.
KNOWN = ("id", "title", "source", "author", "date", "url", "text")
# Other spellings accepted for a known name (the issue calls the outlet "outlet").
ALIASES = {"outlet": "source", "published": "date"}
SIDECAR_SUFFIX = ".meta.yaml"
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def decode(data: bytes) -> str:
    """UTF-8 (or UTF-16 with a byte-order mark) text with newlines normalised to \\n, or an
    IngestError saying why not."""
    if not data.strip():
        raise IngestError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows' "Unicode" (UTF-16 with its byte-order mark): text, though full of NUL bytes.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("it is not valid UTF-16 text; save it as UTF-8") from None
    elif b"\x00" in data:
        raise IngestError("it is a binary file (it contains NUL bytes), not text")
    else:
        text = _utf8(data)
    if not text.strip():
        raise IngestError("the file is empty")
    # Offsets are taken on the cleaned text later, so unifying line ends here is harmless.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot be decoded); save it as UTF-8 and add it again"
        ) from None


def normalise_date(value: Any) -> str:
    """`YYYY-MM-DD`, "" for no value; ValueError when the value is not a full date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    try:
        # ISO 8601, "Z" included. The date is the one written, in the writer's time zone
        # (corpus-ext gives UTC): converting would move late-evening items to the next day.
        return dt.datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"not a full date: {s!r}")


def title_from_text(text: str) -> str:
    """The first line with a word in it (Markdown heading marks removed; a rule such as
    `---` is no title), cut at a word boundary."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if any(ch.isalnum() for ch in line):
            return textwrap.shorten(line, TITLE_CHARS, placeholder=" …")
    return ""


def short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def canonical(meta: dict[str, Any]) -> dict[str, Any]:
    """Map alias names onto known ones; the alias value is kept too when it says more."""
    out = dict(meta)
    for alias, name in ALIASES.items():
        if alias in out and _empty(out.get(name)):
            out[name] = out[alias] if alias == "published" else out.pop(alias)
    return out


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override`'s non-empty values win; its empty ones leave `base` as it is."""
    out = canonical(base)
    for key, value in canonical(override).items():
        if not _empty(value):
            out[key] = value
    return out


def read_sidecar(path: Path) -> dict[str, Any]:
    """The `<file>.meta.yaml` (or `<stem>.meta.yaml`) beside `path`; {} when there is none."""
    for candidate in (
        path.with_name(path.name + SIDECAR_SUFFIX),
        path.with_name(path.stem + SIDECAR_SUFFIX),
    ):
        if candidate.is_file():
            break
    else:
        return {}
    try:
        meta = yaml.safe_load(candidate.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"its metadata file {candidate.name} is not valid YAML ({exc})") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise IngestError(f"its metadata file {candidate.name} is not a YAML mapping of names")
    return meta


def build_article(meta: dict[str, Any], *, default_key: str, path: str) -> Article:
    """One Article from merged metadata; IngestError when its text cannot be an article."""
    meta = canonical(meta)
    text = meta.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError("it has no text")
    n = len(text.strip())
    if n < MIN_ARTICLE_CHARS:
        raise IngestError(
            f"the text is too short to be an article ({n} characters; "
            f"at least {MIN_ARTICLE_CHARS} are needed)"
        )
    if n > MAX_ARTICLE_CHARS:
        raise IngestError(
            f"the text is too long ({n:,} characters; one article may have at most "
            f"{MAX_ARTICLE_CHARS:,})"
        )
    extra = {k: _jsonable(v) for k, v in meta.items() if k not in KNOWN}
    date = ""
    try:
        date = normalise_date(meta.get("date"))
    except ValueError:
        log.warning("%s: date %r is not a full date; left empty", path, meta.get("date"))
        extra["date_raw"] = _jsonable(meta.get("date"))
    key = _text(meta.get("id")) or default_key
    return Article(
        key=key,
        title=_text(meta.get("title")) or title_from_text(text),
        text=text,
        source=_text(meta.get("source")),
        author=_text(meta.get("author")),
        date=date,
        url=_text(meta.get("url")),
        path=path,
        extra=extra,
    )


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):  # several authors
        return ", ".join(_text(v) for v in value if _text(v))
    return str(value).strip()


def _jsonable(value: Any) -> Any:
    """Extra metadata is stored as JSON later: YAML dates and other objects become text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
