"""Retrying writes safely through the gateway (issue 22: a CreatePost that timed out for the app
had often made the post): CreatePost, SharePost and AddComment with an idempotency_key, and
SendMessage with its client_id. A repeat returns what the first call made, with one event on
Kafka, one feed entry and one notification; calls that run at once make one thing; the same key
with another request is FAILED_PRECONDITION; without a key nothing changes; a key is per person."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from functools import partial

import asyncpg
import grpc
import pytest

from kith.content.v1 import content_pb2 as P
from kith.content.v1 import events_pb2 as content_events
from kith.feed.v1 import feed_pb2 as F
from kith.messaging.v1 import events_pb2 as messaging_events
from kith.messaging.v1 import messaging_pb2 as M
from kith_content.adapters.postgres_idempotency import PostgresIdempotencyKeys
from kith_platform.events import CONTENT_POSTS, MESSAGING_CONVERSATIONS, parse_envelope, unpack_payload
from kith_platform.idempotency import KEPT
from kith_platform.testing import wait_until
from tests.integration.endpoints import POSTGRES
from tests.integration.feed_stream import newest_records

# Calls with one key at the same time, in each of ROUNDS rounds (before SendMessage handled a
# concurrent first send, 8 at once failed with INTERNAL in 3 rounds of 5).
CONCURRENT, ROUNDS = 8, 3
# The id each event type names, as the tests compare them.
NAMED_ID = {
    content_events.PostPublished: "post_id",
    content_events.CommentAdded: "comment_id",
    messaging_events.MessageSent: "message_id",
}


@pytest.fixture(scope="module")
async def people(api):
    """People shared by these tests; each test keys its own writes with fresh keys."""
    ann, bob, cat = await asyncio.gather(*(api.sign_up(p) for p in ("ann", "bob", "cat")))
    await api.follow(bob, ann)
    return {"ann": ann, "bob": bob, "cat": cat}


def new_key() -> str:
    return str(uuid.uuid4())


async def refused(call) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value.code(), info.value.details()


async def create_post(api, user, text: str, key: str = "", **fields) -> P.Post:
    request = P.CreatePostRequest(text=text, idempotency_key=key, **fields)
    return (await api.content.CreatePost(request, metadata=user.auth, timeout=10)).post


async def add_comment(api, user, post_id: str, text: str, key: str = "", **fields) -> P.Comment:
    request = P.AddCommentRequest(post_id=post_id, text=text, idempotency_key=key, **fields)
    return (await api.content.AddComment(request, metadata=user.auth, timeout=10)).comment


async def user_post_ids(api, viewer, author) -> list[str]:
    response = await api.content.ListUserPosts(
        P.ListUserPostsRequest(user_id=author.user_id, page_size=100), metadata=viewer.auth
    )
    return [p.post_id for p in response.posts]


async def events_of(topic: str, wanted: dict[str, str]) -> list[tuple[str, str]]:
    """(event type, the id it names) of every event on `topic` (newest records) whose payload has
    each of `wanted`'s fields at that value, in the order read."""
    found = []
    for record in await newest_records([topic]):
        if not record.value:
            continue
        event = unpack_payload(parse_envelope(record.value))
        if type(event) in NAMED_ID and all(getattr(event, f) == v for f, v in wanted.items()):
            found.append((event.DESCRIPTOR.name, getattr(event, NAMED_ID[type(event)])))
    return found


async def settled_events(topic: str, wanted: dict[str, str], marker: tuple[str, str]) -> list[tuple[str, str]]:
    """The events as above once `marker` (an event written after the ones under test) is on Kafka."""
    seen: list[tuple[str, str]] = []

    async def marker_seen() -> bool:
        seen[:] = await events_of(topic, wanted)
        return marker in seen

    await wait_until(marker_seen, timeout=30, interval=0.5, what=f"{marker[0]} {marker[1]} on {topic}")
    return seen


async def mention_targets(api, user) -> list[str]:
    response = await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=user.auth)
    return [n.target_id for n in response.notifications if n.kind == F.NOTIFICATION_KIND_MENTION]


# ---- CreatePost ------------------------------------------------------------------------------


async def test_a_repeated_create_post_makes_one_post_one_event_one_feed_entry_and_one_notification(api):
    ann, bob, cat = await asyncio.gather(*(api.sign_up(p) for p in ("ann", "bob", "cat")))
    await api.follow(bob, ann)

    async def feed_has(post_id: str) -> list[str] | None:
        ids = await api.home_post_ids(bob)
        return ids if post_id in ids else None

    # The follow reaches the stream worker on another partition than the posts: let it land.
    warm_up = await create_post(api, ann, "warm-up")
    await wait_until(partial(feed_has, warm_up.post_id), timeout=60, what="the follow in the feed worker")

    key, text = new_key(), f"once only, @{cat.handle}"
    first = await create_post(api, ann, text, key)
    again = await create_post(api, ann, text, key)
    assert again.post_id == first.post_id and again.text == text and again.author_id == ann.user_id
    assert list(again.mention_ids) == [cat.user_id]
    marker = await create_post(api, ann, f"marker, @{cat.handle}")  # written after: when it shows, so would a second
    written = sorted([warm_up.post_id, first.post_id, marker.post_id])

    events = await settled_events(CONTENT_POSTS, {"author_id": ann.user_id}, ("PostPublished", marker.post_id))
    assert sorted(e[1] for e in events if e[0] == "PostPublished") == written  # partitions: in any order
    feed = await wait_until(partial(feed_has, marker.post_id), timeout=60, what="the marker in the follower's feed")
    assert sorted(feed) == written

    async def notified() -> list[str] | None:
        targets = await mention_targets(api, cat)
        return targets if marker.post_id in targets else None

    targets = await wait_until(notified, timeout=60, what="the mention in the marker notified")
    assert sorted(targets) == sorted([first.post_id, marker.post_id])
    assert sorted(await user_post_ids(api, ann, ann)) == written


async def test_concurrent_create_posts_with_one_key_make_one_post(api, people):
    cat = people["cat"]
    before = await user_post_ids(api, cat, cat)
    made = []
    for _ in range(ROUNDS):
        key, text = new_key(), f"at once {uuid.uuid4().hex[:8]}"
        answers = await asyncio.gather(*(create_post(api, cat, text, key) for _ in range(CONCURRENT)))
        assert len({p.post_id for p in answers}) == 1
        made.append(answers[0].post_id)
    after = await user_post_ids(api, cat, cat)
    assert set(after) - set(before) == set(made)
    marker = await create_post(api, cat, "marker")
    events = await settled_events(CONTENT_POSTS, {"author_id": cat.user_id}, ("PostPublished", marker.post_id))
    assert sorted(e for e in events if e[1] in made) == sorted(("PostPublished", p) for p in made)


async def test_the_same_key_with_another_post_is_refused(api, people):
    ann = people["ann"]
    key = new_key()
    first = await create_post(api, ann, "the first", key)
    for other in (
        P.CreatePostRequest(text="the second", idempotency_key=key),
        P.CreatePostRequest(text="the first", idempotency_key=key, audience=P.AUDIENCE_FRIENDS),
        P.CreatePostRequest(text="the first", idempotency_key=key, content_warning="spoilers"),
    ):
        code, details = await refused(api.content.CreatePost(other, metadata=ann.auth))
        assert code == grpc.StatusCode.FAILED_PRECONDITION and details.startswith("idempotency_key: "), details
    # The key stands for that post in AddComment too.
    code, details = await refused(api.content.AddComment(
        P.AddCommentRequest(post_id=first.post_id, text="the first", idempotency_key=key), metadata=ann.auth
    ))  # fmt: skip
    assert code == grpc.StatusCode.FAILED_PRECONDITION and details.startswith("idempotency_key: "), details
    assert (await create_post(api, ann, "the first", key)).post_id == first.post_id


async def test_without_a_key_each_create_post_makes_a_post(api, people):
    ann = people["ann"]
    text = f"twice {uuid.uuid4().hex[:8]}"
    first, second = await create_post(api, ann, text), await create_post(api, ann, text)
    assert first.post_id != second.post_id
    assert {first.post_id, second.post_id} <= set(await user_post_ids(api, ann, ann))


async def test_another_persons_same_key_is_theirs(api, people):
    ann, cat = people["ann"], people["cat"]
    key, text = new_key(), "same words, same key"
    mine, theirs = await create_post(api, ann, text, key), await create_post(api, cat, text, key)
    assert mine.post_id != theirs.post_id and (mine.author_id, theirs.author_id) == (ann.user_id, cat.user_id)
    assert (await create_post(api, cat, text, key)).post_id == theirs.post_id


@pytest.mark.parametrize("key", ["k" * 129, "clé", "a\x00b", "two\nlines", "\x7f"])
async def test_a_bad_key_is_refused_naming_the_field(api, people, key):
    ann = people["ann"]
    code, details = await refused(
        api.content.CreatePost(P.CreatePostRequest(text="hi", idempotency_key=key), metadata=ann.auth)
    )
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("idempotency_key: "), details
    assert (await create_post(api, ann, "a key of 128", "k" * 128)).text == "a key of 128"


async def test_a_repeat_after_the_post_was_deleted_is_refused(api, people):
    ann = people["ann"]
    key = new_key()
    post = await create_post(api, ann, "soon gone", key)
    await api.content.DeletePost(P.DeletePostRequest(post_id=post.post_id), metadata=ann.auth)
    code, details = await refused(
        api.content.CreatePost(P.CreatePostRequest(text="soon gone", idempotency_key=key), metadata=ann.auth)
    )
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "deleted" in details, details


async def test_a_key_older_than_24_hours_is_free_again_and_swept(api, people):
    ann = people["ann"]
    key = new_key()
    first = await create_post(api, ann, "a day ago", key)
    age = "UPDATE idempotency_keys SET created_at = created_at - interval '24 hours 1 second' WHERE user_id = $1"
    keyed = "SELECT resource_id FROM idempotency_keys WHERE user_id = $1 AND key = $2"
    pool = await asyncpg.create_pool(f"{POSTGRES}/content", min_size=1, max_size=1)
    try:
        await pool.execute(age, uuid.UUID(ann.user_id))
        second = await create_post(api, ann, "today, with the same key", key)  # the expired key is taken over
        assert second.post_id != first.post_id
        assert str(await pool.fetchval(keyed, uuid.UUID(ann.user_id), key)) == second.post_id
        assert (await create_post(api, ann, "today, with the same key", key)).post_id == second.post_id
        await pool.execute(age, uuid.UUID(ann.user_id))
        assert await PostgresIdempotencyKeys(pool).forget_keys(datetime.now(UTC) - KEPT, 10_000) >= 1
        assert await pool.fetchval(keyed, uuid.UUID(ann.user_id), key) is None
    finally:
        await pool.close()


# ---- SharePost -------------------------------------------------------------------------------


async def test_a_repeated_share_post_makes_one_share(api, people):
    ann, cat = people["ann"], people["cat"]
    original = await create_post(api, ann, "worth sharing")
    key = new_key()
    shares = await asyncio.gather(
        *(
            api.content.SharePost(
                P.SharePostRequest(post_id=original.post_id, text="look", idempotency_key=key), metadata=cat.auth
            )
            for _ in range(CONCURRENT)
        )
    )
    assert len({s.post.post_id for s in shares}) == 1 and shares[0].post.shared_post_id == original.post_id
    again = await api.content.SharePost(
        P.SharePostRequest(post_id=original.post_id, text="look", idempotency_key=key), metadata=cat.auth
    )
    assert again.post.post_id == shares[0].post.post_id
    got = (await api.content.GetPost(P.GetPostRequest(post_id=original.post_id), metadata=ann.auth)).post
    assert got.share_count == 1
    code, _ = await refused(api.content.SharePost(
        P.SharePostRequest(post_id=original.post_id, text="look again", idempotency_key=key), metadata=cat.auth
    ))  # fmt: skip
    assert code == grpc.StatusCode.FAILED_PRECONDITION


# ---- AddComment ------------------------------------------------------------------------------


async def test_a_repeated_add_comment_makes_one_comment_counted_and_announced_once(api, people):
    ann, bob = people["ann"], people["bob"]
    post = await create_post(api, ann, "comment on this")
    key = new_key()
    first = await add_comment(api, bob, post.post_id, "first!", key)
    again = await add_comment(api, bob, post.post_id, "first!", key)
    assert again.comment_id == first.comment_id and again.text == "first!"
    key = new_key()
    together = await asyncio.gather(*(add_comment(api, bob, post.post_id, "at once", key) for _ in range(CONCURRENT)))
    assert len({c.comment_id for c in together}) == 1
    marker = await add_comment(api, bob, post.post_id, "marker")
    listed = await api.content.ListComments(
        P.ListCommentsRequest(post_id=post.post_id, page_size=100), metadata=ann.auth
    )
    assert sorted(c.comment_id for c in listed.comments) == sorted(
        [first.comment_id, together[0].comment_id, marker.comment_id]
    )
    got = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=ann.auth)).post
    assert got.comment_count == 3
    events = await settled_events(
        CONTENT_POSTS, {"author_id": bob.user_id, "post_id": post.post_id}, ("CommentAdded", marker.comment_id)
    )
    assert events == [
        ("CommentAdded", first.comment_id),
        ("CommentAdded", together[0].comment_id),
        ("CommentAdded", marker.comment_id),
    ]


async def test_add_comment_keys_refuse_another_comment_and_are_per_person(api, people):
    ann, bob, cat = people["ann"], people["bob"], people["cat"]
    post = await create_post(api, ann, "reply here")
    key = new_key()
    first = await add_comment(api, bob, post.post_id, "mine", key)
    code, details = await refused(add_comment(api, bob, post.post_id, "mine, edited", key))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and details.startswith("idempotency_key: "), details
    code, _ = await refused(add_comment(api, bob, post.post_id, "mine", key, parent_comment_id=first.comment_id))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    theirs = await add_comment(api, cat, post.post_id, "mine", key)
    unkeyed = [await add_comment(api, bob, post.post_id, "mine") for _ in range(2)]
    ids = {first.comment_id, theirs.comment_id, *(c.comment_id for c in unkeyed)}
    assert len(ids) == 4
    got = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=ann.auth)).post
    assert got.comment_count == 4
    code, details = await refused(add_comment(api, bob, post.post_id, "x", "k" * 129))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and details.startswith("idempotency_key: "), details


# ---- SendMessage (client_id) -----------------------------------------------------------------


async def group(api, admin, *others) -> str:
    response = await api.messaging.CreateGroup(
        M.CreateGroupRequest(name="retries", member_ids=[o.user_id for o in others]), metadata=admin.auth
    )
    return response.conversation.conversation_id


async def send(api, user, conversation_id: str, text: str, client_id: str = "", **fields) -> M.SendMessageResponse:
    request = M.SendMessageRequest(conversation_id=conversation_id, text=text, client_id=client_id, **fields)
    return await api.messaging.SendMessage(request, metadata=user.auth, timeout=10)


async def test_concurrent_first_sends_with_one_client_id_make_one_message_and_one_event(api, people):
    ann, bob = people["ann"], people["bob"]
    cid = await group(api, ann, bob)
    made = []
    for _ in range(ROUNDS):
        client_id = new_key()
        sent = await asyncio.gather(*(send(api, ann, cid, "at once", client_id) for _ in range(CONCURRENT)))
        assert len({r.message.message_id for r in sent}) == 1 and sum(r.created for r in sent) == 1
        again = await send(api, ann, cid, "at once", client_id)
        assert not again.created and again.message.message_id == sent[0].message.message_id
        made.append(sent[0].message.message_id)
    marker = (await send(api, ann, cid, "marker")).message
    listed = await api.messaging.ListMessages(M.ListMessagesRequest(conversation_id=cid), metadata=bob.auth)
    assert [(m.seq, m.message_id) for m in listed.messages] == list(enumerate([*made, marker.message_id], start=1))
    events = await settled_events(MESSAGING_CONVERSATIONS, {"conversation_id": cid}, ("MessageSent", marker.message_id))
    assert events == [("MessageSent", m) for m in [*made, marker.message_id]]


async def test_a_client_id_with_another_message_is_refused_and_is_per_person(api, people):
    ann, bob = people["ann"], people["bob"]
    cid = await group(api, ann, bob)
    client_id = new_key()
    first = (await send(api, ann, cid, "hello", client_id)).message
    code, details = await refused(send(api, ann, cid, "hello, edited", client_id))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and details.startswith("client_id: "), details
    code, _ = await refused(send(api, ann, cid, "hello", client_id, reply_to_message_id=first.message_id))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    theirs = await send(api, bob, cid, "hello", client_id)
    assert theirs.created and theirs.message.message_id != first.message_id
    unkeyed = [await send(api, ann, cid, "hello") for _ in range(2)]
    assert all(r.created for r in unkeyed) and unkeyed[0].message.message_id != unkeyed[1].message.message_id
    listed = await api.messaging.ListMessages(M.ListMessagesRequest(conversation_id=cid), metadata=ann.auth)
    assert [m.seq for m in listed.messages] == [1, 2, 3, 4]
