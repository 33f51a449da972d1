"""Reading articles from files: `.txt`, `.md` (front matter), `.html`, `.jsonl`.

    read_file(path)            one file -> its articles (IngestError when it holds none)
    read_bytes(name, data)     the same for an upload or a fetched page
    iter_corpus(corpus_dir)    every article under a folder, plus what was skipped and why

Text is kept as read (boilerplate included); `index.clean` removes boilerplate later. A
`<file>.meta.yaml` sidecar beside a single-article file overrides or completes its metadata.
The corpus layout and formats are described in corpus/README.md.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import IngestError, NotFound
from ..models import Article
from ._formats import SINGLE, parse_jsonl
from ._meta import SIDECAR_SUFFIX, build_article, merge, read_sidecar, short_hash

__all__ = [
    "SIDECAR_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "Skipped",
    "files_in",
    "iter_corpus",
    "read_bytes",
    "read_file",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
MAX_FILE_BYTES = 100 * 2**20  # a bulk jsonl may be large; anything past this is a mistake
_KIND_BY_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
_KIND_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
}
# Files in the corpus that are not articles, passed over without a word.
_QUIET_PREFIXES = ("README", "LICENSE", "LICENCE", "NOTICE")
_QUIET_NAMES = {"speakers.yaml"}  # speaker aliases


@dataclass
class Skipped:
    """A file (or a line of one) that was not loaded."""

    path: str
    reason: str  # one clear sentence for the user


def read_file(
    path: Path, root: Path | None = None, *, skipped: list[Skipped] | None = None
) -> list[Article]:
    """The articles in one file; IngestError (message names the file) when it has none.

    Bad lines of a jsonl file are appended to `skipped` when given, else logged as warnings.
    """
    path = Path(path)
    shown = _shown(path, root)
    try:
        return _load_path(path, shown, skipped)
    except IngestError as exc:
        raise IngestError(f"{shown}: {exc}") from None


def read_bytes(
    name: str, data: bytes, content_type: str = "", *, skipped: list[Skipped] | None = None
) -> list[Article]:
    """Articles from an upload or a fetched page. The file name decides the format; for a
    URL the content type does (text/html, text/plain, text/markdown), then the URL's suffix."""
    try:
        kind = _kind(name, content_type)
        default_key = "url-" + short_hash(name) if _is_url(name) else Path(name).stem
        articles = _parse(kind, data, name, default_key, {}, skipped)
        if _is_url(name):
            for a in articles:
                a.url = a.url or name
        return articles
    except IngestError as exc:
        raise IngestError(f"{name}: {exc}") from None


def iter_corpus(
    corpus_dir: Path, exclude: Iterable[str] = ()
) -> tuple[list[Article], list[Skipped]]:
    """Every article under `corpus_dir` (recursive, in path order) and every file skipped.

    `exclude` names top-level collection folders to leave out (e.g. "ext"). A bad file is
    skipped with its reason and the others still load; an id used twice keeps the first.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise NotFound(f"corpus folder {corpus_dir} does not exist")
    excluded = set(exclude)
    articles: list[Article] = []
    skipped: list[Skipped] = []
    owner: dict[str, str] = {}  # article id -> the path that claimed it first
    for path in _walk(corpus_dir, excluded):
        shown = _shown(path, corpus_dir)
        try:
            found = _load_path(path, shown, skipped)
        except IngestError as exc:
            skipped.append(Skipped(shown, f"{exc}."))
            continue
        for article in found:
            if article.key in owner:
                skipped.append(Skipped(shown, _duplicate_reason(article, owner[article.key])))
                continue
            owner[article.key] = shown
            articles.append(article)
    log.info("read %d articles from %s; %d skipped", len(articles), corpus_dir, len(skipped))
    return articles, skipped


def files_in(folder: Path) -> list[Path]:
    """The files a build would read in `folder` (recursive, in path order; sidecars, hidden
    files and speaker aliases left out): what adding a folder adds."""
    return list(_walk(Path(folder), set()))


def _walk(corpus_dir: Path, excluded: set[str]) -> Iterable[Path]:
    for folder, dirs, files in os.walk(corpus_dir):
        top = Path(folder) == corpus_dir
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d in excluded))
        for name in sorted(files):
            if not _quiet(name):
                yield Path(folder) / name


def _quiet(name: str) -> bool:
    return (
        name.startswith(".")
        or name.upper().startswith(_QUIET_PREFIXES)
        or name.endswith(SIDECAR_SUFFIX)
        or name in _QUIET_NAMES
    )


def _load_path(path: Path, shown: str, skipped: list[Skipped] | None) -> list[Article]:
    """Reasons in IngestError here do not name the file: the caller adds it where needed."""
    kind = _kind(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(
                f"the file is too large ({size / 2**20:.0f} MB; the limit is "
                f"{MAX_FILE_BYTES // 2**20} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"it cannot be read ({exc.strerror or exc})") from None
    sidecar = read_sidecar(path) if kind != "jsonl" else {}
    return _parse(kind, data, shown, path.stem, sidecar, skipped)


def _parse(
    kind: str,
    data: bytes,
    shown: str,
    default_key: str,
    sidecar: dict,
    skipped: list[Skipped] | None,
) -> list[Article]:
    if kind != "jsonl":
        meta = merge(SINGLE[kind](data), sidecar)
        return [build_article(meta, default_key=default_key, path=shown)]
    rows, problems = parse_jsonl(data)
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        fallback = "h-" + short_hash(str(row.get("url") or row["text"]))
        try:
            article = build_article(row, default_key=fallback, path=shown)
        except IngestError as exc:
            problems.append((number, f"line {number}: {exc}"))
            continue
        if article.key in seen:
            problems.append(
                (
                    number,
                    f"line {number} repeats the id {article.key!r} of line {seen[article.key]}",
                )
            )
            continue
        seen[article.key] = number
        articles.append(article)
    problems.sort()
    if not articles:
        first = problems[0][1] if problems else "it has no lines"
        more = f" (and {len(problems) - 1} more bad lines)" if len(problems) > 1 else ""
        raise IngestError(f"no article could be read from it: {first}{more}")
    for _, reason in problems:
        if skipped is None:
            log.warning("%s: %s; the line was skipped", shown, reason)
        else:
            skipped.append(Skipped(shown, f"{reason}; the other lines were loaded."))
    return articles


def _kind(name: str, content_type: str = "") -> str:
    media = content_type.split(";", 1)[0].strip().lower()
    suffix = Path(urlsplit(name).path if _is_url(name) else name).suffix.lower()
    by_type, by_suffix = _KIND_BY_TYPE.get(media), _KIND_BY_SUFFIX.get(suffix)
    kind = (by_type or by_suffix) if _is_url(name) else (by_suffix or by_type)
    if kind is None:
        what = f"“{suffix}”" if suffix else "a file without a suffix"
        if media:
            what += f" of type {media}"
        raise IngestError(
            f"it is of an unknown kind ({what}); Parley reads " + ", ".join(SUPPORTED_SUFFIXES)
        )
    return kind


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def _shown(path: Path, root: Path | None) -> str:
    """The path relative to the corpus folder when inside it, else as given."""
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _duplicate_reason(article: Article, first: str) -> str:
    return (
        f"the article “{article.title[:60]}” has the id {article.key!r}, already used by "
        f"{first}; give one of them another `id` in its metadata."
    )
