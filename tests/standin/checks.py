"""Discord's validation rules, as pure functions that raise `ApiError` the way Discord answers.

Message limits, command-sync schema, autocomplete choices, and who a message mentions.
Nothing here knows about HTTP or the gateway, so each rule is testable on its own.
"""

from __future__ import annotations

import re
from typing import Any

# Discord's JSON error codes used by the stand-in.
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
MISSING_ACCESS = 50001
CANNOT_EDIT_OTHERS_MESSAGE = 50005
EMPTY_MESSAGE = 50006
INVALID_FORM_BODY = 50035
ALREADY_ACKNOWLEDGED = 40060
ENTITY_TOO_LARGE = 40005

_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
_USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
_ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")
_EVERYONE_MENTION = re.compile(r"@(everyone|here)")

BUTTON = 2
SELECT_TYPES = {3, 5, 6, 7, 8}
LINK_STYLE = 5
PREMIUM_STYLE = 6


class ApiError(Exception):
    """An error response: HTTP status, Discord JSON code, message and nested field errors."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            data["errors"] = self.errors
        return data


class FormErrors:
    """Collects field errors into Discord's nested `{"a": {"0": {"b": {"_errors": []}}}}` shape."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def length_between(self, path: tuple[str | int, ...], value: Any, low: int, high: int) -> None:
        if value is None or not (low <= len(value) <= high):
            self.add(
                path,
                "BASE_TYPE_BAD_LENGTH",
                f"Must be between {low} and {high} in length.",
            )

    def raise_if_any(self) -> None:
        if self.tree:
            raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", self.tree)


# --- messages -------------------------------------------------------------------------------


def check_message(
    payload: dict[str, Any], *, n_files: int = 0, require_content: bool = True
) -> None:
    """Validate a message body (create, edit or interaction callback data).

    `require_content=False` skips the empty-message rule (edits check the merged result instead).
    """
    errors = FormErrors()
    errors.too_long(("content",), payload.get("content"), 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors.add(("embeds",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        total += _check_embed(errors, ("embeds", i), embed)
    if total > 6000:
        errors.add(
            ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    _check_components(errors, payload.get("components") or [], payload.get("flags") or 0)
    _check_allowed_mentions(errors, payload.get("allowed_mentions"))
    if n_files > 10:
        errors.add(("files",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    errors.raise_if_any()
    if require_content and is_empty(payload, n_files=n_files):
        raise ApiError(400, EMPTY_MESSAGE, "Cannot send an empty message")


def is_empty(message: dict[str, Any], *, n_files: int = 0) -> bool:
    return not (
        message.get("content")
        or message.get("embeds")
        or message.get("components")
        or message.get("attachments")
        or message.get("sticker_ids")
        or message.get("poll")
        or n_files
    )


def _check_embed(errors: FormErrors, path: tuple[str | int, ...], embed: dict[str, Any]) -> int:
    """Check one embed; return its character count toward the 6000 total."""
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    errors.too_long((*path, "title"), title, 256)
    errors.too_long((*path, "description"), description, 4096)
    total = len(title) + len(description)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        errors.add((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for j, fld in enumerate(fields):
        name, value = fld.get("name"), fld.get("value")
        for key, text, limit in (("name", name, 256), ("value", value, 1024)):
            if not text:
                errors.add(
                    (*path, "fields", j, key), "BASE_TYPE_REQUIRED", "This field is required"
                )
            else:
                errors.too_long((*path, "fields", j, key), text, limit)
        total += len(name or "") + len(value or "")
    footer = embed.get("footer")
    if footer is not None:
        text = footer.get("text")
        if not text:
            errors.add((*path, "footer", "text"), "BASE_TYPE_REQUIRED", "This field is required")
        errors.too_long((*path, "footer", "text"), text, 2048)
        total += len(text or "")
    author = embed.get("author")
    if author is not None:
        name = author.get("name")
        if not name:
            errors.add((*path, "author", "name"), "BASE_TYPE_REQUIRED", "This field is required")
        errors.too_long((*path, "author", "name"), name, 256)
        total += len(name or "")
    return total


def _check_components(errors: FormErrors, rows: list[dict[str, Any]], flags: int) -> None:
    if flags & (1 << 15):  # IS_COMPONENTS_V2: a different layout system, only count it
        if len(rows) > 40:
            errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.")
        return
    if len(rows) > 5:
        errors.add(("components",), "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for i, row in enumerate(rows):
        path: tuple[str | int, ...] = ("components", i)
        if row.get("type") != 1:
            errors.add((*path, "type"), "UNION_TYPE_CHOICES", "Top-level components must be rows")
            continue
        children = row.get("components") or []
        if not 1 <= len(children) <= 5:
            errors.length_between((*path, "components"), children, 1, 5)
        if any(c.get("type") in SELECT_TYPES for c in children) and len(children) > 1:
            errors.add(
                (*path, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        for j, child in enumerate(children):
            _check_child(errors, (*path, "components", j), child, seen)


def _check_child(
    errors: FormErrors, path: tuple[str | int, ...], child: dict[str, Any], seen: set[str]
) -> None:
    custom_id = child.get("custom_id")
    if custom_id is not None:
        errors.length_between((*path, "custom_id"), custom_id, 1, 100)
        if custom_id in seen:
            errors.add(
                (*path, "custom_id"),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            )
        seen.add(custom_id)
    if child.get("type") == BUTTON:
        errors.too_long((*path, "label"), child.get("label"), 80)
        style = child.get("style")
        if style == LINK_STYLE:
            if not child.get("url") or custom_id is not None:
                errors.add(
                    (*path, "url"), "BUTTON_COMPONENT_INVALID", "Link buttons need a url only"
                )
        elif style != PREMIUM_STYLE and custom_id is None:
            errors.add((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
        if style != PREMIUM_STYLE and not child.get("label") and not child.get("emoji"):
            errors.add((*path, "label"), "BASE_TYPE_REQUIRED", "A button needs a label or emoji")
    elif child.get("type") in SELECT_TYPES:
        errors.too_long((*path, "placeholder"), child.get("placeholder"), 150)
        if child.get("type") == 3:
            options = child.get("options") or []
            errors.length_between((*path, "options"), options, 1, 25)
            for k, option in enumerate(options):
                for key in ("label", "value"):
                    errors.length_between((*path, "options", k, key), option.get(key), 1, 100)
                errors.too_long(
                    (*path, "options", k, "description"), option.get("description"), 100
                )
    else:
        errors.add((*path, "type"), "UNION_TYPE_CHOICES", "Unsupported component in an action row")


def _check_allowed_mentions(errors: FormErrors, allowed: dict[str, Any] | None) -> None:
    if not allowed:
        return
    parse = allowed.get("parse") or []
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            errors.add(
                ("allowed_mentions",),
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
            )
        if len(allowed.get(kind) or []) > 100:
            errors.too_long(("allowed_mentions", kind), allowed.get(kind), 100)


# --- mentions -------------------------------------------------------------------------------


def compute_mentions(
    content: str,
    allowed: dict[str, Any] | None,
    *,
    known_users: set[int],
    known_roles: set[int],
    replied_user: int | None = None,
) -> tuple[list[int], list[int], bool]:
    """(user ids, role ids, everyone) that Discord would mention for this content.

    Worst case on purpose: every role counts as mentionable and the author as allowed to
    mention @everyone, and a backslash before @everyone does not defuse it. Only
    `allowed_mentions` (or no mention syntax in the text) keeps a message from pinging.
    """
    parse = ["users", "roles", "everyone"] if allowed is None else allowed.get("parse") or []
    users_ok = {int(u) for u in (allowed or {}).get("users") or []}
    roles_ok = {int(r) for r in (allowed or {}).get("roles") or []}
    users = []
    for uid in (int(m) for m in _USER_MENTION.findall(content or "")):
        if uid in known_users and ("users" in parse or uid in users_ok) and uid not in users:
            users.append(uid)
    reply_ping = True if allowed is None else bool(allowed.get("replied_user"))
    if replied_user is not None and reply_ping and replied_user not in users:
        users.append(replied_user)
    roles = []
    for rid in (int(m) for m in _ROLE_MENTION.findall(content or "")):
        if rid in known_roles and ("roles" in parse or rid in roles_ok) and rid not in roles:
            roles.append(rid)
    everyone = "everyone" in parse and bool(_EVERYONE_MENTION.search(content or ""))
    return users, roles, everyone


# --- application commands -------------------------------------------------------------------


def check_commands(commands: list[dict[str, Any]]) -> None:
    """The schema basics Discord enforces on a bulk command overwrite."""
    errors = FormErrors()
    if len(commands) > 100 + 15:
        errors.add((), "BASE_TYPE_MAX_LENGTH", "Must be 115 or fewer in length.")
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        name = command.get("name") or ""
        if kind == 1:
            _check_name(errors, (i, "name"), name)
            errors.length_between((i, "description"), command.get("description"), 1, 100)
            _check_options(errors, (i,), command.get("options") or [], depth=0)
        else:  # user / message context menus: free-form names, no description
            errors.length_between((i, "name"), name, 1, 32)
            if command.get("description"):
                errors.add((i, "description"), "BASE_TYPE_MAX_LENGTH", "Must be 0 in length.")
        if (kind, name) in seen:
            errors.add(
                (i, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique ({name})",
            )
        seen.add((kind, name))
    errors.raise_if_any()


def _check_name(errors: FormErrors, path: tuple[str | int, ...], name: str) -> None:
    if not _NAME_RE.match(name or "") or name.lower() != name:
        errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid ({name!r})")


def _check_options(
    errors: FormErrors, path: tuple[str | int, ...], options: list[dict[str, Any]], depth: int
) -> None:
    if len(options) > 25:
        errors.add((*path, "options"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    kinds = {o.get("type") for o in options}
    if kinds & {1, 2} and kinds - {1, 2}:
        errors.add(
            (*path, "options"),
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-commands and groups cannot be mixed with other options",
        )
    optional_seen = False
    names: set[str] = set()
    for j, option in enumerate(options):
        here = (*path, "options", j)
        kind = option.get("type")
        _check_name(errors, (*here, "name"), option.get("name") or "")
        errors.length_between((*here, "description"), option.get("description"), 1, 100)
        if option.get("name") in names:
            errors.add(
                (*here, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Duplicate"
            )
        names.add(option.get("name") or "")
        if kind not in range(1, 12):
            errors.add((*here, "type"), "BASE_TYPE_CHOICES", f"Value {kind!r} is not a valid type")
        if kind in (1, 2):
            allowed_depth = 0 if kind == 2 else 1
            if depth > allowed_depth:
                errors.add((*here, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Too deep")
            _check_options(errors, here, option.get("options") or [], depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                errors.add(
                    (*here, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        _check_option_choices(errors, here, option)


def _check_option_choices(
    errors: FormErrors, here: tuple[str | int, ...], option: dict[str, Any]
) -> None:
    choices = option.get("choices") or []
    if choices and option.get("autocomplete"):
        errors.add(
            (*here, "autocomplete"),
            "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE_EXCLUSIVE",
            "Autocomplete cannot be set on an option with choices",
        )
    if option.get("autocomplete") and option.get("type") not in (3, 4, 10):
        errors.add((*here, "autocomplete"), "BASE_TYPE_CHOICES", "Autocomplete needs str/int/float")
    if len(choices) > 25:
        errors.add((*here, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for k, choice in enumerate(choices):
        errors.length_between((*here, "choices", k, "name"), choice.get("name"), 1, 100)
        if option.get("type") == 3:
            errors.length_between((*here, "choices", k, "value"), str(choice.get("value")), 1, 100)


def check_choices(choices: Any) -> None:
    """An autocomplete answer: at most 25 choices, names 1–100, string values up to 100."""
    errors = FormErrors()
    if not isinstance(choices, list):
        errors.add(("choices",), "BASE_TYPE_REQUIRED", "This field is required")
        errors.raise_if_any()
    if len(choices) > 25:
        errors.add(("choices",), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for k, choice in enumerate(choices):
        errors.length_between(("choices", k, "name"), choice.get("name"), 1, 100)
        value = choice.get("value")
        if isinstance(value, str):
            errors.too_long(("choices", k, "value"), value, 100)
        elif not isinstance(value, int | float):
            errors.add(("choices", k, "value"), "BASE_TYPE_REQUIRED", "This field is required")
    errors.raise_if_any()


def check_modal(data: dict[str, Any]) -> None:
    errors = FormErrors()
    errors.length_between(("data", "custom_id"), data.get("custom_id"), 1, 100)
    errors.length_between(("data", "title"), data.get("title"), 1, 45)
    errors.length_between(("data", "components"), data.get("components") or [], 1, 5)
    errors.raise_if_any()
