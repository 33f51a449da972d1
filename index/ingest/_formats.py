"""One parser per file format: bytes in, raw metadata dicts (with `text`) out."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

import frontmatter
import yaml

from ..errors import IngestError
from ._meta import MIN_ARTICLE_CHARS, decode, title_from_text

log = logging.getLogger(__name__)

Meta = dict[str, Any]
# A jsonl line that failed: (line number, reason).
LineProblem = tuple[int, str]


def parse_txt(data: bytes) -> Meta:
    text = decode(data)
    return {"title": title_from_text(text), "text": text}


def parse_md(data: bytes) -> Meta:
    text = decode(data)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        # PyYAML's message spans lines; a refusal is one line.
        raise IngestError(
            f"its front matter is not valid YAML ({' '.join(str(exc).split())})"
        ) from None
    meta: Meta = dict(post.metadata)
    meta.pop("text", None)  # the body is the text; a `text` key in front matter is not
    meta["text"] = post.content
    if not meta.get("title"):
        meta["title"] = title_from_text(post.content)
    return meta


def parse_html(data: bytes) -> Meta:
    """Body, title, author, date and outlet extracted by trafilatura, never by tag stripping."""
    import trafilatura  # slow to import; only needed when there is HTML

    if b"\x00" in data:
        raise IngestError("it is a binary file (it contains NUL bytes), not HTML")
    if not data.strip():
        raise IngestError("the file is empty")
    try:
        page: str | bytes = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        page = data  # not UTF-8: trafilatura reads the page's declared charset
    doc = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        # Only the page's own date metadata: a date found in the prose is not the publication's.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (doc.text or "").strip() if doc is not None else ""
    if len(body) < MIN_ARTICLE_CHARS or not _reads_as_prose(body):
        # A menu, a list of links or a link or two is not an article body.
        raise IngestError("no article text could be extracted from this HTML page")
    meta: Meta = {
        "title": doc.title or "",
        "author": (doc.author or "").replace("; ", ", "),
        "date": doc.date or "",
        "source": doc.sitename or "",
        "url": doc.url or "",
        "text": body,
    }
    if doc.description:
        meta["description"] = doc.description
    return meta


_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*(?=\s|$)")
# Share of the text in lines that end a sentence: an article's paragraphs do, a menu's
# headlines and a list of links do not.
MIN_PROSE_SHARE = 0.3


def _reads_as_prose(body: str) -> bool:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    prose = sum(len(line) for line in lines if _SENTENCE_END.search(line[-4:]))
    return len(_SENTENCE_END.findall(body)) >= 2 and prose >= MIN_PROSE_SHARE * len(body)


def parse_jsonl(data: bytes) -> tuple[list[tuple[int, Meta]], list[LineProblem]]:
    """Each good line as (line number, metadata); each bad line as (line number, reason)."""
    text = decode(data)
    rows: list[tuple[int, Meta]] = []
    problems: list[LineProblem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                (number, f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})")
            )
            continue
        if not isinstance(row, dict):
            problems.append((number, f"line {number} is not a JSON object"))
        elif not isinstance(row.get("text"), str) or not row["text"].strip():
            problems.append((number, f"line {number} has no text"))
        else:
            rows.append((number, row))
    return rows, problems


SINGLE: dict[str, Callable[[bytes], Meta]] = {
    "txt": parse_txt,
    "md": parse_md,
    "html": parse_html,
}
