"""Fixtures for the notification tests: throw-away event types and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from wijkhulp.registry import events as registry


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> dict[str, registry.EventType]:
    """Three event types, one per default mode; removed again after the test."""
    made = {}
    for key, mode in (("test_now", "immediate"), ("test_daily", "digest"), ("test_quiet", "off")):
        monkeypatch.setitem(registry.EVENTS._entries, key, registry.EventType(key, f"Label {key}", "", mode))
        made[key] = registry.EVENTS.get(key)
    return made


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RecordingHandler:
    """Keeps every mail the server accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.original_content or e.content, policy=policy.default)  # type: ignore[misc]
                for e in self.envelopes]


class SMTPServer:
    """An aiosmtpd server on 127.0.0.1 that can be started (again) on a fixed port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = RecordingHandler()
        self.controller: Controller | None = None
        self.options: dict[str, Any] = {}  # aiosmtpd.smtp.SMTP keyword arguments

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_port_not_yet_listening() -> Iterator[SMTPServer]:
    """A free port with nothing listening; call .start() to bring the server up there."""
    server = SMTPServer(free_port())
    yield server
    server.stop()
