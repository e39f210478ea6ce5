"""`kith demo seed` makes the web app's demo person and a world that shows every feature, through
the gateway, and a second run (with its state file, or without it) duplicates nothing; `kith demo
live` keeps the LDBC people acting.

The demo runs on its own slice of the LDBC SNB mini data set, loaded under a fresh prefix (not the
session's `ldbc_mini`: the demo joins the slice's largest communities, whose members
test_ldbc_communities.py counts), with a fresh handle, so it never meets a real `make demo`."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.messaging.v1 import messaging_pb2 as M
from kith_cli.demo import DEMO_PASSWORD
from kith_cli.ldbc import LdbcLoader, LdbcMini
from kith_cli.seeding import Seeder, SeedState
from kith_platform.testing import patiently, wait_until
from tests.integration.endpoints import GATEWAY, LDBC_MINI
from tests.integration.ldbc_slice import write_slice

PHASES = {
    "account", "profile", "friends", "following", "followers", "friend request", "ldbc groups", "communities",
    "members", "moderator", "posts", "their posts", "comments", "reactions", "votes", "poll votes", "shares",
    "pins", "bookmarks", "event", "rsvps", "join requests", "reports", "conversations",
}  # fmt: skip


@dataclass
class Demo:
    directory: Path
    prefix: str
    handle: str
    ldbc_state: Path
    state: Path
    first_output: str

    def args(self, state: Path | None = None) -> list[str]:
        return [
            "--prefix",
            self.prefix,
            "--handle",
            self.handle,
            "--ldbc-state",
            str(self.ldbc_state),
            "--state",
            str(state or self.state),
            "--gateway",
            GATEWAY,
        ]


async def kith(*args: str, timeout: float = 120) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kith_cli.main",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode, out.decode()


def summary(output: str) -> dict[str, tuple[int, int, int]]:
    """created, already there, failed of each phase, from the summary table."""
    rows = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if len(cells) == 6 and cells[1].isdigit():
            rows[cells[0]] = (int(cells[1]), int(cells[2]), int(cells[3]))
    return rows


async def seed(demo: Demo, state: Path | None = None) -> str:
    code, out = await kith(
        "demo", "seed", *demo.args(state), "--data", str(demo.directory), "--no-progress", timeout=240
    )
    assert code == 0, out
    return out


@pytest.fixture(scope="module")
async def demo(gateway_channel, tmp_path_factory) -> Demo:
    directory = tmp_path_factory.mktemp("demo")
    data = LdbcMini(write_slice(LDBC_MINI, directory / "slice"))
    prefix = f"d{uuid.uuid4().hex[:8]}"
    state = SeedState.open(directory / "ldbc.jsonl", gateway=GATEWAY)
    seeder = Seeder(gateway_channel, state, concurrency=16, progress=False)
    try:
        await LdbcLoader(seeder, data, prefix=prefix).load()
    finally:
        state.close()
    assert not seeder.failed, {p.name: p.errors for p in seeder.phases.values() if p.failed}
    made = Demo(data.directory, prefix, f"demo_{prefix}", directory / "ldbc.jsonl", directory / "demo.jsonl", "")
    made.first_output = await seed(made)
    return made


async def login(api, demo: Demo):
    answer = await patiently(
        lambda: api.identity.Login(I.LoginRequest(login=demo.handle, password=DEMO_PASSWORD), timeout=10)
    )
    return answer.user.user_id, (("authorization", f"Bearer {answer.access_token}"),)


def done(demo: Demo) -> dict:
    return SeedState.read(demo.state)[1]


async def snapshot(api, demo: Demo) -> dict:
    """What the demo person's world holds, as they see it through the gateway."""
    me, auth = await login(api, demo)
    ids = done(demo)
    walkers, readers = ids["communities"]["walkers"], ids["communities"]["readers"]

    async def related(kind) -> list[str]:
        page = await api.graph.ListRelationships(G.ListRelationshipsRequest(list=kind, page_size=100), metadata=auth)
        return sorted(u.user_id for u in page.users)

    posts = (await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=me, page_size=100), metadata=auth)).posts
    conversations = (
        await api.messaging.ListConversations(M.ListConversationsRequest(page_size=100), metadata=auth)
    ).conversations
    events = (await api.communities.ListEvents(C.ListEventsRequest(community_id=walkers), metadata=auth)).events
    mine = (
        await api.communities.ListMyCommunities(C.ListMyCommunitiesRequest(page_size=100), metadata=auth)
    ).communities
    return {
        "friends": await related(G.RELATIONSHIP_LIST_FRIENDS),
        "following": await related(G.RELATIONSHIP_LIST_FOLLOWING),
        "followers": await related(G.RELATIONSHIP_LIST_FOLLOWERS),
        "friend requests": await related(G.RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED),
        "posts": sorted(
            (
                p.text,
                p.community_id,
                p.shared_post_id,
                p.comment_count,
                p.share_count,
                sum(r.count for r in p.reactions),
            )
            for p in posts
        ),
        "communities": sorted((c.slug, c.viewer_role, c.member_count, c.parent_id) for c in mine),
        "events": sorted((e.title, e.going, e.maybe, e.waitlisted) for e in events),
        "join requests": sorted(
            r.user_id
            for r in (
                await api.communities.ListJoinRequests(C.ListJoinRequestsRequest(community_id=readers), metadata=auth)
            ).requests
        ),
        "reports": sorted(
            (r.reporter_id, r.target_id)
            for r in (
                await api.communities.ListReports(C.ListReportsRequest(community_id=walkers), metadata=auth)
            ).reports
        ),
        "held": len(
            (await api.content.ListHeldContent(P.ListHeldContentRequest(community_id=walkers), metadata=auth)).items
        ),
        "conversations": sorted((c.kind, c.name, c.last_seq, len(c.members)) for c in conversations),
        "bookmarks": len((await api.content.ListBookmarks(P.ListBookmarksRequest(), metadata=auth)).bookmarks),
    }


async def test_seed_makes_a_demo_person_whose_world_shows_every_feature(api, demo):
    rows = summary(demo.first_output)
    assert PHASES <= set(rows), rows
    assert all(failed == 0 for _, _, failed in rows.values()), rows
    assert f"@{demo.handle}" in demo.first_output and DEMO_PASSWORD in demo.first_output
    me, auth = await login(api, demo)
    ids, world = done(demo), await snapshot(api, demo)
    cast = ids["cast"]["cast"]
    user_ids = SeedState.read(demo.ldbc_state)[1]["users"]

    assert world["friends"] == sorted(user_ids[h] for h in cast["friends"]) and len(world["friends"]) == 8
    assert set(world["following"]) >= {user_ids[h] for h in cast["following"]} and len(cast["following"]) == 10
    assert set(world["followers"]) >= {user_ids[h] for h in cast["followers"]}
    assert world["friend requests"] == [user_ids[cast["requester"]]]
    profile = (await api.identity.GetProfile(I.GetProfileRequest(user_id=me), metadata=auth)).profile
    assert profile.interests and profile.bio

    # Communities: three of its own (a public one with a fully nested subcommunity, a private
    # one), joined LDBC ones; the moderators' queues: a join request, a report, a held post.
    roles = {slug: role for slug, role, _, _ in world["communities"]}
    walkers, night, readers = (ids["communities"][k] for k in ("walkers", "night", "readers"))
    own = [c for c in world["communities"] if c[1] == C.ROLE_OWNER]
    assert len(own) == 3 and sum(role == C.ROLE_MEMBER for role in roles.values()) >= 3
    assert (
        await api.communities.GetCommunity(C.GetCommunityRequest(community_id=night), metadata=auth)
    ).community.parent_id == walkers
    subs = (
        await api.communities.ListSubcommunities(C.ListSubcommunitiesRequest(community_id=walkers), metadata=auth)
    ).communities
    assert [c.community_id for c in subs] == [night] and subs[0].nesting == C.NESTING_FULL
    private = (await api.communities.GetCommunity(C.GetCommunityRequest(community_id=readers), metadata=auth)).community
    assert private.visibility == C.VISIBILITY_PRIVATE and private.member_count >= 3
    assert world["join requests"] == [user_ids[cast["joiner"]]]
    assert len(world["reports"]) == 1 and world["held"] == 1
    [event] = world["events"]
    assert event[1] == 3 and event[3] == 3, event  # 3 seats taken, 3 on the waitlist

    # Posts to each audience, with comments, reactions and a share; a conversation with messages.
    audiences = {
        p.audience for p in (await api.content.ListUserPosts(P.ListUserPostsRequest(user_id=me), metadata=auth)).posts
    }
    assert {P.AUDIENCE_PUBLIC, P.AUDIENCE_FOLLOWERS, P.AUDIENCE_FRIENDS, P.AUDIENCE_COMMUNITY} <= audiences
    hello = (await api.content.GetPost(P.GetPostRequest(post_id=ids["posts"]["hello"]), metadata=auth)).post
    assert hello.comment_count >= 2 and hello.share_count == 1 and sum(r.count for r in hello.reactions) >= 5
    direct = [c for c in world["conversations"] if c[0] == M.CONVERSATION_KIND_DIRECT]
    assert len(direct) == 2 and all(last_seq >= 2 for _, _, last_seq, _ in direct)
    first = ids["conversations"]["direct 0"]
    messages = (await api.messaging.ListMessages(M.ListMessagesRequest(conversation_id=first), metadata=auth)).messages
    assert len(messages) == 4 and {m.sender_id for m in messages} == {me, user_ids[cast["friends"][0]]}
    assert any(c[0] == M.CONVERSATION_KIND_GROUP for c in world["conversations"])

    # What reaches the demo person through the stream worker: a home feed with others' posts,
    # notifications of follows, friend requests, comments, reactions, shares and the mention.
    async def home() -> list:
        items = (await api.feed.GetHomeFeed(F.GetHomeFeedRequest(page_size=100), metadata=auth)).items
        return [i for i in items if i.author_id != me]

    assert len(await wait_until(home, timeout=30, what="others' posts in the home feed")) >= 10

    async def notified() -> set[int]:
        page = await api.notifications.ListNotifications(F.ListNotificationsRequest(page_size=100), metadata=auth)
        kinds = {n.kind for n in page.notifications}
        wanted = {
            F.NOTIFICATION_KIND_NEW_FOLLOWER,
            F.NOTIFICATION_KIND_FRIEND_REQUEST,
            F.NOTIFICATION_KIND_FRIEND_ACCEPTED,
            F.NOTIFICATION_KIND_REPLY,
            F.NOTIFICATION_KIND_REACTION,
            F.NOTIFICATION_KIND_SHARE,
            F.NOTIFICATION_KIND_MENTION,
        }
        return kinds if wanted <= kinds else set()

    await wait_until(notified, timeout=30, what="the demo person's notifications")


async def test_a_second_run_with_or_without_its_state_duplicates_nothing(api, demo):
    before = await snapshot(api, demo)
    again = summary(await seed(demo))
    assert again and all(created == 0 and failed == 0 for created, _, failed in again.values()), again
    assert await snapshot(api, demo) == before

    lost = demo.state.with_name("lost.jsonl")  # as if the state file were gone: the platform is asked
    fresh = summary(await seed(demo, lost))
    assert all(created == 0 and failed == 0 for created, _, failed in fresh.values()), fresh
    assert sum(existing for _, existing, _ in fresh.values()) >= 100
    assert await snapshot(api, demo) == before


async def test_live_keeps_the_demo_people_acting(api, demo):
    code, out = await kith("demo", "live", *demo.args(), "--seconds", "5", "--rate", "1", timeout=60)
    assert code == 0, out
    actions = [line for line in out.splitlines() if line[:2].isdigit() and line[2] == ":" and "failed" not in line]
    assert len(actions) >= 3, out
    assert "kith demo live:" in out.splitlines()[-1], out
