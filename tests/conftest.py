"""Shared fixtures: a private corpus and data folder per test, and the fake embedder.

    corpus_dir      tmp copy of corpus/seeds/ (as <tmp>/corpus/seeds/) and corpus/speakers.yaml
    settings        Settings(model="fake") on that corpus and an empty <tmp>/data
    embedder        the FakeEmbedder the Parley below uses (its `.batches` record what was embedded)
    parley          an opened Parley on `settings` (no index yet); closed after the test
    built_settings  like `settings`, but the seeds are already indexed (a copy of one build per run)
    built_parley    an opened Parley on `built_settings`

`served(settings)` checks the version `current` points at (FAISS ids == SQLite passage ids, each
vector the fake embedding of its passage's text) and returns it as comparable data.

For the command line: `cli_env(settings)` is an environment running `.venv/bin/parley` (PARLEY_BIN)
or `python -m bot` (PYTHON) on those folders with the fake model; run them with cwd=tmp_path.

Nothing here reads the developer's environment or `.env`: `settings` clears `PARLEY_*` and
`DISCORD_*` variables and disables the `.env` file, so a local configuration cannot leak in.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pytest

from index.context import dense_text
from index.datadir import DataDir
from index.embed import FakeEmbedder
from index.service import Parley
from index.settings import Settings
from index.store import DB_FILE
from index.vectors import FLAT_FILE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
ALIASES = ROOT / "corpus" / "speakers.yaml"
PARLEY_BIN = ROOT / ".venv" / "bin" / "parley"
PYTHON = ROOT / ".venv" / "bin" / "python"


def copy_corpus(target: Path) -> Path:
    """`target`/corpus with the seeds and the aliases file (when the repository has one)."""
    corpus = target / "corpus"
    shutil.copytree(SEEDS, corpus / "seeds")
    if ALIASES.exists():
        shutil.copy2(ALIASES, corpus / "speakers.yaml")
    return corpus


def make_settings(root: Path, **overrides: object) -> Settings:
    """Settings for a tree `root`/corpus + `root`/data, fake model, no `.env`."""
    values: dict[str, object] = {
        "model": "fake",
        "data_dir": root / "data",
        "corpus_dir": root / "corpus",
        "aliases_file": root / "corpus" / "speakers.yaml",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The process environment minus PARLEY_*/DISCORD_*, plus `settings`' folders and model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARLEY_", "DISCORD_"))}
    env.update(
        PARLEY_MODEL=settings.model,
        PARLEY_DATA_DIR=str(settings.data_dir),
        PARLEY_CORPUS_DIR=str(settings.corpus_dir),
        PARLEY_ALIASES_FILE=str(settings.aliases_file),
    )
    env.update(extra)
    return env


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("PARLEY_", "DISCORD_")):
            monkeypatch.delenv(name)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path)


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path, clean_env: None) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


async def _opened(settings: Settings, embedder: FakeEmbedder) -> Parley:
    parley = Parley(settings, embedder)
    await parley.open()
    return parley


@pytest.fixture
async def parley(settings: Settings, embedder: FakeEmbedder) -> AsyncIterator[Parley]:
    p = await _opened(settings, embedder)
    try:
        yield p
    finally:
        await p.close()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fake-model build of the seeds per test run; tests get copies (built_settings)."""
    root = tmp_path_factory.mktemp("seed-build")
    copy_corpus(root)

    async def build() -> None:
        p = Parley(make_settings(root), FakeEmbedder())
        try:
            await p.build()
        finally:
            await p.close()

    asyncio.run(build())
    return root


@pytest.fixture
def built_settings(tmp_path: Path, seed_build: Path, clean_env: None) -> Settings:
    root = tmp_path / "built"
    # symlinks=True keeps data/current a (relative) link to its version.
    shutil.copytree(seed_build, root, symlinks=True)
    return make_settings(root)


@pytest.fixture
async def built_parley(built_settings: Settings, embedder: FakeEmbedder) -> AsyncIterator[Parley]:
    p = await _opened(built_settings, embedder)
    try:
        yield p
    finally:
        await p.close()


def served(settings: Settings, fake_vectors: bool = True) -> dict[str, Any]:
    """The version `current` points at, checked for consistency, as comparable data.

    fake_vectors: also check each vector is the FakeEmbedder's for its passage's text.
    """
    folder = DataDir(settings.data_dir).current()
    assert folder is not None, "no index version is serving"
    with sqlite3.connect(folder / DB_FILE) as db:
        passages = db.execute(
            "SELECT p.id, a.key, p.position, p.start, p.end, p.text FROM passages p "
            "JOIN articles a ON a.id = p.article_id ORDER BY p.id"
        ).fetchall()
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        articles = [r[0] for r in db.execute("SELECT key FROM articles ORDER BY key")]
    flat = faiss.read_index(str(folder / FLAT_FILE))
    vector_ids = faiss.vector_to_array(flat.id_map).tolist()
    assert sorted(vector_ids) == [p[0] for p in passages], "FAISS and SQLite disagree"
    assert int(meta["count"]) == flat.ntotal == len(passages)
    # Each vector is the one its passage's text gives (no vector filed under another id).
    if passages and fake_vectors:
        titles = dict(db_titles(folder))
        fake = FakeEmbedder(int(meta["dimension"]))
        want = fake.encode([dense_text(titles[p[1]], p[5]) for p in passages])
        got = np.stack([flat.reconstruct(p[0]) for p in passages])
        np.testing.assert_allclose(got, want, atol=1e-6)
    return {"version": folder.name, "passages": passages, "articles": articles, "meta": meta}


def db_titles(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / DB_FILE) as db:
        return db.execute("SELECT key, title FROM articles").fetchall()
