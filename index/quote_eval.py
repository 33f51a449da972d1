"""Quotation attribution measured against hand-made gold (tests/data/quotes_gold.jsonl).

Gold format, one JSON object per quotation:

    {"article": "001_bca9748009f8437c", "speaker": "Samuel Charap",
     "text": "exact quoted words as in the raw article", "direct": true}

with two optional fields: `alt_speakers` (other names under which the speaker may be given: a
co-speaker of a joint statement, or another name of the same body) and `after` (a snippet that
precedes the quotation, to pick one occurrence of a short text such as "serious"). `article` is a
seed's file stem or a corpus-ext `id`. Direct quotations are annotated without their marks; reported
speech is the reported clause. Gold is textual, so it survives cleaning: each text is located in the
evaluated text by a search that ignores whitespace and the style of quotation marks and dashes.

A predicted quotation matches a gold one when their spans overlap by at least half of the shorter
span and the speaker is the same (via the registry: variants, surnames, aliases). Precision,
recall and F1 count those matches; speaker accuracy is the share of span matches (speaker
ignored) whose speaker is right.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.models import Quote
from index.speakers import SpeakerRegistry

log = logging.getLogger(__name__)

MIN_OVERLAP = 0.5
_CHAR_MAP = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "—": "-",
        "–": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class GoldQuote:
    article: str
    speaker: str
    text: str
    direct: bool
    alt_speakers: tuple[str, ...] = ()
    after: str = ""

    @property
    def speakers(self) -> tuple[str, ...]:
        return (self.speaker, *self.alt_speakers)


@dataclass
class Counts:
    n_gold: int = 0
    n_pred: int = 0
    matched: int = 0  # span and speaker
    span_matched: int = 0  # span only
    speaker_right: int = 0  # among span matches
    unlocated: int = 0  # gold texts absent from the evaluated text (cut by cleaning)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.n_gold + other.n_gold,
            self.n_pred + other.n_pred,
            self.matched + other.matched,
            self.span_matched + other.span_matched,
            self.speaker_right + other.speaker_right,
            self.unlocated + other.unlocated,
            self.misses + other.misses,
            self.false_positives + other.false_positives,
            self.wrong_speakers + other.wrong_speakers,
        )


def load_gold(path: Path) -> dict[str, list[GoldQuote]]:
    """Gold quotations by article key."""
    out: dict[str, list[GoldQuote]] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        try:
            g = GoldQuote(
                article=row["article"],
                speaker=row["speaker"],
                text=row["text"],
                direct=bool(row["direct"]),
                alt_speakers=tuple(row.get("alt_speakers", ())),
                after=row.get("after", ""),
            )
        except KeyError as exc:
            raise ValueError(f"{path}:{n}: missing field {exc}") from exc
        out.setdefault(g.article, []).append(g)
    return out


def locate(text: str, needle: str, after: str = "", start: int = 0) -> tuple[int, int] | None:
    """Character span of `needle` in `text` (from offset `start`, after the snippet `after` if
    given), ignoring whitespace and quote/dash styles."""
    keep = [i for i, c in enumerate(text) if not c.isspace() and i >= start]
    hay = "".join(text[i] for i in keep).translate(_CHAR_MAP)

    def squash(s: str) -> str:
        return "".join(s.split()).translate(_CHAR_MAP)

    start_at = 0
    if after:
        pos = hay.find(squash(after))
        if pos < 0:
            return None
        start_at = pos + len(squash(after))
    target = squash(needle)
    if not target:
        return None
    pos = hay.find(target, start_at)
    if pos < 0:
        pos = hay.lower().find(target.lower(), start_at)
    if pos < 0:
        return None
    return keep[pos], keep[pos + len(target) - 1] + 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float]:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0, 0.0
    shorter = min(a[1] - a[0], b[1] - b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / shorter, inter / union


def _same_speaker(g: GoldQuote, p: Quote, registry: SpeakerRegistry) -> bool:
    return any(registry.same(name, p.speaker) for name in g.speakers)


def _assign(pairs: list[tuple[float, float, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best overlap first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _r, _iou, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score(
    gold: list[GoldQuote], predicted: list[Quote], text: str, registry: SpeakerRegistry
) -> Counts:
    """Counts for one article."""
    counts = Counts(n_pred=len(predicted))
    spans: list[tuple[GoldQuote, tuple[int, int]]] = []
    taken: dict[str, int] = {}  # a text annotated twice ("Yes, sir.") is two occurrences
    for g in gold:
        where = locate(text, g.text, g.after, start=0 if g.after else taken.get(g.text, 0))
        if where is not None and not g.after:
            taken[g.text] = where[1]
        if where is None:
            counts.unlocated += 1
            log.debug("gold text not in the evaluated text: %r", g.text[:60])
            continue
        spans.append((g, where))
    counts.n_gold = len(spans)
    pairs = []
    for gi, (_g, gspan) in enumerate(spans):
        for pi, p in enumerate(predicted):
            ratio, iou = _overlap(gspan, (p.start, p.end))
            if ratio >= MIN_OVERLAP:
                pairs.append((ratio, iou, gi, pi))
    span_pairs = _assign(pairs)
    counts.span_matched = len(span_pairs)
    for gi, pi in span_pairs:
        g, p = spans[gi][0], predicted[pi]
        if _same_speaker(g, p, registry):
            counts.speaker_right += 1
        else:
            counts.wrong_speakers.append(f"{g.speaker} != {p.speaker}: {g.text[:70]!r}")
    full = _assign([x for x in pairs if _same_speaker(spans[x[2]][0], predicted[x[3]], registry)])
    counts.matched = len(full)
    hit_g = {gi for gi, _ in full}
    hit_p = {pi for _, pi in full}
    counts.misses = [
        f"{g.speaker}: {g.text[:80]!r}" for gi, (g, _s) in enumerate(spans) if gi not in hit_g
    ]
    counts.false_positives = [
        f"{p.speaker}: {p.text[:80]!r}" for pi, p in enumerate(predicted) if pi not in hit_p
    ]
    return counts


def summarise(*counts: Counts) -> dict[str, float | int]:
    total = sum(counts, Counts())
    precision = total.matched / total.n_pred if total.n_pred else 0.0
    recall = total.matched / total.n_gold if total.n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = total.speaker_right / total.span_matched if total.span_matched else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "speaker_accuracy": round(accuracy, 4),
        "n_gold": total.n_gold,
        "n_pred": total.n_pred,
        "unlocated": total.unlocated,
    }


def is_corpus_ext(key: str) -> bool:
    return key.startswith(("ru-", "ua-"))


GROUPS = ("seeds", "corpus-ext", "news")


def group_of(key: str) -> str:
    """Seeds, corpus-ext statements, or the held-out news articles of tests/data/quotes_news/."""
    if is_corpus_ext(key):
        return "corpus-ext"
    return "news" if key.startswith("news-") else "seeds"


Extractor = Callable[[str, SpeakerRegistry], list[Quote]]


def _default_extract(text: str, registry: SpeakerRegistry) -> list[Quote]:
    from index.quotes import extract_quotes

    return extract_quotes(text, registry=registry)


def evaluate(
    articles: Iterable[tuple[str, str]],
    gold: dict[str, list[GoldQuote]],
    registry: SpeakerRegistry,
    extract: Extractor | None = None,
) -> dict[str, object]:
    """Score every (key, text) that has gold; seeds and corpus-ext reported separately.

    The report: {"seeds": summary, "corpus-ext": summary, "articles": {key: summary},
    "errors": {key: {"misses", "false_positives", "wrong_speakers"}}, "seconds": float}.
    """
    extract = extract or _default_extract
    groups: dict[str, list[Counts]] = {g: [] for g in GROUPS}
    per_article: dict[str, dict[str, float | int]] = {}
    errors: dict[str, dict[str, list[str]]] = {}
    began = time.perf_counter()
    for key, text in articles:
        if key not in gold:
            continue
        counts = score(gold[key], extract(text, registry), text, registry)
        groups[group_of(key)].append(counts)
        per_article[key] = summarise(counts)
        errors[key] = {
            "misses": counts.misses,
            "false_positives": counts.false_positives,
            "wrong_speakers": counts.wrong_speakers,
        }
    return {
        **{g: summarise(*groups[g]) for g in GROUPS},
        "articles": per_article,
        "errors": errors,
        "seconds": round(time.perf_counter() - began, 2),
    }


def format_report(report: dict[str, object]) -> str:
    """A few readable lines for the command line."""
    lines = []
    for group in GROUPS:
        s = report.get(group)
        if not isinstance(s, dict) or not s["n_gold"]:
            continue
        lines.append(
            f"{group:<11} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
            f"speaker {s['speaker_accuracy']:.3f}  (gold {s['n_gold']}, predicted {s['n_pred']}"
            + (f", {s['unlocated']} gold not in text" if s["unlocated"] else "")
            + ")"
        )
    return "\n".join(lines)
