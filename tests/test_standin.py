"""The stand-in Discord, tested with the real discord.py client and a tiny bot defined here."""

from __future__ import annotations

import asyncio
import contextlib
import io
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands
from standin import MANAGE_GUILD, StandinDiscord
from standin.checks import (
    ALREADY_ACKNOWLEDGED,
    EMPTY_MESSAGE,
    INVALID_FORM_BODY,
    UNKNOWN_INTERACTION,
    UNKNOWN_WEBHOOK,
    ApiError,
    check_choices,
    check_commands,
    check_message,
    compute_mentions,
)

TOKEN = "standin-test-token"
FRUITS = ["apple", "apricot", "banana", "grape", "papaya", "pear"]
COMMANDS = {"echo", "slow", "late", "pick", "vote", "embed", "perms", "upload", "two", "config"}
COMMANDS |= {"think", "feedback", "menu", "whois"}


# --- the tiny bot ------------------------------------------------------------------------------


class Vote(discord.ui.View):
    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=None)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("not your vote", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Yes", custom_id="vote:yes", style=discord.ButtonStyle.success)
    async def yes(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(
            content=f"yes from {interaction.user.name}", view=None
        )


@app_commands.command(description="Repeat the text")
async def echo(interaction: discord.Interaction, text: str, quiet: bool = False) -> None:
    mentions = discord.AllowedMentions.none() if quiet else discord.utils.MISSING
    await interaction.response.send_message(f"echo: {text}", allowed_mentions=mentions)


@app_commands.command(description="Defer, then answer after 3.5 s")
async def slow(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True)
    await asyncio.sleep(3.5)
    await interaction.edit_original_response(content="slow answer")


@app_commands.command(description="Answer after 3.5 s without deferring")
async def late(interaction: discord.Interaction) -> None:
    await asyncio.sleep(3.5)
    await interaction.response.send_message("too late")


async def fruit_choices(interaction: discord.Interaction, current: str) -> list:
    return [app_commands.Choice(name=f, value=f) for f in FRUITS if current in f]


@app_commands.command(description="Pick a fruit")
@app_commands.autocomplete(fruit=fruit_choices)
async def pick(interaction: discord.Interaction, fruit: str) -> None:
    await interaction.response.send_message(f"picked {fruit}")


@app_commands.command(description="Vote with a button")
async def vote(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("vote?", view=Vote(interaction.user.id))


@app_commands.command(description="Send an embed whose description has `size` characters")
async def embed(interaction: discord.Interaction, size: int) -> None:
    try:
        await interaction.response.send_message(embed=discord.Embed(description="x" * size))
    except discord.HTTPException as exc:
        interaction.client.failures.append(exc)  # type: ignore[attr-defined]


@app_commands.command(description="Whether you may manage the server")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
async def perms(interaction: discord.Interaction) -> None:
    allowed = interaction.permissions.manage_guild
    await interaction.response.send_message(f"manage_guild={allowed}", ephemeral=True)


@app_commands.command(description="Read an attached file and send it back reversed")
async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
    data = await file.read()
    back = discord.File(io.BytesIO(data[::-1]), "reversed.txt")
    await interaction.response.send_message(f"{file.filename}: {len(data)} bytes", file=back)


@app_commands.command(description="Answer, then follow up ephemerally")
async def two(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("first")
    await interaction.followup.send("second", ephemeral=True)


@app_commands.command(description="Think, then answer with a followup")
async def think(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True, ephemeral=True)
    await interaction.followup.send("thought it over")


class Feedback(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="Your feedback", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


@app_commands.command(description="Open a feedback form")
async def feedback(interaction: discord.Interaction) -> None:
    await interaction.response.send_modal(Feedback())


class Menu(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="menu:fruit", options=[discord.SelectOption(label=f) for f in FRUITS[:3]]
    )
    async def chosen(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.edit_message(content=f"chose {select.values[0]}", view=None)


@app_commands.command(description="Choose from a menu")
async def menu(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("choose", view=Menu())


@app_commands.command(description="Describe a member")
async def whois(interaction: discord.Interaction, who: discord.Member) -> None:
    roles = sorted(r.name for r in who.roles if not r.is_default())
    await interaction.response.send_message(f"{who.name}: {roles}")


config = app_commands.Group(name="config", description="Settings")


@config.command(description="Show one setting")
async def show(interaction: discord.Interaction, key: str) -> None:
    await interaction.response.send_message(f"{key} is on")


class TinyBot(commands.Bot):
    def __init__(self, intents: discord.Intents) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            guild_ready_timeout=0.05,
        )
        self.seen: list[discord.Message] = []
        self.failures: list[discord.HTTPException] = []

    async def setup_hook(self) -> None:
        for command in (echo, slow, late, pick, vote, embed, perms, upload, two, config):
            self.tree.add_command(command)
        for command in (think, feedback, menu, whois):
            self.tree.add_command(command)
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id == self.user.id:  # type: ignore[union-attr]
            return
        self.seen.append(message)
        if message.guild is None:
            await message.channel.send(f"you said: {message.content}")


# --- fixtures ----------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running_bot(
    sd: StandinDiscord, intents: discord.Intents | None = None
) -> AsyncIterator[TinyBot]:
    """Point discord.py at the stand-in, run TinyBot until ready, and always shut both down."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = sd.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sd.gateway_url)
    bot = TinyBot(intents or discord.Intents.default())
    task = asyncio.create_task(bot.start(sd.token))
    started = False
    try:
        ready = asyncio.create_task(sd.wait_ready())
        await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            ready.cancel()
            task.result()  # start-up failed: raise why
        await ready
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        started = True
        yield bot
    finally:
        await bot.close()
        (outcome,) = await asyncio.gather(task, return_exceptions=True)
        if started and isinstance(outcome, BaseException):
            raise outcome
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@pytest.fixture
async def sd() -> AsyncIterator[StandinDiscord]:
    async with StandinDiscord(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(sd: StandinDiscord) -> AsyncIterator[TinyBot]:
    async with running_bot(sd) as client:
        yield client


async def until(predicate: Callable[[], Any], timeout: float = 3.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


# --- start-up ----------------------------------------------------------------------------------


async def test_login_ready_and_command_sync(sd: StandinDiscord, bot: TinyBot) -> None:
    assert bot.user is not None and bot.user.id == sd.bot_user.id
    names = {c["name"] for c in sd.commands}
    assert names == COMMANDS
    assert all(c["id"] and c["application_id"] == str(sd.application_id) for c in sd.commands)
    perms_command = next(c for c in sd.commands if c["name"] == "perms")
    assert perms_command["default_member_permissions"] == str(MANAGE_GUILD)
    guild = bot.get_guild(sd.guild.id)
    assert guild is not None and {c.name for c in guild.text_channels} == {"general", "news"}
    assert guild.get_role(sd.moderator_role.id) is not None
    assert sd.errors == []


async def test_gateway_speaks_zlib_stream_when_asked(sd: StandinDiscord, bot: TinyBot) -> None:
    conn = sd.connections[-1]
    assert conn.compress == "zlib-stream"
    assert conn.binary_frames >= 3 and conn.text_frames == 0  # HELLO, READY, GUILD_CREATE, ...
    assert any(p.get("op") == 1 for p in conn.received)  # heartbeats were sent (and ACKed)


async def test_plain_text_frames_without_compression() -> None:
    async with StandinDiscord(token=TOKEN, compression=False) as sd, running_bot(sd):
        answer = await (await sd.slash("echo", {"text": "plain"})).final()
        assert answer.content == "echo: plain"
        assert sd.connections[-1].text_frames > 0 and sd.connections[-1].binary_frames == 0


async def test_raw_gateway_zlib_frames_decompress_to_hello(sd: StandinDiscord) -> None:
    url = f"{sd.gateway_url}?v=10&compress=zlib-stream"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        frame = await ws.receive(timeout=5)
        assert frame.type is aiohttp.WSMsgType.BINARY
        assert frame.data.endswith(b"\x00\x00\xff\xff")
        hello = zlib.decompressobj().decompress(frame.data)
        assert b'"op":10' in hello


async def test_wrong_token_is_a_login_failure(sd: StandinDiscord) -> None:
    old_base = discord.http.Route.BASE
    discord.http.Route.BASE = sd.api_base
    client = TinyBot(discord.Intents.default())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()
        discord.http.Route.BASE = old_base
    assert sd.errors[-1].status == 401


async def test_gateway_closes_4004_on_a_bad_identify(sd: StandinDiscord) -> None:
    identify = {"op": 2, "d": {"token": "wrong", "intents": 513, "properties": {}}}
    async with aiohttp.ClientSession() as session, session.ws_connect(sd.gateway_url) as ws:
        hello = await ws.receive_json(timeout=5)  # no compress parameter: text frames
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await ws.send_json(identify)
        closing = await ws.receive(timeout=5)
        assert closing.type is aiohttp.WSMsgType.CLOSE and closing.data == 4004


async def test_disallowed_privileged_intent_closes_4014() -> None:
    intents = discord.Intents.default()
    intents.message_content = True
    async with StandinDiscord(token=TOKEN, privileged_intents=0) as sd:
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with running_bot(sd, intents):
                pass


async def test_members_intent_chunks_with_op_8() -> None:
    intents = discord.Intents.default()
    intents.members = True
    async with StandinDiscord(token=TOKEN) as sd, running_bot(sd, intents) as client:
        guild = client.get_guild(sd.guild.id)
        assert guild is not None and guild.chunked
        assert guild.get_member(sd.moderator.id) is not None
        assert len(sd.chunk_requests) == 1


async def test_resume_after_reconnect(sd: StandinDiscord, bot: TinyBot) -> None:
    await sd.force_reconnect()
    assert sd.resumes == 1
    answer = await (await sd.slash("echo", {"text": "still here"})).final()
    assert answer.content == "echo: still here"


# --- slash commands ----------------------------------------------------------------------------


async def test_slash_command_round_trip(sd: StandinDiscord, bot: TinyBot) -> None:
    handle = await sd.slash("echo", {"text": "hello"}, user=sd.moderator)
    answer = await handle.final()
    assert answer.content == "echo: hello" and not answer.ephemeral
    assert [c.type for c in handle.callbacks] == [4]
    assert handle.callbacks[0].elapsed < 3
    assert answer.author_id == sd.bot_user.id and answer.channel_id == sd.channel.id
    in_dm = await (await sd.slash("echo", {"text": "psst"}, guild=False)).final()
    assert in_dm.content == "echo: psst" and in_dm.guild_id is None
    who = await (await sd.slash("whois", {"who": sd.moderator})).final()
    assert who.content == "mod: ['Moderator']"


async def test_mentions_are_computed_from_content_and_allowed_mentions(
    sd: StandinDiscord, bot: TinyBot
) -> None:
    text = f"@everyone {sd.member.mention} {sd.moderator_role.mention}"
    loud = await (await sd.slash("echo", {"text": text})).final()
    assert loud.mention_everyone and loud.mentions == [sd.member.id]
    assert loud.mention_roles == [sd.moderator_role.id] and loud.pings_anyone
    quiet = await (await sd.slash("echo", {"text": text, "quiet": True})).final()
    assert not quiet.mention_everyone and quiet.mentions == [] and quiet.mention_roles == []
    assert not quiet.pings_anyone


async def test_deferral_late_callback_and_early_edit(sd: StandinDiscord, bot: TinyBot) -> None:
    slow_handle = await sd.slash("slow")
    late_handle = await sd.slash("late")
    thinking = await slow_handle.response()
    assert thinking is not None and thinking.loading
    async with aiohttp.ClientSession() as session:  # an edit before any callback is refused
        url = f"{sd.api_base}/webhooks/{sd.application_id}/{late_handle.token}/messages/@original"
        async with session.patch(url, json={"content": "x"}) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == UNKNOWN_WEBHOOK
    answer = await slow_handle.final(timeout=6)
    assert answer.content == "slow answer" and not answer.loading
    assert slow_handle.callbacks[0].type == 5 and slow_handle.callbacks[0].elapsed < 3
    refused = await late_handle.wait_callback(timeout=6)
    assert (refused.status, refused.code) == (404, UNKNOWN_INTERACTION)
    assert refused.elapsed > 3 and late_handle.response_type is None
    assert [e.code for e in late_handle.errors] == [UNKNOWN_WEBHOOK, UNKNOWN_INTERACTION]


async def test_second_callback_is_refused(sd: StandinDiscord, bot: TinyBot) -> None:
    handle = await sd.slash("echo", {"text": "once"})
    await handle.final()
    url = f"{sd.api_base}/interactions/{handle.id}/{handle.token}/callback"
    twice = {"type": 4, "data": {"content": "twice"}}
    async with aiohttp.ClientSession() as session, session.post(url, json=twice) as resp:
        assert resp.status == 400
        assert resp.headers["Content-Type"] == "application/json"
        assert (await resp.json())["code"] == ALREADY_ACKNOWLEDGED
    assert [c.accepted for c in handle.callbacks] == [True, False]
    assert handle.original is not None and handle.original.content == "echo: once"


async def test_followup_and_subcommand(sd: StandinDiscord, bot: TinyBot) -> None:
    handle = await sd.slash("two")
    assert (await handle.final()).content == "first"
    second = await handle.followup(0)
    assert second.content == "second" and second.ephemeral
    answer = await (await sd.slash("config", {"key": "dark"}, subcommand="show")).final()
    assert answer.content == "dark is on"


async def test_member_permissions_come_from_roles(sd: StandinDiscord, bot: TinyBot) -> None:
    as_mod = await (await sd.slash("perms", user=sd.moderator)).final()
    as_member = await (await sd.slash("perms", user=sd.member)).final()
    forced = await (
        await sd.slash("perms", user=sd.member, member_permissions=MANAGE_GUILD)
    ).final()
    assert as_mod.content == "manage_guild=True" and as_mod.ephemeral
    assert as_member.content == "manage_guild=False"
    assert forced.content == "manage_guild=True"
    with pytest.raises(ValueError, match="not available in DMs"):
        await sd.slash("perms", guild=False)


async def test_attachment_option_round_trip(sd: StandinDiscord, bot: TinyBot) -> None:
    handle = await sd.slash("upload", attachments={"file": ("note.txt", b"abc", "text/plain")})
    answer = await handle.final()
    assert answer.content == "note.txt: 3 bytes"
    assert answer.file("reversed.txt") == b"cba"


async def test_autocomplete_offers_choices(sd: StandinDiscord, bot: TinyBot) -> None:
    choices = await sd.autocomplete("pick", "fruit", "ap")
    assert [c["name"] for c in choices] == ["apple", "apricot", "grape", "papaya"]
    assert sd.interactions[-1].callbacks[0].type == 8


async def test_button_click_reaches_the_view(sd: StandinDiscord, bot: TinyBot) -> None:
    question = await (await sd.slash("vote", user=sd.member)).final()
    assert question.button("Yes")["custom_id"] == "vote:yes"
    stranger = await (await sd.click(question, "vote:yes", user=sd.moderator)).final()
    assert stranger.content == "not your vote" and stranger.ephemeral
    click = await sd.click(question, "vote:yes", user=sd.member)
    updated = await click.final()
    assert [c.type for c in click.callbacks] == [7]
    assert updated.id == question.id and updated.content == "yes from member"
    assert updated.components == []
    with pytest.raises(ValueError, match="no component"):
        await sd.click(question, "vote:yes")


async def test_first_followup_replaces_the_thinking_message(
    sd: StandinDiscord, bot: TinyBot
) -> None:
    handle = await sd.slash("think")
    answer = await handle.final()
    assert answer.content == "thought it over" and answer.ephemeral  # the defer decided that
    assert [f.id for f in handle.followups] == [answer.id]


async def test_modal_and_select_menu(sd: StandinDiscord, bot: TinyBot) -> None:
    opened = await sd.slash("feedback")
    await opened.response()
    assert opened.response_type == 9 and opened.modal is not None
    with pytest.raises(ValueError, match="required"):
        await sd.submit_modal(opened, {})
    submitted = await sd.submit_modal(opened, {"feedback:text": "great"})
    assert (await submitted.final()).content == "thanks: great"
    choose = await (await sd.slash("menu")).final()
    with pytest.raises(ValueError, match="not among"):
        await sd.select(choose, "menu:fruit", ["pear"])
    picked = await (await sd.select(choose, "menu:fruit", ["banana"])).final()
    assert picked.id == choose.id and picked.content == "chose banana"


# --- messages ----------------------------------------------------------------------------------


async def test_dm_is_delivered_and_answered(sd: StandinDiscord, bot: TinyBot) -> None:
    sent = await sd.dm(sd.member, "hello bot")
    assert sent.delivered and sent.guild_id is None
    reply = await sd.wait_for_message(channel_id=sent.channel_id)
    assert reply.content == "you said: hello bot"
    await sd.expect_no_message(within=0.2)


async def test_dm_not_delivered_without_the_intent() -> None:
    intents = discord.Intents.default()
    intents.dm_messages = False
    async with StandinDiscord(token=TOKEN) as sd, running_bot(sd, intents) as client:
        sent = await sd.dm(sd.member, "anyone there?")
        assert sent.delivered is False
        await sd.expect_no_message(within=0.3)
        assert client.seen == []


async def test_guild_content_needs_message_content_or_a_mention(
    sd: StandinDiscord, bot: TinyBot
) -> None:
    await sd.channel_message(sd.member, sd.channel, "secret words")
    await sd.channel_message(sd.member, "news", f"{sd.bot_user.mention} hi")
    await until(lambda: len(bot.seen) == 2)
    assert bot.seen[0].content == "" and bot.seen[0].guild is not None
    assert bot.seen[1].content.endswith("hi") and bot.seen[1].channel.name == "news"


# --- limits ------------------------------------------------------------------------------------


async def test_embed_description_limit_is_enforced(sd: StandinDiscord, bot: TinyBot) -> None:
    refused = await sd.slash("embed", {"size": 4097})
    callback = await refused.wait_callback()
    assert (callback.status, callback.code) == (400, INVALID_FORM_BODY)
    await until(lambda: bot.failures)
    assert bot.failures[0].code == INVALID_FORM_BODY  # discord.py parsed the JSON error
    assert "description" in str(refused.errors[0].errors)
    fits = await (await sd.slash("embed", {"size": 4096})).final()
    assert len(fits.embed["description"]) == 4096


def _codes(payload: dict[str, Any]) -> int:
    with pytest.raises(ApiError) as info:
        check_message(payload)
    return info.value.code


def _row(n: int, **extra: Any) -> dict[str, Any]:
    buttons = [{"type": 2, "style": 1, "label": f"b{i}", "custom_id": f"c{i}"} for i in range(n)]
    for button in buttons:
        button.update(extra)
    return {"type": 1, "components": buttons}


@pytest.mark.parametrize(
    "payload",
    [
        {"content": "x" * 2001},
        {"embeds": [{"title": "t"}] * 11},
        {"embeds": [{"title": "x" * 257}]},
        {"embeds": [{"description": "x" * 4097}]},
        {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
        {"embeds": [{"fields": [{"name": "x" * 257, "value": "v"}]}]},
        {"embeds": [{"fields": [{"name": "n", "value": "x" * 1025}]}]},
        {"embeds": [{"footer": {"text": "x" * 2049}}]},
        {"embeds": [{"author": {"name": "x" * 257}}]},
        {"embeds": [{"description": "x" * 3001}, {"description": "x" * 3000}]},
        {"content": "x", "components": [_row(1)] * 6},
        {"content": "x", "components": [_row(6)]},
        {"content": "x", "components": [_row(1, custom_id="c" * 101)]},
        {"content": "x", "components": [_row(1, label="l" * 81)]},
        {"content": "x", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
    ],
)
def test_message_limits(payload: dict[str, Any]) -> None:
    assert _codes(payload) == INVALID_FORM_BODY


def test_message_at_the_limits_and_empty() -> None:
    check_message(
        {
            "content": "x" * 2000,
            "embeds": [{"title": "x" * 256, "description": "x" * 4096}],
            "components": [_row(5)] * 1,
        }
    )
    assert _codes({"content": ""}) == EMPTY_MESSAGE


@pytest.mark.parametrize(
    "command",
    [
        {"name": "Ask", "description": "d"},
        {"name": "x" * 33, "description": "d"},
        {"name": "has space", "description": "d"},
        {"name": "ask", "description": ""},
        {"name": "ask", "description": "d" * 101},
        {
            "name": "ask",
            "description": "d",
            "options": [
                {"name": "a", "description": "d", "type": 3},
                {"name": "b", "description": "d", "type": 3, "required": True},
            ],
        },
        {
            "name": "ask",
            "description": "d",
            "options": [
                {
                    "name": "a",
                    "description": "d",
                    "type": 3,
                    "autocomplete": True,
                    "choices": [{"name": "x", "value": "x"}],
                }
            ],
        },
    ],
)
def test_command_schema_is_validated(command: dict[str, Any]) -> None:
    with pytest.raises(ApiError) as info:
        check_commands([command])
    assert info.value.code == INVALID_FORM_BODY


def test_autocomplete_choice_limits() -> None:
    check_choices([{"name": "n", "value": "v"}] * 25)
    for bad in ([{"name": "n", "value": "v"}] * 26, [{"name": "", "value": "v"}]):
        with pytest.raises(ApiError):
            check_choices(bad)
    with pytest.raises(ApiError):
        check_choices([{"name": "n", "value": "v" * 101}])


def test_mentions_follow_allowed_mentions() -> None:
    content = "@here <@111111111111111111> <@&222222222222222222>"
    known = {"known_users": {111111111111111111}, "known_roles": {222222222222222222}}
    assert compute_mentions(content, None, **known) == (
        [111111111111111111],
        [222222222222222222],
        True,
    )
    assert compute_mentions(content, {"parse": []}, **known) == ([], [], False)
    only_user = {"parse": [], "users": ["111111111111111111"]}
    assert compute_mentions(content, only_user, **known) == ([111111111111111111], [], False)


async def test_rest_replies_and_sync_errors_are_discord_shaped(sd: StandinDiscord) -> None:
    headers = {"Authorization": f"Bot {TOKEN}"}
    bad_sync = [{"name": "Bad Name", "description": "d"}]
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{sd.api_base}/users/@me", headers=headers) as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == "application/json"
        async with session.get(f"{sd.api_base}/users/@me") as resp:
            assert resp.status == 401
        url = f"{sd.api_base}/applications/{sd.application_id}/commands"
        async with session.put(url, json=bad_sync, headers=headers) as resp:
            body = await resp.json()
            assert resp.status == 400 and body["code"] == INVALID_FORM_BODY
            assert "0" in body["errors"]
    assert sd.commands == []
