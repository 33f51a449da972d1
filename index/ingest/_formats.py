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
    meta, body = _front_matter(text)
    meta.pop("text", None)  # the body is the text; a `text` key in front matter is not
    meta["text"] = body
    if not meta.get("title"):
        meta["title"] = title_from_text(body)
    return meta


def _front_matter(text: str) -> tuple[Meta, str]:
    """(metadata, body). A block between `---` lines that is not a mapping of names is no
    metadata but part of the text (a list or a paragraph between two rules), kept whole;
    python-frontmatter would drop it without a word."""
    handler = frontmatter.YAMLHandler()
    stripped = text.strip()
    if not handler.detect(stripped):
        return {}, text
    try:
        block, body = handler.split(stripped)
        data = yaml.safe_load(block)
    except ValueError:
        return {}, text
    except yaml.YAMLError as exc:
        # PyYAML's message spans lines; a refusal is one line.
        raise IngestError(
            f"its front matter is not valid YAML ({' '.join(str(exc).split())})"
        ) from None
    if isinstance(data, dict):
        return data, body.strip()
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        # "- title: …" lines: metadata meant as names, written as a list.
        raise IngestError(
            "its front matter is a YAML list (lines starting with '-'); write one "
            "`name: value` per line, e.g. `title: Talks resume`, without the dashes"
        )
    return {}, text


def parse_html(data: bytes) -> Meta:
    """Body, title, author, date and outlet extracted by trafilatura, never by tag stripping."""
    import trafilatura  # slow to import; only needed when there is HTML

    page: str | bytes
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        page = decode(data)  # a page saved as UTF-16 ("Unicode"): NUL bytes, yet text
    elif b"\x00" in data:
        raise IngestError("it is a binary file (it contains NUL bytes), not HTML")
    elif not data.strip():
        raise IngestError("the file is empty")
    else:
        try:
            page = data.decode("utf-8-sig")
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
