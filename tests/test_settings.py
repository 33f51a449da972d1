"""Settings: environment, `.env`, command-line flags, and one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import BotSettings
from index.errors import BadInput
from index.settings import load_settings


@pytest.fixture
def here(tmp_path: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without a `.env`, and no PARLEY_* variables set."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults(here):
    s = load_settings()
    assert (s.data_dir, s.corpus_dir, s.aliases_file) == (
        Path("data"),
        Path("corpus"),
        Path("corpus/speakers.yaml"),
    )
    assert (s.model, s.k, s.batch_size, s.excluded) == ("multilingual-e5-small", 5, 32, ["ext"])


def test_the_env_example_holds_the_defaults(here):
    # A newcomer copies .env.example to .env: it must not change what the defaults are.
    example = Path(__file__).resolve().parent.parent / ".env.example"
    from_example = BotSettings(_env_file=example)  # type: ignore[call-arg]
    defaults = BotSettings(_env_file=None)  # type: ignore[call-arg]
    differs = {
        name
        for name, value in defaults.model_dump().items()
        if from_example.model_dump()[name] != value
    }
    assert differs <= {"discord_token"}, differs


def test_environment_is_read(here, monkeypatch):
    env = {
        "PARLEY_DATA_DIR": "/srv/parley/data",
        "PARLEY_CORPUS_DIR": "/srv/parley/articles",
        "PARLEY_ALIASES_FILE": "/srv/parley/aliases.yaml",
        "PARLEY_MODEL": "fake",
        "PARLEY_K": "7",
        "PARLEY_BATCH_SIZE": "8",
        "PARLEY_MAX_QUESTION_CHARS": "300",
        "PARLEY_HNSW_THRESHOLD": "1000",
        "PARLEY_ALLOW_PRIVATE_URLS": "true",
        "PARLEY_EXCLUDE_COLLECTIONS": "ext, old ,",
        "PARLEY_LOG_LEVEL": "debug",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    s = load_settings()
    assert s.data_dir == Path("/srv/parley/data")
    assert s.corpus_dir == Path("/srv/parley/articles")
    assert s.aliases_file == Path("/srv/parley/aliases.yaml")
    assert (s.model, s.k, s.batch_size, s.max_question_chars) == ("fake", 7, 8, 300)
    assert (s.hnsw_threshold, s.allow_private_urls) == (1000, True)
    assert s.excluded == ["ext", "old"]
    assert s.log_level == "DEBUG"


def test_empty_exclusion_list_includes_every_collection(here, monkeypatch):
    monkeypatch.setenv("PARLEY_EXCLUDE_COLLECTIONS", "")
    assert load_settings().excluded == []


def test_dotenv_file_is_read_and_environment_wins(here, monkeypatch):
    (here / ".env").write_text(
        "# local configuration\nPARLEY_K=9\nPARLEY_DATA_DIR=/from/dotenv\nOTHER_TOOL=1\n"
    )
    s = load_settings()
    assert (s.k, s.data_dir) == (9, Path("/from/dotenv"))
    monkeypatch.setenv("PARLEY_K", "4")
    assert load_settings().k == 4


def test_overrides_win_and_none_is_not_an_override(here, monkeypatch):
    monkeypatch.setenv("PARLEY_DATA_DIR", "/from/env")
    assert load_settings(data_dir=Path("/from/flag")).data_dir == Path("/from/flag")
    assert load_settings(data_dir=None).data_dir == Path("/from/env")


BAD = [
    ("PARLEY_K", "abc"),
    ("PARLEY_K", "0"),
    ("PARLEY_BATCH_SIZE", "0"),
    ("PARLEY_MAX_QUESTION_CHARS", "5"),
    ("PARLEY_HNSW_THRESHOLD", "-1"),
    ("PARLEY_ALLOW_PRIVATE_URLS", "maybe"),
    ("PARLEY_LOG_LEVEL", "loud"),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_value_is_one_line_naming_the_setting(here, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(BadInput) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    assert name in message and repr(value) in message


def test_bad_value_in_dotenv_is_named_too(here):
    (here / ".env").write_text("PARLEY_BATCH_SIZE=lots\n")
    with pytest.raises(BadInput, match="PARLEY_BATCH_SIZE"):
        load_settings()


def test_bot_settings_extend_the_index_settings(here, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-value")
    monkeypatch.setenv("PARLEY_K", "3")
    s = load_settings(BotSettings)
    assert isinstance(s, BotSettings) and s.k == 3
    assert s.discord_token is not None
    assert s.discord_token.get_secret_value() == "secret-token-value"
    assert "secret-token-value" not in repr(s) and "secret-token-value" not in str(s)
    monkeypatch.setenv("PARLEY_COOLDOWN_SECONDS", "-5")
    with pytest.raises(BadInput, match="PARLEY_COOLDOWN_SECONDS"):
        load_settings(BotSettings)


def test_main_job_bad_setting_is_one_line(here, monkeypatch, capsys):
    from bot.__main__ import main

    monkeypatch.setenv("PARLEY_BATCH_SIZE", "0")
    assert main() != 0
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "PARLEY_BATCH_SIZE" in err


# Through the real `parley` program: see test_cli.py (test_cli_bad_setting_*, test_cli_data_dir_*),
# where they run side by side with the other command-line processes.
