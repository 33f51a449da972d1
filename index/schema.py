"""Numbered schema migrations of an index version's SQLite database, applied on open."""

from __future__ import annotations

import aiosqlite

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        content_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        indexed_at TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX passages_article ON passages(article_id);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        speaker TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        cue TEXT NOT NULL DEFAULT '',
        venue TEXT NOT NULL DEFAULT '',
        direct INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE speakers (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'person',
        aliases TEXT NOT NULL DEFAULT '[]'
    );
    """,
}


async def migrate(db: aiosqlite.Connection) -> int:
    """Bring the database to SCHEMA_VERSION; returns the version found before."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    found = int(row[0]) if row else 0
    if found > SCHEMA_VERSION:
        from .errors import IndexMismatch

        raise IndexMismatch(
            f"the index was written by a newer Parley (schema {found} > {SCHEMA_VERSION}); "
            "upgrade Parley or rebuild with `parley index build --force`"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        await db.executescript(MIGRATIONS[version])
        await db.execute(f"PRAGMA user_version = {version}")
    await db.commit()
    return found
