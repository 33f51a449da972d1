"""Question latency at scale: 10k, 100k and 1M passages (model loaded, this machine).

Vectors: the real vectors of a built index (default: corpus-ext with the default model, in
data/eval/<model>/ext, built by `parley eval retrieval --set ext`), replicated with small noise to
reach N; passage texts replicated likewise for BM25. Reports build time (FAISS flat, HNSW,
BM25), p50/p95 of a whole `Searcher.search` call, and HNSW recall@10 against exact search.

    .venv/bin/python bench/bench_search.py [--sizes 10000 100000 1000000] [--model NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

import numpy as np

from index.embed import load_embedder
from index.evaluate import eval_folder
from index.keyword import KeywordIndex
from index.search import PassageInfo, Searcher
from index.settings import Settings
from index.speakers import SpeakerRegistry
from index.vectors import VectorIndex

# Per-dimension noise on replicated vectors: copies stay on topic (cosine ≈ 0.6 to their
# original) but are distinct, so HNSW recall is measured on a realistic spread, not on ties.
NOISE = 0.04
QUESTIONS = [
    "what did putin say about istanbul",
    "who said it's a bluff?",
    "did biden say he'd talk to putin",
    "which countries offered to host talks",
    "what did zelenskyy say about security guarantees",
    "humanitarian corridors mariupol",
    "what did the kremlin say in december 2021",
    "who is podolyak",
    "normandy format meeting results",
    "what did lavrov say about nato",
]


async def load_base(folder: Path, model: str) -> tuple[Searcher, np.ndarray]:
    embedder = load_embedder(model)
    base = await Searcher.open(folder, embedder, model)
    ids = sorted(base.passages)
    vecs = np.stack([base.vectors.flat.reconstruct(int(i)) for i in ids])
    return base, vecs


def grow(base: Searcher, vecs: np.ndarray, n: int, threshold: int) -> tuple[Searcher, dict]:
    rng = np.random.default_rng(0)
    src = list(base.passages.values())
    reps = int(np.ceil(n / len(src)))
    t0 = time.perf_counter()
    big = np.concatenate(
        [vecs + rng.normal(0, NOISE, vecs.shape).astype("float32") * (r > 0) for r in range(reps)]
    )[:n]
    big /= np.linalg.norm(big, axis=1, keepdims=True)
    ids = np.arange(1, n + 1, dtype=np.int64)
    passages = {}
    for i in range(n):
        p = src[i % len(src)]
        passages[i + 1] = PassageInfo(
            i + 1,
            p.article_id + (i // len(src)) * 100_000,
            p.article_key,
            p.position,
            p.start,
            p.end,
            p.text,
            p.title,
            p.source,
            p.author,
            p.date,
            p.url,
        )
    timings = {"replicate_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    vi = VectorIndex(vecs.shape[1])
    vi.add(ids, big)
    timings["faiss_flat_s"] = time.perf_counter() - t0
    if n >= threshold:
        t0 = time.perf_counter()
        vi.build_ann()
        timings["faiss_hnsw_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    kw = KeywordIndex(list(passages), [p.title + " " + p.text for p in passages.values()])
    timings["bm25_s"] = time.perf_counter() - t0
    s = Searcher(base.folder, base.embedder, base.meta, passages, {}, SpeakerRegistry(), vi, kw)
    return s, timings


def recall_vs_exact(s: Searcher, k: int = 10) -> float | None:
    if s.vectors.ann is None:
        return None
    q = s.embedder.encode(QUESTIONS, query=True)
    _, exact = s.vectors.search(q, k, exact=True)
    _, approx = s.vectors.search(q, k)
    return float(np.mean([len(set(a) & set(e)) / k for a, e in zip(approx, exact, strict=True)]))


def latency(s: Searcher, rounds: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            s.search(q, 5)
            times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=Settings.model_fields["model"].default)
    ap.add_argument("--data-dir", type=Path, default=Path("data"))
    ap.add_argument("--index", type=Path, help="default: <data-dir>/eval/<model>/ext/current")
    ap.add_argument("--seeds", type=Path, help="default: <data-dir>/eval/<model>/seeds/current")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--hnsw-threshold", type=int, default=50_000)
    args = ap.parse_args()
    args.index = args.index or eval_folder(args.data_dir, args.model, "ext") / "current"
    args.seeds = args.seeds or eval_folder(args.data_dir, args.model, "seeds") / "current"
    if args.seeds.exists():
        seeds = await Searcher.open(args.seeds.resolve(), load_embedder(args.model), args.model)
        latency(seeds, 1)  # warm-up
        p50, p95 = latency(seeds)
        print(f"seeds ({len(seeds.passages)} passages): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    base, vecs = await load_base(args.index.resolve(), args.model)
    print(f"base: {len(base.passages)} real passages from {args.index}")
    for n in args.sizes:
        s, timings = grow(base, vecs, n, args.hnsw_threshold)
        latency(s, 1)
        p50, p95 = latency(s)
        rec = recall_vs_exact(s)
        kind = "hnsw" if s.vectors.ann is not None else "flat"
        build = ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
        rtxt = f", HNSW recall@10 vs exact {rec:.3f}" if rec is not None else ""
        print(f"{n:>9} passages ({kind}): p50 {p50:.1f} ms, p95 {p95:.1f} ms; build: {build}{rtxt}")


if __name__ == "__main__":
    asyncio.run(main())
