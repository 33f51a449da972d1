"""bot/state.py: numbered migrations, votes with their question, the answers counter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.state import MIGRATIONS, STATE_FILE, StateStore


async def test_migrations_apply_once_and_votes_keep_the_question(tmp_path: Path):
    store = await StateStore.open(tmp_path)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        first = await store.record_answer("ask", "who said it?", 1, 10, [3, 4], False)
        second = await store.record_answer("dm", "and now?", 2, None, [], True)
        await store.vote(first, 1, True)
        await store.vote(first, 1, False)  # changing one's mind replaces the vote
        await store.vote(second, 5, True)
        assert await store.questions_answered() == 2
    finally:
        await store.close()

    again = await StateStore.open(tmp_path)  # reopening applies nothing twice
    try:
        assert await again.schema_version() == len(MIGRATIONS)
        votes = await again.votes()
        assert [(v["question"], v["user_id"], v["helpful"], v["results"]) for v in votes] == [
            ("who said it?", 1, False, [3, 4]),
            ("and now?", 5, True, []),
        ]
        assert votes[1]["abstained"] is True and votes[1]["kind"] == "dm"
    finally:
        await again.close()


async def test_an_older_database_is_brought_up_to_date(tmp_path: Path):
    async with aiosqlite.connect(tmp_path / STATE_FILE) as db:  # as version 1 left it
        await db.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
        await db.execute(
            "INSERT INTO answers (kind, question, user_id, guild_id, results, abstained, "
            "created_at) VALUES ('ask', 'old question', 1, NULL, '[]', 0, 'then')"
        )
        await db.commit()
    store = await StateStore.open(tmp_path)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        await store.vote(1, 7, True)
        assert [v["question"] for v in await store.votes()] == ["old question"]
    finally:
        await store.close()


async def test_old_pages_are_deleted_on_open_and_then_daily(tmp_path: Path, monkeypatch):
    store = await StateStore.open(tmp_path)  # pages kept for ever: nothing deleted
    try:
        old = await store.save_pager(1, None, [{"content": "old"}])
        await store._db.execute("UPDATE pagers SET created_at = '2000-01-01T00:00:00+00:00'")
        await store._db.commit()
        assert await store.prune_pages() == 0 and await store.pager(old) is not None
    finally:
        await store.close()

    store = await StateStore.open(tmp_path, timedelta(days=30))
    try:
        assert await store.pager(old) is None
        recent = await store.save_pager(1, None, [{"content": "recent"}])
        assert await store.pager(recent) is not None
        # A day on, saving one more deletes those now too old.
        await store._db.execute(
            "UPDATE pagers SET created_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (recent,)
        )
        await store._db.commit()
        kept = await store.save_pager(1, None, [{"content": "same day"}])
        assert await store.pager(recent) is not None  # pruned less than a day ago
        monkeypatch.setattr(store, "_pruned_at", datetime.now(UTC) - timedelta(days=2))
        newest = await store.save_pager(1, None, [{"content": "next day"}])
        assert await store.pager(recent) is None
        assert await store.pager(kept) is not None and await store.pager(newest) is not None
    finally:
        await store.close()
