"""Reading captured mail in tests."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

_LINK = re.compile(r"https?://[^\s]+")


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    return part.get_content()  # type: ignore[union-attr]


def mails_to(outbox: list[Any], address: str) -> list[EmailMessage]:
    return [m for m in outbox if address.lower() in str(m["To"]).lower()]


def link_in(message: EmailMessage, containing: str) -> str:
    """The path of the first link in the mail whose URL contains `containing`."""
    for url in _LINK.findall(body(message)):
        if containing in url:
            return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no link with {containing!r} in mail: {body(message)[:500]}")
