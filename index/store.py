"""An index version's SQLite database (articles, passages, quotes, speakers, manifest)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from .context import dense_text
from .models import Article, Passage, Quote
from .schema import SCHEMA_VERSION, migrate

DB_FILE = "index.sqlite3"


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """Async access to one version's database. Writes happen only while building."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    @classmethod
    async def open(cls, folder: Path) -> Store:
        db = await aiosqlite.connect(folder / DB_FILE)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA foreign_keys = ON")
        await migrate(db)
        return cls(db)

    async def close(self) -> None:
        await self.db.close()

    async def commit(self) -> None:
        await self.db.commit()

    # --- manifest -------------------------------------------------------------------
    async def meta(self) -> dict[str, str]:
        async with self.db.execute("SELECT key, value FROM meta") as cur:
            meta = {row["key"]: row["value"] for row in await cur.fetchall()}
        meta.setdefault("schema_version", str(SCHEMA_VERSION))
        return meta

    async def set_meta(self, **values: object) -> None:
        await self.db.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(k, str(v)) for k, v in values.items()],
        )

    # --- articles -------------------------------------------------------------------
    async def articles(self) -> list[aiosqlite.Row]:
        """All articles without their text, newest first."""
        async with self.db.execute(
            "SELECT id, key, title, source, author, date, url, path, extra, content_hash, "
            "text_hash, indexed_at, (SELECT COUNT(*) FROM passages p WHERE p.article_id = a.id) "
            "AS passages, (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            "FROM articles a ORDER BY date DESC, title"
        ) as cur:
            return list(await cur.fetchall())

    async def article(self, key_or_id: str) -> aiosqlite.Row | None:
        async with self.db.execute(
            "SELECT * FROM articles WHERE key = ? OR CAST(id AS TEXT) = ?", (key_or_id, key_or_id)
        ) as cur:
            return await cur.fetchone()

    async def insert_article(
        self, article: Article, text: str, content_hash: str, text_hash: str
    ) -> int:
        cur = await self.db.execute(
            "INSERT INTO articles(key, title, source, author, date, url, path, extra, "
            "content_hash, text_hash, text, indexed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.key,
                article.title,
                article.source,
                article.author,
                article.date,
                article.url,
                article.path,
                json.dumps(article.extra, ensure_ascii=False, default=str),
                content_hash,
                text_hash,
                text,
                now_iso(),
            ),
        )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    async def delete_article(self, article_id: int) -> list[int]:
        """Delete an article with its passages and quotes; returns the passage ids gone."""
        async with self.db.execute(
            "SELECT id FROM passages WHERE article_id = ?", (article_id,)
        ) as cur:
            ids = [int(r[0]) for r in await cur.fetchall()]
        await self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return ids

    # --- passages and quotes ------------------------------------------------------------
    async def insert_passages(self, article_id: int, passages: Sequence[Passage]) -> list[int]:
        ids = []
        for p in passages:
            cur = await self.db.execute(
                "INSERT INTO passages(article_id, position, start, end, text) VALUES (?,?,?,?,?)",
                (article_id, p.position, p.start, p.end, p.text),
            )
            ids.append(int(cur.lastrowid or 0))
        return ids

    async def insert_quotes(self, article_id: int, quotes: Iterable[Quote]) -> None:
        await self.db.executemany(
            "INSERT INTO quotes(article_id, speaker, role, cue, venue, direct, text, start, end) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    article_id,
                    q.speaker,
                    q.role,
                    q.cue,
                    q.venue,
                    int(q.direct),
                    q.text,
                    q.start,
                    q.end,
                )
                for q in quotes
            ],
        )

    async def all_passages(self) -> list[aiosqlite.Row]:
        """Every passage with the article fields search needs (for keyword indexing)."""
        async with self.db.execute(
            "SELECT p.id, p.article_id, p.position, p.start, p.end, p.text, a.key, a.title, "
            "a.source, a.author, a.date, a.url FROM passages p JOIN articles a ON a.id = p.article_id "
            "ORDER BY p.id"
        ) as cur:
            return list(await cur.fetchall())

    async def passages(self, ids: Sequence[int]) -> dict[int, aiosqlite.Row]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        async with self.db.execute(
            "SELECT p.id, p.article_id, p.position, p.start, p.end, p.text, a.key, a.title, "
            "a.source, a.author, a.date, a.url FROM passages p JOIN articles a ON a.id = p.article_id "
            f"WHERE p.id IN ({marks})",
            list(ids),
        ) as cur:
            return {int(r["id"]): r for r in await cur.fetchall()}

    async def quotes(
        self, *, speakers: Sequence[str] | None = None, article_ids: Sequence[int] | None = None
    ) -> list[aiosqlite.Row]:
        sql = (
            "SELECT q.*, a.key, a.title, a.source, a.date, a.url FROM quotes q "
            "JOIN articles a ON a.id = q.article_id"
        )
        where, args = [], []
        if speakers is not None:
            where.append(f"q.speaker IN ({','.join('?' * len(speakers))})")
            args += list(speakers)
        if article_ids is not None:
            where.append(f"q.article_id IN ({','.join('?' * len(article_ids))})")
            args += list(article_ids)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.date DESC, q.article_id, q.start"
        async with self.db.execute(sql, args) as cur:
            return list(await cur.fetchall())

    async def dense_texts(self, article_id: int) -> list[tuple[int, str]]:
        """(passage id, the text its vector was made from) for one article."""
        async with self.db.execute(
            "SELECT p.id, p.text, a.title FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.article_id = ?",
            (article_id,),
        ) as cur:
            return [(int(r[0]), dense_text(r[2], r[1])) for r in await cur.fetchall()]

    async def quote_speakers(self) -> list[str]:
        async with self.db.execute("SELECT DISTINCT speaker FROM quotes") as cur:
            return [r[0] for r in await cur.fetchall()]

    async def rename_speakers(self, mapping: dict[str, str]) -> None:
        await self.db.executemany(
            "UPDATE quotes SET speaker = ? WHERE speaker = ?",
            [(new, old) for old, new in mapping.items() if old != new],
        )

    # --- speakers -----------------------------------------------------------------------
    async def speakers(self) -> list[aiosqlite.Row]:
        async with self.db.execute("SELECT * FROM speakers") as cur:
            return list(await cur.fetchall())

    async def replace_speakers(self, rows: Iterable[tuple[str, str, str, list[str]]]) -> None:
        await self.db.execute("DELETE FROM speakers")
        await self.db.executemany(
            "INSERT OR REPLACE INTO speakers(name, role, kind, aliases) VALUES (?,?,?,?)",
            [(n, r, k, json.dumps(a, ensure_ascii=False)) for n, r, k, a in rows],
        )

    async def counts(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # Speakers are those quoted, as `/speakers` lists them: the registry table also keeps
        # every alias file entry and everyone a removed article had quoted.
        for key, sql in (
            ("articles", "SELECT COUNT(*) FROM articles"),
            ("passages", "SELECT COUNT(*) FROM passages"),
            ("quotes", "SELECT COUNT(*) FROM quotes"),
            ("speakers", "SELECT COUNT(DISTINCT speaker) FROM quotes"),
        ):
            async with self.db.execute(sql) as cur:
                row = await cur.fetchone()
                out[key] = int(row[0]) if row else 0
        return out
