"""The bot's own small database, `<PARLEY_DATA_DIR>/state.sqlite3`: answers with their votes,
the pages of paged replies (so their buttons still work after a restart; kept
`PARLEY_PAGES_KEPT_DAYS`), and counters. It lives beside the index versions, not in one, so a
rebuild keeps it.

Schema changes are numbered migrations, applied in order on open and recorded in
`PRAGMA user_version`; a migration is never edited once released, only followed by a new one.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

STATE_FILE = "state.sqlite3"
QUESTIONS_ANSWERED = "questions_answered"
PRUNE_EVERY = timedelta(days=1)

MIGRATIONS: tuple[str, ...] = (
    # 1: every answer given (the question is kept so votes can be read with it)
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,            -- ask | dm | quotes | who
        question TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        guild_id INTEGER,              -- NULL in DMs
        results TEXT NOT NULL,         -- JSON: passage ids shown, best first
        abstained INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    """,
    # 2: Helpful / Not helpful, one vote per person per answer (a new click replaces it)
    """
    CREATE TABLE votes (
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        helpful INTEGER NOT NULL,
        voted_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_id)
    );
    """,
    # 3: the pages of a reply with Previous / Next, as shown: its buttons name a row here, so
    # they keep working after a restart without searching again (the index may have changed)
    """
    CREATE TABLE pagers (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER REFERENCES answers(id) ON DELETE CASCADE,  -- NULL: /speakers, /sources
        owner_id INTEGER NOT NULL,     -- only they may turn the pages
        pages TEXT NOT NULL,           -- JSON: [{content, embed, links}], as rendered
        current INTEGER NOT NULL DEFAULT 0,  -- the page on screen
        created_at TEXT NOT NULL
    );
    """,
)


@dataclass(frozen=True)
class StoredPager:
    id: int
    answer_id: int | None
    owner_id: int
    pages: list[dict[str, Any]]
    current: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateStore:
    def __init__(self, db: aiosqlite.Connection, pages_kept: timedelta | None = None) -> None:
        self._db = db
        self._pages_kept = pages_kept
        self._pruned_at: datetime | None = None

    @classmethod
    async def open(cls, data_dir: Path, pages_kept: timedelta | None = None) -> StateStore:
        """`pages_kept`: how long a paged reply's pages are kept (None: for ever). Older
        ones are deleted on open and then at most once a day, as new ones are saved."""
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(Path(data_dir) / STATE_FILE)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA foreign_keys = ON")
        await db.execute("PRAGMA journal_mode = WAL")
        store = cls(db, pages_kept)
        await store._migrate()
        await store.prune_pages()
        return store

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; user_version is set in the same script so a crash
            # between the two cannot leave a migration applied but unrecorded.
            await self._db.executescript(
                f"BEGIN; {script.strip()}\nPRAGMA user_version = {number}; COMMIT;"
            )
            log.info("state database migrated to version %d", number)

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        await self._db.close()

    # --- answers and votes -----------------------------------------------------------------
    async def record_answer(
        self,
        kind: str,
        question: str,
        user_id: int,
        guild_id: int | None,
        results: list[int],
        abstained: bool,
    ) -> int:
        """Store an answer, count it, and return its id (what votes refer to)."""
        cur = await self._db.execute(
            "INSERT INTO answers (kind, question, user_id, guild_id, results, abstained, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, question, user_id, guild_id, json.dumps(results), int(abstained), _now()),
        )
        answer_id = int(cur.lastrowid or 0)
        await self._db.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (QUESTIONS_ANSWERED,),
        )
        await self._db.commit()
        return answer_id

    async def vote(self, answer_id: int, user_id: int, helpful: bool) -> bool:
        """Record a vote; False when no such answer is stored (nothing recorded)."""
        try:
            await self._db.execute(
                "INSERT INTO votes (answer_id, user_id, helpful, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, "
                "voted_at = excluded.voted_at",
                (answer_id, user_id, int(helpful), _now()),
            )
        except sqlite3.IntegrityError:  # the foreign key: an answer this database never had
            return False
        await self._db.commit()
        return True

    # --- paged replies ---------------------------------------------------------------------
    async def save_pager(
        self, owner_id: int, answer_id: int | None, pages: list[dict[str, Any]]
    ) -> int:
        """Keep a paged reply's pages; the id its Previous / Next buttons carry."""
        cur = await self._db.execute(
            "INSERT INTO pagers (answer_id, owner_id, pages, created_at) VALUES (?, ?, ?, ?)",
            (answer_id, owner_id, json.dumps(pages), _now()),
        )
        await self._db.commit()
        pager_id = int(cur.lastrowid or 0)
        if self._pruned_at and datetime.now(UTC) - self._pruned_at >= PRUNE_EVERY:
            await self.prune_pages()
        return pager_id

    async def prune_pages(self) -> int:
        """Delete the pages of paged replies older than `pages_kept` (each reply's pages are
        kilobytes of rendered text; a busy server's would grow without end). A click on one
        is then told to ask again. Answers and votes stay: they are small and kept for tuning.
        Returns how many were deleted."""
        if self._pages_kept is None:
            return 0
        now = datetime.now(UTC)
        before = (now - self._pages_kept).isoformat(timespec="seconds")
        cur = await self._db.execute("DELETE FROM pagers WHERE created_at < ?", (before,))
        await self._db.commit()
        self._pruned_at = now
        if cur.rowcount:
            log.info("deleted the pages of %d paged replies older than %s", cur.rowcount, before)
        return int(cur.rowcount or 0)

    async def pager(self, pager_id: int) -> StoredPager | None:
        async with self._db.execute(
            "SELECT id, answer_id, owner_id, pages, current FROM pagers WHERE id = ?", (pager_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return StoredPager(
            id=int(row["id"]),
            answer_id=row["answer_id"],
            owner_id=int(row["owner_id"]),
            pages=json.loads(row["pages"]),
            current=int(row["current"]),
        )

    async def show_page(self, pager_id: int, page: int) -> None:
        """Remember the page on screen: what greying the buttons out at the timeout keeps."""
        await self._db.execute("UPDATE pagers SET current = ? WHERE id = ?", (page, pager_id))
        await self._db.commit()

    async def votes(self) -> list[dict[str, Any]]:
        """Every vote with its question and the passages shown (for tuning)."""
        async with self._db.execute(
            "SELECT a.id AS answer_id, a.kind, a.question, a.results, a.abstained, "
            "v.user_id, v.helpful, v.voted_at FROM votes v JOIN answers a ON a.id = v.answer_id "
            "ORDER BY v.voted_at, a.id"
        ) as cur:
            rows = await cur.fetchall()
        return [
            {
                **dict(r),
                "results": json.loads(r["results"]),
                "helpful": bool(r["helpful"]),
                "abstained": bool(r["abstained"]),
            }
            for r in rows
        ]

    async def questions_answered(self) -> int:
        async with self._db.execute(
            "SELECT value FROM counters WHERE name = ?", (QUESTIONS_ANSWERED,)
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
