"""Questions typed in Discord carry its markup: mentions, channel links and custom emoji are
not words of the question (their ids would read as a topic no article has)."""

from __future__ import annotations

import pytest

from bot.answers import check_question
from index.errors import BadInput


@pytest.mark.parametrize(
    "typed",
    [
        "<@123456789012345678> who said it's a bluff?",
        "<@!123456789012345678> who said it's a bluff?",
        "who said it's a bluff? <:thinking:987654321098765432>",
        "who said it's a bluff? <a:wave:987654321098765432>",
        "<#555555555555555555> who said it's a bluff?",
    ],
)
def test_discord_markup_is_not_part_of_the_question(typed: str) -> None:
    assert check_question(typed, 500) == "who said it's a bluff?"


def test_a_mention_alone_is_an_empty_question() -> None:
    with pytest.raises(BadInput, match="empty"):
        check_question("<@123456789012345678>", 500)
