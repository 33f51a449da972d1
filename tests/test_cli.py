"""`parley` and `python -m bot` as a user runs them: real processes, fake model, tmp folders.

Starting a process costs seconds (spaCy imports torch), so every process of this file is
started at once by the module fixture `runs`, each on its own copy of the seed index (or a
shared read-only one), and the tests then check one run each. Error messages that need no
separate process are checked through `index.cli.main` in this process.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import PARLEY_BIN, PYTHON, cli_env, copy_corpus, make_settings, served

from index import cli
from index.console import answer
from index.datadir import DataDir
from index.embed import FakeEmbedder
from index.service import ADDED, Parley
from index.settings import Settings
from index.store import DB_FILE

QUESTIONS = [
    "What did Putin say about the documents initialed in Istanbul?",
    "Who said it's a bluff?",
    "What did Zelensky say about security guarantees?",
]
RESULT_KEYS = {
    "rank", "score", "passage_id", "article_id", "title", "source", "date", "url", "text",
    "quotes",
}  # fmt: skip
REMOVED = "003_68972bff8665e00a"
ENVOY = " ".join(["The Quorvantis envoy said the talks in Geneva would resume."] * 10)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    settings: Settings


@dataclass
class Job:
    argv: Sequence[str]
    settings: Settings
    input: str | None = None
    env: dict[str, str] | None = None


def parley(*args: str) -> list[str]:
    return [str(PARLEY_BIN), *args]


def run_all(jobs: dict[str, Job], timeout: float = 300) -> dict[str, Ran]:
    """Start every job at once, then collect them (they run in parallel)."""
    procs = {}
    for name, job in jobs.items():
        Path(job.settings.data_dir).parent.mkdir(parents=True, exist_ok=True)
        procs[name] = subprocess.Popen(
            job.argv,
            env=cli_env(job.settings, **(job.env or {})),
            cwd=Path(job.settings.data_dir).parent,  # no stray .env from the repository
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(jobs[name].input, timeout=timeout)
        out[name] = Ran(proc.returncode, stdout, stderr, jobs[name].settings)
    return out


def tree(root: Path, built_from: Path | None = None) -> Settings:
    """A corpus + data tree under `root`: a copy of a built one, or the seeds unbuilt."""
    if built_from is not None:
        shutil.copytree(built_from, root, symlinks=True)
    else:
        copy_corpus(root)
    return make_settings(root)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, seed_build: Path) -> dict[str, Ran]:
    root = tmp_path_factory.mktemp("cli")
    shared = tree(root / "shared", seed_build)  # read-only users
    envoy = root / "envoy.md"
    envoy.write_text(f"---\ntitle: Envoy on Geneva\nsource: Example Weekly\n---\n{ENVOY}\n")
    stdin_questions = "\n".join([QUESTIONS[0], "", QUESTIONS[1], QUESTIONS[2]]) + "\n"
    ask_questions = "\n".join(QUESTIONS[:2]) + "\n"
    return run_all({
        "build": Job(parley("index", "build", "--json"), tree(root / "build")),
        "add": Job(parley("index", "add", str(envoy)), tree(root / "add", seed_build)),
        "remove": Job(parley("index", "remove", REMOVED), tree(root / "remove", seed_build)),
        "search": Job(parley("search", QUESTIONS[0], "--json", "--k", "3"), shared),
        "sources": Job(parley("sources"), shared),
        "bad filter": Job(parley("search", QUESTIONS[0], "--source", "Reuters"), shared),
        "search stdin": Job(parley("search", "-", "--json"), shared, stdin_questions),
        "ask": Job(parley("ask"), shared, ask_questions),
        "bot": Job([str(PYTHON), "-m", "bot"], tree(root / "bot"), ask_questions),
        # A file saved with a byte-order mark before its first question.
        "ask bom": Job(parley("ask"), shared, f"\ufeff{QUESTIONS[1]}\n{QUESTIONS[0]}\n"),
        "empty question": Job(parley("search", ""), shared),
        "bad setting": Job(parley("index", "stats"), shared, env={"PARLEY_K": "abc"}),
        # PARLEY_DATA_DIR names an empty folder; the flag names the built one.
        "stats": Job(
            parley("--data-dir", str(shared.data_dir), "index", "stats", "--json"),
            make_settings(root / "elsewhere"),
        ),
    })  # fmt: skip


def ok(ran: Ran) -> Ran:
    assert ran.returncode == 0, ran.stderr[-2000:]
    return ran


# --- index ----------------------------------------------------------------------------------
def test_index_build(runs):
    ran = ok(runs["build"])
    report = json.loads(ran.stdout)
    assert len(report["added"]) == 5 and report["failed"] == [] and report["duplicates"] == []
    version = served(ran.settings)
    assert report["passages_embedded"] == len(version["passages"]) > 20
    assert report["version"] == version["version"]


def test_index_stats(runs):
    ran = ok(runs["stats"])
    figures = json.loads(ran.stdout)
    version = served(make_settings(Path(ran.settings.data_dir).parents[1] / "shared"))
    assert figures["articles"] == 5
    assert figures["passages"] == figures["vectors"] == len(version["passages"])
    assert figures["model"] == "fake" and figures["version"] == version["version"]
    assert figures["dimension"] == 384


def test_index_add(runs):
    ran = ok(runs["add"])
    assert "added 1" in ran.stdout and "envoy: Envoy on Geneva (Example Weekly)" in ran.stdout
    assert (Path(ran.settings.corpus_dir) / ADDED / "envoy.md").read_text().endswith(ENVOY + "\n")
    assert set(served(ran.settings)["articles"]) >= {"envoy", REMOVED}


def test_sources_lists_the_ids_index_remove_takes(runs):
    lines = ok(runs["sources"]).stdout.splitlines()
    assert len(lines) == 5
    assert any(REMOVED in line and "Vox: " in line for line in lines), lines


def test_a_filter_no_article_passes_points_at_sources(runs):
    _one_error_line(runs["bad filter"], "no indexed article matches these filters (source Reuters)")
    assert "parley sources" in runs["bad filter"].stderr


def test_index_remove(runs):
    ran = ok(runs["remove"])
    assert "removed 1" in ran.stdout
    articles = served(ran.settings)["articles"]
    assert REMOVED not in articles and len(articles) == 4


# --- settings -----------------------------------------------------------------------------
def test_cli_bad_setting_is_one_line_naming_it(runs):
    ran = runs["bad setting"]
    assert ran.returncode != 0 and ran.stdout == ""
    assert len(ran.stderr.splitlines()) == 1 and "PARLEY_K" in ran.stderr, ran.stderr


def test_cli_data_dir_flag_overrides_the_environment(runs):
    ran = ok(runs["stats"])
    assert json.loads(ran.stdout)["articles"] == 5  # from the flag's folder...
    assert not Path(ran.settings.data_dir).exists()  # ...not PARLEY_DATA_DIR's


# --- search -------------------------------------------------------------------------------
def article_texts(settings: Settings) -> dict[str, str]:
    folder = DataDir(settings.data_dir).current()
    assert folder is not None
    with sqlite3.connect(folder / DB_FILE) as db:
        return dict(db.execute("SELECT key, text FROM articles").fetchall())


def check_response(line: str, question: str, settings: Settings, k: int) -> dict[str, Any]:
    """One `search --json` line against the documented schema and the index on disk."""
    obj = json.loads(line)
    assert obj["question"] == question
    assert isinstance(obj["abstained"], bool)
    results = obj["results"]
    assert isinstance(results, list) and len(results) <= k
    assert obj["abstained"] == (results == [])
    passages = {p[0]: p for p in served(settings)["passages"]}
    texts = article_texts(settings)
    for rank, r in enumerate(results, 1):
        assert set(r) >= RESULT_KEYS
        assert r["rank"] == rank
        assert isinstance(r["score"], float)
        for key in ("article_id", "title", "source", "date", "url", "text"):
            assert isinstance(r[key], str)
        assert r["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        # The citation is exact: the passage as stored, at its offsets in the cleaned article.
        stored = passages[r["passage_id"]]
        assert (stored[1], stored[5]) == (r["article_id"], r["text"])
        article = texts[r["article_id"]]
        assert article[stored[3] : stored[4]] == r["text"]
        for q in r["quotes"]:
            assert set(q) == {"speaker", "text", "direct"}
            assert isinstance(q["speaker"], str) and q["speaker"]
            assert isinstance(q["direct"], bool)
            assert q["text"] and q["text"] in article
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    return obj


def test_search_json_schema(runs):
    ran = ok(runs["search"])
    (line,) = ran.stdout.splitlines()
    response = check_response(line, QUESTIONS[0], ran.settings, k=3)
    assert response["results"]


def test_search_stdin_one_line_per_question(runs):
    ran = ok(runs["search stdin"])
    lines = ran.stdout.splitlines()
    assert len(lines) == 3  # the blank line is not a question
    for line, question in zip(lines, QUESTIONS, strict=True):
        check_response(line, question, ran.settings, k=5)
    # The same question gets the same answer as on the command line.
    one = json.loads(runs["search"].stdout)
    assert json.loads(lines[0])["results"][:3] == one["results"]


# --- the console ----------------------------------------------------------------------------
async def _expected_answers(settings: Settings, questions: list[str]) -> str:
    """What the console must print: the shared text answers, each followed by a blank line."""
    p = Parley(settings, FakeEmbedder())
    await p.open()
    try:
        return "".join([await answer(p, q) + "\n\n" for q in questions])
    finally:
        await p.close()


async def test_ask_answers_each_line_and_exits(runs):
    ran = ok(runs["ask"])
    assert ran.stdout == await _expected_answers(ran.settings, QUESTIONS[:2])
    assert "—" in ran.stdout  # answers, with citations, not "nothing found"


async def test_a_byte_order_mark_does_not_change_the_first_answer(runs):
    # "who …" behind a BOM had lost its "Said by:" line: the question no longer began with "who".
    ran = ok(runs["ask bom"])
    assert ran.stdout == await _expected_answers(ran.settings, [QUESTIONS[1], QUESTIONS[0]])
    assert ran.stdout.startswith("Said by:")


@pytest.mark.parametrize("command", ["ask", "search - --json"])
def test_output_piped_into_a_reader_that_stops_early(
    tmp_path: Path, seed_build: Path, command: str
) -> None:
    # "parley ask < questions | head -1": the reader's leaving is no error, and no traceback.
    settings = tree(tmp_path / "pipe", seed_build)
    questions = "".join(f"{q}\n" for q in QUESTIONS[:2] * 20)
    ran = subprocess.run(
        f"{PARLEY_BIN} {command} | head -1",
        shell=True,
        input=questions,
        text=True,
        capture_output=True,
        env=cli_env(settings),
        cwd=Path(settings.data_dir).parent,
        timeout=300,
    )
    assert ran.stdout.strip() and "Traceback" not in ran.stderr, ran.stderr[-1000:]


async def test_bot_without_token_builds_then_answers(runs):
    ran = ok(runs["bot"])
    assert len(served(ran.settings)["articles"]) == 5
    assert ran.stdout == await _expected_answers(ran.settings, QUESTIONS[:2])


# --- errors ---------------------------------------------------------------------------------
def _one_error_line(ran: Ran, words: str) -> None:
    assert ran.returncode == 2 and ran.stdout == ""
    assert "Traceback" not in ran.stderr
    last = ran.stderr.strip().splitlines()[-1]
    assert last.startswith("parley: ") and words in last


def test_error_process_empty_question(runs):
    _one_error_line(runs["empty question"], "empty")


def test_error_process_is_one_line_after_opening_the_index(runs):
    assert len(runs["empty question"].stderr.splitlines()) == 1, runs["empty question"].stderr


@pytest.fixture
def in_tree(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Run `cli.main` in this process on the built copy (no `.env` in the tmp working dir)."""
    for name, value in cli_env(built_settings).items():
        if name.startswith("PARLEY_"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(Path(built_settings.data_dir).parent)
    return built_settings


ERRORS = {
    "empty question": (["search", "   "], "empty"),
    "10,000-character question": (["search", "peace " * 1666 + "talk"], "too long"),
    "unknown article": (["index", "remove", "no-such-article"], "no-such-article"),
    "empty file added": (["index", "add", "EMPTY"], "empty"),
    "unknown kind added": (["index", "add", "SLIDES"], "unknown kind"),
    "missing corpus": (["index", "build", "--corpus", "/nowhere/corpus"], "/nowhere/corpus"),
    "negative --k": (["search", QUESTIONS[0], "--k", "-1"], "--k"),
    # "--limit 0" had printed every quotation, "--limit -3" all but the last three.
    "zero --limit": (["quotes", "--limit", "0"], "--limit"),
    "negative --limit": (["quotes", "--limit", "-3"], "--limit"),
    "empty quotation to verify": (["verify", "  "], "the quotation is empty"),
    "no index yet": (["--data-dir", "EMPTY_DIR", "search", QUESTIONS[0]], "parley index build"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_error_is_one_clear_line(case, in_tree, tmp_path, capsys):
    argv, words = ERRORS[case]
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    paths = {
        "EMPTY": str(tmp_path / "empty.txt"),
        "SLIDES": str(tmp_path / "slides.pdf"),
        "EMPTY_DIR": str(tmp_path / "no-data"),
    }
    before = served(in_tree)
    status = cli.main([paths.get(a, a) for a in argv])
    out, err = capsys.readouterr()
    assert status != 0, out[:300]
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("parley: ") and words in err, err
    assert served(in_tree) == before


def test_stdin_search_reports_a_bad_question_and_goes_on(in_tree, monkeypatch, capsys):
    questions = [QUESTIONS[0], "peace " * 1666, QUESTIONS[1]]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    status = cli.main(["search", "-", "--json"])
    out, err = capsys.readouterr()
    assert status != 0
    assert [json.loads(line)["question"] for line in out.splitlines()] == [
        QUESTIONS[0],
        QUESTIONS[1],
    ]
    assert len(err.splitlines()) == 1 and "too long" in err


def test_readme_documents_the_search_json_schema():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("### `parley search --json`", 1)[1].split("\n## ", 1)[0]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    assert {"question", "abstained", "results"} <= set(example)
    assert set(example["results"][0]) >= RESULT_KEYS
    assert set(example["results"][0]["quotes"][0]) == {"speaker", "text", "direct"}


def test_ctrl_c_at_the_prompt_quits_at_once(tmp_path: Path, seed_build: Path) -> None:
    # A terminal's Ctrl-C while the console waits for a line: it must not wait for Enter too.
    import os
    import pty
    import select
    import time

    settings = tree(tmp_path / "tty", seed_build)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the console on a terminal
        os.chdir(Path(settings.data_dir).parent)
        os.execve(str(PARLEY_BIN), [str(PARLEY_BIN), "ask"], cli_env(settings))
    try:
        seen, deadline = b"", time.monotonic() + 120
        while b"parley> " not in seen and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                seen += os.read(fd, 4096)
        assert b"parley> " in seen, seen[-500:]
        os.write(fd, b"\x03")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                pid = 0
                break
            if select.select([fd], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    seen += os.read(fd, 4096)
        assert pid == 0, "the console still runs 10 s after Ctrl-C"
        assert b"Traceback" not in seen
    finally:
        if pid:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
