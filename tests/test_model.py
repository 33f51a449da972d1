"""The real packaged models (multilingual-e5-small, the default, and all-MiniLM-L6-v2),
offline, end to end on the five seeds.

One index is built per model, by `parley index build` with the Hugging Face hub switched
off and an empty cache, so the weights can only come from the installed package. The search
and the main job then run side by side on it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import PARLEY_BIN, PYTHON, cli_env, copy_corpus, make_settings, served

from index.datadir import DataDir
from index.settings import Settings
from index.vectors import VectorIndex

pytestmark = pytest.mark.model

MODELS = ["multilingual-e5-small", "all-MiniLM-L6-v2"]
QUESTION = "What did Putin say about the documents initialed in Istanbul?"
ANSWER = "initialed in Istanbul"
OUTLET = "Responsible Statecraft"


def _start(argv: list[str], settings: Settings, hf_home: Path) -> subprocess.Popen:
    env = cli_env(
        settings, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HOME=str(hf_home),
        PARLEY_LOG_LEVEL="WARNING",
    )  # fmt: skip
    return subprocess.Popen(
        argv, env=env, cwd=Path(settings.data_dir).parent, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.fixture(scope="module", params=MODELS)
def model_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, object]:
    root = tmp_path_factory.mktemp("model")
    copy_corpus(root)
    settings = make_settings(root, model=request.param)
    hf_home = root / "empty-hf-cache"
    hf_home.mkdir()
    build = _start([str(PARLEY_BIN), "index", "build", "--json"], settings, hf_home)
    build_out = build.communicate(timeout=300)
    search = _start([str(PARLEY_BIN), "search", QUESTION, "--json"], settings, hf_home)
    bot = _start([str(PYTHON), "-m", "bot"], settings, hf_home)
    bot_out = bot.communicate(QUESTION + "\n", timeout=300)
    search_out = search.communicate(timeout=300)
    return {
        "settings": settings,
        "build": (build.returncode, *build_out),
        "search": (search.returncode, *search_out),
        "bot": (bot.returncode, *bot_out),
    }


def test_building_the_seeds_works_offline(model_runs):
    code, out, err = model_runs["build"]
    assert code == 0, err[-3000:]
    report = json.loads(out)
    assert len(report["added"]) == 5 and not report["failed"]
    settings = model_runs["settings"]
    version = served(settings, fake_vectors=False)
    assert version["meta"]["model"] == settings.model and version["meta"]["dimension"] == "384"
    folder = DataDir(settings.data_dir).current()
    vectors = VectorIndex.load(folder, 384)
    matrix = vectors.flat.index.reconstruct_n(0, vectors.count)
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)


def test_search_puts_the_istanbul_passage_first(model_runs):
    code, out, err = model_runs["search"]
    assert code == 0, err[-3000:]
    response = json.loads(out)
    assert not response["abstained"]
    first = response["results"][0]
    assert ANSWER in first["text"]
    assert first["source"] == OUTLET


def test_main_job_answers_citing_the_passage(model_runs):
    code, out, err = model_runs["bot"]
    assert code == 0, err[-3000:]
    first = out.split("\n[2]")[0]  # the first result of the answer
    assert "[1]" in first and ANSWER in first
    assert OUTLET in first
