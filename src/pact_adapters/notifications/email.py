"""The ``email`` notifier: a readable plain-text e-mail per message, over SMTP.

Settings: ``host`` (default ``"localhost"``), ``port`` (default 25, or 465
with ``ssl``), ``ssl`` (SMTP over TLS), ``starttls``, ``username`` and
``password`` (``env:``/``file:`` references are resolved), ``timeout``
(seconds, default 10), ``sender`` (required; ``from`` is accepted too),
``to`` (recipients of every message), ``subject_prefix`` (default
``"[Pact] "``).  A route's ``to`` option adds recipients for the events it
matches, so recipients are chosen by routing rules.

The subject says what happened (per event type); the body lists the event's
details, leaving out personal data (contact persons).  The ``Message-ID`` is
derived from the idempotency key and the key is also in the
``X-Pact-Idempotency-Key`` header.  SMTP 4xx answers and network errors
raise :class:`~pact_adapters.errors.DeliveryError` (the follower retries);
5xx answers raise :class:`~pact_adapters.errors.PermanentDeliveryError`.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from pact_adapters.errors import DeliveryError, PermanentDeliveryError
from pact_adapters.hookspecs import Message, NotifierSpec, hookimpl
from pact_adapters.notifications._settings import Settings
from pact_adapters.notifications._text import body, summary

__all__ = ["EmailNotifier", "pact_register_notifiers"]

log = logging.getLogger("pact_adapters.notifications")

_ALLOWED = {
    "host",
    "port",
    "ssl",
    "starttls",
    "username",
    "password",
    "timeout",
    "sender",
    "from",
    "to",
    "subject_prefix",
}


def _smtp_error(code: int, text: str) -> DeliveryError:
    if 400 <= code < 500:
        return DeliveryError(text)
    return PermanentDeliveryError(text)


class EmailNotifier:
    """Sends each message as a plain-text e-mail."""

    def __init__(
        self,
        sender: str,
        *,
        to: Iterable[str] = (),
        host: str = "localhost",
        port: int | None = None,
        use_ssl: bool = False,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
        subject_prefix: str = "[Pact] ",
    ) -> None:
        if "@" not in sender:
            raise ValueError(f"sender {sender!r} must be an e-mail address")
        self.sender = sender
        self.to = list(to)
        self.host = host
        self.port = port if port is not None else (465 if use_ssl else 25)
        self.use_ssl = use_ssl
        self.starttls = starttls
        self.username = username
        self.password = password
        self.timeout = timeout
        self.subject_prefix = subject_prefix

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> EmailNotifier:
        """Build from the settings table (secrets resolved)."""
        from pact_adapters.plugins import resolve_secret

        s = Settings(settings, _ALLOWED)
        sender = s.optional_text("sender") or s.optional_text("from")
        if sender is None:
            raise ValueError("setting 'sender' is required")
        password = s.optional_text("password")
        use_ssl = s.flag("ssl", False)
        return cls(
            sender,
            to=s.texts("to"),
            host=s.text("host", "localhost"),
            port=s.integer("port", 465 if use_ssl else 25),
            use_ssl=use_ssl,
            starttls=s.flag("starttls", False),
            username=s.optional_text("username"),
            password=None if password is None else resolve_secret(password),
            timeout=s.number("timeout", 10.0),
            subject_prefix=s.text("subject_prefix", "[Pact] "),
        )

    def recipients(self, message: Message) -> list[str]:
        """The configured recipients and those of the matching routes."""
        extra = message.options.get("to", [])
        if isinstance(extra, str):
            extra = [extra]
        found: list[str] = []
        for address in [*self.to, *extra]:
            if address not in found:
                found.append(address)
        return found

    def compose(self, message: Message) -> EmailMessage:
        """The e-mail for a message."""
        mail = EmailMessage()
        mail["Subject"] = f"{self.subject_prefix}{summary(message)}"
        mail["From"] = self.sender
        mail["To"] = ", ".join(self.recipients(message))
        mail["Date"] = formatdate(message.recorded_at.timestamp(), usegmt=True)
        key = f"{message.originator_id}.{message.originator_version}"
        mail["Message-ID"] = f"<{key}@pact-domain.invalid>"
        mail["X-Pact-Idempotency-Key"] = message.id
        mail["X-Pact-Event-Type"] = message.event_type
        mail.set_content(body(message))
        return mail

    def deliver(self, message: Message) -> None:
        """Send the e-mail; return once the server accepted it."""
        recipients = self.recipients(message)
        if not recipients:
            raise PermanentDeliveryError(
                f"no recipients for {message.event_type}: set 'to' on the "
                "notifier or on a route's options"
            )
        mail = self.compose(message)
        try:
            smtp: smtplib.SMTP
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(
                    self.host,
                    self.port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(
                    mail, from_addr=self.sender, to_addrs=recipients
                )
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            text = f"{self.host}:{self.port} refused every recipient: {e.recipients}"
            if all(400 <= code < 500 for code in codes):
                raise DeliveryError(text) from None
            raise PermanentDeliveryError(text) from None
        except smtplib.SMTPResponseException as e:
            raw = e.smtp_error
            reason = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
            text = f"{self.host}:{self.port} answered {e.smtp_code} {reason}"
            raise _smtp_error(e.smtp_code, text) from None
        except (smtplib.SMTPException, OSError) as e:
            raise DeliveryError(
                f"{self.host}:{self.port} could not be reached: {e}"
            ) from None
        if refused:
            # Delivered to the others; retrying would send them duplicates.
            log.warning(
                "%s: %s:%s refused some recipients of %s: %s",
                message.event_type,
                self.host,
                self.port,
                message.id,
                refused,
            )


@hookimpl
def pact_register_notifiers() -> Iterable[NotifierSpec]:
    """The e-mail notifier."""
    return [
        NotifierSpec(
            name="email",
            description="a readable plain-text e-mail per event, over SMTP",
            factory=EmailNotifier.from_settings,
        )
    ]
