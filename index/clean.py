"""Removing web-page boilerplate from an article's raw text, its sentences left unchanged.

Pages arrive one paragraph per line, so cleaning judges whole lines: a line is kept verbatim
or dropped whole, never edited, and kept lines stay in order (citation offsets point into
the result). Only the whitespace between paragraphs changes: one blank line between each.

A line is dropped for what kind of thing it is, not for its exact words:

    on its own     address block, ad marker, share/follow/read-more line, newsletter
                   promotion, donation appeal, comment policy, photo caption or credit,
                   short label that is not a sentence, the headline again, a repeated line
    in context     teaser: the excerpt of another story between a label and "keep reading"
                   tail:   everything after an end-of-article marker (newsletter, donation,
                           comment policy, share line) in the second half, when what follows
                           is mostly boilerplate. The author's bio just before it stays:
                           "who is adam zivo" is a question members ask of an opinion piece.

Lines with quotation marks, list items and dash-led lines are never judged labels, and
vocabulary rules only fire on short lines or several cues at once: when unsure, keep.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

LABEL_MAX_WORDS = 15  # a line this short without sentence punctuation is a label or heading
SHORT_WORDS = 12  # share / follow / read-more lines are about this short
TEASER_MAX_PARAGRAPHS = 3  # an excerpt of another story before its "keep reading"
# Hard wrapping: a line this long that stops mid-sentence may go on in the next; judged only
# where this share of lines start in capitals.
WRAP_MIN_WORDS = 8
WRAP_CAPITALS = 0.5

_QUOTES = '"“”«»„'
_CLOSERS = "\"'“”’»)]*"
_SENTENCE_END = ".!?:;…"
_BULLET = re.compile(r"^(?:[-–—•*·]|\d{1,2}[.)])\s")

_AD = re.compile(
    r"^(?:ad|advert|advertisement|advertising|sponsored(?: content| post)?|paid (?:content|post)"
    r"|promoted)\W*$|\badvertisement\b|\bscroll to continue\b"
    r"|\b(?:story|article|content|reading) continues (?:below|after)\b",
    re.I,
)
# The whole line is the link, possibly several glued together ("keep readingShow less").
_READ_MORE = re.compile(
    r"(?:(?:keep|continue) reading|read (?:more|on)|show (?:less|more)|(?:load|see) more|\W)+",
    re.I,
)
_CTA = re.compile(
    r"\b(?:follow us|share (?:this|on|via|the story|the article)|click here|tap here|sign up"
    r"|subscribe|preferred source|cta|want more of our|get the app|download (?:the|our) app"
    r"|copy link|print this|email this|listen to (?:this|the) (?:article|story)"
    r"|min(?:ute)? read|you may also like|more from|most (?:read|popular|viewed)"
    r"|related (?:stories|articles|coverage|posts)|recommended|about the author"
    r"|see all (?:stories|articles)|leave a comment|join the conversation|add a comment)\b",
    re.I,
)
_NEWSLETTER = re.compile(r"\b(?:newsletters?|round-?up|digest|inbox|briefing|bulletin)\b", re.I)
_SIGN_UP = re.compile(r"\b(?:subscribe|sign[- ]?up|don'?t miss|delivered|get (?:it|our))\b", re.I)
_DONATION = [
    re.compile(p, re.I)
    for p in (
        r"\bdonat(?:e|es|ion|ions|ing)\b",
        r"\bgifts? from readers\b",
        r"\bi will give\b",
        r"\$\s?\d+(?:\.\d\d)?\s*/\s*(?:year|yr|month|mo|week)\b",
        r"\bhelp (?:keep|make) .{0,40}\bfree\b",
        r"\bfree for (?:all|everyone)\b",
        r"\bsupport (?:our|this|independent) (?:mission|journalism|work|reporting)\b",
        r"\bcontribute (?:through|via|today|now)\b",
        r"\b(?:apple pay|google pay|paypal|credit card)\b",
        r"\bbecome a (?:member|supporter|patron)\b",
    )
]
_COMMENT_POLICY = [
    re.compile(p, re.I)
    for p in (
        r"\bcomment(?:s|ing)? (?:policy|section|thread|moderation)\b",
        r"\bcommunity (?:guidelines|standards)\b",
        r"\bcivil (?:forum|discussion|conversation|discourse)\b",
        r"\bmoderat(?:ion|ed|ors?)\b",
        r"\bkeep (?:your )?comments\b",
        r"\bbefore appearing\b",
        r"\bemail notifications?\b",
        r"\brepl(?:y|ies) to your comment\b",
        r"\bshare (?:your|their) (?:views|thoughts|opinions)\b",
        r"\brespectful\b",
    )
]
_COMMENT_WORD = re.compile(r"\bcomment(?:s|ing)?\b|\bcommunity guidelines\b", re.I)
# The page speaking to its reader. Case matters for "us", which may be the US.
_OUTLET_VOICE = re.compile(r"\b(?:[Ww][Ee]|[Ww]e're|[Oo][Uu][Rr]|[Yy][Oo][Uu][Rr]?|us)\b")
# Calls to action start with the verb.
_IMPERATIVE = re.compile(
    r"^(?:click|tap|follow|share|sign up|subscribe|download|get|join|listen|watch|read|see"
    r"|want more)\b",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:reuters|afp|ap|epa|getty|pool|sipa|anadolu|tass|ria novosti|sputnik|xinhua)\s*/"
    r"|/\s*(?:afp|pool|getty|reuters|sipa|epa|ap|shutterstock)\b|\bvia getty images\b"
    r"|\b(?:photo|image|picture|video)s?(?: credit)?\s*(?:by|:)\s|\bcredit:\s"
    r"|\bshutterstock\b|\bgetty images\b|\bap photo\b|©"
    # The BBC's "Image caption, …" / "Image source, Getty Images" / "Media caption, …".
    r"|^(?:image|media|photo|video) (?:caption|source)\s*[,:]",
    re.I,
)
_ADDRESS = re.compile(
    r"^(?:(?:physical|postal|mailing|street|office|head office|registered) )?address:?$"
    r"|^\d{1,6}\s+(?:[\w.'-]+\s+){0,5}(?:st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln"
    r"|dr|drive|way|pl|place|ct|court|sq|square|pkwy|parkway|hwy|highway)\.?"
    r"(?:,?\s+(?:suite|ste|#|apt|floor)\s*\w+)?$"
    r"|^[A-Za-z .'-]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$"  # US city, state, ZIP
    r"|^p\.?\s?o\.? box \d+$",
    re.I,
)
# Kinds that mark the end of the article when the rest of the page is boilerplate.
_END_KINDS = {"cta", "read-more", "newsletter", "donation", "comments"}
# Kinds that frame another story's teaser (its label, picture, headline).
_CHROME_KINDS = {"label", "caption", "cta", "repeat", "headline", "ad"}


@dataclass(frozen=True)
class Line:
    """One non-empty line of the raw text; `kind` says why it is dropped ("" = kept)."""

    text: str
    kind: str = ""


def clean_text(raw: str, title: str = "") -> str:
    """The article's own paragraphs, verbatim and in order, separated by one blank line."""
    return "\n\n".join(line.text for line in classify_lines(raw, title) if not line.kind)


def classify_lines(raw: str, title: str = "") -> list[Line]:
    """Every non-empty line (stripped) with the kind of boilerplate it is, or "" to keep."""
    texts = [t.strip() for t in unwrap(raw).splitlines() if t.strip()]
    counts = Counter(texts)
    kinds = [_own_kind(t, title, counts[t] > 1) for t in texts]
    _keep_list_items(texts, kinds)
    _mark_repeats(texts, kinds)
    for i, kind in enumerate(list(kinds)):
        if kind == "read-more":
            _mark_teaser(texts, kinds, i)
    _mark_tail(texts, kinds)
    return [Line(t, k) for t, k in zip(texts, kinds, strict=True)]


def unwrap(raw: str) -> str:
    """Lines of hard-wrapped text (plain text or Markdown written at a fixed width) joined
    into their paragraph: otherwise a wrapped line of a few words reads as a label and is
    dropped. A line continues the one before when that one stops mid-sentence after a few
    words and this one starts in lower case, in a text whose lines mostly start in capitals
    (a page copied in lower case says nothing by its case)."""
    lines = raw.splitlines()
    starts = [_first_letter(line) for line in lines if _first_letter(line)]
    if not starts or sum(c.isupper() for c in starts) < WRAP_CAPITALS * len(starts):
        return raw
    out: list[str] = []
    joined = False
    for line in lines:
        prev = out[-1] if out else ""
        if (
            _first_letter(line).islower()
            and line.strip()[:1].isalpha()
            and prev.strip()
            and not _ends_sentence(prev)
            and len(prev.split()) >= WRAP_MIN_WORDS
            # Either wraps again or ends the sentence: "google cta" under a teaser does not.
            and (len(line.split()) >= WRAP_MIN_WORDS or _ends_sentence(line))
        ):
            out[-1] = f"{prev.rstrip()} {line.strip()}"
            joined = True
        else:
            out.append(line)
    return "\n".join(out) if joined else raw


def _first_letter(line: str) -> str:
    return next((c for c in line if c.isalpha()), "")


def _own_kind(line: str, title: str, repeated: bool) -> str:
    """What the line is on its own, or "" when nothing about it says boilerplate."""
    words = len(line.split())
    quoted = any(q in line for q in _QUOTES)
    if words <= 10 and _ADDRESS.search(line):
        return "address"
    if words <= 8 and _AD.search(line):
        return "ad"
    if _READ_MORE.fullmatch(line):
        return "read-more"
    # CTA words also occur in sentences ("Kyiv will not sign up to it."): a sentence counts
    # only when it starts with the call or speaks to the reader.
    addressed = bool(_IMPERATIVE.match(line) or _OUTLET_VOICE.search(line))
    cta_like = not _ends_sentence(line) or addressed
    if words <= SHORT_WORDS and not quoted and cta_like and _CTA.search(line):
        return "cta"
    if not quoted and words <= 80:
        if addressed and _NEWSLETTER.search(line) and _SIGN_UP.search(line):
            return "newsletter"
        cues = sum(bool(p.search(line)) for p in _DONATION)
        if cues >= 2 or (cues and (addressed or (words <= 8 and not _ends_sentence(line)))):
            return "donation"
    if (
        not quoted
        and words <= 150
        and _COMMENT_WORD.search(line)
        and sum(bool(p.search(line)) for p in _COMMENT_POLICY) >= 2
    ):
        return "comments"
    # A caption ends without a full stop, or starts with its credit ("Photo: ...").
    caption_like = not _ends_sentence(line) or _CREDIT.match(line)
    if words <= 80 and caption_like and _CREDIT.search(line):
        return "caption"
    if title and _norm(line) == _norm(title) and (repeated or not line.endswith(".")):
        return "headline"
    if _is_label(line, words, quoted):
        return "label"
    return ""


def _is_label(line: str, words: int, quoted: bool) -> bool:
    """A short line that is not a sentence: section label, kicker, byline, teaser headline."""
    return (
        words <= LABEL_MAX_WORDS
        and not quoted
        and not _ends_sentence(line)
        and not _BULLET.match(line)
        and any(c.isalpha() for c in line)  # "* * *" separates parts of a transcript
    )


def _ends_sentence(line: str) -> bool:
    last = line.rstrip(_CLOSERS + " ")[-1:]
    return bool(last) and last in _SENTENCE_END


def _keep_list_items(texts: list[str], kinds: list[str]) -> None:
    """Lines after one ending in ":" are list items, not labels, however short."""
    in_list = False
    for i, text in enumerate(texts):
        if in_list and kinds[i] == "label":
            kinds[i] = ""
            continue
        in_list = not kinds[i] and text.endswith(":")


def _mark_repeats(texts: list[str], kinds: list[str]) -> None:
    """A line seen before is page furniture (or a pull quote); a short sentence ("Thank
    you.") may recur in a transcript."""
    seen: set[str] = set()
    for i, text in enumerate(texts):
        key = _norm(text)
        if key in seen and not kinds[i] and not (len(text.split()) <= 6 and _ends_sentence(text)):
            kinds[i] = "repeat"
        seen.add(key)


def _mark_teaser(texts: list[str], kinds: list[str], marker: int) -> None:
    """Before "keep reading": another story's excerpt, above it that story's block (section
    label, picture caption, headline). Without such a block the paragraphs may be the
    article's own (a truncated page), and are kept."""
    i = marker - 1
    excerpt = []
    while i >= 0 and not kinds[i] and len(excerpt) < TEASER_MAX_PARAGRAPHS:
        excerpt.append(i)
        i -= 1
    headlines, evidence = [], 0
    # Walk the block: boilerplate lines, and short unmarked ones between two of them
    # (the teaser's headline, which may end in "?" and so not look like a label).
    while i >= 0:
        if kinds[i] in _CHROME_KINDS or kinds[i] == "read-more":
            evidence += 2 if kinds[i] in ("caption", "read-more") else 1
        elif kinds[i] or not _between_boilerplate(texts, kinds, i):
            break
        else:
            headlines.append(i)
        i -= 1
    if evidence >= 2:
        for j in excerpt + headlines:
            kinds[j] = "teaser"


def _mark_tail(texts: list[str], kinds: list[str]) -> None:
    """Cut after the first end-of-article marker in the second half when what follows is
    boilerplate: by characters mostly, and every unmarked line in it framed by boilerplate
    (so a share line mid-article, followed by more of the article, cuts nothing)."""
    total = sum(len(t) for t in texts)
    before = 0
    for m, text in enumerate(texts):
        if kinds[m] in _END_KINDS and before >= total / 2:
            after = range(m + 1, len(texts))
            unmarked = [j for j in after if not kinds[j]]
            junk = sum(len(texts[j]) for j in after if kinds[j])
            framed = all(_between_boilerplate(texts, kinds, j) for j in unmarked)
            if framed and junk >= sum(len(texts[j]) for j in unmarked):
                for j in unmarked:
                    kinds[j] = "tail"
                return
        before += len(text)


def _between_boilerplate(texts: list[str], kinds: list[str], i: int) -> bool:
    """Both neighbours are page furniture (ad markers interrupt articles, so they don't count;
    the end of the text counts as furniture)."""

    def furniture(j: int) -> bool:
        return j >= len(texts) or (bool(kinds[j]) and kinds[j] != "ad")

    return i > 0 and furniture(i - 1) and furniture(i + 1)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())
