"""Reading articles: each format, sidecars, bad files reported while good ones still load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.errors import IngestError, NotFound
from index.ingest import SUPPORTED_SUFFIXES, Skipped, _meta, iter_corpus, read_bytes, read_file
from index.ingest._meta import normalise_date

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "data" / "ingest"
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "seeds"
ARTICLE = (
    "Negotiators met again on Monday. The talks covered prisoner exchanges and the safety "
    "of shipping, officials said, and will resume next week in the same city.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The fixture corpus plus one file of every bad kind."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.md").write_bytes(b"  \n\n \n")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + ARTICLE.encode())
    (bad / "latin1.txt").write_bytes(("Caf\xe9 talks. " + ARTICLE).encode("latin-1"))
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4\n" + ARTICLE.encode())
    (bad / "short.txt").write_text("Talks resume.\n", encoding="utf-8")
    (bad / "menu.html").write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    (bad / "broken-sidecar.txt").write_text(ARTICLE, encoding="utf-8")
    (bad / "broken-sidecar.txt.meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    # Not articles: passed over silently.
    (root / "LICENSE").write_text("CC BY 4.0", encoding="utf-8")
    (root / "speakers.yaml").write_text("aliases: {}\n", encoding="utf-8")
    (root / ".removed-articles").write_text("st-9\n", encoding="utf-8")
    (root / "news" / ".gitkeep").write_bytes(b"")
    (root / "news" / ".draft.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "news" / "NOTICE.md").write_text(ARTICLE, encoding="utf-8")
    return root


GOOD_KEYS = {
    "talks-resume",
    "no-sidecar",
    "briefing-2024-06",
    "mediator",
    "st-1",
    "st-7",
}


def test_bad_files_are_reported_and_the_good_ones_still_load(corpus: Path) -> None:
    articles, skipped = iter_corpus(corpus)
    keys = {a.key for a in articles}
    assert keys >= GOOD_KEYS
    assert len(keys) == len(GOOD_KEYS) + 1  # + the jsonl line without an id
    reasons = {s.path: s.reason for s in skipped if not s.path.endswith(".jsonl")}
    assert reasons == {
        "bad/empty.txt": "the file is empty.",
        "bad/blank.md": "the file is empty.",
        "bad/binary.txt": "it is a binary file (it contains NUL bytes), not text.",
        "bad/latin1.txt": reasons["bad/latin1.txt"],
        "bad/scan.pdf": reasons["bad/scan.pdf"],
        "bad/short.txt": reasons["bad/short.txt"],
        "bad/menu.html": "no article text could be extracted from this HTML page.",
        "bad/broken-sidecar.txt": reasons["bad/broken-sidecar.txt"],
    }
    assert "not UTF-8" in reasons["bad/latin1.txt"] and "0xe9" in reasons["bad/latin1.txt"]
    assert "unknown kind" in reasons["bad/scan.pdf"] and ".pdf" in reasons["bad/scan.pdf"]
    assert "too short" in reasons["bad/short.txt"]
    assert "broken-sidecar.txt.meta.yaml is not valid YAML" in reasons["bad/broken-sidecar.txt"]
    # Quiet files are neither loaded nor reported.
    paths = {a.path for a in articles} | {s.path for s in skipped}
    assert not any(
        p.endswith(("LICENSE", "speakers.yaml", "removed-articles", ".gitkeep", ".draft.txt"))
        or "README" in p
        or "NOTICE" in p
        or p.endswith(".meta.yaml")
        for p in paths
    )


def test_jsonl_bad_lines_are_reported_by_number_and_the_rest_load(corpus: Path) -> None:
    _, skipped = iter_corpus(corpus)
    lines = [s.reason for s in skipped if s.path == "bulk/statements.jsonl"]
    assert len(lines) == 4
    assert lines[0].startswith("line 4 is not valid JSON (Unterminated string")
    assert lines[1] == "line 5 has no text; the other lines were loaded."
    assert lines[2].startswith("line 6: the text is too short to be an article")
    assert lines[3] == "line 7 repeats the id 'st-1' of line 1; the other lines were loaded."


def test_txt_with_sidecar() -> None:
    (a,) = read_file(FIXTURES / "news" / "talks-resume.txt", FIXTURES)
    assert (a.key, a.title, a.source, a.author) == (
        "talks-resume",
        "Negotiators meet again in Geneva after three months",
        "The Example Times",
        "Jane Doe",
    )
    assert a.date == "2024-05-14"  # a YAML date, normalised
    assert a.url == "https://example.com/geneva-talks"
    assert a.path == "news/talks-resume.txt"
    assert a.extra == {"section": "World"}
    assert a.text == (FIXTURES / "news" / "talks-resume.txt").read_text(encoding="utf-8")


def test_txt_title_from_first_line_and_stem_sidecar(tmp_path: Path) -> None:
    (a,) = read_file(FIXTURES / "news" / "no-sidecar.txt")
    assert a.title == "Ceasefire holds for a second day"
    assert (a.source, a.author, a.date, a.url) == ("", "", "", "")
    assert a.path == str(FIXTURES / "news" / "no-sidecar.txt")  # outside any root: as given

    (tmp_path / "note.txt").write_text("Heading line\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "note.meta.yaml").write_text("source: Example Post\ntitle: ''\n", "utf-8")
    (b,) = read_file(tmp_path / "note.txt", tmp_path)
    assert (b.title, b.source, b.path) == ("Heading line", "Example Post", "note.txt")


def test_markdown_front_matter() -> None:
    (a,) = read_file(FIXTURES / "news" / "briefing.md", FIXTURES)
    assert a.key == "briefing-2024-06"  # front matter `id`
    assert a.title == "Briefing: what is on the table in Istanbul"
    assert a.source == "Example Weekly"  # given as `outlet`
    assert a.author == "Ann Smith, Bo Lee"
    assert a.date == "2024-06-02"
    assert a.extra == {"tags": ["talks", "istanbul"]}
    assert "---" not in a.text and "id:" not in a.text
    assert a.text.startswith("# Briefing: what is on the table in Istanbul\n\nThree issues")


def test_html_body_and_metadata_come_from_trafilatura() -> None:
    (a,) = read_file(FIXTURES / "news" / "mediator.html", FIXTURES)
    assert a.key == "mediator"
    assert a.title == "Mediator sees “narrow path” to talks"
    assert a.author == "Sam Rivers"
    assert a.source == "Example Daily"
    assert a.date == "2024-09-06"
    assert a.url == "https://daily.example.org/world/mediator-narrow-path"
    assert "neither side was ready to give ground on territory." in a.text
    assert '"Both capitals tell me they want peace.' in a.text
    for chrome in ("Home", "Subscribe", "All rights reserved", "Privacy", "<p>"):
        assert chrome not in a.text


def test_jsonl_fields() -> None:
    articles = read_file(FIXTURES / "bulk" / "statements.jsonl", FIXTURES, skipped=[])
    by_key = {a.key: a for a in articles}
    st1 = by_key["st-1"]
    assert st1.date == "2022-03-29"  # from `published`, ISO 8601 UTC
    assert st1.author == ""  # null
    assert st1.extra == {
        "published": "2022-03-29T21:40:00Z",
        "location": "Istanbul",
        "relevance_score": 3,
    }
    (hashed,) = [a for a in articles if a.key.startswith("h-")]
    assert hashed.title == "Readout of a telephone call" and hashed.date == "2022-04-01"
    assert hashed.key == read_file(FIXTURES / "bulk" / "statements.jsonl")[1].key  # stable
    assert by_key["st-7"].url == ""


def test_read_file_names_the_file_in_its_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(IngestError, match=r"empty\.txt: the file is empty"):
        read_file(tmp_path / "empty.txt")
    with pytest.raises(IngestError, match=r"missing\.txt: it cannot be read"):
        read_file(tmp_path / "missing.txt")
    (tmp_path / "all-bad.jsonl").write_text('{"title": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"no article could be read from it: line 1 has no text"):
        read_file(tmp_path / "all-bad.jsonl")


def test_jsonl_bad_lines_are_logged_when_no_list_is_given(
    caplog: pytest.LogCaptureFixture,
) -> None:
    articles = read_file(FIXTURES / "bulk" / "statements.jsonl")
    assert len(articles) == 3
    assert "line 4 is not valid JSON" in caplog.text


def test_read_bytes_by_name_and_by_content_type() -> None:
    html = (FIXTURES / "news" / "mediator.html").read_bytes()
    (a,) = read_bytes("upload.html", html)
    assert a.key == "upload" and a.path == "upload.html" and a.author == "Sam Rivers"
    url = "https://daily.example.org/world/story"
    (b,) = read_bytes(url, html, "text/html; charset=utf-8")
    assert b.key.startswith("url-") and b.title == a.title
    (c,) = read_bytes("https://example.org/plain", ARTICLE.encode(), "text/plain")
    assert c.url == "https://example.org/plain" and c.text == ARTICLE
    (d,) = read_bytes("notes.md", b"---\ntitle: Notes\n---\n" + ARTICLE.encode())
    assert d.title == "Notes"
    assert (
        len(
            read_bytes(
                "many.jsonl", (FIXTURES / "bulk" / "statements.jsonl").read_bytes(), skipped=[]
            )
        )
        == 3
    )
    with pytest.raises(IngestError, match=r"scan\.docx: it is of an unknown kind"):
        read_bytes("scan.docx", ARTICLE.encode())
    with pytest.raises(IngestError, match=r"unknown kind.*application/pdf"):
        read_bytes("https://example.org/file", ARTICLE.encode(), "application/pdf")


def test_bom_and_crlf_are_normalised() -> None:
    (a,) = read_bytes("win.txt", b"\xef\xbb\xbfTitle line\r\n\r\n" + ARTICLE.encode())
    assert a.title == "Title line"
    assert a.text == "Title line\n\n" + ARTICLE


def test_an_oversized_article_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_meta, "MAX_ARTICLE_CHARS", 150)
    with pytest.raises(IngestError, match=r"too long \(1,5\d\d characters; .* at most 150\)"):
        read_bytes("long.txt", (ARTICLE * 10).encode())


def test_exclude_skips_top_level_collections(corpus: Path) -> None:
    articles, skipped = iter_corpus(corpus, exclude=["bulk", "bad"])
    assert {a.key for a in articles} == {
        "talks-resume",
        "no-sidecar",
        "briefing-2024-06",
        "mediator",
    }
    assert skipped == []


def test_an_id_used_twice_keeps_the_first(corpus: Path) -> None:
    (corpus / "news" / "again.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "news" / "again.txt.meta.yaml").write_text("id: st-1\n", encoding="utf-8")
    articles, skipped = iter_corpus(corpus)
    assert [a.path for a in articles if a.key == "st-1"] == ["bulk/statements.jsonl"]
    assert any(
        s.path == "news/again.txt" and "'st-1', already used by bulk/statements.jsonl" in s.reason
        for s in skipped
    )


def test_a_missing_corpus_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        iter_corpus(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-03-29T18:30:00Z", "2022-03-29"),
        ("2022-03-29T23:30:00+03:00", "2022-03-29"),  # the date as written, not moved to UTC
        ("2022-03-29", "2022-03-29"),
        ("29 March 2022", "2022-03-29"),
        ("March 29, 2022", "2022-03-29"),
        ("", ""),
        (None, ""),
    ],
)
def test_dates_are_normalised(value: str | None, expected: str) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", ["2022-03", "2022", "last Tuesday"])
def test_partial_dates_are_not_completed(value: str) -> None:
    with pytest.raises(ValueError):
        normalise_date(value)


def test_seeds_load_unchanged_with_their_sidecars() -> None:
    articles, skipped = iter_corpus(CORPUS, exclude=["ext"])
    assert skipped == []
    seeds = [a for a in articles if a.path.startswith("seeds/")]
    assert len(seeds) == 5
    for a in seeds:
        raw = (CORPUS / a.path).read_bytes()
        assert a.text.encode("utf-8") == raw  # the raw text, boilerplate and all
        assert a.key == Path(a.path).stem
        assert a.title and a.date == "" and a.url == ""  # no seed gives its date or URL
    by_key = {a.key: a for a in seeds}
    assert by_key["002_78ab03d181351f2e"].source == "National Post"
    assert by_key["002_78ab03d181351f2e"].author == "Adam Zivo"
    assert by_key["001_bca9748009f8437c"].title.startswith("Diplomacy Watch: Are Moscow")
    assert by_key["003_68972bff8665e00a"].source == "Vox"


def test_seed_files_match_the_shared_originals() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("the shared seeds are not beside this checkout")
    originals = sorted(p.name for p in shared.glob("*.txt"))
    assert originals == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in originals:
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()


def test_corpus_ext_loads_as_it_is() -> None:
    skipped: list[Skipped] = []
    articles = read_file(CORPUS / "ext" / "articles.jsonl", CORPUS, skipped=skipped)
    assert skipped == []
    assert len(articles) == 387
    assert len({a.key for a in articles}) == 387
    by_key = {a.key: a for a in articles}
    conference = by_key["ru-67438"]
    assert conference.source == "President of Russia (en.kremlin.ru)"
    assert len(conference.text) > 170_000
    assert conference.date == "2021-12-23"
    assert "2022-03-29" in {a.date for a in articles}  # the Istanbul round
    assert all(len(a.date) == 10 and a.date[4] == "-" for a in articles)
    assert all(a.key[:3] in ("ru-", "ua-") for a in articles)
    assert by_key["ua-73721"].title  # empty in the data: made from the first line
    assert all(a.author == "" and "licence" in a.extra for a in articles)
    assert all(a.path == "ext/articles.jsonl" for a in articles)


def test_default_build_set_leaves_ext_out() -> None:
    articles, _ = iter_corpus(CORPUS, exclude=["ext"])
    assert not any(a.path.startswith("ext/") for a in articles)
    everything, skipped = iter_corpus(CORPUS)
    assert skipped == []
    assert len(everything) == len(articles) + 387


def test_supported_suffixes_are_all_readable(tmp_path: Path) -> None:
    bodies = {
        ".txt": ARTICLE,
        ".md": ARTICLE,
        ".html": (FIXTURES / "news" / "mediator.html").read_text(encoding="utf-8"),
        ".htm": (FIXTURES / "news" / "mediator.html").read_text(encoding="utf-8"),
        ".jsonl": json.dumps({"id": "x", "text": ARTICLE}) + "\n",
    }
    assert set(bodies) == set(SUPPORTED_SUFFIXES)
    for suffix, body in bodies.items():
        (tmp_path / f"a{suffix}").write_text(body, encoding="utf-8")
        assert read_file(tmp_path / f"a{suffix}"), suffix


def test_a_page_that_is_only_a_list_of_links_is_not_an_article() -> None:
    links = "".join(
        f"<li><a href='/story/{n}'>Story number {n} about the talks in Geneva</a></li>"
        for n in range(60)
    )
    page = f"<html><head><title>Delta Times</title></head><body><nav><ul>{links}</ul></nav></body></html>"
    with pytest.raises(IngestError, match="no article text"):
        read_bytes("menu.html", page.encode(), "text/html")
    # The article page of the same site still is one.
    (a,) = read_file(FIXTURES / "news" / "mediator.html", FIXTURES)
    assert a.title


def test_broken_front_matter_is_refused_in_one_line() -> None:
    # PyYAML's own message spans lines ("… in "<unicode string>", line 2, column 11").
    data = b'---\ntitle: "Talks: day two\nsource: [Wire\n---\nThe talks went on.\n'
    with pytest.raises(IngestError, match="front matter is not valid YAML") as raised:
        read_bytes("broken.md", data)
    assert "\n" not in str(raised.value)


def test_utf16_text_with_its_byte_order_mark_is_read() -> None:
    # What Windows Notepad saves as "Unicode": full of NUL bytes, yet text, not a binary file.
    text = (
        "Ceasefire talks resume\n\n“We are ready,” said the envoy on Monday, as the delegations "
        "met again in Geneva for a second round of technical talks.\r\n"
    )
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        [article] = read_bytes("talks.txt", data)
        assert article.title == "Ceasefire talks resume" and "“We are ready,”" in article.text
    with pytest.raises(IngestError, match="binary"):
        read_bytes("talks.txt", b"PK\x03\x04\x00\x00binary")


def test_front_matter_written_as_a_list_is_refused_not_dropped() -> None:
    # "- title: …" lines: meant as metadata; python-frontmatter dropped them without a word.
    data = b"---\n- title: Talks resume\n- source: Wire\n---\nThe talks went on in Geneva.\n"
    with pytest.raises(IngestError, match="front matter is a YAML list") as raised:
        read_bytes("listed.md", data)
    assert "\n" not in str(raised.value)


def test_a_list_between_two_rules_is_text_not_front_matter() -> None:
    # Markdown that opens with a rule: the list under it is the article's, not metadata.
    data = (
        b"---\n- Russia asked for guarantees in writing\n- Ukraine asked for a ceasefire first\n"
        b"---\nBoth delegations said they would meet again in Istanbul next week.\n"
    )
    [article] = read_bytes("points.md", data)
    assert "guarantees in writing" in article.text and "Istanbul" in article.text
    assert article.title.startswith("- Russia asked")


def test_an_html_page_saved_as_utf16_is_read() -> None:
    paragraphs = "".join(
        f"<p>“We are ready to continue,” the envoy said on day {day}, as the two delegations "
        f"met again in Geneva for round {day} of technical talks on prisoners.</p>"
        for day in range(3)
    )
    page = (
        "<html><head><title>Talks resume in Geneva</title></head><body><article>"
        f"<h1>Talks resume in Geneva</h1>{paragraphs}</article></body></html>"
    )
    [article] = read_bytes("talks.html", page.encode("utf-16"), "text/html")
    assert "We are ready to continue" in article.text
