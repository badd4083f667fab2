"""Reading bounces for sites that send through plain SMTP: the delivery status
notifications (RFC 3464) that come back to the sender's mailbox. Only permanent failures
count (``Action: failed`` with a 5.x.x status); a full mailbox or a busy server is tried
again by its sender, not suppressed here."""

from __future__ import annotations

import email
import email.policy
import mailbox
from collections.abc import Iterable, Iterator
from email.message import Message
from pathlib import Path

# A bounce mailbox read by the command: at most this much of it.
MAX_BYTES = 200 * 1024 * 1024


def _recipient(fields: Message) -> str:
    value = str(fields.get("Final-Recipient") or fields.get("Original-Recipient") or "")
    kind, _, address = value.partition(";")
    if not address:
        address = kind
    return address.strip().strip("<>").lower()


def failed_recipients(message: Message) -> Iterator[str]:
    """The addresses a delivery status notification reports as failed for good."""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        for fields in blocks[1:]:  # the first block is about the reporting server
            action = str(fields.get("Action", "")).strip().lower()
            status = str(fields.get("Status", "")).strip()
            address = _recipient(fields)
            if action == "failed" and status.startswith("5") and "@" in address:
                yield address


def messages_in(path: Path) -> Iterable[Message]:
    """The messages of a file: an mbox (it starts with "From "), else one message."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    with path.open("rb") as handle:
        start = handle.read(5)
    if start == b"From ":
        box = mailbox.mbox(str(path), create=False)
        try:
            yield from box
        finally:
            box.close()
        return
    with path.open("rb") as handle:
        yield email.message_from_binary_file(handle, policy=email.policy.compat32)
