"""Shared fixtures: a private corpus and data folder per test, and the fake embedder.

    corpus_dir      tmp copy of corpus/seeds/ (as <tmp>/corpus/seeds/) and corpus/speakers.yaml
    settings        Settings(model="fake") on that corpus and an empty <tmp>/data
    embedder        the FakeEmbedder the Parley below uses (its `.batches` record what was embedded)
    parley          an opened Parley on `settings` (no index yet); closed after the test
    built_settings  like `settings`, but the seeds are already indexed (a copy of one build per run)
    built_parley    an opened Parley on `built_settings`

Nothing here reads the developer's environment or `.env`: `settings` clears `PARLEY_*` and
`DISCORD_*` variables and disables the `.env` file, so a local configuration cannot leak in.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from index.embed import FakeEmbedder
from index.service import Parley
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
ALIASES = ROOT / "corpus" / "speakers.yaml"


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
