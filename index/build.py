"""Incremental builds: only new or changed articles are parsed and embedded.

Each build writes a new version beside the current one (see `datadir`) and swaps it in only
when complete. Blocking work (parsing, embedding, FAISS) runs in the given executor so an
event loop using this module keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .context import dense_text
from .datadir import DataDir
from .embed import Embedder
from .errors import IndexMismatch
from .ingest import Skipped
from .models import Article
from .prepare import PIPELINE_VERSION, Prepared, prepare
from .schema import SCHEMA_VERSION
from .speakers import SpeakerEntry, SpeakerRegistry
from .store import Store, now_iso
from .vectors import VectorIndex

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (stage, done, total), called on the event loop
EMBED_CHUNK = 256  # passages per embedding call: bounds memory, keeps progress moving


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    passages_embedded: int = 0
    quotes_found: int = 0
    articles_read: int = 0
    seconds: float = 0.0
    parse_seconds: float = 0.0  # cleaning excluded: spaCy parsing and splitting
    quote_seconds: float = 0.0  # attribution
    embed_seconds: float = 0.0
    version: str = ""

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "duplicates": [vars(s) for s in self.duplicates],
            "failed": [vars(s) for s in self.failed],
            "passages_embedded": self.passages_embedded,
            "quotes_found": self.quotes_found,
            "articles_read": self.articles_read,
            "seconds": round(self.seconds, 2),
            "parse_seconds": round(self.parse_seconds, 2),
            "quote_seconds": round(self.quote_seconds, 2),
            "embed_seconds": round(self.embed_seconds, 2),
            "version": self.version,
        }


@dataclass
class _Existing:
    id: int
    key: str
    content_hash: str
    url: str
    text_hash: str


class Builder:
    def __init__(
        self,
        data: DataDir,
        model_name: str,
        embedder: Callable[[], Embedder],
        executor: Executor | None = None,
        aliases_file: Path | None = None,
        hnsw_threshold: int = 50_000,
    ) -> None:
        self.data = data
        self.model_name = model_name
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        self.executor = executor
        self._jobs: set[Future[Any]] = set()
        self.aliases_file = aliases_file
        self.hnsw_threshold = hnsw_threshold
        self._reuse: dict[str, np.ndarray] = {}

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self.executor is None:
            return await asyncio.get_running_loop().run_in_executor(None, partial(fn, *args))
        # Kept until done: a cancelled await does not stop a running thread, and a build that
        # stops (Ctrl-C) must let it finish before removing the folder it writes into.
        job = self.executor.submit(fn, *args)
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)
        return await asyncio.wrap_future(job)

    async def _get_embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = await self._run(self._embedder_factory)
        return self._embedder

    async def build(
        self,
        articles: list[Article],
        skipped: list[Skipped] | None = None,
        *,
        remove_missing: bool = True,
        force: bool = False,
        remove_keys: list[str] | None = None,
        progress: Progress | None = None,
        locked: bool = False,
    ) -> BuildReport:
        """Bring the index in line with `articles`.

        remove_missing: articles in the index but not in `articles` are removed (a corpus
        build); False for `add`. remove_keys: remove just these (for `remove`).
        locked: the caller already holds the data folder's build lock.
        """
        started = time.perf_counter()
        report = BuildReport(failed=list(skipped or []), articles_read=len(articles))
        say = progress or (lambda *_: None)
        with contextlib.nullcontext() if locked else self.data.lock():
            self.data.remove_stale_builds()
            existing, meta = await self._existing()
            if existing and not force:
                self._check_compatible(meta)
            full = force or meta.get("pipeline_version", PIPELINE_VERSION) != PIPELINE_VERSION
            prepared = await self._run(_prepare_all, articles, report)
            to_add, to_remove = self._plan(prepared, existing, report, remove_missing, full)
            for key in remove_keys or []:
                if key in existing and existing[key] not in to_remove:
                    to_remove.append(existing[key])
                    report.removed.append(key)
            if not to_add and not to_remove and existing:
                report.seconds = time.perf_counter() - started
                return report
            # Copying the serving version is file I/O: in the executor. Whatever stops the
            # build (an error, Ctrl-C), the copy is first let finish, then removed.
            work = self.data.new_work_folder()
            copying: Future[None] | None = None
            try:
                if self.executor is None:
                    self.data.fill_work_folder(work)
                else:
                    copying = self.executor.submit(self.data.fill_work_folder, work)
                    await asyncio.wrap_future(copying)
                await self._write(work, to_add, to_remove, not force, report, say, full)
                final = await self._run(self.data.publish, work)
            except BaseException:
                futures_wait([*self._jobs, *([copying] if copying else [])])
                self.data.discard(work)
                raise
            report.version = final.name
        report.seconds = time.perf_counter() - started
        log.info(
            "build %s: +%d ~%d -%d, %d passages embedded in %.1fs",
            report.version,
            len(report.added),
            len(report.changed),
            len(report.removed),
            report.passages_embedded,
            report.seconds,
        )
        return report

    async def _existing(self) -> tuple[dict[str, _Existing], dict[str, str]]:
        current = self.data.current()
        if current is None:
            return {}, {}
        store = await Store.open(current)
        try:
            rows = await store.articles()
            meta = await store.meta()
        finally:
            await store.close()
        existing = {
            r["key"]: _Existing(r["id"], r["key"], r["content_hash"], r["url"], r["text_hash"])
            for r in rows
        }
        return existing, meta

    def _check_compatible(self, meta: dict[str, str]) -> None:
        built_with = meta.get("model")
        if built_with and built_with != self.model_name:
            raise IndexMismatch(
                f"the index was built with model {built_with!r} but PARLEY_MODEL is "
                f"{self.model_name!r}; rebuild it with `parley index build --force`"
            )

    def _plan(
        self,
        prepared: list[Prepared],
        existing: dict[str, _Existing],
        report: BuildReport,
        remove_missing: bool,
        full: bool,
    ) -> tuple[list[Prepared], list[_Existing]]:
        to_add: list[Prepared] = []
        to_remove: list[_Existing] = []
        seen_keys: set[str] = set()
        by_url = {e.url: e.key for e in existing.values() if e.url}
        by_text = {e.text_hash: e.key for e in existing.values()}
        new_urls: dict[str, str] = {}
        new_texts: dict[str, str] = {}
        incoming = {q.article.key: q for q in prepared}

        def still_the_same(key: str, p: Prepared) -> bool:
            """Whether indexed article `key` keeps the text or link `p` repeats after this
            build: one whose file now says something else is no original to be a copy of."""
            q = incoming.get(key)
            if q is None:
                return not remove_missing
            return q.text_hash == p.text_hash or bool(
                p.article.url and q.article.url == p.article.url
            )

        for p in prepared:
            a = p.article
            dup_of = (
                (a.key if a.key in seen_keys else None)
                or new_urls.get(a.url or "\0")
                or new_texts.get(p.text_hash)
            )
            old_dup = by_url.get(a.url) if a.url else None
            old_dup = old_dup or by_text.get(p.text_hash)
            # Already indexed under another key, and that one stays.
            if not dup_of and old_dup and old_dup != a.key and still_the_same(old_dup, p):
                dup_of = old_dup
            if dup_of:
                report.duplicates.append(
                    Skipped(a.path or a.key, f"same article as {dup_of} (indexed once)")
                )
                continue
            seen_keys.add(a.key)
            if a.url:
                new_urls[a.url] = a.key
            new_texts[p.text_hash] = a.key
            old = existing.get(a.key)
            if old is None:
                report.added.append(a.key)
                to_add.append(p)
            elif full or old.content_hash != p.content_hash:
                report.changed.append(a.key)
                to_remove.append(old)
                to_add.append(p)
            else:
                report.unchanged += 1
        if remove_missing:
            for key, old in existing.items():
                if key not in seen_keys and old not in to_remove:
                    to_remove.append(old)
                    report.removed.append(key)
        return to_add, to_remove

    async def _write(
        self,
        work: Path,
        to_add: list[Prepared],
        to_remove: list[_Existing],
        reuse_vectors: bool,
        report: BuildReport,
        say: Progress,
        full: bool = False,
    ) -> None:
        from .process import process  # spaCy loads only when something is parsed

        store = await Store.open(work)
        try:
            meta = await store.meta()
            dim = int(meta.get("dimension", 0) or 0)
            vectors = await self._run(VectorIndex.load, work, dim or 1)
            # A changed article often keeps most passages word for word: keep their vectors.
            self._reuse = {}
            for old in to_remove:
                if reuse_vectors and vectors.count:
                    for pid, text in await store.dense_texts(old.id):
                        self._reuse[_digest(text)] = vectors.flat.reconstruct(pid)
                vectors.remove(await store.delete_article(old.id))
            registry = await self._registry(store, learned=not full)
            pending_ids: list[int] = []
            pending_texts: list[str] = []
            total = len(to_add)
            for n, prep in enumerate(to_add, 1):
                done = await self._run(process, prep, registry)
                report.parse_seconds += done.parse_seconds
                report.quote_seconds += done.quote_seconds
                article_id = await store.insert_article(
                    prep.article, prep.text, prep.content_hash, prep.text_hash
                )
                ids = await store.insert_passages(article_id, done.passages)
                await store.insert_quotes(article_id, done.quotes)
                report.quotes_found += len(done.quotes)
                pending_ids += ids
                pending_texts += [dense_text(prep.article.title, p.text) for p in done.passages]
                say("articles read", n, total)
                if len(pending_ids) >= EMBED_CHUNK or n == total:
                    vectors = await self._embed(vectors, pending_ids, pending_texts, report)
                    say("passages embedded", report.passages_embedded, report.passages_embedded)
                    pending_ids, pending_texts = [], []
            # Names learned later (a surname first, the full name after) re-map earlier quotes.
            await store.rename_speakers(
                {name: registry.canonical(name) for name in await store.quote_speakers()}
            )
            await store.replace_speakers(
                (e.name, e.role, e.kind, list(e.aliases)) for e in registry.entries()
            )
            counts = await store.counts()
            embedder_dim = self._embedder.dim if self._embedder else vectors.dim
            await store.set_meta(
                model=self.model_name,
                dimension=embedder_dim,
                count=vectors.count,
                schema_version=SCHEMA_VERSION,
                pipeline_version=PIPELINE_VERSION,
                built_at=now_iso(),
                build_seconds=round(
                    report.parse_seconds + report.quote_seconds + report.embed_seconds, 2
                ),
                articles=counts["articles"],
                passages=counts["passages"],
            )
            await store.commit()
            if vectors.count != counts["passages"]:
                raise RuntimeError(
                    f"index inconsistent: {vectors.count} vectors for {counts['passages']} passages"
                )
            await self._run(vectors.save, work, self.hnsw_threshold)
        finally:
            await store.close()

    async def _embed(
        self, vectors: VectorIndex, ids: list[int], texts: list[str], report: BuildReport
    ) -> VectorIndex:
        if not ids:
            return vectors
        kept = [
            (i, self._reuse[_digest(t)])
            for i, t in zip(ids, texts, strict=True)
            if _digest(t) in self._reuse
        ]
        if kept:
            await self._run(
                vectors.add,
                np.asarray([i for i, _ in kept], dtype=np.int64),
                np.stack([v for _, v in kept]),
            )
        kept_ids = {i for i, _ in kept}
        todo = [(i, t) for i, t in zip(ids, texts, strict=True) if i not in kept_ids]
        if not todo:
            return vectors
        embedder = await self._get_embedder()
        if vectors.count == 0 and vectors.dim != embedder.dim:
            vectors = VectorIndex(embedder.dim)
        t0 = time.perf_counter()
        matrix = await self._run(embedder.encode, [t for _, t in todo])
        await self._run(vectors.add, np.asarray([i for i, _ in todo], dtype=np.int64), matrix)
        report.embed_seconds += time.perf_counter() - t0
        report.passages_embedded += len(todo)
        return vectors

    async def _registry(self, store: Store, learned: bool = True) -> SpeakerRegistry:
        """The moderators' aliases file first, then what earlier builds learned — unless every
        article is redone: then names are learned afresh, so that a speaker an older pipeline
        got wrong (a town taken for a person) does not outlive it."""
        registry = SpeakerRegistry.from_aliases_file(self.aliases_file)
        if not learned:
            return registry
        for row in await store.speakers():
            registry.add_entry(
                SpeakerEntry(row["name"], row["role"], json.loads(row["aliases"]), row["kind"])
            )
        return registry


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _prepare_all(articles: list[Article], report: BuildReport) -> list[Prepared]:
    out = []
    for a in articles:
        try:
            out.append(prepare(a))
        except Exception as exc:  # one broken article must not stop the others
            log.exception("could not clean %s", a.key)
            report.failed.append(Skipped(a.path or a.key, f"could not be cleaned: {exc}"))
    return out
