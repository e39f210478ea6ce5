"""Erasure in the content service (PostgreSQL) and the graph service (Neo4j): on UserErased every
trace of the person goes from both stores (the tombstone lists apart), what others hold stays
coherent (counters exact, threads keep their shape, shares stay), late and redelivered events
bring nothing back, and a second delivery changes nothing.

The setup goes through the gateway; UserErased is published to Kafka here, as identity would."""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
import pytest
from neo4j import AsyncGraphDatabase

from kith.communities.v1 import communities_pb2 as C
from kith.communities.v1 import events_pb2 as community_events
from kith.content.v1 import content_pb2 as P
from kith.content.v1 import events_pb2 as content_events
from kith.graph.v1 import events_pb2 as graph_events
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import events_pb2 as identity_events
from kith.identity.v1 import identity_pb2 as I
from kith_content.adapters.postgres import PostgresContentRepository
from kith_content.bootstrap import MIGRATIONS as CONTENT_MIGRATIONS
from kith_content.domain.posts import ERASED_AUTHOR, Audience, Comment, Post, ReactionKind
from kith_graph.adapters.neo4j_store import Neo4jGraphStore
from kith_platform.errors import NotFound
from kith_platform.events import (
    COMMUNITIES_COMMUNITIES,
    CONTENT_POSTS,
    GRAPH_RELATIONSHIPS,
    IDENTITY_USERS,
    make_event,
    parse_envelope,
    timestamp,
    unpack_payload,
)
from kith_platform.kafka import create_producer
from kith_platform.postgres import migrate
from kith_platform.testing import wait_until
from tests.integration.endpoints import KAFKA, NEO4J_URI, POSTGRES
from tests.integration.traces import neo4j_traces, postgres_traces

CONTENT_DSN = f"{POSTGRES}/content"


def _now() -> datetime:
    return datetime.now(UTC)


async def _publish(*items: tuple[str, str, object]) -> None:
    """Publish (topic, key, payload) in order, as the services' relays do."""
    producer = create_producer(KAFKA, client_id="erasure-test")
    await producer.start()
    try:
        for topic, key, payload in items:
            event = make_event(topic=topic, aggregate_id=key, payload=payload, producer="test")
            await producer.send_and_wait(topic, event.value, key=key.encode())
    finally:
        await producer.stop()


def _erased(user_id: str) -> tuple[str, str, object]:
    return IDENTITY_USERS, user_id, identity_events.UserErased(user_id=user_id, erased_at=timestamp(_now()))


def _deactivated(user_id: str) -> tuple[str, str, object]:
    return IDENTITY_USERS, user_id, identity_events.UserDeactivated(user_id=user_id, deactivated_at=timestamp(_now()))


async def _content(query: str, *args):
    conn = await asyncpg.connect(CONTENT_DSN)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def _graph(query: str, **params) -> list:
    driver = AsyncGraphDatabase.driver(NEO4J_URI, notifications_min_severity="OFF")
    try:
        records, _, _ = await driver.execute_query(query, **params)
        return records
    finally:
        await driver.close()


async def _traces(user_id: str) -> list[str]:
    return await postgres_traces(CONTENT_DSN, user_id) + await neo4j_traces(NEO4J_URI, user_id)


async def _wait_for_no_trace(user_id: str, timeout: float = 60, scans: int = 3) -> None:
    """Until no store holds the user: for `timeout` seconds, and at least `scans` whole scans (one
    scan of a large graph can take longer than the erasure itself)."""
    deadline = asyncio.get_running_loop().time() + timeout
    done = 0
    while found := await _traces(user_id):
        done += 1
        in_time = asyncio.get_running_loop().time() < deadline or done < scans
        assert in_time, f"after {timeout}s and {done} scans the user is still in: {found}"
        await asyncio.sleep(0.5)


# --- through the gateway ------------------------------------------------------------------------


async def test_an_erased_user_leaves_no_trace_in_content_or_the_graph_and_others_keep_theirs(api):
    leaver, ana, bo, cy = [await api.sign_up(p) for p in ("leaver", "ana", "bo", "cy")]
    L = leaver.user_id

    # The graph: follows both ways, a friendship, a pending request, a block, a mute, a care
    # note and cadence someone keeps about them, interests, a community membership.
    await api.follow(leaver, ana)
    await api.follow(ana, leaver)
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=bo.user_id), metadata=leaver.auth)
    await api.graph.AcceptFriendRequest(G.AcceptFriendRequestRequest(user_id=L), metadata=bo.auth)
    await api.graph.SendFriendRequest(G.SendFriendRequestRequest(user_id=L), metadata=cy.auth)
    outsider = await api.sign_up("outsider")
    await api.graph.Block(G.BlockRequest(user_id=outsider.user_id), metadata=leaver.auth)
    await api.graph.Mute(G.MuteRequest(user_id=L), metadata=cy.auth)
    await api.graph.UpdateConnectionCare(
        G.UpdateConnectionCareRequest(user_id=L, note="met at the climbing gym", reach_out_every_days=7),
        metadata=ana.auth,
    )
    topic = f"erasure{uuid.uuid4().hex[:8]}"
    await api.identity.UpdateProfile(
        I.UpdateProfileRequest(interests=I.Interests(topics=[topic])), metadata=leaver.auth
    )
    community = (
        await api.communities.CreateCommunity(
            C.CreateCommunityRequest(
                slug=f"erasure-{uuid.uuid4().hex[:12]}",
                name="Erasure Checks",
                topics=["privacy"],
                visibility=C.VISIBILITY_PUBLIC,
            ),
            metadata=ana.auth,
        )
    ).community
    await api.communities.JoinCommunity(
        C.JoinCommunityRequest(community_id=community.community_id), metadata=leaver.auth
    )

    # Content: their post (edited, with a hashtag and a mention) that others comment on, react
    # to and share; a post of ana's they comment on (one comment with a reply by bo, one without),
    # reply to, react to and share; a post of bo's that mentions them.
    tag = f"gone{uuid.uuid4().hex[:8]}"
    mine = (
        await api.content.CreatePost(
            P.CreatePostRequest(text=f"first draft #{tag} @{ana.handle}"), metadata=leaver.auth
        )
    ).post
    await api.content.EditPost(
        P.EditPostRequest(post_id=mine.post_id, text=f"hello all #{tag} @{ana.handle}"), metadata=leaver.auth
    )
    await api.content.AddComment(P.AddCommentRequest(post_id=mine.post_id, text="nice"), metadata=ana.auth)
    await api.content.React(P.ReactRequest(post_id=mine.post_id, kind=P.REACTION_KIND_LOVE), metadata=ana.auth)
    share_of_mine = (
        await api.content.SharePost(P.SharePostRequest(post_id=mine.post_id, text="look"), metadata=ana.auth)
    ).post

    theirs = await api.post(ana, "ana's thoughts")
    kept = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=theirs.post_id, text="I disagree"), metadata=leaver.auth
        )
    ).comment
    reply = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=theirs.post_id, parent_comment_id=kept.comment_id, text="why?"),
            metadata=bo.auth,
        )
    ).comment
    gone = (
        await api.content.AddComment(
            P.AddCommentRequest(post_id=theirs.post_id, text="also this"), metadata=leaver.auth
        )
    ).comment
    bos = (
        await api.content.AddComment(P.AddCommentRequest(post_id=theirs.post_id, text="bo here"), metadata=bo.auth)
    ).comment
    await api.content.AddComment(
        P.AddCommentRequest(post_id=theirs.post_id, parent_comment_id=bos.comment_id, text=f"hi @{bo.handle}"),
        metadata=leaver.auth,
    )
    await api.content.React(P.ReactRequest(post_id=theirs.post_id, kind=P.REACTION_KIND_LIKE), metadata=leaver.auth)
    await api.content.React(P.ReactRequest(post_id=theirs.post_id, kind=P.REACTION_KIND_LIKE), metadata=bo.auth)
    await api.content.React(P.ReactRequest(comment_id=bos.comment_id, kind=P.REACTION_KIND_FUNNY), metadata=leaver.auth)
    await api.content.React(P.ReactRequest(comment_id=kept.comment_id, kind=P.REACTION_KIND_SUPPORT), metadata=cy.auth)
    await api.content.SharePost(P.SharePostRequest(post_id=theirs.post_id, text="worth reading"), metadata=leaver.auth)
    mentioning = (
        await api.content.CreatePost(P.CreatePostRequest(text=f"thanks @{leaver.handle}"), metadata=bo.auth)
    ).post
    assert L in mentioning.mention_ids

    before = (await api.content.GetPost(P.GetPostRequest(post_id=theirs.post_id), metadata=ana.auth)).post
    assert (before.comment_count, before.share_count) == (5, 1)

    # Everything has reached the stores (the graph's tie strengths come from content's events).
    async def everything_there() -> bool:
        follows = await _content(
            "SELECT 1 FROM mirror_follows WHERE follower_id = $1 OR followee_id = $1", uuid.UUID(L)
        )
        ties = await _graph("MATCH (:User {id: $id})-[t:INTERACTS]-() RETURN count(t) AS n", id=L)
        member = await _graph("MATCH (:User {id: $id})-[:MEMBER_OF]->() RETURN count(*) AS n", id=L)
        topics = await _graph("MATCH (:User {id: $id})-[:INTERESTED_IN]->() RETURN count(*) AS n", id=L)
        mentioned = await _graph("MATCH (i:Interaction) WHERE i.key ENDS WITH $id RETURN count(i) AS n", id=L)
        return len(follows) >= 2 and ties[0]["n"] >= 2 and member[0]["n"] and topics[0]["n"] and mentioned[0]["n"] >= 2

    await wait_until(everything_there, timeout=30, what="the leaver's state in content and the graph")
    assert await _traces(L)

    await _publish(_deactivated(L), _erased(L))
    await _wait_for_no_trace(L)
    assert await _content("SELECT 1 FROM erased_users WHERE user_id = $1", uuid.UUID(L))
    assert await _graph("MATCH (e:ErasedUser {id: $id}) RETURN e", id=L)

    # Others' things stay, coherent: ana's post lost their comments and reaction, kept bo's;
    # the comment with a reply keeps its place as "[deleted]" with no author.
    after = (await api.content.GetPost(P.GetPostRequest(post_id=theirs.post_id), metadata=ana.auth)).post
    assert after.comment_count == 3 - 1  # bo's comment, bo's reply (the kept one no longer counts)
    assert after.share_count == 1  # shares count as made (a deleted share too), as in the feed
    assert {(r.kind, r.count) for r in after.reactions} == {(P.REACTION_KIND_LIKE, 1)}
    top = (
        await api.content.ListComments(
            P.ListCommentsRequest(post_id=theirs.post_id, order=P.COMMENT_ORDER_OLDEST), metadata=ana.auth
        )
    ).comments
    assert [c.comment_id for c in top] == [kept.comment_id, bos.comment_id]
    assert (top[0].text, top[0].author_id, top[0].deleted) == ("[deleted]", "", True)
    assert {(r.kind, r.count) for r in top[0].reactions} == {(P.REACTION_KIND_SUPPORT, 1)}  # cy's stays
    assert top[1].reply_count == 0 and not top[1].reactions  # their reply and reaction went
    replies = (
        await api.content.ListComments(
            P.ListCommentsRequest(post_id=theirs.post_id, parent_comment_id=kept.comment_id), metadata=ana.auth
        )
    ).comments
    assert [c.comment_id for c in replies] == [reply.comment_id]
    assert not await _content("SELECT 1 FROM comments WHERE id = $1", uuid.UUID(gone.comment_id))
    [blank] = await _content("SELECT author_id, text FROM comments WHERE id = $1", uuid.UUID(kept.comment_id))
    assert (str(blank["author_id"]), blank["text"]) == (ERASED_AUTHOR, "")

    # Their post is gone for good; ana's share of it stays, without the original.
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await api.content.GetPost(P.GetPostRequest(post_id=mine.post_id), metadata=ana.auth)
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    share = (await api.content.GetPost(P.GetPostRequest(post_id=share_of_mine.post_id), metadata=ana.auth)).post
    assert share.shared_post_id == mine.post_id and not share.HasField("shared_post")
    assert not (await api.content.ListPostsByHashtag(P.ListPostsByHashtagRequest(hashtag=tag), metadata=ana.auth)).posts
    assert (
        L
        not in (
            await api.content.GetPost(P.GetPostRequest(post_id=mentioning.post_id), metadata=bo.auth)
        ).post.mention_ids
    )

    # The graph: their relationships went with them; others' lists and counts no longer count them.
    ana_counts = await api.graph.GetCounts(G.GetCountsRequest(user_id=ana.user_id), metadata=ana.auth)
    assert (ana_counts.followers, ana_counts.following) == (0, 0)
    bo_friends = await api.graph.ListRelationships(
        G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FRIENDS), metadata=bo.auth
    )
    assert not bo_friends.users
    assert not await _graph("MATCH (t:Topic {name: $name}) RETURN t", name=topic)
    assert await _graph("MATCH (c:Community {id: $id}) RETURN c", id=community.community_id)

    # The feed was told without their id: each event erasure wrote names only posts and comments.
    told = await _content_events_after(theirs.post_id, mine.post_id)
    assert {type(e).__name__ for e in told} >= {"PostDeleted", "CommentDeleted", "ReactionRemoved"}
    assert all(L not in str(e) for e in told)


async def _content_events_after(*post_ids: str) -> list:
    """The PostDeleted, CommentDeleted and ReactionRemoved events of these posts still in content's outbox
    or on the topic (the outbox forgets what it sent, so read the topic)."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        CONTENT_POSTS, bootstrap_servers=KAFKA, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    found = []
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=1000, max_records=5000)
            if not batches:
                break
            for messages in batches.values():
                for m in messages:
                    if m.key and m.key.decode() in post_ids:
                        event = unpack_payload(parse_envelope(m.value))
                        if isinstance(
                            event,
                            (content_events.PostDeleted, content_events.CommentDeleted, content_events.ReactionRemoved),
                        ):
                            found.append(event)
    finally:
        await consumer.stop()
    return found


async def test_late_and_redelivered_events_bring_nothing_back(api):
    leaver, ana = await api.sign_up("leaver"), await api.sign_up("ana")
    L = leaver.user_id
    await api.follow(ana, leaver)
    post = await api.post(ana, "hello")
    await api.content.React(P.ReactRequest(post_id=post.post_id, kind=P.REACTION_KIND_LIKE), metadata=leaver.auth)
    await wait_until(lambda: _has_user_node(L), timeout=20, what="the leaver in the graph")
    await _publish(_deactivated(L), _erased(L))
    await _wait_for_no_trace(L)
    reactions = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=ana.auth)).post.reactions
    assert not reactions

    # Late events naming them, and the erasure again; then markers on the same partitions (same
    # keys), applied after them: once the markers are in, the late events were handled.
    now = timestamp(_now())
    community = str(uuid.uuid4())
    marker_user, marker_a, marker_b = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    await _publish(
        (IDENTITY_USERS, L, identity_events.UserRegistered(user_id=L, handle=leaver.handle, registered_at=now)),
        (IDENTITY_USERS, L, identity_events.UserReactivated(user_id=L, reactivated_at=now)),
        (IDENTITY_USERS, L, identity_events.InterestsChanged(user_id=L, interests=["climbing"])),
        _erased(L),
        (
            GRAPH_RELATIONSHIPS,
            ana.user_id,
            graph_events.UserFollowed(follower_id=L, followee_id=ana.user_id, followed_at=now),
        ),
        (GRAPH_RELATIONSHIPS, L, graph_events.UserBlocked(blocker_id=L, blocked_id=ana.user_id, blocked_at=now)),
        (
            COMMUNITIES_COMMUNITIES,
            community,
            community_events.MemberJoined(community_id=community, user_id=L, joined_at=now),
        ),
        (
            CONTENT_POSTS,
            post.post_id,
            content_events.ReactionAdded(
                post_id=post.post_id, target_author_id=ana.user_id, user_id=L, kind=P.REACTION_KIND_LIKE, reacted_at=now
            ),
        ),
        (
            CONTENT_POSTS,
            post.post_id,
            content_events.PostPublished(
                post_id=str(uuid.uuid4()), author_id=ana.user_id, text="hi", mention_ids=[L], created_at=now
            ),
        ),
        # The markers.
        (IDENTITY_USERS, L, identity_events.UserRegistered(user_id=marker_user, handle="marker", registered_at=now)),
        (IDENTITY_USERS, L, identity_events.UserDeactivated(user_id=marker_user, deactivated_at=now)),
        (
            GRAPH_RELATIONSHIPS,
            ana.user_id,
            graph_events.UserFollowed(follower_id=marker_a, followee_id=marker_b, followed_at=now),
        ),
        (GRAPH_RELATIONSHIPS, L, graph_events.UserBlocked(blocker_id=marker_a, blocked_id=marker_b, blocked_at=now)),
        (
            COMMUNITIES_COMMUNITIES,
            community,
            community_events.MemberJoined(community_id=community, user_id=marker_user, joined_at=now),
        ),
        (
            CONTENT_POSTS,
            post.post_id,
            content_events.ReactionAdded(
                post_id=post.post_id,
                comment_id=str(uuid.uuid4()),
                target_author_id=marker_a,
                user_id=marker_b,
                kind=P.REACTION_KIND_LIKE,
                reacted_at=now,
            ),
        ),
    )

    async def markers_in() -> bool:
        graph = await _graph(
            "RETURN EXISTS { (:User {id: $u})-[:MEMBER_OF]->(:Community {id: $c}) } AS joined, "
            "EXISTS { (:User {id: $b})-[:INTERACTS]->(:User {id: $a}) } AS tie",
            u=marker_user,
            c=community,
            a=marker_a,
            b=marker_b,
        )
        content = await _content(
            "SELECT (SELECT count(*) FROM mirror_users WHERE user_id = $1 AND deactivated)"
            " + (SELECT count(*) FROM mirror_follows WHERE follower_id = $2 AND followee_id = $3)"
            " + (SELECT count(*) FROM mirror_blocks WHERE blocker_id = $2 AND blocked_id = $3)"
            " + (SELECT count(*) FROM mirror_members WHERE community_id = $4 AND user_id = $1) AS n",
            uuid.UUID(marker_user),
            uuid.UUID(marker_a),
            uuid.UUID(marker_b),
            uuid.UUID(community),
        )
        return graph[0]["joined"] and graph[0]["tie"] and content[0]["n"] == 4

    await wait_until(markers_in, timeout=60, what="the marker events applied after the late ones")
    assert await _traces(L) == []


async def _has_user_node(user_id: str) -> bool:
    return bool(await _graph("MATCH (u:User {id: $id}) RETURN u", id=user_id))


async def test_the_graph_refuses_pair_changes_with_an_erased_user(api):
    leaver, ana = await api.sign_up("leaver"), await api.sign_up("ana")
    await wait_until(lambda: _has_user_node(leaver.user_id), timeout=20, what="the leaver in the graph")
    await _publish(_deactivated(leaver.user_id), _erased(leaver.user_id))
    await _wait_for_no_trace(leaver.user_id)
    for call in (
        api.graph.Unfollow(G.UnfollowRequest(user_id=leaver.user_id), metadata=ana.auth),
        api.graph.Unblock(G.UnblockRequest(user_id=leaver.user_id), metadata=ana.auth),
        api.graph.Unmute(G.UnmuteRequest(user_id=leaver.user_id), metadata=ana.auth),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert not await _has_user_node(leaver.user_id)


# --- the stores themselves ------------------------------------------------------------------------


@pytest.fixture
async def scratch_content():
    """A content database of its own (migrated), so counts are exact and nothing else writes."""
    name = f"erasure_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(f"{POSTGRES}/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{POSTGRES}/{name}"
    pool = None
    try:
        await asyncio.to_thread(migrate, dsn, CONTENT_MIGRATIONS)
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=8)
        yield dsn, PostgresContentRepository(pool)
    finally:
        if pool is not None:
            await pool.close()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


def _post(
    author: str,
    text: str = "text",
    *,
    shared: str | None = None,
    mentions: tuple[str, ...] = (),
    at: datetime | None = None,
) -> Post:
    return Post(
        str(uuid.uuid4()),
        author,
        text,
        Audience.PUBLIC,
        at or _now(),
        hashtags=tuple(re.findall(r"#(\w+)", text)),
        mention_ids=mentions,
        shared_post_id=shared,
    )


def _comment(post: Post, author: str, parent: Comment | None = None) -> Comment:
    return Comment(
        str(uuid.uuid4()),
        post.post_id,
        parent.comment_id if parent else None,
        author,
        "a comment",
        (parent.depth + 1) if parent else 1,
        _now(),
    )


async def test_content_erasure_keeps_every_counter_exact_and_runs_again_harmlessly(scratch_content):
    dsn, repo = scratch_content
    gone, ana, bo = (str(uuid.uuid4()) for _ in range(3))
    at = _now() - timedelta(minutes=5)

    theirs = _post(gone, "mine #tag", mentions=(ana,))
    await repo.add_post(theirs)
    await repo.edit_post(theirs.post_id, lambda p: replace(p, text="mine, edited #tag", edited_at=_now()))
    await repo.add_comment(c_on_theirs := _comment(theirs, ana), theirs, None)
    await repo.react(theirs.post_id, False, theirs, gone, ana, ReactionKind.LOVE, at)
    anas = _post(ana, "ana's")
    await repo.add_post(anas)
    ana_share = _post(ana, "look", shared=theirs.post_id)
    await repo.add_post(ana_share, shared_from=theirs)
    their_share = _post(gone, "worth it", shared=anas.post_id)
    await repo.add_post(their_share, shared_from=anas)
    # On ana's post: their comment with bo's reply (kept blank), their leaf comment (deleted),
    # their reply under bo's comment (deleted; bo's reply count drops), a chain of theirs two
    # deep (deleted, deepest first), reactions both ways.
    await repo.add_comment(kept := _comment(anas, gone), anas, None)
    await repo.add_comment(bos_reply := _comment(anas, bo, kept), anas, kept)
    await repo.add_comment(leaf := _comment(anas, gone), anas, None)
    await repo.add_comment(bos := _comment(anas, bo), anas, None)
    await repo.add_comment(under_bo := _comment(anas, gone, bos), anas, bos)
    await repo.add_comment(chain := _comment(anas, gone), anas, None)
    await repo.add_comment(chain_end := _comment(anas, gone, chain), anas, chain)
    await repo.react(anas.post_id, False, anas, ana, gone, ReactionKind.LIKE, at)
    await repo.react(anas.post_id, False, anas, ana, bo, ReactionKind.LIKE, at)
    await repo.react(bos.comment_id, True, anas, bo, gone, ReactionKind.FUNNY, at)
    await repo.react(kept.comment_id, True, anas, gone, bo, ReactionKind.SUPPORT, at)
    await repo.react(leaf.comment_id, True, anas, gone, bo, ReactionKind.SUPPORT, at)
    bos_post = _post(bo, "thanks", mentions=(gone, ana))
    await repo.add_post(bos_post)
    for kind, a, b in (
        ("follow", gone, ana),
        ("follow", ana, gone),
        ("friend", gone, bo),
        ("block", bo, gone),
        ("member", str(uuid.uuid4()), gone),
    ):
        await repo.mirror(kind, a, b, True, at)
    await repo.mirror_user(gone, True, at)
    await repo.mirror_trust(str(uuid.uuid4()), gone, 2, 1, at)

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("UPDATE outbox SET sent_at = now()")  # as if the relay had sent them
        await conn.execute(
            "UPDATE posts SET reviewed_by = $1 WHERE id = $2", uuid.UUID(gone), uuid.UUID(bos_post.post_id)
        )
        assert await postgres_traces(dsn, gone)

        erased = await repo.erase_user(gone, _now())
        assert (erased.posts, erased.comments_deleted, erased.comments_blanked, erased.reactions) == (2, 4, 1, 2)
        assert await postgres_traces(dsn, gone) == []

        async def state():
            return (
                [
                    tuple(r)
                    for r in await conn.fetch(
                        "SELECT id, comment_count, share_count, mention_ids, reviewed_by FROM posts ORDER BY id"
                    )
                ],
                [
                    tuple(r)
                    for r in await conn.fetch(
                        "SELECT id, author_id, text, reply_count, reaction_count, deleted_at IS NOT NULL FROM comments "
                        "ORDER BY id"
                    )
                ],
                [tuple(r) for r in await conn.fetch("SELECT target_id, user_id, kind FROM reactions ORDER BY 1, 2")],
                await conn.fetchval("SELECT count(*) FROM outbox"),
            )

        posts, comments, reactions, outbox = await state()
        by_id = {str(p[0]): p for p in posts}
        assert set(by_id) == {anas.post_id, ana_share.post_id, bos_post.post_id}
        # ana's post: bo's comment and bo's reply remain counted; their share stays counted (as
        # a deleted share does, and as in the feed).
        assert by_id[anas.post_id][1:3] == (2, 1)
        assert by_id[bos_post.post_id][3] == [uuid.UUID(ana)] and by_id[bos_post.post_id][4] is None
        comment_rows = {str(c[0]): c for c in comments}
        assert set(comment_rows) == {kept.comment_id, bos_reply.comment_id, bos.comment_id}
        assert comment_rows[kept.comment_id][1:] == (uuid.UUID(ERASED_AUTHOR), "", 1, 1, True)
        assert comment_rows[bos.comment_id][3:5] == (0, 0)  # their reply and reaction went
        assert reactions == sorted(
            [(uuid.UUID(anas.post_id), uuid.UUID(bo), "like"), (uuid.UUID(kept.comment_id), uuid.UUID(bo), "support")]
        )
        assert c_on_theirs and chain_end and under_bo  # deleted with their post / as leaves

        # What the feed is told: one PostDeleted per published post of theirs, a CommentDeleted
        # per comment of theirs that counted, a ReactionRemoved per reaction; none names them.
        told = [
            unpack_payload(parse_envelope(bytes(r["value"])))
            for r in await conn.fetch("SELECT value FROM outbox WHERE sent_at IS NULL ORDER BY id")
        ]
        assert sorted(type(e).__name__ for e in told) == sorted(
            ["PostDeleted"] * 2 + ["CommentDeleted"] * 5 + ["ReactionRemoved"] * 2
        )
        assert all(gone not in str(e) for e in told)
        removed = {
            (e.post_id, e.comment_id, e.target_author_id, e.user_id)
            for e in told
            if isinstance(e, content_events.ReactionRemoved)
        }
        assert removed == {(anas.post_id, "", ana, ""), (anas.post_id, bos.comment_id, bo, "")}

        # Again (a redelivery): nothing changes, nothing more is announced.
        again = await repo.erase_user(gone, _now())
        assert (again.posts, again.comments_deleted, again.comments_blanked, again.reactions) == (0, 0, 0, 0)
        assert await state() == (posts, comments, reactions, outbox)

        # Facts about them arriving late are ignored.
        await repo.mirror("follow", gone, ana, True, _now())
        await repo.mirror("member", str(uuid.uuid4()), gone, True, _now())
        await repo.mirror_user(gone, False, _now())
        await repo.mirror_trust(str(uuid.uuid4()), gone, 3, 9, _now())
        assert await postgres_traces(dsn, gone) == []
        assert await repo.erased_among([gone, ana, "not-an-id"]) == {gone}
    finally:
        await conn.close()


async def test_mirror_writes_racing_the_erasure_leave_nothing(scratch_content):
    dsn, repo = scratch_content
    gone = str(uuid.uuid4())
    writes = [
        repo.mirror(kind, str(uuid.uuid4()), gone, True, _now())
        for kind in ("follow", "friend", "block", "member")
        for _ in range(15)
    ]
    writes += [repo.mirror_user(gone, True, _now()), repo.mirror_trust(str(uuid.uuid4()), gone, 1, 1, _now())]
    await asyncio.gather(*writes[:30], repo.erase_user(gone, _now()), *writes[30:])
    assert await postgres_traces(dsn, gone) == []


async def test_content_outbox_rows_naming_them_go_once_sent(scratch_content):
    dsn, repo = scratch_content
    gone, ana = str(uuid.uuid4()), str(uuid.uuid4())
    anas = _post(ana, "hello")
    await repo.add_post(anas)
    await repo.react(anas.post_id, False, anas, ana, gone, ReactionKind.LIKE, _now())  # still unsent
    await repo.erase_user(gone, _now())
    assert await postgres_traces(dsn, gone) == ["public.outbox.value: the id's bytes in 1 values"]
    assert await repo.purge_outbox_of_erased(10) == 0  # not sent yet: kept for the relay
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("UPDATE outbox SET sent_at = now()")
        assert await repo.purge_outbox_of_erased(10) == 1
        assert await postgres_traces(dsn, gone) == []
        assert await conn.fetchval("SELECT outbox_purged FROM erased_users WHERE user_id = $1", uuid.UUID(gone))
    finally:
        await conn.close()


async def test_graph_erasure_cut_short_is_finished_by_the_redelivery_and_late_writes_are_ignored():
    driver = AsyncGraphDatabase.driver(NEO4J_URI, notifications_min_severity="OFF")
    store = Neo4jGraphStore(driver, "neo4j")
    gone, ana, bo = (str(uuid.uuid4()) for _ in range(3))
    community, topic = str(uuid.uuid4()), f"erasure-{uuid.uuid4().hex[:8]}"
    try:
        for user in (gone, ana, bo):
            await store.upsert_user(user)
        await store.follow(gone, ana)
        await store.follow(ana, gone)
        await store.send_friend_request(bo, gone)
        await store.mute(ana, gone, True)
        await store.set_interests(gone, [topic])
        await store.set_membership(community, gone, True, 1)
        await store.record_interaction(f"reaction:{uuid.uuid4()}:{gone}", gone, ana, 1.0, 1, 1000)
        await store.record_interaction(f"mention:{uuid.uuid4()}:{gone}", bo, gone, 2.0, 1, 1000)
        assert await neo4j_traces(NEO4J_URI, gone)

        # Cut short: the tombstone and the interests only.
        from kith_graph.adapters import cypher

        await store._write(cypher.MARK_ERASED, id=gone, at=1)
        await store._write(cypher.DELETE_INTERESTS, id=gone)
        assert await store.is_erased(gone)
        await store.erase_user(gone, 1)  # the redelivery
        assert all("OutboxEvent" in t for t in await neo4j_traces(NEO4J_URI, gone))  # unsent ones wait

        # Late writes naming them create nothing.
        await store.upsert_user(gone)
        await store.set_deactivated(gone, False)
        await store.set_interests(gone, ["climbing"])
        await store.set_membership(str(uuid.uuid4()), gone, True, 2)
        await store.record_interaction(f"reaction:{uuid.uuid4()}:{gone}", gone, ana, 1.0, 2, 1000)
        await store.record_interaction(f"comment:{uuid.uuid4()}", ana, gone, 3.0, 2, 1000)
        with pytest.raises(NotFound):
            await store.unfollow(ana, gone)
        await store.erase_user(gone, 1)  # once more: nothing to do, nothing breaks

        async def purged() -> bool:
            await store.purge_erased_outbox()
            return not await neo4j_traces(NEO4J_URI, gone)

        await wait_until(purged, timeout=30, what="the graph's outbox nodes naming them gone once sent")
        [left] = await _graph("MATCH (:User {id: $id})-[r]-() RETURN count(r) AS n", id=ana)
        assert left["n"] == 0  # ana's follow of them and their mute went with them
    finally:
        await driver.close()
        # The events of this setup reached the other services through Kafka: erase there too.
        await _publish(_erased(gone))


async def test_erase_account_now_clears_content_and_the_graph(api):
    """Identity's own path: EraseAccountNow hides the person at once (UserDeactivated handed to
    the mirrors) and publishes UserErased, which content and the graph take from Kafka."""
    from kith.identity.v1 import identity_pb2_grpc
    from tests.integration.endpoints import SERVICE_ADDRESSES

    leaver, ana = await api.sign_up("leaver"), await api.sign_up("ana")
    await api.follow(leaver, ana)
    post = await api.post(ana, "hello")
    await api.content.AddComment(P.AddCommentRequest(post_id=post.post_id, text="hi"), metadata=leaver.auth)
    await api.content.React(P.ReactRequest(post_id=post.post_id, kind=P.REACTION_KIND_LIKE), metadata=leaver.auth)
    await wait_until(lambda: _has_user_node(leaver.user_id), timeout=20, what="the leaver in the graph")
    async with grpc.aio.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        internal = identity_pb2_grpc.IdentityInternalServiceStub(channel)
        assert (await internal.EraseAccountNow(I.EraseAccountNowRequest(user_id=leaver.user_id))).erased
    hidden = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=ana.auth)).post
    assert not hidden.reactions  # hidden when the call answered
    await _wait_for_no_trace(leaver.user_id)
    after = (await api.content.GetPost(P.GetPostRequest(post_id=post.post_id), metadata=ana.auth)).post
    assert (after.comment_count, list(after.reactions)) == (0, [])
