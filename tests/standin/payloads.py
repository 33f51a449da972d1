"""INTERACTION_CREATE payloads as Discord builds them when a user runs a command or clicks.

Option values are checked against the synced schema the way Discord's client does (a user
cannot pick a choice that does not exist or skip a required option), so a test that asks for
something impossible fails loudly instead of testing a situation that cannot happen.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from .records import Interaction
from .state import State
from .world import Channel, Guild, Role, User, snowflake

ATTACHMENT_LIMIT = 10 * 1024 * 1024
AttachmentSpec = tuple[str, bytes] | tuple[str, bytes, str]


def descend(command: dict[str, Any], subcommand: str | None) -> tuple[list[dict], list[str]]:
    """The option schema of the (sub)command to run, and the path of subcommand names."""
    schema: list[dict[str, Any]] = command.get("options") or []
    path = subcommand.split() if subcommand else []
    for name in path:
        match = next((o for o in schema if o["name"] == name and o["type"] in (1, 2)), None)
        if match is None:
            raise LookupError(f"/{command['name']} has no subcommand {name!r}")
        schema = match.get("options") or []
    if any(o["type"] in (1, 2) for o in schema):
        names = [o["name"] for o in schema]
        raise LookupError(f"/{command['name']}: pick a subcommand with subcommand=...: {names}")
    return schema, path


def nest(path: list[str], schema_root: list[dict], options: list[dict]) -> list[dict]:
    """Wrap leaf options in their subcommand / group option objects."""
    for depth in range(len(path) - 1, -1, -1):
        level = schema_root
        for name in path[:depth]:
            level = next(o for o in level if o["name"] == name).get("options") or []
        kind = next(o for o in level if o["name"] == path[depth])["type"]
        options = [{"name": path[depth], "type": kind, "options": options}]
    return options


class OptionBuilder:
    """Turns `{"name": value}` into option objects plus `data.resolved`."""

    def __init__(self, state: State, guild: Guild | None) -> None:
        self.state = state
        self.guild = guild
        self.resolved: dict[str, dict[str, Any]] = {}

    def build(
        self,
        schema: list[dict[str, Any]],
        values: Mapping[str, Any],
        *,
        focused: str | None = None,
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema}
        unknown = set(values) - set(by_name)
        if unknown:
            raise ValueError(
                f"unknown option(s) {sorted(unknown)}; the command has {list(by_name)}"
            )
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if [m for m in missing if m != focused]:
            raise ValueError(f"required option(s) missing: {missing}")
        out = []
        for name, value in values.items():
            option = by_name[name]
            if name == focused:
                out.append(
                    {"name": name, "type": option["type"], "value": str(value), "focused": True}
                )
            else:
                out.append(
                    {"name": name, "type": option["type"], "value": self.value(option, value)}
                )
        return out

    def value(self, option: dict[str, Any], value: Any) -> Any:
        kind = option["type"]
        if kind in (3, 4, 10):
            value = {3: str, 4: int, 10: float}[kind](value)
            _check_range(option, value)
            return value
        if kind == 5:
            return bool(value)
        if kind == 6:
            return self._user(value)
        if kind == 7:
            return self._channel(value)
        if kind == 8:
            return self._role(value)
        if kind == 9:
            if isinstance(value, Role) or (isinstance(value, int) and self._is_role(value)):
                return self._role(value)
            return self._user(value)
        if kind == 11:
            return self._attachment(value)
        raise ValueError(f"option type {kind} is not supported by the stand-in")

    def _add(self, kind: str, key: str, payload: dict[str, Any]) -> None:
        self.resolved.setdefault(kind, {})[key] = payload

    def _user(self, value: Any) -> str:
        user = self.state.user(value)
        self._add("users", str(user.id), user.payload())
        member = self.guild.member(user.id) if self.guild else None
        if member is not None:
            data = {k: v for k, v in member.payload().items() if k != "user"}
            data["permissions"] = str(self.guild.permissions_of(user.id))  # type: ignore[union-attr]
            self._add("members", str(user.id), data)
        return str(user.id)

    def _is_role(self, value: int) -> bool:
        return self.guild is not None and any(r.id == value for r in self.guild.roles)

    def _role(self, value: Any) -> str:
        if self.guild is None:
            raise ValueError("role options need a guild")
        role = value if isinstance(value, Role) else self.guild.role(value)
        self._add("roles", str(role.id), role.payload())
        return str(role.id)

    def _channel(self, value: Any) -> str:
        if self.guild is None:
            raise ValueError("channel options need a guild")
        channel = value if isinstance(value, Channel) else self.guild.channel(value)
        data = {
            **channel.payload(self.guild.id),
            "permissions": str(self.guild.everyone.permissions),
        }
        self._add("channels", str(channel.id), data)
        return str(channel.id)

    def _attachment(self, value: Any) -> str:
        if isinstance(value, bytes):
            value = ("file.bin", value)
        if not isinstance(value, tuple) or len(value) not in (2, 3):
            raise ValueError("attachment options take (filename, bytes[, content_type])")
        attachment = self.state.add_file(*value)
        self._add("attachments", attachment["id"], attachment)
        return attachment["id"]


def _check_range(option: dict[str, Any], value: Any) -> None:
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"{value!r} is not a choice of {option['name']}: {choices}")
    low, high = option.get("min_value"), option.get("max_value")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{option['name']}={value!r} is outside {low}..{high}")
    if isinstance(value, str):
        low, high = option.get("min_length"), option.get("max_length")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            raise ValueError(f"{option['name']} length {len(value)} is outside {low}..{high}")


def new_interaction(
    state: State,
    *,
    kind: int,
    data: dict[str, Any],
    user: User,
    guild: Guild | None,
    channel_id: int,
    member_permissions: int | None = None,
    roles: list[Any] | None = None,
    message: dict[str, Any] | None = None,
    locale: str = "en-US",
) -> Interaction:
    """Build and register an interaction (not yet sent)."""
    interaction_id = snowflake()
    token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(state.application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "data": data,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_LIMIT,
    }
    if guild is not None:
        member = guild.member(user.id)
        if member is None:
            raise ValueError(f"{user.username} is not a member of {guild.name}")
        role_ids = None if roles is None else [_role_id(guild, r) for r in roles]
        perms = guild.permissions_of(user.id, role_ids)
        member_payload = member.payload(
            permissions=perms if member_permissions is None else member_permissions
        )
        if role_ids is not None:
            member_payload["roles"] = [str(r) for r in role_ids]
        channel, _ = state.channel(channel_id)
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            channel_id=str(channel_id),
            channel={**channel.payload(guild.id), "permissions": str(perms)},
            member=member_payload,
            app_permissions=str(guild.permissions_of(state.bot_user.id)),
            authorizing_integration_owners={"0": str(guild.id)},
            context=0,
        )
    else:
        payload.update(
            channel_id=str(channel_id),
            channel={"id": str(channel_id), "type": 1, "recipients": [user.payload()], "flags": 0},
            user=user.payload(),
            app_permissions=str(0),
            authorizing_integration_owners={"0": "0"},
            context=1,
        )
    if message is not None:
        payload["message"] = message
    inter = Interaction(
        id=interaction_id,
        token=token,
        type=kind,
        payload=payload,
        _changes=state.changes,
        _messages=state.messages,
    )
    state.interactions[interaction_id] = inter
    state.interactions_by_token[token] = inter
    return inter


def modal_submission(modal: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The data of a modal submit (type 5), mirroring the modal's rows and labels."""

    def answer(item: dict[str, Any]) -> dict[str, Any] | None:
        key = item.get("custom_id")
        if key is None:
            return None  # text displays and the like carry nothing back
        given = values.get(key)
        if item.get("required", True) and not given:
            raise ValueError(f"modal field {key!r} is required")
        if item.get("type") == 4:
            return {"type": 4, "custom_id": key, "value": given or ""}
        return {"type": item["type"], "custom_id": key, "values": list(given or [])}

    unknown = set(values)
    components = []
    for row in modal.get("components") or []:
        if row.get("type") == 18:
            leaf = answer(row["component"])
            unknown.discard(row["component"].get("custom_id"))
            if leaf is not None:
                components.append({"type": 18, "component": leaf})
        elif row.get("type") == 1:
            leaves = [answer(item) for item in row.get("components") or []]
            unknown -= {item.get("custom_id") for item in row.get("components") or []}
            components.append({"type": 1, "components": [x for x in leaves if x is not None]})
    if unknown:
        raise ValueError(f"the modal has no field(s) {sorted(unknown)}")
    return {"custom_id": modal["custom_id"], "components": components}


def _role_id(guild: Guild, role: Any) -> int:
    return role.id if isinstance(role, Role) else guild.role(role).id
