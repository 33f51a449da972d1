"""Cleaning: each kind of boilerplate goes, every sentence of the article stays verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.clean import classify_lines, clean_text
from index.ingest import read_file
from index.models import Article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def seed(prefix: str) -> Article:
    (path,) = (CORPUS / "seeds").glob(f"{prefix}_*.txt")
    (article,) = read_file(path, CORPUS)
    return article


def cleaned(prefix: str) -> str:
    a = seed(prefix)
    return clean_text(a.text, a.title)


# Per seed: sentences of the article (quotes included) that must survive verbatim, and
# boilerplate that must not. A boilerplate entry starting with "=" names a whole paragraph
# (short labels whose words also occur inside real sentences).
SEEDS = {
    "000": (
        [
            "As the Kremlin signals new openness to negotiations, Washington and Ottawa face a "
            "hard question: is this a genuine opening for peace — or a strategic pause in a long "
            "war?",
            "Russian President Vladimir Putin has publicly indicated that Moscow is ready for "
            "“serious” talks over Ukraine, according to reporting from CNBC and other "
            "international outlets.",
            "critics in the U.S. and Canada can more easily ask: “Why continue sending billions "
            "if we should be nudging Kyiv toward negotiations?”",
            "For the U.S., the stakes are both geopolitical and deeply domestic:",
            "For now, the war continues, the costs accumulate, and the path to a just and "
            "durable peace remains as contested as the battlefields that define it.",
        ],
        ["Physical Address", "304 North Cardinal St.", "Dorchester Center, MA 02124"],
    ),
    "001": (
        [
            "Russian President Vladimir Putin said on Thursday that he would be open to peace "
            "negotiations with Ukraine.",
            "“Are we ready to negotiate with them? We never refused, but not on the basis of some "
            "ephemeral demands, rather on the basis of the documents which were agreed on and "
            "actually initialed in Istanbul,” said Putin during remarks at an economic forum "
            "with leaders from Malaysia and China.",
            "He added: “Western capitals tend to tune in when he rejects talks and tune out when "
            "he embraces them. … But until someone actually tests the proposition we’ll never "
            "know what his real intentions are. If it’s a bluff, you only know when you call it.”",
            "Zelensky said his country needs “new energy, and that includes in diplomacy.”",
            "In other Ukraine war news this week:",
            "\"I'm personally of the view that, when hostile missiles are on course of entering "
            "our airspace, it would be legitimate self-defense",
            "so I hope we were heard,” told CNN.",
        ],
        [
            "Follow us on social",
            "google cta",
            "=ukraine war",
            "=Analysis | Regions",
            "Both sides now appear to be signaling",
            "=Diplomacy Watch: Are Moscow and Kyiv on collision course to talk?",
            "Diplomacy Watch: A peace summit without Russia",
            "Diplomacy Watch: Moscow bails on limited ceasefire talks",
            "REUTERS/David 'Dee' Delgado",
            "We're burying the rules based order",
            "Mark Carney",
            "keep reading",
            "Show less",
            "Trump vs. his China hawks",
            "Moolenaar",
            "Photo by Bonnie Cash",
            "Top image credit",
            "Is America still considered part of the 'Americas'?",
            "66 international bodies",
            "Want more of our stories on Google?",
            "Preferred Source",
            "LATEST",
            "QIOSK",
            "Newsletter",
            "Subscribe now to our weekly round-up",
        ],
    ),
    "002": (
        [
            "u.s. president donald trump announced earlier this week that russia and ukraine "
            "will “immediately” begin ceasefire talks after he had an “excellent” two-hour phone "
            "call with russian president vladimir putin.",
            # a space and a U+202F (narrow no-break space) after the dash, as in the raw text
            "putin has steadfastly insisted — \u202ffor three long years — that the war cannot end "
            "until its “root causes” are addressed",
            "but even ending the war on relatively favourable terms could be dangerous.",
            "putin didn’t like that.",
            "trump’s naivety is prolonging this war, not ending it. his ignorance will cost the "
            "world dearly.",
            # The author's bio: who wrote an opinion piece is something members ask.
            "adam zivo is a freelance writer and weekly columnist at national post.",
        ],
        [
            "advertisement",
            "story continues below",
            "=adam zivo: putin outplays trump again with phoney peace talks",
            "the united states is prolonging the war by delaying sanctions against russia",
            "this combination of pictures created on march 17, 2025",
            "via getty images",
            "=national post",
            "=adam zivo",
            "read more about the author",
            "=comments",
            "postmedia is committed to maintaining a lively but civil forum",
            "community guidelines",
        ],
    ),
    "003": (
        [
            "“Russia can and does exploit those disagreements. And they will,” Donald Jensen, "
            "director for Russia and Europe at the US Institute for Peace, told Vox about the "
            "Russian political and media sphere.",
            "“I am prepared to talk to Mr. Putin if there is in fact an interest in him deciding "
            "that he is looking for a way to end the war,” Biden said Thursday.",
            "Perhaps most importantly, Macron clearly stated that “we will never urge Ukrainians "
            "to make a compromise that is not acceptable to them.”",
            "Chancellor Scholz had a call with President Putin.",
            "— Embassy of Germany (@GermanyinUSA) December 2, 2022",
            "“That really reflects more where we are now than something Biden said.”",
            "It’s important to keep an open channel with Russia, but don’t expect peace talks "
            "any time soon.",
        ],
        [
            "=General news",
            "=Biden-Putin diplomacy on the Russia-Ukraine conflict is not likely to happen "
            "anytime soon",
            "=President Joe Biden",
            "=Donald Jensen",
            "=Although Kirby",
            "=Odessa and Kherson",
            "=Jake Sullivan and Defense Secretary Lloyd Austin",
            "=New Strategic Arms Reduction Treaty",
            "Help keep items like this free",
            "That’s where Vox comes in",
            "Gifts from readers",
            "Yes I will give $120/year",
            "Apple Pay",
            "contribute through",
        ],
    ),
    "004": (
        [
            "Vladimir Putin claims to see “a light at the end of the tunnel” in the war he "
            "started by invading Ukraine, asserting that “if common sense prevails,” an end to "
            "the conflict is possible.",
            "Kyiv dismissed the idea of talks in Moscow, with a Ukrainian official stating, "
            "“Putin continues to play games with everyone by making obviously unacceptable "
            "proposals.”",
            "“If there is anything we can do to help Russia, we will certainly do it and will "
            "consider it our fraternal duty.”",
        ],
        [],
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_article_sentences_stay_verbatim(prefix: str) -> None:
    text = cleaned(prefix)
    raw = seed(prefix).text
    for sentence in SEEDS[prefix][0]:
        assert sentence in raw, "the sample must come from the raw seed"
        assert sentence in text


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_boilerplate_is_gone(prefix: str) -> None:
    text = cleaned(prefix)
    paragraphs = text.split("\n\n")
    raw = seed(prefix).text
    for junk in SEEDS[prefix][1]:
        if junk.startswith("="):
            assert junk[1:].casefold() in raw.casefold()
            assert junk[1:].casefold() not in {p.casefold() for p in paragraphs}
        else:
            assert junk in raw
            assert junk not in text


def test_every_kind_of_seed_boilerplate_is_recognised() -> None:
    kinds = set()
    for prefix in SEEDS:
        a = seed(prefix)
        kinds |= {line.kind for line in classify_lines(a.text, a.title)}
    assert kinds - {""} == {
        "address",
        "ad",
        "cta",
        "read-more",
        "newsletter",
        "donation",
        "comments",
        "caption",
        "label",
        "headline",
        "repeat",
        "teaser",
        "tail",
    }


def test_an_article_without_boilerplate_keeps_every_line() -> None:
    a = seed("004")
    assert clean_text(a.text, a.title) == "\n\n".join(a.text.strip().split("\n"))


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_kept_paragraphs_are_verbatim_raw_lines_in_order(prefix: str) -> None:
    raw = seed(prefix).text
    raw_lines = [line.strip() for line in raw.splitlines()]
    text = cleaned(prefix)
    assert text == text.strip() and "\n\n\n" not in text
    position = 0
    for paragraph in text.split("\n\n"):
        assert paragraph and "\n" not in paragraph
        assert paragraph in raw_lines  # a whole line of the raw text, unchanged
        position = raw.index(paragraph, position) + len(paragraph)


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_cleaning_twice_changes_nothing(prefix: str) -> None:
    a = seed(prefix)
    once = clean_text(a.text, a.title)
    assert clean_text(once, a.title) == once


def test_corpus_ext_texts_are_left_intact() -> None:
    articles = read_file(CORPUS / "ext" / "articles.jsonl", CORPUS)
    assert len(articles) == 387
    for a in articles:
        assert not [line for line in classify_lines(a.text, a.title) if line.kind], a.key
        assert clean_text(a.text, a.title).split() == a.text.split(), a.key


# The rules describe kinds of boilerplate: pages the seeds never showed.
ENVOYS = (
    "Envoys from both governments agreed on Monday to hold another round of talks next month, "
    "the foreign ministry said."
)
NARROWED = (
    '"We have narrowed our differences on the exchange of prisoners," the chief negotiator '
    "told reporters."
)
CAUTIONED = (
    "Officials cautioned that the question of territory remained unresolved and that no date "
    "had been fixed for a meeting of the two presidents."
)
UNSEEN_PAGE = "\n".join(
    [
        "Mailing Address",
        "1200 Harbour Road, Suite 4",
        "Springfield, IL 62701",
        "",
        "World | Europe",
        "Share on Facebook",
        "Envoys agree to meet again",
        "",
        ENVOYS,
        "ADVERTISEMENT",
        NARROWED,
        "Ukrainian soldiers near the front line on Sunday. (AP Photo/Jane Roe)",
        CAUTIONED,
        "Related stories",
        "Sign up for the Morning Briefing newsletter and get our best stories delivered to "
        "your inbox every day.",
        "Comments are welcome, but our moderators remove abuse; please read our community "
        "guidelines before posting.",
    ]
)


def test_an_unseen_page_is_cleaned_the_same_way() -> None:
    text = clean_text(UNSEEN_PAGE, "Envoys agree to meet again")
    assert text.split("\n\n") == [ENVOYS, NARROWED, CAUTIONED]


def test_list_items_after_a_colon_are_kept() -> None:
    raw = (
        "Kyiv set out its conditions for any agreement:\n"
        "Withdrawal of Russian troops\n"
        "Security guarantees from partners\n"
        "Return of deported children\n"
        "Moscow rejected all three on Tuesday, a spokesman said.\n"
    )
    assert clean_text(raw).split("\n\n") == raw.strip().split("\n")


def test_sentences_using_boilerplate_words_are_kept() -> None:
    raw = (
        "Germany announced a donation of 50 generators to the energy grid on Friday.\n"
        "The talks were moderated by Turkish officials, who asked both sides for a respectful "
        "tone.\n"
        "“Subscribe to peace, not war”\n"
        "Reuters reported that the delegations would meet again in Istanbul.\n"
        "Moscow did not subscribe to the plan.\n"
        "The panel recommended a ceasefire.\n"
        "More from the summit is expected on Friday.\n"
        "The briefing was delivered to the US by the foreign minister in person.\n"
        "The war continues after the summit.\n"
        "The US pledged a donation of medical supplies.\n"
        "Vladimir Putin: Thank you.\n"
        "Recep Tayyip Erdogan: Welcome to Istanbul, and thank you for coming.\n"
        "Vladimir Putin: Thank you.\n"
    )
    assert clean_text(raw).split("\n\n") == raw.strip().split("\n")


def test_a_share_line_mid_article_cuts_nothing_after_it() -> None:
    paragraph = "Negotiators said the second round of talks covered prisoner exchanges. " * 3
    raw = "\n".join(
        [paragraph] * 4
        + ["Share this article", paragraph + "More followed.", paragraph + "The end.", "Latest"]
    )
    paragraphs = clean_text(raw).split("\n\n")
    assert paragraphs[-1].endswith("The end.") and paragraphs[-2].endswith("More followed.")
    assert "Share this article" not in paragraphs and "Latest" not in paragraphs


def test_paragraphs_before_a_read_more_link_are_kept_without_a_teaser_block() -> None:
    raw = (
        "The talks resumed on Monday after a pause of three weeks, officials said.\n"
        "What comes next\n"
        "Both delegations will report to their capitals before a third round is scheduled.\n"
        "A date for that round has not been set.\n"
        "Continue reading\n"
    )
    assert clean_text(raw).split("\n\n") == [
        "The talks resumed on Monday after a pause of three weeks, officials said.",
        "Both delegations will report to their capitals before a third round is scheduled.",
        "A date for that round has not been set.",
    ]


def test_a_first_line_that_is_a_sentence_is_kept_even_when_it_is_the_title() -> None:
    first = "Putin said on Thursday that talks could resume in Istanbul."
    raw = first + "\nThe Kremlin gave no date, and Kyiv did not comment on the remarks.\n"
    assert clean_text(raw, title=first).startswith(first)
    assert clean_text("Talks resume\n" + raw, title="Talks resume").startswith(first)


def test_paragraph_spacing_is_normalised() -> None:
    raw = "\n\n  First paragraph of the article, with a full sentence.  \n\n\n\nSecond one here.\n"
    assert clean_text(raw) == (
        "First paragraph of the article, with a full sentence.\n\nSecond one here."
    )


def test_hard_wrapped_text_loses_no_line() -> None:
    # Plain text or Markdown wrapped at a fixed width: a wrapped line of a few words is part
    # of its sentence, not a label to drop.
    raw = (
        "“We agreed on two corridors for the evacuation of civilians,” said Mykola Tochytskyi, the\n"
        "deputy foreign minister who led the talks. Observers called the meeting a modest\n"
        "step forward.\n"
        "\n"
        "Talks resume on Monday.\n"
        "Read more\n"
    )
    cleaned = clean_text(raw)
    words = " ".join(cleaned.split())
    assert "said Mykola Tochytskyi, the deputy foreign minister who led the talks." in words
    assert "a modest step forward." in words
    assert "Read more" not in cleaned  # boilerplate still goes
    # A page copied one paragraph per line is left as it is.
    page = "Moscow bails on limited ceasefire talks and more\ngoogle cta\nThe talks ended.\n"
    assert clean_text(page) == "The talks ended."


def test_bbc_style_image_captions_and_sources_are_furniture() -> None:
    # No credit in the line: the BBC prints "Image caption," before the caption instead.
    text = "\n".join(
        [
            "Peace talks: what we know",
            "Image source, Getty Images",
            "Image caption, Mr Witkoff described the latest round as “a good day’s work”.",
            "Media caption, Watch: the delegations arrive in Geneva",
            "The delegations met for six hours on Tuesday, officials said.",
        ]
    )
    kinds = [line.kind for line in classify_lines(text, "Peace talks: what we know")]
    assert kinds[1:] == ["caption", "caption", "caption", ""]
    assert "good day" not in clean_text(text, "Peace talks: what we know")
