"""What users do in the stand-in: run slash commands, autocomplete, click, submit modals,
send DMs and channel messages. Mixed into `StandinDiscord`."""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping, Sequence
from typing import Any

from .checks import ApiError
from .gateway import Gateway
from .payloads import (
    AttachmentSpec,
    OptionBuilder,
    descend,
    modal_submission,
    nest,
    new_interaction,
)
from .records import Interaction, Message
from .state import State, Upload
from .world import Channel, Guild, Role, User

UserRef = User | int | str | None
ChannelRef = Channel | int | str | None


class UserActions:
    """The user side of Discord. Every method sends what Discord would send the bot."""

    state: State
    gateway: Gateway

    @property
    def member(self) -> User:
        return self.state.user("member")

    def _user(self, user: UserRef) -> User:
        return self.member if user is None else self.state.user(user)

    def _guild_or_none(self, guild: bool | Guild | int) -> Guild | None:
        if guild is False:
            return None
        return self.state.guild(None if guild is True else guild)

    def _channel_id(self, channel: ChannelRef, guild: Guild | None, user: User) -> int:
        if guild is None:
            return self.state.dm_channel(user)
        if channel is None:
            return guild.text_channels()[0].id
        return channel.id if isinstance(channel, Channel) else guild.channel(channel).id

    async def _send(self, inter: Interaction) -> Interaction:
        if self.gateway.session is None:
            raise RuntimeError("stand-in Discord: no bot has identified yet")
        inter.sent_at = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", inter.payload)
        return inter

    def _command(self, name: str, guild: Guild | None) -> dict[str, Any]:
        command = self.state.find_command(name, guild.id if guild else None)
        if guild is None:
            contexts = command.get("contexts")
            if command.get("dm_permission") is False or (
                contexts is not None and 1 not in contexts
            ):
                raise ValueError(f"/{name} is not available in DMs (guild only)")
        return command

    async def slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: UserRef = None,
        guild: bool | Guild | int = True,
        channel: ChannelRef = None,
        subcommand: str | None = None,
        member_permissions: int | None = None,
        roles: Sequence[Role | int | str] | None = None,
        attachments: Mapping[str, AttachmentSpec] | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """A user runs `/name` (in the first guild, or in a DM with `guild=False`)."""
        who = self._user(user)
        where = self._guild_or_none(guild)
        command = self._command(name, where)
        schema, path = descend(command, subcommand)
        builder = OptionBuilder(self.state, where)
        values = {**(options or {}), **(attachments or {})}
        data: dict[str, Any] = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": nest(path, command.get("options") or [], builder.build(schema, values)),
        }
        if builder.resolved:
            data["resolved"] = builder.resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        inter = new_interaction(
            self.state,
            kind=2,
            data=data,
            user=who,
            guild=where,
            channel_id=self._channel_id(channel, where, who),
            member_permissions=member_permissions,
            roles=list(roles) if roles is not None else None,
            locale=locale,
        )
        return await self._send(inter)

    async def autocomplete(
        self,
        name: str,
        option: str,
        partial: str,
        *,
        options: Mapping[str, Any] | None = None,
        user: UserRef = None,
        guild: bool | Guild | int = True,
        channel: ChannelRef = None,
        subcommand: str | None = None,
        timeout: float = 3.0,
    ) -> list[dict[str, Any]]:
        """A user types `partial` into an autocomplete option; the choices the bot offers."""
        who = self._user(user)
        where = self._guild_or_none(guild)
        command = self._command(name, where)
        schema, path = descend(command, subcommand)
        target = next((o for o in schema if o["name"] == option), None)
        if target is None or not target.get("autocomplete"):
            raise ValueError(f"/{name} has no autocomplete option {option!r}")
        builder = OptionBuilder(self.state, where)
        values = {**(options or {}), option: partial}
        built = builder.build(schema, values, focused=option)
        data: dict[str, Any] = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": nest(path, command.get("options") or [], built),
        }
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        inter = new_interaction(
            self.state,
            kind=4,
            data=data,
            user=who,
            guild=where,
            channel_id=self._channel_id(channel, where, who),
        )
        await self._send(inter)
        await self.state.changes.wait_for(
            lambda: inter.response_type is not None or inter.errors,
            timeout,
            f"autocomplete choices for /{name} {option}",
        )
        if inter.choices is None:
            raise AssertionError(f"autocomplete for /{name} failed: {inter._describe_errors()}")
        return inter.choices

    def _component(self, message: Message | int, custom_id: str) -> tuple[Message, dict]:
        msg = message if isinstance(message, Message) else self.state.message(message)
        msg = self.state.message(msg.id)  # refuses deleted messages
        for row in msg.components:
            for component in row.get("components") or []:
                if component.get("custom_id") == custom_id:
                    if component.get("disabled"):
                        raise ValueError(f"component {custom_id!r} is disabled")
                    return msg, component
        ids = [c.get("custom_id") for row in msg.components for c in row.get("components") or []]
        raise ValueError(f"message {msg.id} has no component {custom_id!r}; it has {ids}")

    async def _component_interaction(
        self,
        msg: Message,
        data: dict[str, Any],
        user: UserRef,
        member_permissions: int | None,
        roles: Sequence[Role | int | str] | None,
    ) -> Interaction:
        who = self._user(user)
        if msg.ephemeral and msg.interaction_id is not None:
            owner = self.state.interactions[msg.interaction_id].user_id
            if owner != who.id:
                raise ValueError("only the user who ran the command can see this ephemeral message")
        guild = self.state.guild(msg.guild_id) if msg.guild_id else None
        inter = new_interaction(
            self.state,
            kind=3,
            data=data,
            user=who,
            guild=guild,
            channel_id=msg.channel_id,
            member_permissions=member_permissions,
            roles=list(roles) if roles is not None else None,
            message=copy.deepcopy(msg.payload),
        )
        return await self._send(inter)

    async def click(
        self,
        message: Message | int,
        custom_id: str,
        *,
        user: UserRef = None,
        member_permissions: int | None = None,
        roles: Sequence[Role | int | str] | None = None,
    ) -> Interaction:
        """A user clicks the button `custom_id` on `message` (a Message or its id)."""
        msg, component = self._component(message, custom_id)
        if component.get("type") != 2 or component.get("style") == 5:
            raise ValueError(f"{custom_id!r} is not a clickable button; use select() for menus")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component_interaction(msg, data, user, member_permissions, roles)

    async def select(
        self,
        message: Message | int,
        custom_id: str,
        values: Sequence[str],
        *,
        user: UserRef = None,
    ) -> Interaction:
        """A user picks `values` in the select menu `custom_id`."""
        msg, component = self._component(message, custom_id)
        if component.get("type") == 2:
            raise ValueError(f"{custom_id!r} is a button; use click()")
        low, high = component.get("min_values", 1), component.get("max_values", 1)
        if not low <= len(values) <= high:
            raise ValueError(f"pick between {low} and {high} values")
        if component.get("type") == 3:
            offered = {o["value"] for o in component.get("options") or []}
            if not set(values) <= offered:
                raise ValueError(f"{sorted(set(values) - offered)} not among the options")
        data = {"custom_id": custom_id, "component_type": component["type"], "values": list(values)}
        return await self._component_interaction(msg, data, user, None, None)

    async def submit_modal(
        self, opened_by: Interaction, values: Mapping[str, Any], *, user: UserRef = None
    ) -> Interaction:
        """Submit the modal the bot opened in answer to `opened_by`.

        `values` maps each input's custom_id to its text (or, for a select in a label, a list).
        """
        if opened_by.modal is None:
            raise ValueError(f"interaction {opened_by.id} did not open a modal")
        data = modal_submission(opened_by.modal, values)
        who = self._user(user) if user is not None else self.state.user(opened_by.user_id)
        payload = opened_by.payload
        guild = self.state.guild(int(payload["guild_id"])) if payload.get("guild_id") else None
        inter = new_interaction(
            self.state,
            kind=5,
            data=data,
            user=who,
            guild=guild,
            channel_id=int(payload["channel"]["id"]),
            message=payload.get("message"),
        )
        return await self._send(inter)

    def _user_message(
        self,
        author: User,
        channel_id: int,
        content: str,
        attachments: Sequence[AttachmentSpec],
        reply_to: Message | None,
    ) -> Message:
        uploads = [
            Upload(i, spec[0], spec[1], spec[2] if len(spec) > 2 else None)  # type: ignore[misc]
            for i, spec in enumerate(attachments)
        ]
        body: dict[str, Any] = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to.id)}
        try:
            return self.state.create_message(
                channel_id=channel_id,
                author=author,
                body=body,
                uploads=uploads,
                source="user",
                msg_type=19 if reply_to else 0,
            )
        except ApiError as err:
            raise ValueError(f"Discord would not let a user send this: {err}") from None

    async def dm(
        self,
        user: UserRef,
        content: str,
        *,
        attachments: Sequence[AttachmentSpec] = (),
        reply_to: Message | None = None,
    ) -> Message:
        """`user` sends the bot a direct message. `.delivered` says whether the bot got it."""
        who = self._user(user)
        msg = self._user_message(who, self.state.dm_channel(who), content, attachments, reply_to)
        msg.delivered = await self.gateway.deliver_message("MESSAGE_CREATE", msg)
        return msg

    async def channel_message(
        self,
        user: UserRef,
        channel: ChannelRef = None,
        content: str = "",
        *,
        guild: Guild | int | None = None,
        attachments: Sequence[AttachmentSpec] = (),
        reply_to: Message | None = None,
    ) -> Message:
        """`user` posts in a guild text channel (default: the first guild's first channel)."""
        who = self._user(user)
        where = self.state.guild(guild)
        if where.member(who.id) is None:
            raise ValueError(f"{who.username} is not a member of {where.name}")
        channel_id = self._channel_id(channel, where, who)
        msg = self._user_message(who, channel_id, content, attachments, reply_to)
        msg.delivered = await self.gateway.deliver_message("MESSAGE_CREATE", msg)
        return msg
