"""The weekly digest (docs/digest.md): the selection rule as a case table (domain.digest), and
building, the weekly job, the event and the reads (service_layer/digests.py) on the fakes."""

from __future__ import annotations

import dataclasses
import math
import time
import uuid
from datetime import UTC, datetime

import pytest

from kith.feed.v1 import digest_events_pb2
from kith_feed.domain.digest import (
    FROM_CLOSE_TIE,
    IN_COMMUNITY,
    PER_AUTHOR,
    PER_COMMUNITY,
    Digest,
    DigestItem,
    DigestRules,
    digest_event_id,
    select_digest,
)
from kith_feed.domain.model import DAY_MS, AuthorSummary, PostSummary, Viewer
from kith_feed.service_layer.digests import DigestReads, build_digest, build_due_digests, person_registered
from kith_feed.service_layer.outbox_relay import relay_outboxes
from kith_platform.errors import NotFound
from kith_platform.events import FEED_DIGESTS, parse_envelope, unpack_payload
from kith_platform.reading_filters import MutedWord
from services.feed.tests.fakes import fake_stores

NOW = int(datetime(2026, 12, 5, 12, tzinfo=UTC).timestamp() * 1000)  # a Saturday
WEEK = 7 * DAY_MS
ME, TIE, WEAK, FRIEND, OTHER = "me", "tie", "weak", "friend", "other"
AFFINITY = {TIE: 3.0, WEAK: 2.0, FRIEND: 5.0}
VIEWER = Viewer(
    ME,
    following=frozenset({TIE, WEAK}),
    friends=frozenset({FRIEND}),
    communities=frozenset({"c1", "c2"}),
    muted_words=(MutedWord("spoiler", True, 0, 1),),
)


def post(author: str = OTHER, age_ms: int = DAY_MS, **fields) -> PostSummary:
    return PostSummary(
        fields.pop("post_id", str(uuid.uuid4())), author, fields.pop("text", "hi"), NOW - age_ms, **fields
    )


# (case, the post, changes to the reader, whether it is in the digest, with which reasons)
CASES = [
    ("community post with votes", post(audience="community", community_id="c1", upvotes=2), {}, (IN_COMMUNITY,)),
    ("community post with comments", post(audience="community", community_id="c1", comments=1), {}, (IN_COMMUNITY,)),
    ("community post nobody engaged with", post(audience="community", community_id="c1"), {}, None),
    ("voted down as much as up", post(audience="community", community_id="c1", upvotes=2, downvotes=2), {}, None),
    (
        "popular, in a community the reader is not in",
        post(audience="community", community_id="c9", upvotes=9),
        {},
        None,
    ),
    (
        "members-only, in the reader's community",
        post(audience="community", community_id="c2", members_only=True, reactions=1),
        {},
        (IN_COMMUNITY,),
    ),
    (
        "members-only, the reader left",
        post(audience="community", community_id="c2", members_only=True, reactions=1),
        {"communities": frozenset({"c1"})},
        None,
    ),
    ("a close tie's public post", post(TIE), {}, (FROM_CLOSE_TIE,)),
    (
        "a close tie's post in the reader's community",
        post(TIE, audience="community", community_id="c1", upvotes=1),
        {},
        (IN_COMMUNITY, FROM_CLOSE_TIE),
    ),
    ("affinity below a close tie's", post(WEAK), {}, None),
    ("someone the reader does not know", post(OTHER, reactions=50), {}, None),
    ("a close tie's friends-only post, not a friend", post(TIE, audience="friends"), {}, None),
    ("a close friend's friends-only post", post(FRIEND, audience="friends"), {}, (FROM_CLOSE_TIE,)),
    ("a close tie's followers-only post, followed", post(TIE, audience="followers"), {}, (FROM_CLOSE_TIE,)),
    (
        "a close tie's followers-only post, unfollowed",
        post(TIE, audience="followers"),
        {"following": frozenset()},
        None,
    ),
    ("blocked, either way", post(TIE), {"blocked": frozenset({TIE})}, None),
    ("muted", post(TIE), {"muted": frozenset({TIE})}, None),
    ("a muted word", post(TIE, text="no SPOILER here"), {}, None),
    ("a content warning, the reader hides them", post(TIE, content_warning="gore"), {"hides_warnings": True}, None),
    ("a content warning, the reader blurs them", post(TIE, content_warning="gore"), {}, (FROM_CLOSE_TIE,)),
    ("the reader's own post", post(ME, audience="community", community_id="c1", upvotes=9), {}, None),
    ("older than the period", post(TIE, age_ms=WEEK + 1), {}, None),
    ("created after building", post(TIE, age_ms=-1), {}, None),
]


@pytest.mark.parametrize(("case", "p", "reader", "reasons"), CASES, ids=[c[0] for c in CASES])
def test_what_makes_the_digest(case, p, reader, reasons):
    viewer = dataclasses.replace(VIEWER, **reader)
    chosen = select_digest([p], viewer, AFFINITY, NOW - WEEK, NOW)
    assert [(i.post_id, i.reasons) for i in chosen] == ([] if reasons is None else [(p.post_id, reasons)]), case


def test_best_first_by_engagement_and_closeness_then_newest():
    c = dict(audience="community", community_id="c1")
    top = post(upvotes=4, **c)  # ln 5
    tie_engaged = post(TIE, comments=1)  # ln 3 + ln 4
    tie_quiet_new = post(TIE, age_ms=1000)  # ln 4
    tie_quiet_old = post(FRIEND, age_ms=2000, reactions=0)  # ln 6 (affinity 5)
    same_as_new = post(upvotes=3, age_ms=500, **c)  # ln 4, newer than tie_quiet_new
    chosen = select_digest(
        [top, tie_engaged, tie_quiet_new, tie_quiet_old, same_as_new], VIEWER, AFFINITY, NOW - WEEK, NOW
    )
    assert [i.post_id for i in chosen] == [
        tie_engaged.post_id,
        tie_quiet_old.post_id,
        top.post_id,
        same_as_new.post_id,
        tie_quiet_new.post_id,
    ]
    assert chosen[0].score == pytest.approx(math.log(3) + math.log(4), abs=1e-6)


def test_few_posts_per_author_and_per_community_and_size():
    many_by_tie = [post(TIE, reactions=10 - i) for i in range(5)]
    many_in_c1 = [post(f"a{i}", audience="community", community_id="c1", upvotes=5) for i in range(5)]
    chosen = select_digest(many_by_tie + many_in_c1, VIEWER, AFFINITY, NOW - WEEK, NOW)
    by_tie = [i.post_id for i in chosen if i.post_id in {p.post_id for p in many_by_tie}]
    in_c1 = [i.post_id for i in chosen if i.post_id in {p.post_id for p in many_in_c1}]
    assert by_tie == [p.post_id for p in many_by_tie[:PER_AUTHOR]]  # the best of them
    assert len(in_c1) == PER_COMMUNITY
    others = [post(f"b{i}", audience="community", community_id=f"c{i % 2 + 1}", upvotes=1) for i in range(20)]
    assert len(select_digest(others, dataclasses.replace(VIEWER), {}, NOW - WEEK, NOW, size=4)) == 4


def test_weeks_start_on_mondays_and_the_period_is_a_setting():
    rules = DigestRules()
    monday = int(datetime(2026, 11, 30, tzinfo=UTC).timestamp() * 1000)
    assert rules.week_start(NOW) == monday == rules.week_start(monday)
    assert rules.week_start(monday - 1) == monday - WEEK
    assert rules.next_week(NOW) == monday + WEEK
    daily = DigestRules(period_ms=DAY_MS)
    assert daily.week_start(NOW) == int(datetime(2026, 12, 5, tzinfo=UTC).timestamp() * 1000)


def test_a_digest_round_trips_and_its_event_id_is_its_person_and_week():
    d = Digest("u", 1, 2, 3, (DigestItem("p", 1.5, ("r",)),))
    assert Digest.from_json("u", d.to_json()) == d
    assert digest_event_id("u", 1) == digest_event_id("u", 1) != digest_event_id("u", 2)


# --- the service layer, on the fakes ---------------------------------------------------------


async def _world():
    """A reader in a community with a popular post, close to an author with a new post."""
    store = fake_stores()
    me, tie, author, community = (str(uuid.uuid4()) for _ in range(4))
    for who in (me, tie, author):
        await store.feeds.put_author(AuthorSummary(who, f"h{who[:6]}", ""))
    await store.relationships.set_member(community, me, True, 1)
    await store.relationships.set_following(me, tie, True, 1)
    now = _now()
    popular = PostSummary(str(uuid.uuid4()), author, "look", now - DAY_MS, "community", community)
    close = PostSummary(str(uuid.uuid4()), tie, "hello", now - 3_600_000)
    await store.fan_out.posts([popular, close])
    await store.feeds.count("r1", popular.post_id, "reactions", 1)
    await store.feeds.add_affinity("c1", me, tie, 3)
    return store, me, tie, popular, close


def _now() -> int:
    return int(time.time() * 1000)


def _events(store, user_id: str) -> list:
    return [unpack_payload(parse_envelope(v)) for v in store.digest_outbox.boxes[user_id]]


async def test_a_digest_is_built_and_announced_once_a_week():
    store, me, _, popular, close = await _world()
    now = _now()
    digest, built = await build_digest(store, me, now)
    assert built and digest is not None
    assert [i.post_id for i in digest.items] == [close.post_id, popular.post_id]  # ln 4 > ln 2
    assert digest.week_start_ms == store.digest_rules.week_start(now) and digest.since_ms == now - WEEK

    again, built_again = await build_digest(store, me, now + 1000)
    assert not built_again and again == digest
    [event] = _events(store, me)
    assert isinstance(event, digest_events_pb2.DigestReady)
    assert list(event.post_ids) == [close.post_id, popular.post_id] and event.user_id == me
    [envelope] = [parse_envelope(v) for v in store.digest_outbox.boxes[me]]
    assert envelope.event_id == digest_event_id(me, digest.week_start_ms) and envelope.aggregate_id == me

    sent = []

    async def publish(e):
        sent.append(e)

    assert await relay_outboxes(store.digest_outbox, publish, topic=FEED_DIGESTS) == 1
    assert [(e.topic, e.key) for e in sent] == [(FEED_DIGESTS, me)]
    next_week, built_next = await build_digest(store, me, now + WEEK)
    assert built_next and next_week is not None and next_week.week_start_ms == digest.week_start_ms + WEEK


async def test_an_empty_digest_is_kept_but_not_announced():
    store = fake_stores()
    lonely = str(uuid.uuid4())
    await store.feeds.put_author(AuthorSummary(lonely, "lonely", ""))
    digest, built = await build_digest(store, lonely, _now())
    assert built and digest is not None and digest.items == ()
    assert store.digest_outbox.boxes[lonely] == []
    assert not (await build_digest(store, lonely, _now()))[1]


async def test_nobody_builds_for_unknown_or_away_people():
    store, me, *_ = await _world()
    assert await build_digest(store, str(uuid.uuid4()), _now()) == (None, False)
    await store.relationships.set_away(me, True, 2)
    assert await build_digest(store, me, _now()) == (None, False)
    with pytest.raises(NotFound):
        await DigestReads(store).build(me)


async def test_reads_apply_the_rules_again():
    store, me, tie, popular, close = await _world()
    reads = DigestReads(store)
    assert await reads.digest(me) is None
    view, built = await reads.build(me)
    assert built and [e.post.post_id for e in view.entries] == [close.post_id, popular.post_id]
    assert view.entries[0].reasons == (FROM_CLOSE_TIE,) and view.entries[0].author is not None

    await store.relationships.set_blocked(tie, me, True, 5)
    view = await reads.digest(me)
    assert view is not None and [e.post.post_id for e in view.entries] == [popular.post_id]
    await store.feeds.delete_post(popular.post_id, popular.author_id)
    view = await reads.digest(me)
    assert view is not None and view.entries == [] and len(view.digest.items) == 2  # kept as built

    _, email = await reads.for_mail(me)
    assert email
    await store.notifications.set_preferences(me, {"digest_email": False})
    assert (await reads.for_mail(me))[1] is False


async def test_the_weekly_job_builds_each_person_once_per_week():
    store, me, *_ = await _world()
    rules = store.digest_rules
    now = _now()

    class Registered:
        user_id = me

    await person_registered(store, "e1", Registered())
    assert await build_due_digests(store, now) == 0  # due next week, not now
    monday = rules.next_week(now)
    assert await build_due_digests(store, monday + 1) == 1
    assert store.digests.schedule_[me] == monday + WEEK  # and again the week after
    assert await build_due_digests(store, monday + 2) == 0
    # A BuildDigest call earlier in a week leaves the job nothing to build that week.
    await build_digest(store, me, monday + WEEK + 5)
    assert await build_due_digests(store, monday + WEEK + 10) == 0


async def test_readers_there_before_digests_are_put_on_the_schedule_once():
    store = fake_stores()
    store.feeds.activity.update({"a": 1, "b": 2})
    assert await store.digests.seed(100) == 2
    assert await store.digests.seed(200) == 0
    assert store.digests.schedule_ == {"a": 100, "b": 100}
