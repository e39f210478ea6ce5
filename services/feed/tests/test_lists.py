"""Lists without Redis (docs/lists.md): what a request may hold, which posts a list's timeline and
the home feed show (domain.lists, domain.model.shown_in_home), and the use cases on the fakes:
limits, NOT_FOUND for anyone else's list and for people the owner may not see, the events each
change writes to the owner's outbox, and the timeline and members pages. The Redis script has
its own tests (test_redis_lists.py), the whole path through the gateway too
(tests/integration/test_lists.py)."""

from __future__ import annotations

import time
import uuid

import pytest

from kith.feed.v1 import list_events_pb2 as list_events
from kith_feed.domain.lists import (
    LISTS_MAX,
    MEMBERS_MAX,
    TITLE_MAX,
    list_title,
    member_ids,
    shown_in_list,
)
from kith_feed.domain.model import AuthorSummary, PostSummary, Viewer, shown_in_home
from kith_feed.service_layer.lists import Lists
from kith_feed.service_layer.reads import FeedReads
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.events import FEED_LISTS, parse_envelope, unpack_payload
from kith_platform.reading_filters import MutedWord
from services.feed.tests.fakes import fake_stores

NOW = int(time.time() * 1000)


def people(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def post(author: str, age_s: float = 1, **fields) -> PostSummary:
    return PostSummary(str(uuid.uuid4()), author, fields.pop("text", "hello"), int(NOW - age_s * 1000), **fields)


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Close friends", "Close friends"),
        ("  news \t and   more ", "news and more"),
        ("é" * TITLE_MAX, "é" * TITLE_MAX),
    ],
)
def test_a_title_is_kept_trimmed_with_single_spaces(given, kept):
    assert list_title(given) == kept


@pytest.mark.parametrize("bad", ["", "   ", "x" * (TITLE_MAX + 1), "a\x00b"])
def test_a_bad_title_names_the_field(bad):
    with pytest.raises(InvalidArgument, match="^title: "):
        list_title(bad)


def test_member_ids_count_each_person_once_and_name_the_field():
    me, ana, bo = people(3)
    assert member_ids([ana, bo, ana.upper()], me, adding=True) == (ana, bo)
    for bad in ([], ["not-a-uuid"], [me]):
        with pytest.raises(InvalidArgument, match="^user_ids: "):
            member_ids(bad, me, adding=True)
    assert member_ids([me], me, adding=False) == (me,)  # taking off: no one is refused


def test_a_list_shows_its_members_posts_the_reader_may_see_and_wants():
    me, ana, bo, cy = people(4)
    reader = Viewer(
        me, friends=frozenset({ana}), blocked=frozenset({cy}), muted_words=(MutedWord("spoiler", True, 0, 0),)
    )
    members = {ana, bo, cy}
    assert shown_in_list(post(ana, audience="friends"), reader, members, NOW)
    assert not shown_in_list(post(bo, audience="friends"), reader, members, NOW)  # not a friend of bo's
    assert shown_in_list(post(bo), reader, members, NOW)
    assert not shown_in_list(post(cy), reader, members, NOW)  # a block either way
    assert not shown_in_list(post(ana, text="a SPOILER"), reader, members, NOW)  # a muted word
    assert not shown_in_list(post(str(uuid.uuid4())), reader, members, NOW)  # not a member


def test_the_home_leaves_out_the_people_on_exclusive_lists_but_never_ones_own_posts():
    me, ana, bo = people(3)
    reader = Viewer(me, following=frozenset({ana, bo}), exclusive=frozenset({ana, me}))
    assert not shown_in_home(post(ana), reader, NOW)
    assert shown_in_home(post(bo), reader, NOW)
    assert shown_in_home(post(me), reader, NOW)


# --- the use cases, on the fakes -----------------------------------------------------------------


async def known(store, *ids: str) -> None:
    for i, user_id in enumerate(ids):
        await store.feeds.put_author(AuthorSummary(user_id, f"user{i}", f"User {i}"))


def announced(store, owner: str) -> list:
    out = []
    for value in store.list_outbox.boxes[owner]:
        envelope = parse_envelope(value)
        assert envelope.aggregate_id == owner and envelope.producer == "feed"
        out.append(unpack_payload(envelope))
    return out


async def test_lists_are_made_changed_and_deleted_by_their_owner_alone_each_change_announced():
    store = fake_stores()
    lists = Lists(store)
    me, other = people(2)
    made = await lists.create(me, "  Close   friends ", None, exclusive=False)
    assert (made.title, made.replies_policy, made.exclusive, made.member_count) == ("Close friends", "list", False, 0)

    with pytest.raises(NotFound, match="^list_id: "):
        await lists.get(other, made.list_id)  # someone else's list is no list at all
    with pytest.raises(NotFound, match="^list_id: "):
        await lists.update(other, made.list_id, "mine now", None, None)
    with pytest.raises(NotFound, match="^list_id: "):
        await lists.delete(other, made.list_id)
    with pytest.raises(InvalidArgument, match="^list_id: "):
        await lists.get(me, "nope")

    same = await lists.update(me, made.list_id, "Close friends", None, None)
    assert same == made  # nothing changed: nothing announced
    changed = await lists.update(me, made.list_id, None, "none", True)
    assert (changed.title, changed.replies_policy, changed.exclusive) == ("Close friends", "none", True)
    retitled = await lists.update(me, made.list_id, "Inner circle", None, None)
    assert retitled.title == "Inner circle" and retitled.exclusive
    assert await lists.lists(me) == [retitled] and await lists.lists(other) == []
    await lists.delete(me, made.list_id)
    assert await lists.lists(me) == []

    created, first, second, deleted = announced(store, me)
    assert isinstance(created, list_events.ListCreated) and created.list_id == made.list_id
    assert (first.exclusive, first.title_changed, second.title_changed) == (True, False, True)
    assert isinstance(deleted, list_events.ListDeleted) and deleted.owner_id == me
    assert "Inner circle" not in str(list(store.list_outbox.boxes[me]))  # never the title
    assert FEED_LISTS == "feed.lists.v1"


async def test_a_person_has_at_most_twenty_lists():
    store = fake_stores()
    lists = Lists(store)
    me = people(1)[0]
    for i in range(LISTS_MAX):
        await lists.create(me, f"list {i}", "followed", exclusive=False)
    with pytest.raises(FailedPrecondition, match=f"at most {LISTS_MAX} lists"):
        await lists.create(me, "one too many", None, exclusive=False)
    listed = await lists.lists(me)
    assert {f.title for f in listed} == {f"list {i}" for i in range(LISTS_MAX)}
    assert listed == sorted(listed, key=lambda f: (f.created_at_ms, f.list_id))  # oldest first


async def test_a_create_sent_again_after_its_answer_was_lost_is_made_once_and_answered_as_made():
    store = fake_stores()
    lists = Lists(store)
    me = people(1)[0]
    put = store.lists.put

    async def sent_twice(owner_id, before, after, envelope):
        # What the Redis client does when the connection breaks after the script ran: the same
        # script again, on a fresh connection; the caller gets the second answer.
        await put(owner_id, before, after, envelope)
        return await put(owner_id, before, after, envelope)

    store.lists.put = sent_twice
    made = await lists.create(me, "Close friends", None, exclusive=False)
    assert await lists.lists(me) == [made]
    assert [type(e) for e in announced(store, me)] == [list_events.ListCreated]


async def test_only_people_the_owner_may_see_are_added_and_then_all_or_none():
    store = fake_stores()
    lists = Lists(store)
    me, ana, bo, blocker, away, stranger = people(6)
    await known(store, me, ana, bo, blocker, away)
    await store.relationships.set_blocked(blocker, me, True, 1)
    await store.relationships.set_away(away, True, 1)
    made = await lists.create(me, "people", None, exclusive=False)

    for hidden in (stranger, blocker, away):
        with pytest.raises(NotFound, match=f"^user_ids: no such user {hidden}"):
            await lists.add(me, made.list_id, [ana, hidden])
    assert (await lists.get(me, made.list_id)).member_count == 0  # nobody was added

    assert (await lists.add(me, made.list_id, [ana, bo])).member_count == 2
    assert (await lists.add(me, made.list_id, [bo])).member_count == 2  # already there: nothing changes
    assert (await lists.remove(me, made.list_id, [bo, stranger])).member_count == 1  # strangers ignored
    added, removed = announced(store, me)[1:]
    assert list(added.added_user_ids) == [ana, bo] and added.member_count == 2
    assert list(removed.removed_user_ids) == [bo] and removed.member_count == 1
    assert len(announced(store, me)) == 3  # the repeated add and the stranger announced nothing


async def test_a_list_holds_at_most_five_hundred_people():
    store = fake_stores()
    lists = Lists(store)
    me, *crowd = people(MEMBERS_MAX + 2)
    await known(store, *crowd)
    made = await lists.create(me, "crowd", None, exclusive=False)
    await lists.add(me, made.list_id, crowd[:MEMBERS_MAX])
    with pytest.raises(FailedPrecondition, match=f"at most {MEMBERS_MAX} people"):
        await lists.add(me, made.list_id, crowd[MEMBERS_MAX:])
    # Unknown ids are refused for the limit before anyone is looked up.
    with pytest.raises(FailedPrecondition, match=f"at most {MEMBERS_MAX} people"):
        await lists.add(me, made.list_id, people(1))
    assert (await lists.get(me, made.list_id)).member_count == MEMBERS_MAX


async def test_the_timeline_pages_the_members_posts_newest_first_and_exclusive_lists_leave_the_home():
    store = fake_stores()
    lists, reads = Lists(store), FeedReads(store)
    me, ana, bo, cy = people(4)
    await known(store, me, ana, bo, cy)
    for other in (ana, bo, cy):
        await store.relationships.set_following(me, other, True, 1)
    posts = [post((ana, bo, cy)[i % 3], age_s=i) for i in range(1, 10)]  # newest first
    await store.fan_out.posts(posts)
    made = await lists.create(me, "ana and bo", None, exclusive=False)
    await lists.add(me, made.list_id, [ana, bo])

    seen, cursor = [], ""
    for _ in range(10):
        entries, cursor = await reads.list_timeline(me, made.list_id, 2, cursor)
        seen += entries
        if not cursor:
            break
    assert [e.post.post_id for e in seen] == [p.post_id for p in posts if p.author_id != cy]
    assert "on your list ana and bo" in seen[0].reasons and "from someone you follow" in seen[0].reasons
    with pytest.raises(NotFound, match="^list_id: "):
        await reads.list_timeline(cy, made.list_id, 10, "")

    def home_authors():
        return {e.post.author_id for e in home}

    home, _ = await reads.home(me, 50, "", ranked=False)
    assert home_authors() == {ana, bo, cy}
    await lists.update(me, made.list_id, None, None, True)  # exclusive
    home, _ = await reads.home(me, 50, "", ranked=False)
    assert home_authors() == {cy}
    ranked, _ = await reads.home(me, 50, "", ranked=True)
    assert {e.post.author_id for e in ranked} == {cy}
    await lists.remove(me, made.list_id, [bo])
    home, _ = await reads.home(me, 50, "", ranked=False)
    assert home_authors() == {bo, cy}
    await lists.delete(me, made.list_id)
    home, _ = await reads.home(me, 50, "", ranked=False)
    assert home_authors() == {ana, bo, cy}  # the home kept them all along


async def test_the_members_page_leaves_out_those_hidden_for_now():
    store = fake_stores()
    lists = Lists(store)
    me, *crowd = people(6)
    await known(store, *crowd)
    made = await lists.create(me, "crowd", None, exclusive=False)
    for person in crowd:  # one at a time: each added later than the one before
        await lists.add(me, made.list_id, [person])
        store.list_outbox.boxes[me].clear()
    store.lists.people_on[me, made.list_id].update({m: i for i, m in enumerate(crowd)})
    await store.relationships.set_blocked(crowd[4], me, True, 1)
    await store.relationships.set_away(crowd[3], True, 1)

    first, cursor = await lists.members(me, made.list_id, 2, "")
    second, end = await lists.members(me, made.list_id, 2, cursor)
    assert [m.user_id for m in first + second] == [crowd[2], crowd[1], crowd[0]] and end == ""
    assert first[0].author == AuthorSummary(crowd[2], "user2", "User 2")
    assert (await lists.get(me, made.list_id)).member_count == 5  # the hidden ones still count
    with pytest.raises(InvalidArgument, match="^page_size: "):
        await lists.members(me, made.list_id, 101, "")
