"""Interaction callbacks and the interaction webhook (@original edits and followups).

Discord's rules enforced here: the first callback within the window (else 404 10062), one
callback per interaction (400 40060), callback types that fit the interaction, nothing on the
webhook before the callback (404 10015), and every message body within Discord's limits.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from . import checks
from .checks import ApiError, FormErrors
from .gateway import Gateway
from .records import EPHEMERAL, LOADING, Callback, Interaction, Message
from .rest import API, json_response, read_body
from .state import State, Upload

# Which callback types each interaction type accepts.
_ALLOWED = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


class InteractionRoutes:
    def __init__(self, state: State, gateway: Gateway) -> None:
        self.state = state
        self.gateway = gateway

    def register(self, app: web.Application) -> None:
        r = app.router
        r.add_post(f"{API}/interactions/{{interaction_id}}/{{token}}/callback", self.callback)
        hook = f"{API}/webhooks/{{app_id}}/{{token}}"
        r.add_post(hook, self.followup)
        r.add_get(hook + "/messages/{message_id}", self.get_message)
        r.add_patch(hook + "/messages/{message_id}", self.edit_message)
        r.add_delete(hook + "/messages/{message_id}", self.delete_message)

    # --- callback -----------------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        inter = self.state.interactions.get(_int(request.match_info["interaction_id"]))
        if inter is None or inter.token != request.match_info["token"]:
            raise ApiError(404, checks.UNKNOWN_INTERACTION, "Unknown interaction")
        body, uploads = await read_body(request)
        kind, data = body.get("type"), body.get("data") or {}
        elapsed = time.monotonic() - inter.sent_at
        try:
            if elapsed > self.state.interaction_timeout:
                raise ApiError(404, checks.UNKNOWN_INTERACTION, "Unknown interaction")
            if inter.response_type is not None:
                raise ApiError(
                    400, checks.ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged."
                )
            msg = self._apply(inter, kind, data, uploads)
        except ApiError as err:
            inter.callbacks.append(Callback(kind, elapsed, err.status, err.code, data))
            err.interaction = inter  # type: ignore[attr-defined]  # read by the middleware
            raise
        inter.callbacks.append(Callback(kind, elapsed, 200, None, data))
        self.state.changes.notify()
        if msg is not None and kind in (4, 5):
            await self.gateway.deliver_message("MESSAGE_CREATE", msg)
        elif msg is not None and kind == 7:
            await self.gateway.deliver_message("MESSAGE_UPDATE", msg)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        return json_response(self._callback_response(inter, kind, msg))

    def _apply(
        self, inter: Interaction, kind: Any, data: dict[str, Any], uploads: list[Upload]
    ) -> Message | None:
        """Validate the callback and apply it; return the message it created or updated."""
        allowed = set(_ALLOWED[inter.type])
        if inter.type == 5 and "message" not in inter.payload:
            allowed -= {6, 7}  # a modal opened from a slash command has no message to update
        if kind not in allowed:
            errors = FormErrors()
            errors.add(
                ("type",), "INTERACTION_CALLBACK_TYPE_INVALID", f"Invalid type {kind!r} here"
            )
            errors.raise_if_any()
        state = self.state
        channel_id = int(inter.payload["channel"]["id"])
        msg_type = 20 if inter.type == 2 else 0
        if kind == 4:
            msg = state.create_message(
                channel_id=channel_id,
                author=state.bot_user,
                body=data,
                uploads=uploads,
                source="interaction",
                interaction=inter,
                msg_type=msg_type,
                extra_flags=(data.get("flags") or 0) & EPHEMERAL,
            )
        elif kind == 5:
            msg = state.create_message(
                channel_id=channel_id,
                author=state.bot_user,
                body={"content": ""},
                source="interaction",
                interaction=inter,
                msg_type=msg_type,
                extra_flags=LOADING | ((data.get("flags") or 0) & EPHEMERAL),
                validate=False,
            )
        elif kind in (6, 7):
            msg = state.message(int(inter.payload["message"]["id"]))
            if kind == 7:
                state.edit_message(msg, data, uploads)
            inter.original_edits_at_callback = msg.edits
        elif kind == 8:
            checks.check_choices(data.get("choices"))
            inter.choices = list(data["choices"])
            return None
        else:  # 9: a modal
            checks.check_modal(data)
            inter.modal = data
            return None
        inter.original_id = msg.id
        return msg

    def _callback_response(self, inter: Interaction, kind: int, msg: Message | None) -> dict:
        info: dict[str, Any] = {"id": str(inter.id), "type": inter.type}
        resource: dict[str, Any] = {"type": kind}
        if msg is not None:
            info.update(
                response_message_id=str(msg.id),
                response_message_loading=msg.loading,
                response_message_ephemeral=msg.ephemeral,
            )
            if kind != 6:
                resource["message"] = msg.payload
        return {"interaction": info, "resource": resource}

    # --- webhook ------------------------------------------------------------------------------

    def _interaction(self, request: web.Request) -> Interaction:
        inter = self.state.interactions_by_token.get(request.match_info["token"])
        if _int(request.match_info["app_id"]) != self.state.application_id or inter is None:
            raise ApiError(404, checks.UNKNOWN_WEBHOOK, "Unknown Webhook")
        if inter.response_type in (None, 8):
            # The interaction webhook exists only once the interaction is acknowledged.
            err = ApiError(404, checks.UNKNOWN_WEBHOOK, "Unknown Webhook")
            err.interaction = inter  # type: ignore[attr-defined]
            raise err
        return inter

    def _target(self, request: web.Request, inter: Interaction) -> Message:
        key = request.match_info["message_id"]
        if key == "@original":
            message_id = inter.original_id
        else:
            message_id = _int(key)
            if message_id not in (inter.original_id, *inter.followup_ids):
                message_id = None
        if message_id is None:
            err = ApiError(404, checks.UNKNOWN_MESSAGE, "Unknown Message")
            err.interaction = inter  # type: ignore[attr-defined]
            raise err
        return self.state.message(message_id)

    async def followup(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        body, uploads = await read_body(request)
        state = self.state
        try:
            checks.check_message(body, n_files=len(uploads))
            original = inter.original
            if original is not None and original.loading and inter.response_type == 5:
                # Discord: the first followup after a "thinking" defer replaces that message.
                msg = state.edit_message(original, body, uploads)
                event = "MESSAGE_UPDATE"
            else:
                msg = state.create_message(
                    channel_id=int(inter.payload["channel"]["id"]),
                    author=state.bot_user,
                    body=body,
                    uploads=uploads,
                    source="followup",
                    interaction=inter,
                    extra_flags=(body.get("flags") or 0) & EPHEMERAL,
                )
                event = "MESSAGE_CREATE"
        except ApiError as err:
            err.interaction = inter  # type: ignore[attr-defined]
            raise
        inter.followup_ids.append(msg.id)
        state.changes.notify()
        await self.gateway.deliver_message(event, msg)
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(msg.payload)
        return web.Response(status=204)

    async def get_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        return json_response(self._target(request, inter).payload)

    async def edit_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        msg = self._target(request, inter)
        body, uploads = await read_body(request)
        try:
            self.state.edit_message(msg, body, uploads)
        except ApiError as err:
            err.interaction = inter  # type: ignore[attr-defined]
            raise
        await self.gateway.deliver_message("MESSAGE_UPDATE", msg)
        return json_response(msg.payload)

    async def delete_message(self, request: web.Request) -> web.Response:
        inter = self._interaction(request)
        msg = self._target(request, inter)
        self.state.delete_message(msg)
        await self.gateway.deliver_delete(msg)
        return web.Response(status=204)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None
