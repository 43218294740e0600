"""The ``webhook`` notifier: each message POSTed as a signed CloudEvent.

The body is a CloudEvents 1.0 event in structured JSON form (content type
``application/cloudevents+json``) with ``specversion``, ``id`` (the
idempotency key), ``source``, ``type``, ``subject``, ``time``,
``datacontenttype`` and ``data``.  The header ``X-Pact-Signature:
sha256=<hex>`` is the HMAC-SHA256 of the exact body bytes with the configured
secret; :func:`verify_signature` checks it on the receiving side.

Settings: ``url`` (required), ``secret`` (required; ``env:NAME`` or
``file:/path`` references are resolved), ``timeout`` (seconds, default 10),
``source`` (default ``"urn:pact-domain"``), ``type_prefix`` (default
``"pact."``), ``headers`` (a table of extra headers; values may be secret
references).

A 2xx answer is a delivery.  408, 425, 429, 5xx and network errors raise
:class:`~pact_adapters.errors.DeliveryError` (the follower retries); any
other answer, redirects included, raises
:class:`~pact_adapters.errors.PermanentDeliveryError` (a dead letter at once).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

from pact_adapters.errors import DeliveryError, PermanentDeliveryError
from pact_adapters.hookspecs import Message, NotifierSpec, hookimpl
from pact_adapters.notifications._settings import Settings

__all__ = [
    "CONTENT_TYPE",
    "SIGNATURE_HEADER",
    "WebhookNotifier",
    "pact_register_notifiers",
    "sign",
    "verify_signature",
]

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
"""The content type of the structured CloudEvents body."""
SIGNATURE_HEADER = "X-Pact-Signature"
"""The header carrying ``sha256=<hex HMAC-SHA256 of the body>``."""
_TRANSIENT = {408, 425, 429}


def sign(body: bytes, secret: str | bytes) -> str:
    """The ``X-Pact-Signature`` value of a body: ``sha256=<hex digest>``."""
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: str | bytes) -> bool:
    """Whether an ``X-Pact-Signature`` header matches the body (for
    receivers; compares in constant time)."""
    if not header:
        return False
    return hmac.compare_digest(sign(body, secret), header.strip())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer of its own: not a delivery


def _user_agent() -> str:
    try:
        return f"pact-domain/{version('pact-domain')}"
    except PackageNotFoundError:  # pragma: no cover - always installed
        return "pact-domain"


class WebhookNotifier:
    """POSTs each message to a URL as a signed CloudEvent."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        timeout: float = 10.0,
        source: str = "urn:pact-domain",
        type_prefix: str = "pact.",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"url {url!r} must be an http:// or https:// URL")
        if not secret:
            raise ValueError("secret must not be empty")
        self.url = url
        self.secret = secret.encode()
        self.timeout = timeout
        self.source = source
        self.type_prefix = type_prefix
        self.headers = dict(headers or {})
        self._opener = urllib.request.build_opener(_NoRedirect)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> WebhookNotifier:
        """Build from the settings table (secrets resolved)."""
        from pact_adapters.plugins import resolve_secret

        s = Settings(
            settings, {"url", "secret", "timeout", "source", "type_prefix", "headers"}
        )
        return cls(
            s.text("url"),
            resolve_secret(s.text("secret")),
            timeout=s.number("timeout", 10.0),
            source=s.text("source", "urn:pact-domain"),
            type_prefix=s.text("type_prefix", "pact."),
            headers={k: resolve_secret(v) for k, v in s.mapping("headers").items()},
        )

    def body(self, message: Message) -> bytes:
        """The request body: the message as a CloudEvent, compact JSON."""
        event = message.to_cloudevent(source=self.source, type_prefix=self.type_prefix)
        return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()

    def deliver(self, message: Message) -> None:
        """POST the message; return on a 2xx answer, raise otherwise."""
        body = self.body(message)
        headers = {
            **self.headers,
            "Content-Type": CONTENT_TYPE,
            SIGNATURE_HEADER: sign(body, self.secret),
            "Idempotency-Key": message.id,
            "User-Agent": _user_agent(),
        }
        request = urllib.request.Request(
            self.url, data=body, headers=headers, method="POST"
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as e:
            reason = f"{self.url} answered HTTP {e.code} {e.reason}"
            e.close()
            if e.code in _TRANSIENT or e.code >= 500:
                raise DeliveryError(reason) from None
            raise PermanentDeliveryError(reason) from None
        except (urllib.error.URLError, OSError) as e:
            why = getattr(e, "reason", e)
            raise DeliveryError(f"{self.url} could not be reached: {why}") from None


@hookimpl
def pact_register_notifiers() -> Iterable[NotifierSpec]:
    """The webhook notifier."""
    return [
        NotifierSpec(
            name="webhook",
            description="POSTs signed CloudEvents 1.0 JSON to a URL",
            factory=WebhookNotifier.from_settings,
        )
    ]
