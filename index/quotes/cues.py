"""Word lists for the cue structures: which verbs and nouns introduce speech, which nouns are roles.

These are the only hand-written parts of attribution. They describe how English reports speech,
never who speaks: speakers come from the named-entity model and the parse.
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


# Verbs (lemmas) that report speech or writing and can take a content clause or a quotation.
SPEECH_VERBS = frozenset(
    _words(
        """
    say tell state add note stress emphasize emphasise underline underscore explain announce
    declare claim insist argue warn assert affirm reiterate repeat suggest propose demand
    maintain contend acknowledge admit concede confirm deny reply respond answer ask write tweet
    post comment remark observe recall predict promise pledge vow threaten urge indicate signal
    agree conclude report reveal disclose mention complain accuse hint summarize summarise
    question wonder believe reaffirm clarify point assure allege estimate inform recount testify
    caution counter retort proclaim boast lament concur highlight specify tout joke quip muse
    sum remind
        """
    )
)
# Verbs that give a quoted label rather than a statement: "rejected as “unacceptable”",
# "what Moscow calls “realities on the ground”". They count only for the quoted words they name.
NAMING_VERBS = frozenset(
    _words(
        """
    call describe brand label term dub reject characterize characterise frame
        """
    )
)
# "This was stated by X", "X said this": the statement is the sentence before.
POINTING_CUES = frozenset(
    _words(
        """
    state say announce declare note stress emphasize emphasise report write tell explain add
    underline underscore
        """
    )
)
# Cues whose infinitive reports words ("claims to see"); "threatened to use" reports an act.
XCOMP_CUES = frozenset(_words("claim promise pledge vow deny say"))
# Written or spoken pieces whose author is the speaker ("he published an essay arguing that").
WRITINGS = frozenset(
    _words(
        """
    essay article letter statement tweet post op speech address interview message column
    report book video
        """
    )
)
# Nouns that carry speech: "Putin's claim that ...", "his comments that ...", "X's position is".
SPEECH_NOUNS = frozenset(
    _words(
        """
    claim statement comment comments remark remarks assertion insistence position view argument
    words message warning promise pledge demand suggestion proposal assurance declaration
    announcement contention belief conviction
        """
    )
)
# "According to <report noun> from/by X": the source is X, the noun is the medium.
REPORT_NOUNS = frozenset(
    _words(
        """
    reporting report reports summary summaries coverage statement statements tweet tweets post
    readout transcript interview remarks comments account accounts data sources source
    assessment assessments estimate estimates publication article
        """
    )
)
# Verbs read as "expressed (conviction|hope|regret) that ...", with these objects.
EXPRESS_VERBS = frozenset({"express", "voice"})
EXPRESSED = frozenset(
    _words("conviction hope confidence regret concern belief view opinion satisfaction gratitude")
)

# Heads of noun phrases that name an unnamed but specific source ("a Ukrainian official",
# "the Kremlin spokesman", "Russian media", "the Ukrainian side").
SOURCE_NOUNS = frozenset(
    _words(
        """
    official officials source sources diplomat spokesman spokeswoman spokesperson aide adviser
    advisor minister ministry government administration embassy mission office leadership media
    delegation side military army command representative envoy negotiator negotiators president
    leader chief head chancellor secretary presidency kremlin cabinet parliament council agency
    service department commission committee statement prosecutor general commander negotiators
    palace authorities authority team headquarters staff mediator mediators
        """
    )
)
# Of those, the ones news reports quote in the plural without naming anyone ("Turkish
# officials said", "two sources familiar with the talks"): a source still, if unnamed.
# "The leaders", "the sides" are a meeting's participants, who have names.
PLURAL_SOURCES = frozenset(_words("official source diplomat negotiator mediator"))
# Plural or vague subjects that do not identify a source ("analysts", "some", "many users").
GENERIC_SUBJECTS = frozenset(
    _words(
        """
    analyst analysts expert experts observer observers critic critics user users some many
    others people commentator commentators historian historians researchers scholars voters
    supporters skeptics sceptics pundits many someone everyone anyone reports polls
        """
    )
)

# Role words: titles and jobs that make a phrase next to a name a role ("Russian President").
ROLE_NOUNS = frozenset(
    _words(
        """
    president minister secretary spokesman spokeswoman spokesperson adviser advisor chancellor
    leader chief head director ambassador envoy official expert analyst scientist fellow
    professor dictator king queen premier general commander chairman chairwoman chair senator
    rep representative governor mayor deputy aide negotiator diplomat assistant correspondent
    journalist editor researcher member founder ceo executive lawyer politician lawmaker mp
    speaker emperor pope prime colonel admiral marshal lieutenant sergeant captain officer
    economist historian author columnist writer host anchor presenter moderator interpreter
    prosecutor judge attorney coordinator strategist consultant manager vice counsellor
    counselor administrator commissioner envoy patriarch metropolitan bishop monarch sheikh emir
    crown prince princess dean rector lady ombudsman ombudsperson mep
    soldier serviceman servicewoman volunteer activist trader banker investor broker farmer
        """
    )
)
# Who someone is, in a feature's vox pop ("Olena, a nurse who fled Kharkiv") or to someone else
# ("His Russian counterpart, Vladimir Medinsky, …"): a person.
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    _words(
        """
    mother father grandmother grandfather wife husband son daughter widow widower pensioner
    retiree nurse doctor teacher student driver worker refugee resident shopkeeper vendor
    mechanic engineer farmer woman man veteran miner priest accountant counterpart colleague
    predecessor successor
        """
    )
)
# Words a title can start with that are no title themselves ("former President", "acting
# Minister", "First Deputy Prime Minister").
TITLE_MODIFIERS = frozenset(_words("former acting deputy first then outgoing incoming vice"))
# A generic title word fits the specific titles listed with it: "the Russian leader" is someone
# introduced as "Russian President", but "the President" is not a chancellor.
ROLE_FITS: dict[str, frozenset[str]] = {
    "leader": frozenset(_words("president chancellor premier prime king emperor monarch dictator")),
    "head": frozenset(_words("president chancellor premier prime minister chief director leader")),
    "chief": frozenset(_words("head minister secretary director commander")),
    # "the head of government" (premier) is the one introduced as "Prime Minister", or as
    # "Chancellor" in Germany and Austria.
    "premier": frozenset(_words("prime chancellor")),
    "spokesman": frozenset(_words("spokeswoman spokesperson secretary")),
    "spokeswoman": frozenset(_words("spokesman spokesperson secretary")),
    "spokesperson": frozenset(_words("spokesman spokeswoman secretary")),
    "adviser": frozenset(_words("advisor aide counsellor counselor")),
    "advisor": frozenset(_words("adviser aide counsellor counselor")),
    "aide": frozenset(_words("adviser advisor assistant")),
    # A foreign ministry's spokespeople are diplomats: "the diplomat also noted" after them.
    "diplomat": frozenset(_words("ambassador envoy minister spokeswoman spokesman spokesperson")),
    "envoy": frozenset(_words("ambassador representative")),
    "expert": frozenset(_words("analyst scientist fellow researcher professor")),
    "official": frozenset(
        _words(
            "minister secretary spokesman spokeswoman spokesperson adviser advisor aide director"
        )
    ),
}
# Adjectives of nationality whose country does not share their first five letters ("the French
# president" is someone introduced as "President of France"); the others ("Ukrainian", "Russian",
# "German") match their country by prefix.
DEMONYMS: dict[str, str] = {
    "french": "france",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "greek": "greece",
    "polish": "poland",
    "turkish": "turkey",
    "chinese": "china",
    "spanish": "spain",
    "danish": "denmark",
    "swedish": "sweden",
    "finnish": "finland",
    "norwegian": "norway",
    "irish": "ireland",
    "iranian": "iran",
    "iraqi": "iraq",
    "american": "states",
    "emirati": "emirates",
    "saudi": "arabia",
    "qatari": "qatar",
    "welsh": "wales",
    "scottish": "scotland",
    "portuguese": "portugal",
    "maltese": "malta",
    "thai": "thailand",
    "cypriot": "cyprus",
    "belgian": "belgium",
    "hungarian": "hungary",
    "turkmen": "turkmenistan",
}
# Titles that name a role in several words ("the Head of State" is the president).
ROLE_PHRASES = {
    "head of state": "president",
    "head of government": "premier",
    # Wire-service epithets: "the Kremlin chief" is Russia's president, "the Kremlin aide" one
    # of his aides, "the Kremlin spokesman" his press secretary.
    "kremlin chief": "russian president",
    "kremlin leader": "russian president",
    "kremlin boss": "russian president",
    "kremlin aide": "russian aide",
    "kremlin spokesman": "russian press secretary",
}

# Heads of organisation names: "the European Commission" is not a person named "European ...".
ORG_WORDS = frozenset(
    _words(
        """
    council commission union republic federation office ministry committee agency parliament
    assembly organization organisation court bank fund service forces states nations kingdom
    government administration
        """
    )
)
# Head nouns of a venue ("in an interview with Kompas", "at a news conference").
VENUE_NOUNS = frozenset(
    _words(
        """
    interview conference forum briefing meeting summit speech address marathon broadcast show
    program programme statement tweet post video call session parade telethon tv radio channel
    newspaper podcast essay article op ed letter press appearance hearing rally ceremony remarks
    debate talk event visit message
        """
    )
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

POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})
MODALS_HYPOTHETICAL = frozenset({"can", "could", "would", "might", "may", "should"})

# Who runs a broadcast or a panel: "HOST:", "the moderator" is the person the text introduces in
# that role ("presented by Marta Lindgren", "moderated by Rachel Ambrose"), if it does.
HOST_LABELS = frozenset({"host", "presenter", "anchor", "moderator", "interviewer", "chair"})
HOST_INTRO = re.compile(
    r"\b(?:(?:presented|hosted|moderated|chaired|anchored) by|"
    r"(?:host|presenter|anchor|moderator)) ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})"
)
