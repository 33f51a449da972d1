"""The async face of the index, shared by the command line, the console and the bot.

Everything blocking (model, FAISS, parsing, file reading) runs in one of two executors:
queries never wait behind a build, and a build never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import shutil
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .build import Builder, BuildReport, Progress
from .catalogue import QuoteHit, SpeakerInfo, list_quotes, list_sources, list_speakers
from .datadir import DataDir
from .embed import Embedder, load_embedder
from .errors import BadInput, Busy, NotFound
from .fetch import fetch_url
from .ingest import SIDECAR_SUFFIX, Skipped, files_in, iter_corpus, read_bytes, read_file
from .models import Article
from .search import Filters, Searcher, SearchResponse
from .settings import Settings
from .speakers import norm
from .store import Store
from .vectors import ANN_FILE
from .verify import Verification, verify

log = logging.getLogger(__name__)
T = TypeVar("T")

ADDED = "added"  # corpus sub-folder where additions are kept, so a later rebuild keeps them
REMOVED_FILE = (
    ".removed-articles"  # article ids a moderator removed, so a rebuild does not bring them back
)


@dataclass
class AddResult:
    report: BuildReport
    articles: list[dict[str, Any]]  # title, source, passages, quotes of each added article


class Parley:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.data = DataDir(settings.data_dir)
        self._embedder = embedder
        self._searcher: Searcher | None = None
        self._query_pool = ThreadPoolExecutor(1, thread_name_prefix="parley-query")
        self._build_pool = ThreadPoolExecutor(1, thread_name_prefix="parley-build")
        self._build_lock = asyncio.Lock()
        self._serving = False

    # --- life cycle ---------------------------------------------------------------------
    async def _run(self, fn: Callable[..., T], *args: Any, build: bool = False) -> T:
        pool = self._build_pool if build else self._query_pool
        return await asyncio.get_running_loop().run_in_executor(pool, partial(fn, *args))

    async def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = await self._run(
                load_embedder, self.settings.model, self.settings.batch_size
            )
        return self._embedder

    async def open(self) -> None:
        """Load the model and the current index (if any) before serving."""
        await self.embedder()
        await self.reload()
        self._serving = True

    async def reload(self) -> None:
        folder = self.data.current()
        if folder is None:
            self._searcher = None
            return
        # Assembled in the build pool: questions keep flowing through the query pool meanwhile.
        searcher = await Searcher.open(
            folder, await self.embedder(), self.settings.model, self._build_pool
        )
        searcher.max_question_chars = self.settings.max_question_chars
        self._searcher = searcher  # atomic swap: queries in flight keep the old one

    async def close(self) -> None:
        self._query_pool.shutdown(wait=True, cancel_futures=True)
        self._build_pool.shutdown(wait=True, cancel_futures=True)

    @property
    def building(self) -> bool:
        return self._build_lock.locked()

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            raise NotFound("the index is empty: build it first with `parley index build`")
        return self._searcher

    @property
    def has_index(self) -> bool:
        return self._searcher is not None

    # --- questions ----------------------------------------------------------------------
    async def search(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        mode: str = "hybrid",
    ) -> SearchResponse:
        searcher = self.searcher
        return await self._run(searcher.search, question, k or self.settings.k, filters, mode)

    async def quotes(
        self, speaker: str | None = None, about: str | None = None, limit: int | None = None
    ) -> list[QuoteHit]:
        return await self._run(list_quotes, self.searcher, speaker, about, limit)

    async def verify(self, claim: str) -> Verification:
        return await self._run(verify, self.searcher, claim)

    async def speakers(self) -> list[SpeakerInfo]:
        return await self._run(list_speakers, self.searcher)

    async def sources(self) -> list[dict[str, Any]]:
        return await self._run(list_sources, self.searcher)

    def speaker_names(self, partial_name: str = "", limit: int = 25) -> list[str]:
        """Autocomplete: speakers whose name or alias contains the typed text."""
        if self._searcher is None:
            return []
        # Accents and case folded as the speaker filter folds them: "elysee", "erdogan".
        typed = norm(partial_name)
        counts = {s.name: s.quotes for s in list_speakers(self._searcher)}
        names = []
        for e in self._searcher.registry.entries():
            if e.name not in counts:
                continue
            if not typed or any(typed in norm(n) for n in [e.name, *e.aliases]):
                names.append(e.name)
        names.sort(key=lambda n: -counts[n])
        return names[:limit]

    async def stats(self) -> dict[str, Any]:
        """Counts and manifest of the current version, read from disk (no model needed)."""
        folder = self.data.current()
        if folder is None:
            return {"articles": 0, "passages": 0, "quotes": 0, "speakers": 0, "version": ""}
        store = await Store.open(folder)
        try:
            counts = await store.counts()
            meta = await store.meta()
        finally:
            await store.close()
        return {
            **counts,
            "model": meta.get("model", ""),
            "dimension": int(meta.get("dimension", 0) or 0),
            "vectors": int(meta.get("count", 0) or 0),
            "index_type": "hnsw" if (folder / ANN_FILE).exists() else "flat",
            "schema_version": meta.get("schema_version", ""),
            "built_at": meta.get("built_at", ""),
            "build_seconds": float(meta.get("build_seconds", 0) or 0),
            "version": folder.name,
        }

    # --- building -----------------------------------------------------------------------
    def _builder(self) -> Builder:
        return Builder(
            self.data,
            self.settings.model,
            lambda: self._embedder or load_embedder(self.settings.model, self.settings.batch_size),
            self._build_pool,
            aliases_file=self.settings.aliases_file,
            hnsw_threshold=self.settings.hnsw_threshold,
        )

    async def build(
        self,
        corpus_dir: Path | None = None,
        *,
        force: bool = False,
        progress: Progress | None = None,
    ) -> BuildReport:
        """Incremental rebuild from the corpus folder."""
        corpus = Path(corpus_dir or self.settings.corpus_dir)
        if not corpus.is_dir():
            raise BadInput(f"corpus folder {corpus} does not exist")
        async with self._exclusive():
            articles, skipped = await self._run(
                iter_corpus, corpus, self.settings.excluded, build=True
            )
            removed = self._removed_keys(corpus)
            articles = [a for a in articles if a.key not in removed]
            report = await self._builder().build(
                articles, skipped, force=force, progress=progress, locked=True
            )
            # Only a serving Parley (opened) swaps in the new version; a one-off build from
            # the command line must not load the model just to throw it away.
            if self._serving and (report.changed_anything or self._searcher is None):
                await self.reload()
            return report

    async def add_paths(self, paths: list[Path], progress: Progress | None = None) -> AddResult:
        """Add article files (kept in the corpus so later rebuilds keep them)."""
        async with self._exclusive():
            articles: list[Article] = []
            skipped: list[Skipped] = []  # unreadable files, and bad lines of a .jsonl
            indexed = await self._indexed_paths()
            for path in await self._run(_with_folders_expanded, paths, skipped):
                try:
                    found = await self._run(
                        partial(read_file, skipped=skipped), Path(path), None, build=True
                    )
                except BadInput as exc:
                    skipped.append(Skipped(str(path), str(exc)))
                    continue
                stored = await self._run(self._keep_file_in_corpus, Path(path), indexed, build=True)
                _name_after(found, Path(path).stem, stored)
                articles += found
            return await self._add(articles, skipped, progress)

    async def add_bytes(
        self,
        name: str,
        data: bytes,
        content_type: str = "",
        progress: Progress | None = None,
        source_url: str = "",
    ) -> AddResult:
        """Add an uploaded file or a fetched page."""
        async with self._exclusive():
            return await self._add_bytes(name, data, content_type, progress, source_url)

    async def _add_bytes(
        self,
        name: str,
        data: bytes,
        content_type: str,
        progress: Progress | None,
        source_url: str,
    ) -> AddResult:
        # Bad lines of a .jsonl go into the report, so the moderator is told which and why.
        skipped: list[Skipped] = []
        articles = await self._run(
            partial(read_bytes, skipped=skipped), name, data, content_type, build=True
        )
        for a in articles:
            if source_url and not a.url:
                a.url = source_url
        indexed = await self._indexed_paths()
        stored = await self._run(self._keep_in_corpus, name, data, indexed, build=True)
        _name_after(articles, Path(name).stem, stored)
        return await self._add(articles, skipped, progress)

    async def add_url(self, url: str, progress: Progress | None = None) -> AddResult:
        # The build slot is taken before the download: a build started meanwhile is refused at
        # once, rather than this page being fetched and then thrown away.
        async with self._exclusive():
            page = await self._run(
                partial(fetch_url, url, allow_private=self.settings.allow_private_urls),
                build=True,
            )
            name = _name_for_url(page.final_url, page.content_type)
            return await self._add_bytes(
                name, page.data, page.content_type, progress, page.final_url
            )

    async def _add(self, articles: list, skipped: list, progress: Progress | None) -> AddResult:
        if not articles:
            reasons = "; ".join(s.reason for s in skipped) or "no article found in it"
            raise BadInput(f"nothing was added: {reasons}")
        self._unremove([a.key for a in articles])
        report = await self._builder().build(
            articles, skipped, remove_missing=False, progress=progress, locked=True
        )
        await self._run(self._drop_duplicate_files, articles, report, build=True)
        await self.reload()
        info = []
        searcher = self._searcher
        if searcher is not None:
            keys = {a.key for a in articles}
            # One pass over the passages, not one per added article (a bulk .jsonl has hundreds).
            passages = Counter(p.article_id for p in searcher.passages.values())
            for aid, p in searcher.article_meta.items():
                if p.article_key in keys:
                    info.append(
                        {
                            "article_id": p.article_key,
                            "title": p.title,
                            "source": p.source,
                            "passages": passages[aid],
                            "quotes": len(searcher.quotes_by_article.get(aid, ())),
                        }
                    )
        return AddResult(report, info)

    async def remove(self, key: str) -> BuildReport:
        async with self._exclusive():
            article = None
            if self._searcher is not None:
                article = next(
                    (p for p in self._searcher.article_meta.values() if p.article_key == key), None
                )
            if article is None:
                raise NotFound(f"no article {key!r} in the index; see `parley sources`")
            corpus = Path(self.settings.corpus_dir)
            corpus.mkdir(parents=True, exist_ok=True)
            with open(corpus / REMOVED_FILE, "a", encoding="utf-8") as fh:
                fh.write(key + "\n")
            report = await self._builder().build(
                [], remove_missing=False, remove_keys=[key], locked=True
            )
            await self.reload()
            return report

    # --- helpers ------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """One build at a time, in this process and across processes; others get `Busy`.

        Held before any corpus file is written, so a refused request leaves no trace.
        """
        if self._build_lock.locked():
            raise Busy("a build is already running; try again when it has finished")
        async with self._build_lock:
            with self.data.lock():
                yield

    def _drop_duplicate_files(self, articles: list[Article], report: BuildReport) -> None:
        """An added file whose every article was already indexed under another id is not kept:
        nothing was added, and every later build would report it again."""
        duplicate = {s.path for s in report.duplicates}
        stored = {a.path for a in articles if a.path}
        for path in stored:
            if all(a.path in duplicate for a in articles if a.path == path):
                target = Path(self.settings.corpus_dir) / path
                target.unlink(missing_ok=True)
                _sidecar_of(target).unlink(missing_ok=True)

    async def _indexed_paths(self) -> dict[str, str]:
        """Article id -> the corpus file it was read from, in the version serving now."""
        folder = self.data.current()
        if folder is None:
            return {}
        store = await Store.open(folder)
        try:
            return {row["key"]: row["path"] for row in await store.articles()}
        finally:
            await store.close()

    def _keep_file_in_corpus(self, path: Path, indexed: dict[str, str]) -> str:
        sidecar = _sidecar_of(path)
        meta = sidecar.read_bytes() if sidecar.is_file() else None
        return self._keep_in_corpus(path.name, path.read_bytes(), indexed, meta)

    def _keep_in_corpus(
        self, name: str, data: bytes, indexed: dict[str, str], sidecar: bytes | None = None
    ) -> str:
        """Store an added file in the corpus's `added/` folder, with its `.meta.yaml` sidecar
        (so rebuilds keep its metadata). A build names an article after its file, so the file
        is renamed when that name is another file's or another article's id already ("notes.txt"
        twice, a seed's name): an unrelated article must never be replaced."""
        corpus = Path(self.settings.corpus_dir)
        folder = corpus / ADDED
        folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^\w.-]+", "_", Path(name).name).strip("._") or "article.txt"
        target = folder / safe
        relative = str(target.relative_to(corpus))
        taken = target.stem in indexed and indexed[target.stem] != relative
        if taken or (target.exists() and target.read_bytes() != data):
            digest = hashlib.sha256(data).hexdigest()[:8]
            target = folder / f"{target.stem}-{digest}{target.suffix}"
        for path, content in ((target, data), (_sidecar_of(target), sidecar)):
            if content is not None:
                tmp = path.with_name("." + path.name + ".part")
                tmp.write_bytes(content)
                shutil.move(tmp, path)
        return str(target.relative_to(corpus))

    def _removed_keys(self, corpus: Path) -> set[str]:
        path = corpus / REMOVED_FILE
        if not path.exists():
            return set()
        return {line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()}

    def _unremove(self, keys: list[str]) -> None:
        path = Path(self.settings.corpus_dir) / REMOVED_FILE
        if path.exists():
            kept = [k for k in path.read_text("utf-8").splitlines() if k.strip() not in keys]
            path.write_text("".join(k + "\n" for k in kept), "utf-8")


def _sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _name_after(articles: list[Article], stem: str, stored: str) -> None:
    """The articles of an added file as the next build will read them: from the stored file,
    whose name (and so id) may differ from the one it was added under."""
    for a in articles:
        if a.key == stem:  # named after the file, not by an explicit id (a .jsonl's own)
            a.key = Path(stored).stem
        a.path = stored


def _name_for_url(url: str, content_type: str) -> str:
    tail = re.sub(r"[^\w.-]+", "_", url.split("://", 1)[-1]).strip("_")[:80] or "page"
    suffix = ".html" if "html" in content_type else ".md" if "markdown" in content_type else ".txt"
    return tail if tail.endswith(suffix) else tail + suffix


def _with_folders_expanded(paths: list[Path], skipped: list[Skipped]) -> list[Path]:
    """A folder given to add stands for the article files in it, as a build reads them."""
    out: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            out.append(path)
            continue
        found = files_in(path)
        if not found:
            skipped.append(Skipped(str(path), f"{path}: the folder holds no file to read"))
        out += found
    return out
