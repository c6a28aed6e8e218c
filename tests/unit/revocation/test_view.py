"""The revocation view: what a process knows without asking the database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from authgate.domain.events import SessionEnded, UserChanged, UserProfile
from authgate.infrastructure.revocation.records import (
    from_message,
    from_record,
    to_message,
    to_record,
)
from authgate.infrastructure.revocation.view import RevocationView

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
HORIZON = timedelta(minutes=16)


def profile(name: str = "Ada", user_id: uuid.UUID | None = None) -> UserProfile:
    return UserProfile(
        id=user_id or uuid.uuid4(),
        name=name,
        email="ada@example.com",
        avatar_url=None,
        email_verified=True,
        role="user",
        created_at=NOW - timedelta(days=3),
    )


def test_an_ended_session_is_known_until_no_token_of_it_can_live() -> None:
    view = RevocationView(HORIZON)
    ended = SessionEnded(uuid.uuid4(), uuid.uuid4(), NOW)
    view.apply([ended])
    assert view.session_ended(ended.session_id)
    assert not view.session_ended(uuid.uuid4())
    view.prune(NOW + HORIZON)
    assert view.session_ended(ended.session_id)
    view.prune(NOW + HORIZON + timedelta(seconds=1))
    assert not view.session_ended(ended.session_id)


def test_a_change_applies_to_tokens_issued_before_it_and_in_its_second() -> None:
    view = RevocationView(HORIZON)
    renamed = profile("Ada Lovelace")
    view.apply([UserChanged(renamed, NOW + timedelta(milliseconds=300))])
    assert view.current_profile(renamed.id, NOW - timedelta(minutes=5)) == renamed
    assert view.current_profile(renamed.id, NOW) == renamed  # iat has whole seconds
    assert view.current_profile(renamed.id, NOW + timedelta(seconds=1)) is None
    assert view.current_profile(uuid.uuid4(), NOW) is None


def test_the_newest_change_wins_whatever_order_the_feeds_deliver() -> None:
    view = RevocationView(HORIZON)
    user_id = uuid.uuid4()
    older = UserChanged(profile("Old", user_id), NOW)
    newer = UserChanged(profile("New", user_id), NOW + timedelta(seconds=2))
    view.apply([newer, older])
    found = view.current_profile(user_id, NOW - timedelta(minutes=1))
    assert found is not None and found.name == "New"


def test_freshness_lasts_as_long_as_the_feeds_keep_confirming() -> None:
    clock = [100.0]
    view = RevocationView(HORIZON, monotonic=lambda: clock[0])
    assert not view.fresh_within(1.0)  # nothing loaded yet: not to be trusted
    view.mark_fresh()
    clock[0] += 0.9
    assert view.fresh_within(1.0)
    clock[0] += 0.2
    assert not view.fresh_within(1.0)


def test_events_survive_the_table_and_the_channel() -> None:
    events = [SessionEnded(uuid.uuid4(), uuid.uuid4(), NOW), UserChanged(profile(), NOW)]
    for event in events:
        record = to_record(event)
        assert from_record(record["kind"], record["subject_id"], record["payload"]) == event
        assert from_message(to_message(event)) == event


def test_a_kind_written_by_a_newer_version_is_skipped() -> None:
    assert (
        from_record("account_frozen", uuid.uuid4(), '{"at": "2026-12-03T12:00:00+00:00"}') is None
    )
