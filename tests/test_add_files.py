"""Articles added from files (`parley index add`, `/add`) are kept in the corpus so rebuilds keep
them: a file that shares a name with another article must not replace it, not then and not at
the next build, and a `.meta.yaml` sidecar travels with its file."""

from __future__ import annotations

from pathlib import Path

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
