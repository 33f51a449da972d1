"""`parley`: build, inspect and query the index from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NoReturn

from tqdm import tqdm

from .errors import ParleyError
from .evaluate import EVAL_SETS, SET_GROUPS
from .format import format_quotes, format_verification
from .search import Filters
from .service import Parley
from .settings import Settings, load_settings

log = logging.getLogger("parley")


def _k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--k must be a whole number, not {value!r}") from None
    if not 1 <= k <= 50:
        raise argparse.ArgumentTypeError(f"--k must be between 1 and 50, not {k}")
    return k


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error (`--help` shows the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"parley: {message} (see `{self.prog} --help`)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="parley", description=__doc__)
    p.add_argument("--data-dir", type=Path, help="index folder (PARLEY_DATA_DIR, default ./data)")
    p.add_argument("--corpus-dir", type=Path, help="articles folder (PARLEY_CORPUS_DIR)")
    p.add_argument("--model", help="embedding model (PARLEY_MODEL)")
    p.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR (PARLEY_LOG_LEVEL)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    idx = sub.add_parser("index", help="build and maintain the index")
    isub = idx.add_subparsers(dest="action", required=True, metavar="ACTION")
    b = isub.add_parser("build", help="incremental build from the corpus folder")
    b.add_argument("--corpus", type=Path, help="corpus folder (default PARLEY_CORPUS_DIR)")
    b.add_argument("--force", action="store_true", help="re-embed everything (e.g. new model)")
    b.add_argument("--json", action="store_true", help="print the build report as JSON")
    a = isub.add_parser("add", help="add article files or URLs (kept in corpus/added/)")
    a.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    a.add_argument("--json", action="store_true")
    r = isub.add_parser("remove", help="remove an article by its id")
    r.add_argument("article_id")
    s = isub.add_parser("stats", help="what the index holds")
    s.add_argument("--json", action="store_true")

    q = sub.add_parser("search", help="ranked passages for a question ('-' reads stdin)")
    q.add_argument("question")
    q.add_argument("--k", type=_k, help="number of results, 1-50 (PARLEY_K, default 5)")
    q.add_argument("--json", action="store_true", help="one JSON object per question")
    q.add_argument("--speaker", help="only passages where this person is quoted")
    q.add_argument("--source", help="only this outlet (substring)")
    q.add_argument("--since", help="only articles dated on/after YYYY-MM-DD")
    q.add_argument("--until", help="only articles dated on/before YYYY-MM-DD")
    q.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")

    sub.add_parser("ask", help="console answering questions like the bot, one per line")

    qu = sub.add_parser("quotes", help="quotations, optionally by speaker and topic")
    qu.add_argument("--speaker")
    qu.add_argument("--about", help="rank by relevance to this text")
    qu.add_argument("--limit", type=_positive, help="at most this many (1 or more)")
    qu.add_argument("--json", action="store_true")

    sp = sub.add_parser("speakers", help="every speaker, most quoted first")
    sp.add_argument("--json", action="store_true")

    so = sub.add_parser("sources", help="the indexed articles with their ids, newest first")
    so.add_argument("--json", action="store_true")

    v = sub.add_parser("verify", help="who said this quotation, if anyone in the corpus did")
    v.add_argument("quote")
    v.add_argument("--json", action="store_true")

    ev = sub.add_parser("eval", help="measure attribution or retrieval quality")
    esub = ev.add_subparsers(dest="what", required=True, metavar="WHAT")
    eq = esub.add_parser("quotes", help="precision/recall/F1 of attribution against gold")
    eq.add_argument("--json", action="store_true")
    er = esub.add_parser("retrieval", help="recall@1/5, MRR, abstention on the question sets")
    er.add_argument(
        "--compare",
        action="store_true",
        help="dense, keyword and hybrid side by side, and the other packaged model",
    )
    er.add_argument(
        "--models",
        metavar="A,B",
        help="other embedding models measured beside PARLEY_MODEL (default with --compare: "
        "the other packaged model; '' for none)",
    )
    er.add_argument(
        "--set",
        choices=[*SET_GROUPS, *EVAL_SETS],
        default="all",
        help="all: the seeds and corpus-ext sets; holdout: their held-out sets",
    )
    er.add_argument("--json", action="store_true")
    return p


def _positive(text: str) -> int:
    """argparse type: a whole number of at least 1 ("--limit 0" would mean no limit)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # usage errors and --help: a status, not an exception
        return int(exc.code or 0)
    try:
        settings = load_settings(
            Settings,
            data_dir=args.data_dir,
            corpus_dir=args.corpus_dir,
            model=args.model,
            log_level=args.log_level,
        )
        logging.basicConfig(
            level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        return asyncio.run(_dispatch(args, settings))
    except ParleyError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # "parley search … --json | head": the reader left, which is no error. Point stdout at
        # nothing, or the interpreter's last flush prints a traceback after all.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    parley = Parley(settings)
    try:
        handler = HANDLERS[
            (args.command, getattr(args, "action", None) or getattr(args, "what", None))
        ]
        return await handler(parley, args)
    finally:
        await parley.close()


class Bars:
    """tqdm bars per stage; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.bars: dict[str, tqdm] = {}
        self.quiet = not sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit="", leave=False)
        bar.total = max(total, done)
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _print_report(report: Any, as_json: bool) -> None:
    d = report.as_dict()
    if as_json:
        print(json.dumps(d, ensure_ascii=False))
        return
    print(
        f"added {len(d['added'])}, changed {len(d['changed'])}, removed {len(d['removed'])}, "
        f"unchanged {d['unchanged']}; {d['passages_embedded']} passages embedded, "
        f"{d['quotes_found']} quotations found in {d['seconds']} s"
    )
    for s in d["duplicates"]:
        print(f"  duplicate: {s['path']}: {s['reason']}")
    for s in d["failed"]:
        print(f"  skipped: {s['path']}: {s['reason']}")


async def _build(parley: Parley, args: argparse.Namespace) -> int:
    bars = Bars()
    try:
        report = await parley.build(args.corpus, force=args.force, progress=bars)
    finally:
        bars.close()
    _print_report(report, args.json)
    return 0


async def _add(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    bars = Bars()
    try:
        for item in args.paths:
            if item.startswith(("http://", "https://")) or "://" in item:
                result = await parley.add_url(item, progress=bars)
            else:
                result = await parley.add_paths([Path(item)], progress=bars)
            _print_report(result.report, args.json)
            for a in result.articles:
                print(
                    f"  {a['article_id']}: {a['title']} ({a['source'] or 'unknown outlet'}): "
                    f"{a['passages']} passages, {a['quotes']} quotations"
                )
    finally:
        bars.close()
    return 0


async def _remove(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    report = await parley.remove(args.article_id)
    _print_report(report, False)
    return 0


async def _stats(parley: Parley, args: argparse.Namespace) -> int:
    stats = await parley.stats()
    if args.json:
        print(json.dumps(stats))
    else:
        for k, v in stats.items():
            print(f"{k}: {v}")
    return 0


def _questions(arg: str) -> list[str]:
    if arg != "-":
        return [arg]
    return [line.strip() for line in sys.stdin if line.strip()]


async def _search(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    filters = Filters(args.speaker, args.source, args.since, args.until)
    status = 0
    for question in _questions(args.question):
        try:
            response = await parley.search(question, args.k, filters, args.mode)
        except ParleyError as exc:
            if args.question != "-":
                raise
            print(f"parley: {exc}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(response.as_dict(), ensure_ascii=False))
        else:
            _print_search(response)
    return status


def _print_search(response: Any) -> None:
    if response.abstained:
        print(f"{response.question}\n  nothing relevant found\n")
        return
    print(response.question)
    for r in response.results:
        p = r.passage
        print(
            f"  {r.rank}. [{r.score:.4f}] {p.title} — {p.source or 'unknown outlet'}, "
            f"{p.date or 'undated'} {p.url}"
        )
        for q in r.quotes:
            print(f"     {q.speaker}: “{q.text[:160]}”")
        print("     " + " ".join(p.text.split())[:600])
    print()


async def _ask(parley: Parley, args: argparse.Namespace) -> int:
    from .console import run_console

    await parley.open()
    return await run_console(parley)


async def _quotes(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    hits = await parley.quotes(args.speaker, args.about, args.limit)
    if args.json:
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False))
    else:
        print(format_quotes(hits))
    return 0


async def _speakers(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    speakers = await parley.speakers()
    if args.json:
        print(json.dumps([s.as_dict() for s in speakers], ensure_ascii=False))
    else:
        for s in speakers:
            aliases = f" (also: {', '.join(s.aliases)})" if s.aliases else ""
            role = f", {s.role}" if s.role else ""
            print(f"{s.quotes:4d}  {s.name}{role}{aliases}")
    return 0


async def _sources(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    sources = await parley.sources()
    if args.json:
        print(json.dumps(sources, ensure_ascii=False))
    else:
        for s in sources:
            outlet = f"{s['source']}: " if s["source"] else ""
            print(f"{s['date'][:10] or '—':10}  {s['article_id']}  {outlet}{s['title']}")
    return 0


async def _verify(parley: Parley, args: argparse.Namespace) -> int:
    await parley.open()
    v = await parley.verify(args.quote)
    print(json.dumps(v.as_dict(), ensure_ascii=False) if args.json else format_verification(v))
    return 0


async def _eval_quotes(parley: Parley, args: argparse.Namespace) -> int:
    from .evaluate import eval_quotes

    return await eval_quotes(parley, args)


async def _eval_retrieval(parley: Parley, args: argparse.Namespace) -> int:
    from .evaluate import eval_retrieval

    return await eval_retrieval(parley, args)


Handler = Callable[[Parley, argparse.Namespace], Awaitable[int]]
HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("index", "build"): _build,
    ("index", "add"): _add,
    ("index", "remove"): _remove,
    ("index", "stats"): _stats,
    ("search", None): _search,
    ("ask", None): _ask,
    ("quotes", None): _quotes,
    ("speakers", None): _speakers,
    ("sources", None): _sources,
    ("verify", None): _verify,
    ("eval", "quotes"): _eval_quotes,
    ("eval", "retrieval"): _eval_retrieval,
}

if __name__ == "__main__":
    sys.exit(main())
