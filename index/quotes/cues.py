"""Word lists for the cue structures: which verbs and nouns introduce speech, which nouns are roles.

These are the only hand-written parts of attribution. They describe how English reports speech,
never who speaks: speakers come from the named-entity model and the parse.
"""

from __future__ import annotations

# Verbs (lemmas) that report speech or writing and can take a content clause or a quotation.
SPEECH_VERBS = frozenset(
    ["say", "tell", "state", "add", "note", "stress", "emphasize", "emphasise", "underline", "underscore", "explain", "announce", "declare", "claim", "insist", "argue", "warn", "assert", "affirm", "reiterate", "repeat", "suggest", "propose", "demand", "maintain", "contend", "acknowledge", "admit", "concede", "confirm", "deny", "reply", "respond", "answer", "ask", "write", "tweet", "post", "comment", "remark", "observe", "recall", "predict", "promise", "pledge", "vow", "threaten", "urge", "indicate", "signal", "agree", "conclude", "report", "reveal", "disclose", "mention", "complain", "accuse", "hint", "summarize", "summarise", "question", "wonder", "believe", "reaffirm", "clarify", "point", "assure", "allege", "estimate", "inform", "recount", "testify", "caution", "counter", "retort", "proclaim", "boast", "lament", "concur", "highlight", "specify", "tout", "joke", "quip", "muse", "sum", "declare"]
)
# Verbs that only count when a clause or quotation hangs on them, not with a plain object
# ("he signalled that ..." but not "he signalled his support").
CLAUSE_ONLY = frozenset({"signal", "indicate", "highlight", "note", "question", "point", "add"})
# Verbs that give a quoted label rather than a statement: "rejected as “unacceptable”",
# "what Moscow calls “realities on the ground”". They count only for the quoted words they name.
NAMING_VERBS = frozenset(
    ["call", "describe", "brand", "label", "term", "dub", "reject", "dismiss", "characterize", "characterise", "refer"]
)
# Nouns that carry speech: "Putin's claim that ...", "his comments that ...", "X's position is".
SPEECH_NOUNS = frozenset(
    ["claim", "statement", "comment", "comments", "remark", "remarks", "assertion", "insistence", "position", "view", "argument", "words", "message", "warning", "promise", "pledge", "demand", "suggestion", "proposal", "assurance", "declaration", "announcement", "contention", "belief", "conviction"]
)
# "According to <report noun> from/by X": the source is X, the noun is the medium.
REPORT_NOUNS = frozenset(
    ["reporting", "report", "reports", "summary", "summaries", "coverage", "statement", "statements", "tweet", "tweets", "post", "readout", "transcript", "interview", "remarks", "comments", "account", "accounts", "data", "sources", "source", "assessment", "assessments", "estimate", "estimates", "publication", "article"]
)
# Verbs read as "expressed (conviction|hope|confidence) that ...".
EXPRESS_VERBS = frozenset({"express", "voice"})

# Heads of noun phrases that name an unnamed but specific source ("a Ukrainian official",
# "the Kremlin spokesman", "Russian media", "the Ukrainian side").
SOURCE_NOUNS = frozenset(
    ["official", "officials", "source", "sources", "diplomat", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "minister", "ministry", "government", "administration", "embassy", "mission", "office", "leadership", "media", "delegation", "side", "military", "army", "command", "representative", "envoy", "negotiator", "negotiators", "president", "leader", "chief", "head", "chancellor", "secretary", "presidency", "kremlin", "cabinet", "parliament", "council", "agency", "service", "department", "commission", "committee", "statement", "prosecutor", "general", "commander", "negotiators", "palace", "authorities", "authority", "team", "headquarters", "staff"]
)
# Plural or vague subjects that do not identify a source ("analysts", "some", "many users").
GENERIC_SUBJECTS = frozenset(
    ["analyst", "analysts", "expert", "experts", "observer", "observers", "critic", "critics", "user", "users", "some", "many", "others", "people", "commentator", "commentators", "historian", "historians", "researchers", "scholars", "voters", "supporters", "skeptics", "sceptics", "pundits", "many", "someone", "everyone", "anyone", "reports", "polls"]
)

# Role words: titles and jobs that make a phrase next to a name a role ("Russian President").
ROLE_NOUNS = frozenset(
    ["president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "chancellor", "leader", "chief", "head", "director", "ambassador", "envoy", "official", "expert", "analyst", "scientist", "fellow", "professor", "dictator", "king", "queen", "premier", "general", "commander", "chairman", "chairwoman", "chair", "senator", "rep", "representative", "governor", "mayor", "deputy", "aide", "negotiator", "diplomat", "assistant", "correspondent", "journalist", "editor", "researcher", "member", "founder", "ceo", "executive", "lawyer", "politician", "lawmaker", "mp", "speaker", "emperor", "pope", "prime", "colonel", "admiral", "marshal", "lieutenant", "sergeant", "captain", "officer", "economist", "historian", "author", "columnist", "writer", "host", "anchor", "presenter", "moderator", "interpreter", "prosecutor", "judge", "attorney", "coordinator", "strategist", "consultant", "manager", "vice", "counsellor", "counselor", "administrator", "commissioner", "envoy", "patriarch", "metropolitan", "bishop", "monarch", "sheikh", "emir", "crown", "prince", "princess", "dean", "rector"]
)
# Role nouns that are interchangeable when matching a title to a person ("the Russian leader" for
# someone introduced as "Russian President").
ROLE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset(
        ["leader", "president", "head", "chancellor", "premier", "prime", "king", "emperor", "monarch", "dictator"]
    ),
    frozenset(["spokesman", "spokeswoman", "spokesperson", "secretary"]),
    frozenset(["adviser", "advisor", "aide", "counsellor", "counselor", "assistant"]),
    frozenset(["minister", "chief", "head", "secretary"]),
    frozenset(["diplomat", "ambassador", "envoy"]),
    frozenset(["expert", "analyst", "scientist", "fellow", "researcher"]),
)

# Head nouns of a venue ("in an interview with Kompas", "at a news conference").
VENUE_NOUNS = frozenset(
    ["interview", "conference", "forum", "briefing", "meeting", "summit", "speech", "address", "marathon", "broadcast", "show", "program", "programme", "statement", "tweet", "post", "video", "call", "session", "parade", "telethon", "tv", "radio", "channel", "newspaper", "podcast", "essay", "article", "op", "ed", "letter", "press", "appearance", "hearing", "rally", "ceremony", "remarks", "debate", "talk", "event", "visit", "message"]
)

# Transcript labels that are not names ("Question: ...").
QUESTION_LABELS = {
    "question": "a questioner",
    "questions": "a questioner",
    "remark": "a participant",
    "reply": "a participant",
    "response": "a participant",
    "comment": "a participant",
    "answer": "a participant",
}

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "who"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})
MODALS_HYPOTHETICAL = frozenset({"can", "could", "would", "might", "may", "should"})
