"""`parley eval`: attribution quality against the gold file, retrieval quality against the
question sets. Each corpus is built, per model, into its own folder under <data>/eval/
(incrementally)."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .embed import load_embedder
from .search import SearchResponse
from .service import Parley

REPO = Path(__file__).resolve().parent.parent
EVAL_SETS = {
    # name: (questions, corpus). Sets over one corpus share its evaluation index.
    "seeds": (REPO / "tests/data/retrieval_seeds.jsonl", REPO / "corpus/seeds"),
    "ext": (REPO / "tests/data/retrieval_ext.jsonl", REPO / "corpus/ext"),
    # Written blind later, never tuned on: they tell what the two above were overfitted to.
    "seeds-holdout": (REPO / "tests/data/holdout_seeds.jsonl", REPO / "corpus/seeds"),
    "ext-holdout": (REPO / "tests/data/holdout_ext.jsonl", REPO / "corpus/ext"),
    # A second blind round (ninth session), measured once before any change it prompted.
    "seeds-holdout2": (REPO / "tests/data/holdout2_seeds.jsonl", REPO / "corpus/seeds"),
    "ext-holdout2": (REPO / "tests/data/holdout2_ext.jsonl", REPO / "corpus/ext"),
    # A third (eleventh session), written with slang and both spellings of places.
    "seeds-holdout3": (REPO / "tests/data/holdout3_seeds.jsonl", REPO / "corpus/seeds"),
    "ext-holdout3": (REPO / "tests/data/holdout3_ext.jsonl", REPO / "corpus/ext"),
}
SET_GROUPS = {
    "all": ("seeds", "ext"),
    "holdout": (
        "seeds-holdout",
        "ext-holdout",
        "seeds-holdout2",
        "ext-holdout2",
        "seeds-holdout3",
        "ext-holdout3",
    ),
}
QUOTES_GOLD = REPO / "tests/data/quotes_gold.jsonl"
# News articles written for the evaluation, never part of the corpus Parley serves.
NEWS_GOLD = REPO / "tests/data/quotes_news_gold.jsonl"
NEWS_ARTICLES = REPO / "tests/data/quotes_news"
MODES = ("dense", "keyword", "hybrid")
OTHER_MODES = ("dense", "hybrid")  # the keyword side does not depend on the model
# The packaged embedders: `--compare` measures the ones not configured beside it.
COMPARED_MODELS = ("multilingual-e5-small", "all-MiniLM-L6-v2")


def _norm_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with whitespace runs collapsed, and each char's original offset."""
    out, offsets, space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                offsets.append(i)
            space = True
            continue
        space = False
        out.append(ch.lower())
        offsets.append(i)
    return "".join(out), offsets


def locate(snippet: str, text: str) -> tuple[int, int] | None:
    """Where a gold snippet lies in the cleaned text (whitespace- and case-insensitive)."""
    norm, offsets = _norm_with_map(text)
    needle = " ".join(snippet.lower().split())
    at = norm.find(needle)
    if at < 0:
        return None
    return offsets[at], offsets[at + len(needle) - 1] + 1


@dataclass
class Question:
    id: str
    question: str
    kind: str
    answers: list[dict[str, str]]
    speaker: str | None = None


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(
                Question(
                    d["id"],
                    d["question"],
                    d.get("kind", ""),
                    d.get("answers", []),
                    d.get("speaker"),
                )
            )
    return out


@dataclass
class ModeScore:
    hits1: int = 0
    hits5: int = 0
    rr: float = 0.0
    answerable: int = 0
    unanswerable: int = 0
    abstained_right: int = 0  # unanswerable and abstained
    answered_right: int = 0  # answerable and answered
    # Answered (not abstained on) with the answer in the top five: what a member is shown.
    # Recall above judges the ranking alone, as if Parley never abstained.
    shown5: int = 0
    latencies: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        a = max(1, self.answerable)
        u = max(1, self.unanswerable)
        return {
            "recall@1": round(self.hits1 / a, 3),
            "recall@5": round(self.hits5 / a, 3),
            "mrr": round(self.rr / a, 3),
            "abstention_accuracy": round(
                (self.abstained_right / u + self.answered_right / a) / 2, 3
            ),
            "abstained_on_unanswerable": round(self.abstained_right / u, 3),
            "answered_answerable": round(self.answered_right / a, 3),
            "answered_recall@5": round(self.shown5 / a, 3),
            "p50_ms": round(statistics.median(self.latencies) * 1000, 1) if self.latencies else 0,
            "questions": self.answerable + self.unanswerable,
        }


def _spans(parley: Parley, q: Question) -> list[tuple[str, int, int]]:
    """Gold answers as (article key, start, end) in the cleaned texts."""
    s = parley.searcher
    texts = getattr(s, "_eval_texts", None)
    if texts is None:
        texts = {}
        s._eval_texts = texts  # type: ignore[attr-defined]
    spans = []
    for a in q.answers:
        key = a["article"]
        if key not in texts:
            texts[key] = _cleaned_text(s, key)
        text = texts[key]
        at = locate(a["contains"], text) if text else None
        if at:
            spans.append((key, *at))
    return spans


def _cleaned_text(searcher: Any, key: str) -> str:
    import sqlite3

    from .store import DB_FILE

    with sqlite3.connect(searcher.folder / DB_FILE) as db:
        row = db.execute("SELECT text FROM articles WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def is_hit(result_passage: Any, spans: list[tuple[str, int, int]]) -> bool:
    for key, start, end in spans:
        if result_passage.article_key != key:
            continue
        overlap = min(end, result_passage.end) - max(start, result_passage.start)
        if overlap >= 0.5 * (end - start):
            return True
    return False


def score_response(parley: Parley, q: Question, response: SearchResponse, score: ModeScore) -> None:
    if not q.answers:
        score.unanswerable += 1
        score.abstained_right += int(response.abstained)
        return
    score.answerable += 1
    score.answered_right += int(not response.abstained)
    spans = _spans(parley, q)
    ranks = [r.rank for r in response.results if is_hit(r.passage, spans)]
    best = min(ranks) if ranks else None
    if best == 1:
        score.hits1 += 1
    if best is not None and best <= 5:
        score.hits5 += 1
        score.rr += 1.0 / best
        score.shown5 += int(not response.abstained)
    else:
        score.misses.append(f"{q.id}: {q.question}")


async def run_set(parley: Parley, questions: list[Question], modes: tuple[str, ...]) -> dict:
    scores = {m: ModeScore() for m in modes}
    searcher = parley.searcher
    for q in questions:
        for mode in modes:
            t0 = time.perf_counter()
            # Rankings are judged without abstention, which `abstained` reports separately.
            response = searcher.search(q.question, 5, None, mode)
            scores[mode].latencies.append(time.perf_counter() - t0)
            if response.abstained:
                raw = searcher.search(q.question, 5, None, mode, abstain_enabled=False)
                response = SearchResponse(q.question, True, raw.results)
            score_response(parley, q, response, scores[mode])
    return scores


def eval_folder(data_dir: Path, model: str, name: str) -> Path:
    """Each model and corpus (`name`) has its own index folder: a model's vectors are not
    another's."""
    return data_dir / "eval" / re.sub(r"[^\w.-]+", "_", model) / name


def other_models(model: str) -> list[str]:
    """The packaged models `--compare` sets beside the configured one."""
    return [m for m in COMPARED_MODELS if m != model]


async def _scores_for(
    parley: Parley, model: str, name: str, modes: tuple[str, ...], embedder: Any = None
) -> dict[str, ModeScore]:
    from .settings import load_settings

    qpath, corpus = EVAL_SETS[name]
    settings = load_settings(
        type(parley.settings),
        **{
            **parley.settings.model_dump(),
            "model": model,
            "data_dir": eval_folder(parley.settings.data_dir, model, corpus.name),
            "corpus_dir": corpus,
            "exclude_collections": "",
        },
    )
    sub = Parley(settings, embedder=embedder)
    try:
        await sub.build()
        await sub.reload()
        return await run_set(sub, load_questions(qpath), modes)
    finally:
        await sub.close()


async def eval_retrieval(parley: Parley, args: argparse.Namespace) -> int:
    model = parley.settings.model
    modes = MODES if args.compare else ("hybrid",)
    others = other_models(model) if args.compare else []
    if args.models is not None:
        others = [m.strip() for m in args.models.split(",") if m.strip() and m.strip() != model]
    names = list(SET_GROUPS.get(args.set, (args.set,)))
    report: dict[str, Any] = {}
    loaded: dict[str, Any] = {}  # each other model is loaded once for all sets
    for name in names:
        scores = await _scores_for(parley, model, name, modes, await parley.embedder())
        rows = dict(scores)
        for other in others:
            if other not in loaded:
                loaded[other] = await asyncio.get_running_loop().run_in_executor(
                    None, load_embedder, other, parley.settings.batch_size
                )
            # The other model's rows: its dense side, and the hybrid it would give.
            other_scores = await _scores_for(parley, other, name, OTHER_MODES, loaded[other])
            for mode, score in other_scores.items():
                rows[f"{mode} [{other}]"] = score
        report[name] = {m: s.summary() for m, s in rows.items()}
        if not args.json:
            print(
                f"== {name} ({scores[modes[0]].answerable} answerable, "
                f"{scores[modes[0]].unanswerable} unanswerable), model {model}"
            )
            width = max(8, *(len(m) for m in rows))
            print(
                f"{'mode':{width}} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'abst.acc':>8} "
                f"{'shown@5':>7} {'p50 ms':>7}"
            )
            for m, s in rows.items():
                d = s.summary()
                print(
                    f"{m:{width}} {d['recall@1']:6.3f} {d['recall@5']:6.3f} {d['mrr']:6.3f} "
                    f"{d['abstention_accuracy']:8.3f} {d['answered_recall@5']:7.3f} "
                    f"{d['p50_ms']:7.1f}"
                )
            misses = scores[modes[-1]].misses
            if misses:
                print("  missed@5 (" + modes[-1] + "): " + "; ".join(misses[:15]))
            print(
                "  R@1, R@5 and MRR judge the ranking as if Parley never abstained; shown@5 is "
                "the share of answerable questions answered with the answer in the top five."
            )
    if args.json:
        print(json.dumps(report))
    return 0


async def eval_quotes(parley: Parley, args: argparse.Namespace) -> int:
    """Attribution against the gold files: seeds, corpus-ext and the news articles reported
    separately."""
    from .ingest import iter_corpus
    from .prepare import prepare
    from .quote_eval import evaluate, format_report, load_gold
    from .speakers import SpeakerRegistry

    gold = load_gold(QUOTES_GOLD) | load_gold(NEWS_GOLD)
    registry = SpeakerRegistry.from_aliases_file(parley.settings.aliases_file)
    pairs = []
    for folder in (REPO / "corpus/seeds", REPO / "corpus/ext", NEWS_ARTICLES):
        articles, _ = iter_corpus(folder)
        pairs += [(a.key, prepare(a).text) for a in articles if a.key in gold]
    report = evaluate(pairs, gold, registry)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_report(report))
        print(f"{len(pairs)} annotated articles in {report['seconds']} s")
    return 0
