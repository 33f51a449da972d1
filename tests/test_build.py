"""Incremental builds: what gets embedded, replaced, removed, refused, and what survives failure.

Every test ends by checking the served version on disk: the FAISS ids are exactly the SQLite
passage ids (the two files never disagree).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PARLEY_BIN, cli_env, make_settings, served

from index import build as build_module
from index.context import dense_text
from index.embed import FakeEmbedder
from index.errors import BadInput, Busy, IndexMismatch, NotFound
from index.service import ADDED, Parley
from index.settings import Settings

QUESTIONS = [
    "What did Putin say about the documents initialed in Istanbul?",
    "Who said the talks were a bluff?",
    "ceasefire negotiations in Saudi Arabia",
]
WORD = "Quorvantis"  # a made-up word no seed contains, to find an added article by


# --- helpers ------------------------------------------------------------------------------
def ids_of(snapshot: dict[str, Any], key: str) -> set[int]:
    return {p[0] for p in snapshot["passages"] if p[1] == key}


def no_work_folders(settings: Settings) -> bool:
    return not list((Path(settings.data_dir) / "versions").glob(".building-*"))


async def answers(parley: Parley) -> list[list[tuple[int, float]]]:
    out = []
    for q in QUESTIONS:
        response = await parley.search(q)
        out.append([(r.passage.id, round(r.score, 6)) for r in response.results])
    return out


async def reopened_answers(settings: Settings) -> list[list[tuple[int, float]]]:
    """What a fresh process would serve from disk."""
    p = Parley(settings, FakeEmbedder())
    await p.open()
    try:
        return await answers(p)
    finally:
        await p.close()


def seed(settings: Settings, prefix: str) -> Path:
    (path,) = (Path(settings.corpus_dir) / "seeds").glob(prefix + "*.txt")
    return path


def edit_corpus(settings: Settings) -> None:
    """Change one article, delete one, add three: a build then has work of every kind."""
    changed = seed(settings, "001")
    changed.write_text(changed.read_text("utf-8") + f"\n\n{WORD} said the talks would resume.\n")
    seed(settings, "003").unlink()
    for n in (1, 2, 3):
        (Path(settings.corpus_dir) / "seeds" / f"new-{n}.txt").write_text(
            f"{WORD} talks resume, round {n}\n\n"
            + " ".join(f"{WORD} met negotiator number {i} in round {n}." for i in range(30))
        )


# --- incremental --------------------------------------------------------------------------
async def test_first_build_embeds_all_then_nothing(parley, settings, embedder):
    report = await parley.build()
    assert len(report.added) == 5 and not report.failed and not report.duplicates
    first = served(settings)
    assert report.passages_embedded == len(first["passages"]) == embedder.embedded > 20
    assert parley.has_index

    embedder.batches.clear()
    again = await parley.build()
    assert embedder.batches == []
    assert again.passages_embedded == 0 and again.unchanged == 5 and not again.changed_anything
    assert served(settings) == first
    assert no_work_folders(settings)


async def test_changed_article_replaces_its_passages(built_parley, built_settings, embedder):
    before = served(built_settings)
    key = seed(built_settings, "001").stem
    old_ids = ids_of(before, key)
    path = seed(built_settings, "001")
    path.write_text(path.read_text("utf-8").replace("Istanbul", "Antalya"), "utf-8")

    report = await built_parley.build()
    assert report.changed == [key] and not report.added and not report.removed
    after = served(built_settings)
    new_ids = ids_of(after, key)
    assert new_ids and not old_ids & {p[0] for p in after["passages"]}
    # Only passages whose text changed were embedded; unchanged ones kept their vectors
    # (served() checks every vector against its text).
    title = "Diplomacy Watch: Are Moscow and Kyiv on collision course to talk?"
    old_texts = {dense_text(title, p[5]) for p in before["passages"] if p[1] == key}
    new_texts = {dense_text(title, p[5]) for p in after["passages"] if p[1] == key}
    embedded = [t for b in embedder.batches for t in b]
    assert embedded and sorted(embedded) == sorted(new_texts - old_texts)
    others = [p for p in before["passages"] if p[1] != key]
    assert others == [p for p in after["passages"] if p[1] != key]
    texts = " ".join(p[5] for p in after["passages"] if p[1] == key)
    assert "Antalya" in texts and "Istanbul" not in texts


async def test_removed_file_removes_its_vectors(built_parley, built_settings, embedder):
    path = seed(built_settings, "003")
    key = path.stem
    assert ids_of(served(built_settings), key)
    path.unlink()
    report = await built_parley.build()
    assert report.removed == [key] and report.unchanged == 4
    after = served(built_settings)
    assert key not in after["articles"] and not ids_of(after, key)
    assert embedder.batches == []
    for q in QUESTIONS:
        assert key not in {r.passage.article_key for r in (await built_parley.search(q)).results}


async def test_same_article_twice_is_indexed_once(built_parley, built_settings, embedder):
    seeds = Path(built_settings.corpus_dir) / "seeds"
    # Same URL, different files and words.
    url = "https://news.example.org/2024/talks"
    for name, words in (("a_talks.md", "first telling"), ("b_talks.md", "second telling")):
        body = " ".join([f"The negotiators met again, in the {words} of the story."] * 12)
        (seeds / name).write_text(f"---\ntitle: Talks\nurl: {url}\n---\n{body}\n", "utf-8")
    # Same text as a seed, other whitespace and case, another file name, no sidecar.
    raw = seed(built_settings, "004").read_text("utf-8")
    copy = "\n\n\n".join("   ".join(line.upper().split()) for line in raw.splitlines())
    (seeds / "zz_copy.txt").write_text(copy, "utf-8")

    report = await built_parley.build()
    assert report.added == ["a_talks"]
    dups = {d.path: d.reason for d in report.duplicates}
    assert set(dups) == {"seeds/b_talks.md", "seeds/zz_copy.txt"}
    assert "a_talks" in dups["seeds/b_talks.md"]
    assert seed(built_settings, "004").stem in dups["seeds/zz_copy.txt"]
    after = served(built_settings)
    assert "zz_copy" not in after["articles"] and "b_talks" not in after["articles"]

    # Still once, and nothing embedded, on the next build.
    embedder.batches.clear()
    again = await built_parley.build()
    assert not again.changed_anything and len(again.duplicates) == 2
    assert embedder.batches == [] and served(built_settings) == after


async def test_broken_files_are_reported_and_the_rest_indexed(built_parley, built_settings):
    seeds = Path(built_settings.corpus_dir) / "seeds"
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (seeds / "latin1.txt").write_bytes("Négociations à Genève, ".encode("latin-1") * 20)
    (seeds / "slides.pdf").write_bytes(b"%PDF-1.4 not an article")
    (seeds / "bad.jsonl").write_text('{"title": "x"\nnot json\n', "utf-8")
    (seeds / "good.txt").write_text(
        f"{WORD} in Geneva\n\n" + " ".join([f"{WORD} said the talks went well."] * 20), "utf-8"
    )
    report = await built_parley.build()
    assert report.added == ["good"] and report.unchanged == 5
    failed = {f.path: f.reason for f in report.failed}
    assert set(failed) == {
        f"seeds/{n}" for n in ("empty.txt", "binary.txt", "latin1.txt", "slides.pdf", "bad.jsonl")
    }
    for reason in failed.values():
        assert reason.strip() and "\n" not in reason
    assert "good" in served(built_settings)["articles"]


# --- failures leave the old version serving ----------------------------------------------
class FailingEmbedder(FakeEmbedder):
    """Raises `exc` on its `fail_on`-th embedding call (queries are not counted)."""

    def __init__(self, fail_on: int, exc: BaseException) -> None:
        super().__init__()
        self.fail_on, self.exc, self.calls = fail_on, exc, 0

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not query:
            self.calls += 1
            if self.calls == self.fail_on:
                raise self.exc
        return super().encode(texts, query=query)


FAILURES = {
    "encode raises midway": ("encode", RuntimeError("embedding died")),
    "progress callback raises": ("progress", RuntimeError("progress died")),
    "KeyboardInterrupt in encode": ("encode", KeyboardInterrupt()),
    "KeyboardInterrupt in progress": ("progress", KeyboardInterrupt()),
}


@pytest.mark.parametrize("failure", FAILURES)
async def test_interrupted_build_leaves_old_version(failure, built_settings, monkeypatch):
    where, exc = FAILURES[failure]
    monkeypatch.setattr(build_module, "EMBED_CHUNK", 1)  # one embedding call per article
    embedder = FailingEmbedder(3 if where == "encode" else 0, exc)
    calls = []

    def progress(stage: str, done: int, total: int) -> None:
        calls.append(stage)
        if where == "progress" and len(calls) == 3:
            raise exc

    before = served(built_settings)
    parley = Parley(built_settings, embedder)
    await parley.open()
    try:
        served_before = await answers(parley)
        edit_corpus(built_settings)
        with pytest.raises(type(exc)):
            await parley.build(progress=progress)
        if where == "encode":
            assert embedder.calls == 3  # two batches went in before it failed
        assert served(built_settings) == before
        assert no_work_folders(built_settings)
        assert await answers(parley) == served_before
        assert await reopened_answers(built_settings) == served_before

        # The next build does the work and cleans up.
        embedder.fail_on = 0
        report = await parley.build()
        assert report.changed and report.added and report.removed
        after = served(built_settings)
        assert after["version"] != before["version"]
        assert {"new-1", "new-2", "new-3"} <= set(after["articles"])
        assert no_work_folders(built_settings)
    finally:
        await parley.close()


def _start_build(settings: Settings) -> subprocess.Popen:
    """`parley index build --force` in a subprocess (every article redone: a long build)."""
    return subprocess.Popen(
        [str(PARLEY_BIN), "index", "build", "--force"],
        env=cli_env(settings),
        cwd=Path(settings.data_dir).parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _when_working(proc: subprocess.Popen, settings: Settings) -> None:
    """Return once the build's work folder exists and it has had a moment to write in it."""
    deadline = time.monotonic() + 120
    while no_work_folders(settings):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)


async def test_interrupted_and_killed_build_processes_leave_old_version(
    built_parley, built_settings, seed_build, tmp_path
):
    # Two copies side by side: Ctrl-C in one, kill -9 in the other.
    shutil.copytree(seed_build, tmp_path / "killed", symlinks=True)
    trees = {signal.SIGINT: built_settings, signal.SIGKILL: make_settings(tmp_path / "killed")}
    before = {sig: served(s) for sig, s in trees.items()}
    served_before = await answers(built_parley)
    procs = {sig: _start_build(s) for sig, s in trees.items()}
    for sig, proc in procs.items():
        _when_working(proc, trees[sig])
        proc.send_signal(sig)
    for sig, proc in procs.items():
        _, err = proc.communicate(timeout=60)
        settings = trees[sig]
        assert served(settings) == before[sig]
        assert await reopened_answers(settings) == served_before
        if sig == signal.SIGINT:
            assert proc.returncode == 130
            assert err.strip().splitlines()[-1] == "parley: interrupted"
            assert no_work_folders(settings)
        else:
            assert not no_work_folders(settings)  # a killed build cannot clean up...
        p = Parley(settings, FakeEmbedder())
        try:
            report = await p.build()  # ...the next build does
        finally:
            await p.close()
        assert not report.changed_anything
        assert no_work_folders(settings)
        assert served(settings) == before[sig]


class BlockingEmbedder(FakeEmbedder):
    """Holds its first embedding call until released, so a build stays in progress."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.release = threading.Event(), threading.Event()

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        if not query:
            self.entered.set()
            assert self.release.wait(60)
        return super().encode(texts, query=query)


async def test_concurrent_builds_are_refused_with_busy(built_settings):
    embedder = BlockingEmbedder()
    parley = Parley(built_settings, embedder)
    other = Parley(built_settings, FakeEmbedder())
    await parley.open()
    try:
        edit_corpus(built_settings)
        first = asyncio.create_task(parley.build())
        while not embedder.entered.is_set():
            assert not first.done(), first
            await asyncio.sleep(0.01)
        assert parley.building
        with pytest.raises(Busy):
            await parley.build()
        with pytest.raises(Busy):
            await parley.remove(seed(built_settings, "000").stem)
        with pytest.raises(Busy):  # another process (here: object) on the same data folder
            await other.build()
        embedder.release.set()
        report = await first
        assert "new-1" in report.added
        served(built_settings)
        assert no_work_folders(built_settings)
    finally:
        embedder.release.set()
        await parley.close()
        await other.close()


# --- model changes ------------------------------------------------------------------------
async def test_index_of_another_model_is_refused(built_settings, tmp_path):
    before = served(built_settings)
    other = make_settings(Path(built_settings.data_dir).parent, model="other-model")
    parley = Parley(other, FakeEmbedder())
    try:
        with pytest.raises(IndexMismatch, match="rebuild"):
            await parley.open()
        with pytest.raises(IndexMismatch, match="rebuild"):
            await parley.build()
        assert served(built_settings) == before
        # Doing what the message says works.
        report = await parley.build(force=True)
        assert len(report.changed) == 5
        assert served(other)["meta"]["model"] == "other-model"
        await parley.open()
        assert (await parley.search(QUESTIONS[0])).results
    finally:
        await parley.close()


async def test_index_of_another_dimension_is_refused(built_settings):
    parley = Parley(built_settings, FakeEmbedder(dim=64))
    try:
        with pytest.raises(IndexMismatch, match="rebuild"):
            await parley.open()
    finally:
        await parley.close()


async def test_a_full_rebuild_learns_speakers_afresh(built_settings):
    # A speaker an older pipeline learned wrongly (a town taken for a person, with its name
    # as an alias) must not outlive a rebuild of every article: it would answer for the town.
    import sqlite3

    db_path = Path(built_settings.data_dir) / "current" / "index.sqlite3"
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO speakers (name, role, kind, aliases) VALUES (?, '', 'person', ?)",
            ("Volnovakha - Zaporizhzhia", json.dumps(["Zaporizhzhia"])),
        )
    parley = Parley(built_settings, FakeEmbedder())
    try:
        await parley.build(force=True)
    finally:
        await parley.close()
    with sqlite3.connect(Path(built_settings.data_dir) / "current" / "index.sqlite3") as db:
        names = {r[0] for r in db.execute("SELECT name FROM speakers")}
    assert "Volnovakha - Zaporizhzhia" not in names
    assert "Vladimir Putin" in names  # what the articles and the aliases file say is kept


# --- moderators' remove and add -----------------------------------------------------------
async def test_remove_is_not_undone_by_a_rebuild(built_parley, built_settings):
    key = seed(built_settings, "003").stem
    report = await built_parley.remove(key)
    assert report.removed == [key]
    after = served(built_settings)
    assert key not in after["articles"] and not ids_of(after, key)
    for q in QUESTIONS:
        assert key not in {r.passage.article_key for r in (await built_parley.search(q)).results}

    rebuilt = await built_parley.build()
    assert key not in rebuilt.added and not rebuilt.changed_anything
    assert served(built_settings) == after
    with pytest.raises(NotFound):
        await built_parley.remove(key)
    with pytest.raises(NotFound):
        await built_parley.remove("no-such-article")


HTML = f"""<!doctype html><html><head><title>{WORD} on the talks | Example Daily</title>
<meta property="og:site_name" content="Example Daily"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{WORD} on the talks</h1>
<p>{" ".join([f"{WORD} told reporters that the delegations would meet again in Geneva."] * 6)}</p>
<p>{" ".join(["The mediator said both sides had agreed to exchange prisoners first."] * 6)}</p>
</article><footer>Copyright Example Daily</footer></body></html>"""
BODY = " ".join([f"{WORD} told reporters that the delegations would meet again in Geneva."] * 8)
UPLOADS = {
    "txt": ("quorvantis.txt", f"{WORD} on the talks\n\n{BODY}\n"),
    "md": (
        "quorvantis.md",
        f"---\ntitle: {WORD} on the talks\nsource: Example Weekly\n---\n{BODY}\n",
    ),
    "html": ("quorvantis.html", HTML),
    "jsonl": (
        "quorvantis.jsonl",
        json.dumps(
            {"id": "q-1", "title": f"{WORD} on the talks", "source": "Ministry", "text": BODY}
        )
        + "\n"
        + json.dumps({"id": "q-2", "title": "Statement", "text": BODY.replace("Geneva", "Vienna")})
        + "\n",
    ),
}


@pytest.mark.parametrize("kind", UPLOADS)
async def test_added_file_is_searchable_and_kept_by_later_builds(
    kind, built_parley, built_settings
):
    name, content = UPLOADS[kind]
    result = await built_parley.add_bytes(name, content.encode())
    keys = {a["article_id"] for a in result.articles}
    assert keys and all(a["passages"] >= 1 for a in result.articles)
    assert (Path(built_settings.corpus_dir) / ADDED / name).exists()
    after_add = served(built_settings)
    assert keys <= set(after_add["articles"])

    async def found() -> set[str]:
        response = await built_parley.search(f"What did {WORD} tell reporters about Geneva?")
        return {r.passage.article_key for r in response.results[:2]}

    assert await found() & keys
    report = await built_parley.build()
    assert not report.removed and not report.changed_anything
    assert served(built_settings) == after_add
    assert await found() & keys


async def test_bad_upload_is_refused_and_not_kept(built_parley, built_settings):
    before = served(built_settings)
    with pytest.raises(BadInput, match="empty"):
        await built_parley.add_bytes("empty.txt", b"")
    with pytest.raises(BadInput):
        await built_parley.add_bytes("slides.pdf", b"%PDF-1.4")
    assert not list((Path(built_settings.corpus_dir) / ADDED).glob("*"))
    assert served(built_settings) == before


async def test_removing_every_article_leaves_an_empty_consistent_index(
    built_parley, built_settings
):
    for path in Path(built_settings.corpus_dir).rglob("*.txt"):
        path.unlink()
    report = await built_parley.build()
    assert len(report.removed) == 5
    after = served(built_settings)
    assert after["articles"] == [] and after["passages"] == []
    response = await built_parley.search(QUESTIONS[0])
    assert response.abstained and response.results == []


async def test_upload_named_like_an_existing_article_does_not_replace_it(
    built_parley, built_settings
):
    key = seed(built_settings, "000").stem
    before = {p[5] for p in served(built_settings)["passages"] if p[1] == key}
    body = f"Upload\n\n{' '.join([f'{WORD} said the talks in Geneva would resume.'] * 10)}\n"
    result = await built_parley.add_bytes(f"{key}.txt", body.encode())
    assert key not in result.report.changed
    assert {p[5] for p in served(built_settings)["passages"] if p[1] == key} == before


async def test_refused_remove_and_add_leave_no_trace(built_parley, built_settings):
    embedder = BlockingEmbedder()
    builder = Parley(built_settings, embedder)  # another process, as far as locks go
    await builder.open()
    try:
        (Path(built_settings.corpus_dir) / "seeds" / "late.txt").write_text(
            f"Late\n\n{' '.join([f'{WORD} met the envoys in Vienna.'] * 20)}\n"
        )
        running = asyncio.create_task(builder.build())
        while not embedder.entered.is_set():
            await asyncio.sleep(0.01)
        with pytest.raises(Busy):
            await built_parley.remove(seed(built_settings, "003").stem)
        with pytest.raises(Busy):
            await built_parley.add_bytes(
                "upload.txt", (f"Upload\n\n{WORD} said so. " * 20).encode()
            )
        embedder.release.set()
        await running
    finally:
        embedder.release.set()
        await builder.close()
    report = await built_parley.build()
    assert report.removed == [] and report.added == []
