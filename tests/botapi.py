"""FakeBotAPI: a Bot API stand-in on 127.0.0.1 that the real python-telegram-bot talks to.

It answers the methods claimwatch uses (getMe, getUpdates with long polling and offsets,
sendMessage, sendPhoto, sendDocument (files kept, bytes and all), setMyCommands,
answerCallbackQuery, editMessageText, getChatMember, getChatAdministrators, deleteWebhook),
records every call, and can misbehave on demand: a chat
that blocked the bot (403), flood control (429 with retry_after), a refused message (400),
being down (502), a messages-per-second limit it enforces with 429s, refusing any token but
the one it was told (401), and a delay between taking a message and answering (the window in
which a killed client cannot know it was sent).

    with FakeBotAPI() as api:
        app = build_application(TOKEN, db_path, config, base_url=api.base_url)
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

TOKEN = "123456:TEST-token"
BOT_ID = 123456


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class Behaviour:
    forbidden: set[int] = field(default_factory=set)  # chats that blocked the bot
    bad_request: dict[int, str] = field(default_factory=dict)  # chat → description
    flood: int = 0  # the next N sends answer 429
    retry_after: int = 1
    down: bool = False  # every call answers 502
    per_second: float | None = None  # enforce a send rate: 429 beyond it
    admins: dict[int, set[int]] = field(default_factory=dict)  # chat → admin user ids
    token: str | None = None  # when set, any other token is refused (401), as Telegram does
    answer_delay: float = 0.0  # seconds between taking a message (it counts as sent) and answering


def _value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class FakeBotAPI:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.behaviour = Behaviour()
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 1
        self._lock = threading.Condition()
        self._sent_times: list[float] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                params = api._params(self.headers.get("content-type", ""), body)
                token, _, method = self.path.removeprefix("/bot").rpartition("/")
                if api.behaviour.token is not None and token != api.behaviour.token:
                    status, payload = api._error(401, "Unauthorized")
                else:
                    status, payload = api._answer(method, params)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client hung up a long poll
                    pass

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ── lifecycle ──

    def __enter__(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._lock.notify_all()
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    # ── what tests look at ──

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and (chat_id is None or c.params.get("chat_id") == chat_id)
                and "error" not in c.params
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.sent(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} calls, got {len(self.sent(method))}")

    # ── updates ──

    def push(self, update: dict[str, Any]) -> int:
        with self._lock:
            update = {"update_id": self._next_update, **update}
            self._next_update += 1
            self._updates.append(update)
            self._lock.notify_all()
            return int(update["update_id"])

    # ── the API ──

    def _params(self, content_type: str, body: bytes) -> dict[str, Any]:
        if content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
            parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
            params: dict[str, Any] = {}
            for part in parsed.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                if part.get_filename():
                    params[str(name)] = {"file": part.get_filename(), "bytes": len(payload), "content": payload}
                else:
                    params[str(name)] = _value(payload.decode())
            return params
        if content_type.startswith("application/json"):
            return json.loads(body or b"{}")
        return {k: _value(v) for k, v in parse_qsl(body.decode(), keep_blank_values=True)}

    def _error(self, code: int, description: str, **extra: Any) -> tuple[int, dict[str, Any]]:
        return code, {"ok": False, "error_code": code, "description": description, **extra}

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        b = self.behaviour
        if b.down:
            with self._lock:
                self.calls.append(Call(method, {**params, "error": 502}, time.monotonic()))
            return self._error(502, "Bad Gateway")
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._lock:
            if method in ("sendMessage", "sendPhoto", "sendDocument"):
                chat = params.get("chat_id")
                now = time.monotonic()
                failure: tuple[int, dict[str, Any]] | None = None
                if chat in b.forbidden:
                    failure = self._error(403, "Forbidden: bot was blocked by the user")
                elif chat in b.bad_request:
                    failure = self._error(400, f"Bad Request: {b.bad_request[chat]}")
                elif b.flood > 0:
                    b.flood -= 1
                    failure = self._error(429, f"Too Many Requests: retry after {b.retry_after}",
                                          parameters={"retry_after": b.retry_after})  # fmt: skip
                elif b.per_second is not None:
                    recent = [t for t in self._sent_times if now - t < 1.0]
                    if len(recent) >= b.per_second:
                        failure = self._error(429, "Too Many Requests: retry after 1", parameters={"retry_after": 1})
                    self._sent_times = recent
                if failure is not None:
                    self.calls.append(Call(method, {**params, "error": failure[0]}, now))
                    return failure
                self._sent_times.append(now)
            self.calls.append(Call(method, params, time.monotonic()))
            self._lock.notify_all()
            result = self._result(method, params)
        if b.answer_delay and method in ("sendMessage", "sendPhoto"):
            time.sleep(b.answer_delay)  # taken, not yet answered: a client killed now never hears of it
        return 200, {"ok": True, "result": result}

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "claimwatch", "username": "claimwatch_test_bot",
                    "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}  # fmt: skip
        if method in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText"):
            number = self._next_message
            self._next_message += 1
            message: dict[str, Any] = {
                "message_id": number,
                "date": int(time.time()),
                "chat": {"id": params.get("chat_id"), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "claimwatch"},
            }
            if "text" in params:
                message["text"] = str(params["text"])
            if params.get("message_thread_id"):
                message["message_thread_id"] = params["message_thread_id"]
            return message
        if method == "getChatMember":
            chat, user = params.get("chat_id"), params.get("user_id")
            is_admin = user in self.behaviour.admins.get(int(chat or 0), set())
            member: dict[str, Any] = {"status": "administrator" if is_admin else "member",
                                      "user": {"id": user, "is_bot": False, "first_name": "U"}}  # fmt: skip
            if is_admin:
                member.update({k: True for k in (
                    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                    "can_post_stories", "can_edit_stories", "can_delete_stories")})  # fmt: skip
                member["can_be_edited"] = False
            return member
        if method == "getChatAdministrators":
            return []
        return True  # setMyCommands, answerCallbackQuery, deleteWebhook, …

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 5.0)
        with self._lock:
            self.calls.append(Call("getUpdates", params, time.monotonic()))
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(max(0.0, deadline - time.monotonic()))
            return list(self._updates)


ANONYMOUS_ADMIN = 1087968824  # the user Telegram puts in `from` when a group admin writes anonymously


def command(text: str, *, chat_id: int = 1001, user_id: int = 1001, chat_type: str = "private",
            thread_id: int | None = None, title: str | None = None, anonymous: bool = False) -> dict[str, Any]:  # fmt: skip
    """An update carrying a command message, as Telegram would send it (`anonymous`: written by
    a group admin as the group, which Telegram marks with `sender_chat`)."""
    word = text.split()[0]
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Analyst"
    else:
        chat["title"] = title or "Desk"
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 1_000_000,
        "date": int(time.time()),
        "chat": chat,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(word)}],
    }
    if chat_type == "channel":
        return {"channel_post": message}
    message["from"] = {"id": user_id, "is_bot": False, "first_name": "Analyst"}
    if anonymous:
        message["from"] = {
            "id": ANONYMOUS_ADMIN,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }
        message["sender_chat"] = dict(chat)
    if thread_id is not None:
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
        chat["is_forum"] = True
    return {"message": message}


def callback(data: str, *, chat_id: int = 1001, user_id: int = 1001, chat_type: str = "private") -> dict[str, Any]:
    """A press of an inline button under a message the bot sent."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    chat.update({"first_name": "Analyst"} if chat_type == "private" else {"title": "Desk"})
    return {
        "callback_query": {
            "id": str(time.time_ns()),
            "from": {"id": user_id, "is_bot": False, "first_name": "Analyst"},
            "chat_instance": "ci",
            "data": data,
            "message": {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "alert"},
        }
    }


@pytest.fixture
def bot_api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api
