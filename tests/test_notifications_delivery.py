"""Delivering notifications from the event history: the webhook's signed
CloudEvents, readable e-mail routed by rules, retries against receivers that
fail and recover (real HTTP and SMTP servers), dead letters, and crashes
that lose nothing (in-process and a killed process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from _helpers import ACTOR, accepted_lsp, register_org
from pact_adapters.cli import main
from pact_adapters.errors import DeliveryError, PermanentDeliveryError
from pact_adapters.hookspecs import Message
from pact_adapters.notifications import (
    NotificationFollower,
    RoutingConfig,
    message_from_notification,
)
from pact_adapters.notifications.email import EmailNotifier
from pact_adapters.notifications.webhook import (
    CONTENT_TYPE,
    WebhookNotifier,
    verify_signature,
)
from pact_adapters.stores import open_application
from pact_adapters.testing import (
    SMTPReceiver,
    WebhookReceiver,
    eventually,
    postgres_store,
)
from pact_domain.application import PactApplication

SECRET = "whsec-test-0123456789"
BASE_URL = os.environ.get(
    "PACT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def smtp() -> Iterator[SMTPReceiver]:
    with SMTPReceiver() as receiver:
        yield receiver


def webhook_config(url: str, **retry: Any) -> RoutingConfig:
    return RoutingConfig.from_dict(
        {
            "notifiers": {
                "partners": {
                    "type": "webhook",
                    "url": url,
                    "secret": SECRET,
                    "source": "https://pact.example/store",
                    "retry": {"initial_delay": 0.01, **retry},
                }
            },
            "routes": [{"events": ["*"], "notify": ["partners"]}],
        }
    )


def all_keys(app: PactApplication) -> list[str]:
    """The idempotency keys of every stored event, in order."""
    return [
        f"{n.originator_id}:{n.originator_version}"
        for n in app.recorder.select_notifications(None, 10_000)
    ]


# -- the webhook ------------------------------------------------------------------


def test_webhook_posts_a_signed_cloudevent(webhook: WebhookReceiver) -> None:
    """The body is a CloudEvents 1.0 structured event; the signature header is
    the HMAC-SHA256 of the exact body with the secret."""
    app = open_application("memory:")
    org = register_org(app, "Skills Agency")
    follower = NotificationFollower(app, webhook_config(webhook.url))
    assert follower.deliver_pending().delivered == {"partners": 1}
    (request,) = webhook.requests
    event = request.json()
    assert event == {
        "specversion": "1.0",
        "id": f"{org}:1",
        "source": "https://pact.example/store",
        "type": "pact.OrganisationRegistered",
        "subject": str(org),
        "time": event["time"],
        "datacontenttype": "application/json",
        "data": event["data"],
    }
    assert event["time"].endswith("Z")
    assert event["data"]["name"] == "Skills Agency"
    assert event["data"]["actor"] == ACTOR
    assert request.headers["Content-Type"] == CONTENT_TYPE
    assert request.headers["Idempotency-Key"] == f"{org}:1"
    signature = request.headers["X-Pact-Signature"]
    assert signature.startswith("sha256=")
    assert verify_signature(request.body, signature, SECRET)
    assert not verify_signature(request.body, signature, "another-secret")
    assert not verify_signature(request.body + b" ", signature, SECRET)


def test_webhook_retries_a_failing_receiver_until_it_recovers(
    webhook: WebhookReceiver,
) -> None:
    """HTTP 500 twice, then 204: the follower backs off, retries and delivers
    each event exactly once, with no dead letter."""
    app = open_application("memory:")
    accepted_lsp(app)
    webhook.fail_next(2)
    follower = NotificationFollower(app, webhook_config(webhook.url, attempts=5))
    report = follower.deliver_pending()
    assert webhook.received() == all_keys(app)
    assert [r.status for r in webhook.requests[:3]] == [500, 500, 204]
    assert report.delivered == {"partners": 2}
    assert follower.dead_letters() == []


def test_webhook_gives_up_after_the_last_try_and_records_a_dead_letter(
    webhook: WebhookReceiver, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A receiver down for longer than the retries: each message becomes a
    dead letter (listable), the follower moves on, and redelivery works once
    the receiver is back."""
    store = str(tmp_path / "pact.db")
    app = open_application(store)
    org = register_org(app)
    webhook.fail()
    follower = NotificationFollower(app, webhook_config(webhook.url, attempts=3))
    report = follower.deliver_pending()
    assert report.dead_lettered == {"partners": 1}
    assert len(webhook.requests) == 3
    (letter,) = follower.dead_letters()
    assert (letter.channel, letter.message.id, letter.attempts) == (
        "partners",
        f"{org}:1",
        3,
    )
    assert "HTTP 500" in letter.error
    app.close()

    assert main(["notify", "dead-letters", "--store", store]) == 0
    out = capsys.readouterr().out
    assert f"#{letter.id} partners OrganisationRegistered {org}:1" in out
    assert main(["notify", "dead-letters", "--store", store, "--json"]) == 0
    (record,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert record["message"]["id"] == f"{org}:1"

    webhook.recover()
    config = tmp_path / "notify.json"
    config.write_text(
        json.dumps(
            {
                "notifiers": {
                    "partners": {"type": "webhook", "url": webhook.url, "secret": "x"}
                },
                "routes": [{"events": ["*"], "notify": ["partners"]}],
            }
        )
    )
    argv = ["notify", "redeliver", "--all", "--store", store, "--config", str(config)]
    assert main(argv) == 0
    assert f"#{letter.id}: delivered" in capsys.readouterr().out
    assert webhook.received() == [f"{org}:1"]
    assert main(["notify", "dead-letters", "--store", store]) == 0
    assert "No dead letters." in capsys.readouterr().out


def test_webhook_rejection_is_a_dead_letter_at_once(webhook: WebhookReceiver) -> None:
    """HTTP 400 will not get better by retrying: one try, then a dead letter."""
    webhook.fail_status = 400
    webhook.fail()
    app = open_application("memory:")
    register_org(app)
    follower = NotificationFollower(app, webhook_config(webhook.url, attempts=5))
    assert follower.deliver_pending().dead_lettered == {"partners": 1}
    assert len(webhook.requests) == 1
    assert follower.dead_letters()[0].attempts == 1


def test_webhook_errors_say_whether_to_retry(webhook: WebhookReceiver) -> None:
    """Unreachable and 429/503 are worth retrying; a redirect is not (a POST
    must not silently become a GET)."""
    message = Message.from_dict(
        {
            "id": "00000000-0000-0000-0000-000000000001:1",
            "event_type": "MemberJoined",
            "topic": "pact_domain.partnership.membership:MemberJoined",
            "originator_id": "00000000-0000-0000-0000-000000000001",
            "originator_version": 1,
            "notification_id": 1,
            "recorded_at": "2025-03-03T09:00:00+00:00",
            "data": {},
        }
    )
    closed = WebhookNotifier("http://127.0.0.1:1/events", SECRET, timeout=2)
    with pytest.raises(DeliveryError, match="could not be reached") as info:
        closed.deliver(message)
    assert not isinstance(info.value, PermanentDeliveryError)
    notifier = WebhookNotifier(webhook.url, SECRET, timeout=2)
    for status, permanent in [(429, False), (503, False), (302, True), (410, True)]:
        webhook.fail_status = status
        webhook.fail_next(1)
        with pytest.raises(DeliveryError, match=f"HTTP {status}") as info:
            notifier.deliver(message)
        assert isinstance(info.value, PermanentDeliveryError) is permanent


# -- e-mail -------------------------------------------------------------------------


def test_email_is_readable_and_recipients_follow_the_rules(smtp: SMTPReceiver) -> None:
    """Each event type gets a readable subject and body; routes add
    recipients by event type; personal data stays out of the mail."""
    app = open_application("memory:")
    pid = accepted_lsp(app)
    org = register_org(app, "Offshore Wind Academy")
    app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    config = RoutingConfig.from_dict(
        {
            "notifiers": {
                "coordinators": {
                    "type": "email",
                    "host": smtp.host,
                    "port": smtp.port,
                    "sender": "pact@pact.example",
                    "to": ["support@pact.example"],
                    "retry": {"initial_delay": 0.01},
                }
            },
            "routes": [
                {"events": ["ExpressionOfInterest*"], "notify": ["coordinators"]},
                {
                    "events": ["Member*"],
                    "notify": ["coordinators"],
                    "options": {"to": ["membership@pact.example"]},
                },
            ],
        }
    )
    follower = NotificationFollower(app, config)
    assert follower.deliver_pending().delivered == {"coordinators": 3}
    (eoi_to, eoi), (_, assessed), (joined_to, joined) = smtp.messages
    assert eoi_to == ["support@pact.example"]
    assert joined_to == ["support@pact.example", "membership@pact.example"]
    assert eoi["Subject"] == (
        "[Pact] Expression of interest submitted: "
        "Skills partnership for offshore renewable energy"
    )
    assert joined["Subject"] == f"[Pact] Organisation {org} joined as a core member"
    text = eoi.get_payload(decode=True).decode()
    assert "Recorded by: support@pact.example" in text
    assert "Ecosystems: renewable energy" in text
    assert "ana.lopes@example.eu" not in text  # the contact person's e-mail
    assert assessed["Subject"] == "[Pact] Expression of interest assessed: accepted"
    assert joined["X-Pact-Idempotency-Key"] == f"{pid}:3"
    assert joined["Message-ID"] == f"<{pid}.3@pact-domain.invalid>"


def test_email_retries_a_busy_server_then_delivers(smtp: SMTPReceiver) -> None:
    """SMTP 451 twice (try again later), then accepted: delivered once."""
    app = open_application("memory:")
    org = register_org(app)
    smtp.fail_next(2)
    config = RoutingConfig.from_dict(
        {
            "notifiers": {
                "mail": {
                    "type": "email",
                    "host": smtp.host,
                    "port": smtp.port,
                    "sender": "pact@pact.example",
                    "to": "support@pact.example",
                    "retry": {"initial_delay": 0.01, "attempts": 4},
                }
            },
            "routes": [{"events": "*", "notify": "mail"}],
        }
    )
    report = NotificationFollower(app, config).deliver_pending()
    assert report.delivered == {"mail": 1}
    assert smtp.attempts == 3
    assert smtp.received() == [f"{org}:1"]


def test_email_permanent_refusal_is_a_dead_letter(smtp: SMTPReceiver) -> None:
    """SMTP 550 is final: a dead letter after one try."""
    smtp.fail_code = 550
    smtp.fail()
    notifier = EmailNotifier("pact@pact.example", to=["x@pact.example"], port=smtp.port)
    notifier.host = smtp.host
    app = open_application("memory:")
    register_org(app)
    config = RoutingConfig.from_dict(
        {"routes": [{"events": "*", "notify": "m"}]}, known_types=["m"]
    )
    follower = NotificationFollower(app, config, notifiers={"m": notifier})
    assert follower.deliver_pending().dead_lettered == {"m": 1}
    assert smtp.attempts == 1
    assert "550" in follower.dead_letters()[0].error


# -- positions, restarts and crashes ---------------------------------------------


class Crash(BaseException):
    """Stands for the process dying (not an error a notifier reports)."""


class CrashingNotifier:
    """Delivers to a list, and 'crashes' when asked to deliver message N."""

    def __init__(self, delivered: list[str], crash_at: int | None = None) -> None:
        self.delivered = delivered
        self.crash_at = crash_at
        self.calls = 0

    def deliver(self, message: Message) -> None:
        self.calls += 1
        if self.calls == self.crash_at:
            raise Crash
        self.delivered.append(message.id)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A persistent store: an SQLite file or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "pact.db")
    else:
        with postgres_store(BASE_URL) as url:
            yield url


def test_a_crash_mid_batch_loses_nothing(store_url: str) -> None:
    """The follower dies while delivering the 4th message; a new process (new
    application, new follower) delivers the rest: every event exactly once,
    in order."""
    app = open_application(store_url)
    accepted_lsp(app)
    for i in range(3):
        register_org(app, f"Member {i}")
    expected = all_keys(app)
    config = RoutingConfig.from_dict(
        {"routes": [{"events": "*", "notify": "sink"}]}, known_types=["sink"]
    )
    delivered: list[str] = []
    crashing = CrashingNotifier(delivered, crash_at=4)
    with pytest.raises(Crash):
        NotificationFollower(
            app, config, notifiers={"sink": crashing}
        ).deliver_pending()
    assert delivered == expected[:3]
    app.close()

    restarted = open_application(store_url)
    follower = NotificationFollower(
        restarted, config, notifiers={"sink": CrashingNotifier(delivered)}
    )
    assert follower.position("sink") == 3
    report = follower.deliver_pending()
    assert delivered == expected
    assert report.delivered == {"sink": len(expected) - 3}
    assert follower.pending("sink") == 0
    restarted.close()


def test_events_no_route_wants_are_passed_over(tmp_path: Path) -> None:
    """A channel moves past events routed elsewhere, so its backlog empties."""
    app = open_application(str(tmp_path / "pact.db"))
    pid = accepted_lsp(app)
    org = register_org(app)
    app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    config = RoutingConfig.from_dict(
        {"routes": [{"events": "MemberJoined", "notify": "sink"}]},
        known_types=["sink"],
    )
    delivered: list[str] = []
    follower = NotificationFollower(
        app, config, notifiers={"sink": CrashingNotifier(delivered)}
    )
    follower.deliver_pending()
    assert delivered == [f"{pid}:3"]
    assert follower.position("sink") == app.recorder.max_notification_id()
    assert follower.pending("sink") == 0


def test_channels_keep_positions_of_their_own(webhook: WebhookReceiver) -> None:
    """One channel failing does not hold back or repeat another."""
    app = open_application("memory:")
    register_org(app)
    webhook.fail()
    config = RoutingConfig.from_dict(
        {
            "notifiers": {
                "hook": {
                    "type": "webhook",
                    "url": webhook.url,
                    "secret": SECRET,
                    "retry": {"attempts": 1},
                }
            },
            "routes": [{"events": "*", "notify": ["sink", "hook"]}],
        },
        known_types=["sink", "webhook"],
    )
    delivered: list[str] = []
    follower = NotificationFollower(
        app, config, notifiers={"sink": CrashingNotifier(delivered)}
    )
    report = follower.deliver_pending()
    assert report.delivered == {"sink": 1, "hook": 0}
    assert report.dead_lettered == {"sink": 0, "hook": 1}
    follower.deliver_pending()
    assert len(delivered) == 1


def test_message_carries_the_event(tmp_path: Path) -> None:
    """A message has the event's type, aggregate, version, position, recording
    time and fields; its id is the same in every store."""
    app = open_application("memory:")
    org = register_org(app, "Skills Agency", country="FR")
    app.sign_charter(org, signed_on=date(2025, 1, 15), actor=ACTOR)
    notification = app.recorder.select_notifications(None, 10)[1]
    message = message_from_notification(app, notification, {"to": ["a@b.example"]})
    assert message.id == f"{org}:2"
    assert (message.event_type, message.originator_id) == ("CharterSigned", org)
    assert (message.originator_version, message.notification_id) == (2, 2)
    assert message.data["signed_on"] == "2025-01-15"
    assert message.data["actor"] == ACTOR
    assert "originator_id" not in message.data
    assert message.options == {"to": ["a@b.example"]}
    assert Message.from_dict(json.loads(json.dumps(message.to_dict()))) == message


def test_run_stops_when_asked(webhook: WebhookReceiver) -> None:
    """``run`` delivers new events as they are recorded, until stopped."""
    app = open_application("memory:")
    follower = NotificationFollower(app, webhook_config(webhook.url))
    stop = threading.Event()
    thread = threading.Thread(
        target=follower.run, args=(stop,), kwargs={"poll_interval": 0.02}
    )
    thread.start()
    try:
        org = register_org(app)
        assert eventually(lambda: webhook.received() == [f"{org}:1"])
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


CRASHING_PROCESS = """
import os, sys
from pact_adapters.notifications import NotificationFollower, RoutingConfig
from pact_adapters.stores import open_application

store, out = sys.argv[1], sys.argv[2]

class DiesAfterThird:
    calls = 0
    def deliver(self, message):
        with open(out, "a") as f:
            f.write(message.id + "\\n")
        DiesAfterThird.calls += 1
        if DiesAfterThird.calls == 3:
            os._exit(17)  # delivered, but the position is not recorded yet

app = open_application(store)
config = RoutingConfig.from_dict(
    {"routes": [{"events": "*", "notify": "sink"}]}, known_types=["sink"]
)
follower = NotificationFollower(app, config, notifiers={"sink": DiesAfterThird()})
follower.deliver_pending()
"""


def test_a_killed_process_redelivers_at_least_once(tmp_path: Path) -> None:
    """A real process dies right after a delivery, before recording its
    position: the restarted follower delivers that message again (same
    idempotency key) and then the rest; nothing is lost."""
    store = str(tmp_path / "pact.db")
    out = tmp_path / "delivered.txt"
    app = open_application(store)
    accepted_lsp(app)
    for i in range(3):
        register_org(app, f"Member {i}")
    expected = all_keys(app)
    app.close()
    script = tmp_path / "follower.py"
    script.write_text(textwrap.dedent(CRASHING_PROCESS))
    died = subprocess.run(
        [sys.executable, str(script), store, str(out)], check=False, timeout=60
    )
    assert died.returncode == 17
    assert out.read_text().split() == expected[:3]

    delivered: list[str] = []
    restarted = open_application(store)
    follower = NotificationFollower(
        restarted,
        RoutingConfig.from_dict(
            {"routes": [{"events": "*", "notify": "sink"}]}, known_types=["sink"]
        ),
        notifiers={"sink": CrashingNotifier(delivered)},
    )
    follower.deliver_pending()
    assert delivered == expected[2:]  # the third again (a duplicate), then the rest
    assert set(out.read_text().split()) | set(delivered) == set(expected)


def test_pact_notify_run_once_and_status(
    webhook: WebhookReceiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``pact notify run --once`` delivers what is recorded and reports per
    channel; ``status`` shows positions and backlog."""
    store = str(tmp_path / "pact.db")
    app = open_application(store)
    accepted_lsp(app)
    app.close()
    config = tmp_path / "notify.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [notifiers.partners]
            type = "webhook"
            url = "{webhook.url}"
            secret = "env:PACT_TEST_WEBHOOK_SECRET"

            [[routes]]
            events = ["ExpressionOfInterest*"]
            notify = ["partners"]
            """
        )
    )
    monkeypatch.setenv("PACT_TEST_WEBHOOK_SECRET", SECRET)
    argv = ["notify", "run", "--once", "--config", str(config), "--store", store]
    assert main(argv) == 0
    assert (
        "partners: 2 delivered, 0 dead letters, position 2" in capsys.readouterr().out
    )
    request = webhook.accepted()[0]
    assert verify_signature(request.body, request.headers["X-Pact-Signature"], SECRET)
    argv = ["notify", "status", "--config", str(config), "--store", store]
    assert main(argv) == 0
    assert "partners: position 2, 0 pending, 0 dead letters" in capsys.readouterr().out


def test_pact_notify_needs_a_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --config or $PACT_NOTIFY_CONFIG the command says what to give."""
    monkeypatch.delenv("PACT_NOTIFY_CONFIG", raising=False)
    store = str(tmp_path / "pact.db")
    open_application(store).close()
    assert main(["notify", "run", "--once", "--store", store]) == 2
    assert "PACT_NOTIFY_CONFIG" in capsys.readouterr().err
