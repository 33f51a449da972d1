"""Articles added from files (`parley index add`, `/add`) are kept in the corpus so rebuilds keep
them: a file that shares a name with another article must not replace it, not then and not at
the next build, and a `.meta.yaml` sidecar travels with its file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.errors import BadInput

SEED = "000_dd0dab2fefd92f34"  # a seed article's id, after its file name

NOTE = (
    "Unrelated note\n\nThe harbour master said on Friday that the grain convoy would sail at "
    "dawn, and that inspectors had cleared all four ships."
)
OTHER = (
    "Another note\n\nThe mayor said the bridge would reopen on Monday, after repairs to the "
    "damaged span were completed overnight."
)


async def _titles(parley) -> dict[str, str]:
    return {s["article_id"]: s["title"] for s in await parley.sources()}


async def test_a_file_named_like_an_indexed_article_is_added_beside_it(built_parley, tmp_path):
    before = await _titles(built_parley)
    clash = tmp_path / f"{SEED}.txt"
    clash.write_text(NOTE, encoding="utf-8")
    await built_parley.add_paths([clash])
    after = await _titles(built_parley)
    assert after[SEED] == before[SEED]  # the seed is still there, unchanged
    [new] = set(after) - set(before)
    assert new.startswith(f"{SEED}-") and after[new] == "Unrelated note"
    await built_parley.build()  # and a rebuild reads both back as they are
    assert await _titles(built_parley) == after


async def test_two_files_of_one_name_are_two_articles(built_parley, tmp_path):
    for folder, text in (("a", NOTE), ("b", OTHER)):
        path = tmp_path / folder / "notes.txt"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        await built_parley.add_paths([path])
    titles = await _titles(built_parley)
    assert titles["notes"] == "Unrelated note"
    assert {t for k, t in titles.items() if k.startswith("notes-")} == {"Another note"}
    await built_parley.build()
    assert await _titles(built_parley) == titles


async def test_a_sidecar_is_kept_with_its_file(built_parley, tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(NOTE, encoding="utf-8")
    Path(f"{path}.meta.yaml").write_text(
        'title: "Convoy to sail at dawn"\nsource: Port Gazette\ndate: 2026-03-15\n'
        "url: https://example.org/convoy\n",
        encoding="utf-8",
    )
    await built_parley.add_paths([path])
    await built_parley.build()
    [row] = [s for s in await built_parley.sources() if s["article_id"] == "harbour"]
    assert (row["title"], row["source"], row["date"][:10], row["url"]) == (
        "Convoy to sail at dawn",
        "Port Gazette",
        "2026-03-15",
        "https://example.org/convoy",
    )


async def test_a_copy_of_an_indexed_article_is_not_kept(built_parley, tmp_path):
    # Reported as a duplicate and added nowhere: its file must not stay in the corpus either,
    # where every later build would report it again.
    corpus = Path(built_parley.settings.corpus_dir)
    copy = tmp_path / "copy-of-a-seed.txt"
    shutil.copy(corpus / "seeds" / f"{SEED}.txt", copy)
    result = await built_parley.add_paths([copy])
    assert [s.reason for s in result.report.duplicates] == [
        f"same article as {SEED} (indexed once)"
    ]
    assert not (corpus / "added" / "copy-of-a-seed.txt").exists()
    rebuilt = await built_parley.build()
    assert rebuilt.duplicates == []


async def test_a_file_taking_the_old_text_of_a_changed_article_is_no_copy(built_parley):
    # notes.txt changes from NOTE to OTHER while memo.txt now holds NOTE: both are articles,
    # memo.txt is no "duplicate" of what notes.txt used to say.
    added = Path(built_parley.settings.corpus_dir) / "added"
    added.mkdir(exist_ok=True)
    (added / "notes.txt").write_text(NOTE, encoding="utf-8")
    await built_parley.build()
    (added / "notes.txt").write_text(OTHER, encoding="utf-8")
    (added / "memo.txt").write_text(NOTE, encoding="utf-8")
    report = await built_parley.build()
    assert report.duplicates == []
    titles = await _titles(built_parley)
    assert (titles["notes"], titles["memo"]) == ("Another note", "Unrelated note")


async def test_a_folder_adds_the_articles_in_it(built_parley, tmp_path):
    # "parley index add ../articles/": the folder stands for its files, as a build reads them.
    folder = tmp_path / "articles"
    (folder / "more").mkdir(parents=True)
    (folder / "harbour.txt").write_text(NOTE, encoding="utf-8")
    (folder / "more" / "bridge.txt").write_text(OTHER, encoding="utf-8")
    (folder / "harbour.txt.meta.yaml").write_text("source: Port Gazette\n", encoding="utf-8")
    result = await built_parley.add_paths([folder])
    assert not result.report.failed
    titles = await _titles(built_parley)
    assert titles["harbour"] == "Unrelated note" and titles["bridge"] == "Another note"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadInput, match="empty: the folder holds no file to read"):
        await built_parley.add_paths([empty])
