"""`kith demo`: a demo person for the web app, in the world `kith load ldbc` made.

  kith demo seed [--prefix ldbc] [--handle demo]      the demo person and their world (idempotent)
  kith demo live [--seconds N] [--rate R]             LDBC people post, comment, react and write
                                                      to the demo person, until Ctrl-C

`seed` (after `kith load ldbc`) makes one account, `demo` with the password `kith-demo-password`
(the same everywhere: a demo account, never a real one), and gives it a world that shows every
part of the app, all through the public gateway, each call made by the person who would make it:

- friends with 8 LDBC people (the most active writers and their friends), following 10 more,
  6 followers (3 of them people it follows), a friend request waiting; interests like its friends';
- a member of the 4 largest LDBC communities, and invited to a fifth;
- the owner of a public community (a friend its moderator, link review on) with a fully nested
  subcommunity, and of a private community with a membership question; an upcoming event with 3
  seats that 6 people want to go to (3 on the waitlist); in the moderators' queues a pending join
  request, a reported post and a post held for review;
- posts to each audience (public, followers, friends, its communities; a poll; a pinned post)
  with threaded comments, reactions and votes from friends; a friend's share of one; a share of
  an LDBC post; a friend's post that mentions it; bookmarks;
- two direct conversations, a group and a community room, with messages from friends;
- the notifications all that makes: followers, a friend request and acceptances, comments,
  reactions, a share, a mention, an invitation.

What is done goes to the demo's state file (`$KITH_STATE/load/<prefix>.demo.<handle>.jsonl`,
beside the load's), so a second run makes no call at all. Without it, each step first looks for
what it would make, so nothing is made twice either way. The people are chosen on the first run
(`--data`, the data set the load read) and kept in that file.

`live` reads that file and has the demo person's friends and the people it follows act, about
once every 2 seconds (`--rate` actions a second): post (on their profile or in the demo's
community), comment on and react to the demo person's posts and what is in their own home
feed, send the demo person messages. One line per action; Ctrl-C (or `--seconds`) stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import signal
import string
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from rich.console import Console

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.feed.v1 import feed_pb2 as F
from kith.feed.v1 import feed_pb2_grpc
from kith.graph.v1 import graph_pb2 as G
from kith.identity.v1 import identity_pb2 as I
from kith.messaging.v1 import messaging_pb2 as M
from kith.messaging.v1 import messaging_pb2_grpc
from kith_cli import ldbc
from kith_cli.seeding import Seeder, SeedState, Skip, StateMismatch, default_state_dir

DEMO_HANDLE = "demo"
DEMO_PASSWORD = "kith-demo-password"
DEMO_NAME = "Kith Demo"
FRIENDS, FOLLOWING, FOLLOWERS_NEW, GROUPS = 8, 10, 3, 4
EVENT_CAPACITY = 3
DATA_ENV = "KITH_DEMO_DATA"


# --- the cast: who the demo person knows, chosen once from the data set --------------------------


@dataclass(frozen=True)
class Cast:
    """The LDBC people (handles) and things (LDBC ids) of the demo, recorded in its state."""

    friends: list[str]
    following: list[str]
    followers: list[str]  # follow the demo person: the first FOLLOWERS_NEW it follows back
    requester: str  # a friend request to the demo person, left pending ("" when none)
    joiner: str  # a join request to the private community, left pending ("" when none)
    groups: list[str]  # LDBC forums the demo person joins
    inviting_group: str  # an LDBC forum whose owner invites the demo person ("" when none)
    inviter: str
    shared_post: str  # an LDBC post the demo person shares ("" when none)
    bookmarks: list[str]  # LDBC posts the demo person bookmarks
    names: dict[str, str]  # handle -> display name
    interests: dict[str, list[str]]  # handle -> interests

    def friend(self, i: int) -> str:
        """The i-th friend, or (in a data set with fewer) one of the others."""
        return self.friends[i % len(self.friends)]

    @property
    def actors(self) -> list[str]:
        """Everyone whose posts reach the demo person's home feed."""
        return list(dict.fromkeys(self.friends + self.following))


def choose_cast(data: ldbc.LdbcMini, prefix: str, ldbc_state: SeedState) -> Cast:
    """The most active writers (their posts fill the home feed) and their friends, among the
    people the load made; the largest communities."""
    users = ldbc_state.done.get("users", {})
    posts = ldbc_state.done.get("posts", {})
    communities = ldbc_state.done.get("communities", {})

    def handle(person: str) -> str:
        return f"{prefix}_{person}"

    people = [p for p in data.persons if handle(p) in users]
    if len(people) < 3:
        raise Skip(f"only {len(people)} people of {data.directory} are loaded with prefix {prefix}: run kith load ldbc")
    activity = Counter(post.creator for post in data.posts.values() if post.id in posts)
    knows: dict[str, set[str]] = defaultdict(set)
    for a, b in data.knows:
        knows[a].add(b)
        knows[b].add(a)

    def rank(person: str) -> tuple[int, int]:
        return (-activity[person], int(person) if person.isdigit() else 0)

    ranked = sorted(people, key=rank)
    anchor = ranked[0]
    friends = [anchor] + sorted((knows[anchor] & set(people)) - {anchor}, key=rank)
    friends = list(dict.fromkeys(friends + ranked))[:FRIENDS]
    rest = [p for p in ranked if p not in friends]
    following, rest = rest[:FOLLOWING], rest[FOLLOWING:]
    followers = following[:FOLLOWERS_NEW] + rest[:FOLLOWERS_NEW]
    rest = rest[FOLLOWERS_NEW:]
    requester = rest[0] if rest else ""
    joiner = rest[1] if len(rest) > 1 else ""

    groups = sorted(
        (g for g in data.groups.values() if g.id in communities and handle(g.moderator) in users),
        key=lambda g: (-len(g.members), g.id),
    )
    inviting = next((g for g in groups[GROUPS:] if g.moderator not in friends), None)

    def newest(authors: list[str], *, walls_only: bool) -> list[str]:
        chosen = []
        for author in authors:
            theirs = [
                p
                for p in data.posts.values()
                if p.creator == author and p.id in posts and (not walls_only or p.forum not in data.groups)
            ]
            if theirs:
                chosen.append(max(theirs, key=lambda p: (p.created, p.id)).id)
        return chosen

    shared = newest(following + friends, walls_only=True)
    everyone = list(dict.fromkeys(friends + following + followers + [requester, joiner]))
    everyone += [g.moderator for g in groups[:GROUPS]] + ([inviting.moderator] if inviting else [])
    return Cast(
        friends=[handle(p) for p in friends],
        following=[handle(p) for p in following],
        followers=[handle(p) for p in followers],
        requester=handle(requester) if requester else "",
        joiner=handle(joiner) if joiner else "",
        groups=[g.id for g in groups[:GROUPS]],
        inviting_group=inviting.id if inviting else "",
        inviter=handle(inviting.moderator) if inviting else "",
        shared_post=shared[0] if shared else "",
        bookmarks=newest(friends[1:3], walls_only=False),
        names={handle(p): data.persons[p].display_name for p in everyone if p},
        interests={handle(p): list(data.persons[p].interests[:8]) for p in everyone if p},
    )


# --- accounts of two kinds: the load's and the demo person's ---------------------------------------


class DemoSeeder(Seeder):
    """A Seeder whose state is the demo's (the demo person's password, what the seed made) and
    that also acts as the LDBC people, with the load's state (their ids and password)."""

    def __init__(self, channel: grpc.aio.Channel, state: SeedState, ldbc_state: SeedState, **kwargs) -> None:
        super().__init__(channel, state, **kwargs)
        self.ldbc_state = ldbc_state
        self.messaging = messaging_pb2_grpc.MessagingServiceStub(channel)
        self.feed = feed_pb2_grpc.FeedServiceStub(channel)

    def user_id(self, handle: str) -> str:
        return self.ldbc_state.get("users", handle) or super().user_id(handle)

    def password_for(self, handle: str) -> str:
        return self.ldbc_state.password if self.ldbc_state.has("users", handle) else self.state.password


def _timestamp(when: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(when)
    return out


# --- the seed ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostSpec:
    key: str
    author: str  # handle
    text: str
    audience: int = P.AUDIENCE_UNSPECIFIED
    community: str = ""  # a key of DemoSeed.communities
    link: str = ""
    poll: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommentSpec:
    key: str  # <thread>:<n>
    post: str  # a post key
    author: str
    text: str
    parent: str = ""  # a comment key


class DemoSeed:
    """Makes the demo person's world, phase by phase, through a DemoSeeder."""

    def __init__(self, seeder: DemoSeeder, cast: Cast, *, handle: str, prefix: str) -> None:
        self.s, self.cast, self.handle, self.prefix = seeder, cast, handle, prefix
        base = handle.lower().replace("_", "-").strip("-")
        self.communities = {
            "walkers": dict(
                slug=f"{base}-walkers",
                name="Saturday Walkers",
                description="City walks every Saturday morning: a route, a coffee, and whoever turns up.",
                purpose="Walking the city together and getting to know it and each other.",
                topics=["walking", "city walks", "outdoors"],
                visibility=C.VISIBILITY_PUBLIC,
                rules=["Be kind; everyone walks at their own pace.", "Share the route and the photos.", "No ads."],
                welcome_message="Welcome! Introduce yourself and tell us your favourite street.",
            ),
            "night": dict(
                slug=f"{base}-night-walks",
                name="Saturday Walkers: Night Walks",
                description="The same walks after dark, for the walkers who like the city lights.",
                topics=["walking", "night"],
                parent="walkers",
                nesting=C.NESTING_FULL,
            ),
            "readers": dict(
                slug=f"{base}-readers",
                name="Quiet Readers",
                description="A small circle that reads one book a month and talks about it.",
                purpose="Reading slowly, together.",
                topics=["books", "reading"],
                visibility=C.VISIBILITY_PRIVATE,
                rules=["No spoilers without a warning."],
                questions=["Which book are you reading now?"],
            ),
        }
        f, me = cast.friend, handle
        self.posts = [
            PostSpec(
                "hello",
                me,
                "Hello Kith! This is the demo account: have a look around, everything here is made of the "
                "LDBC social network data set. #kithdemo #hello",
            ),
            PostSpec(
                "followers",
                me,
                "For my followers: I am putting together a list of the best walks in town. Ideas welcome! #walking",
                P.AUDIENCE_FOLLOWERS,
            ),
            PostSpec(
                "friends",
                me,
                "Friends only: dinner at mine on Friday? I'll cook if someone brings dessert.",
                P.AUDIENCE_FRIENDS,
            ),
            PostSpec(
                "poll",
                me,
                "Where should the next Saturday walk go? #walking",
                poll=("Along the river", "Through the old town", "Up the hills"),
            ),
            PostSpec(
                "welcome",
                me,
                "Welcome to Saturday Walkers! We meet at 10:00 by the fountain; routes are posted on Thursday.",
                community="walkers",
            ),
            PostSpec(
                "night",
                me,
                "First night walk this month: the bridges, with a stop for hot chocolate.",
                community="night",
            ),
            PostSpec(
                "readers",
                me,
                "This month's book: 'The Remains of the Day'. We talk about it on the last Sunday.",
                community="readers",
            ),
        ]
        self.their_posts = [
            PostSpec("mention", f(2), f"Lovely walk today with @{me} and the others. Same time next week? #walking"),
            PostSpec(
                "route", f(1), "Thursday's route: up the hill to the castle and back by the market.", community="night"
            ),
            PostSpec(
                "chapter", f(2), "Halfway through the book; the chapter at the inn is wonderful.", community="readers"
            ),
            PostSpec("offtopic", f(5), "Selling my old bike, cheap! Message me.", community="walkers"),
            PostSpec(
                "held",
                f(7),
                "A map of today's route, with the cafés on the way.",
                community="walkers",
                link="https://example.org/routes/saturday",
            ),
        ]
        self.comments = [
            CommentSpec("hello:0", "hello", f(0), "Welcome to Kith! Glad you made it."),
            CommentSpec("hello:1", "hello", me, "Thanks! Still finding my way around.", parent="hello:0"),
            CommentSpec(
                "hello:2", "hello", f(1), "Start with the communities, that's where it happens.", parent="hello:1"
            ),
            CommentSpec("hello2:0", "hello", f(2), "Hi there! See you on Saturday?"),
            CommentSpec("friends:0", "friends", f(3), "I'm in! Chocolate cake?"),
            CommentSpec("friends:1", "friends", me, "Perfect, see you at eight.", parent="friends:0"),
            CommentSpec("welcome:0", "welcome", f(4), "Hello everyone, happy to be here."),
            CommentSpec("poll:0", "poll", f(5), "The hills, for the view!"),
            CommentSpec("route:0", "route", me, "Count me in for Thursday."),
            CommentSpec("mention:0", "mention", me, "Same time next week, for sure!"),
        ]
        # (target: a post or comment key, who, reaction)
        self.reactions = [
            ("hello", f(0), P.REACTION_KIND_LOVE),
            ("hello", f(1), P.REACTION_KIND_LIKE),
            ("hello", f(2), P.REACTION_KIND_LIKE),
            ("hello", f(3), P.REACTION_KIND_FUNNY),
            ("hello", f(4), P.REACTION_KIND_LIKE),
            ("friends", f(0), P.REACTION_KIND_SUPPORT),
            ("friends", f(3), P.REACTION_KIND_LOVE),
            ("followers", f(5), P.REACTION_KIND_INSIGHTFUL),
            ("welcome", f(4), P.REACTION_KIND_LIKE),
            ("hello:1", f(0), P.REACTION_KIND_LIKE),
            ("mention", me, P.REACTION_KIND_LOVE),
            ("hello:0", me, P.REACTION_KIND_LIKE),
        ]
        if cast.following:
            self.reactions.append(("hello", cast.following[0], P.REACTION_KIND_INSIGHTFUL))
        self.votes = [
            ("welcome", f(0), P.VOTE_UP),
            ("welcome", f(1), P.VOTE_UP),
            ("welcome", f(4), P.VOTE_UP),
            ("offtopic", f(6), P.VOTE_DOWN),
            ("offtopic", f(0), P.VOTE_DOWN),
        ]
        self.poll_votes = [(f(i), i % 3) for i in range(5)]

    # --- helpers ---------------------------------------------------------------------------------

    def me(self) -> str:
        return self.s.user_id(self.handle)

    def _got(self, phase: str, key: str) -> Any:
        value = self.s.state.get(phase, key)
        if not value:
            raise Skip(f"{phase} {key} was not made")
        return value

    def community_id(self, key: str) -> str:
        return self._got("communities", key)

    def post_id(self, key: str) -> str:
        if self.s.state.get("posts", key):
            return self.s.state.get("posts", key)
        return self._got("their posts", key)

    def comment_id(self, key: str) -> str:
        return self._got("comments", key)

    def ldbc_community_id(self, forum: str) -> str:
        value = self.s.ldbc_state.get("communities", forum)
        if not value:
            raise Skip(f"LDBC community {forum} was not loaded")
        return value

    def ldbc_post_id(self, post: str) -> str:
        value = self.s.ldbc_state.get("posts", post)
        if not value:
            raise Skip(f"LDBC post {post} was not loaded")
        return value

    async def pages(self, rpc, request, field: str, *, as_user: str, max_pages: int = 5) -> list:
        """Up to `max_pages` pages of a listing, as `as_user` sees it."""
        out: list = []
        for _ in range(max_pages):
            page = await self.s.call(rpc, request, as_user=as_user)
            out.extend(getattr(page, field))
            if not page.next_cursor:
                break
            request.cursor = page.next_cursor
        return out

    async def role_of(self, community_id: str, user_id: str) -> int:
        members = await self.pages(
            self.s.communities.ListMembers,
            C.ListMembersRequest(community_id=community_id, page_size=100),
            "members",
            as_user=self.handle,
        )
        return next((m.role for m in members if m.user_id == user_id), C.ROLE_UNSPECIFIED)

    async def find_post(self, spec: PostSpec, community_id: str) -> str:
        posts = await self.pages(
            self.s.content.ListUserPosts,
            P.ListUserPostsRequest(user_id=self.s.user_id(spec.author), page_size=100),
            "posts",
            as_user=spec.author,
            max_pages=3,
        )
        return next(
            (
                p.post_id
                for p in posts
                if p.text == spec.text and p.community_id == community_id and not p.shared_post_id
            ),
            "",
        )

    # --- the phases ------------------------------------------------------------------------------

    async def run(self, name: str, items: list, key: Callable[[Any], str], work, *, concurrency: int | None = None):
        """Seeder.run, each key once (a small data set gives some people several parts)."""
        unique = list({key(item): item for item in reversed(items)}.values())[::-1]
        return await self.s.run(name, unique, key=key, work=work, concurrency=concurrency)

    async def seed(self) -> None:
        cast, me = self.cast, self.handle
        account = await self.run("account", [me], key=str, work=self._account)
        if account.failed:  # e.g. the handle is someone else's: nothing else can be done
            return
        await self.run("profile", [me], key=str, work=self._profile)
        await self.run("friends", cast.friends, key=str, work=lambda h: self._befriend(h))
        await self.run("following", cast.following, key=str, work=lambda h: self._follow(me, h))
        await self.run("followers", cast.followers, key=str, work=lambda h: self._follow(h, me))
        await self.run("friend request", [cast.requester] if cast.requester else [], key=str, work=self._friend_request)
        await self.run("ldbc groups", cast.groups, key=str, work=self._join_ldbc_group)
        await self.run(
            "invitation", [cast.inviting_group] if cast.inviting_group else [], key=str, work=self._invitation
        )
        await self.run("communities", list(self.communities), key=str, work=self._community, concurrency=1)
        await self.run("members", self._memberships(), key=lambda m: f"{m[0]} {m[1]}", work=self._member, concurrency=1)
        await self.run("moderator", [("walkers", cast.friend(0))], key=lambda m: f"{m[0]} {m[1]}", work=self._moderator)
        await self.run("posts", self.posts, key=lambda p: p.key, work=self._post, concurrency=1)
        await self.run("their posts", self.their_posts, key=lambda p: p.key, work=self._post)
        await self.run("comments", self.comments, key=lambda c: c.key, work=self._comment, concurrency=1)
        await self.run("reactions", self.reactions, key=lambda r: f"{r[0]} {r[1]}", work=self._react)
        await self.run("votes", self.votes, key=lambda v: f"{v[0]} {v[1]}", work=self._vote)
        await self.run("poll votes", self.poll_votes, key=lambda v: v[0], work=self._poll_vote)
        shares = [("hello", cast.friend(1))] + ([("ldbc", me)] if cast.shared_post else [])
        await self.run("shares", shares, key=lambda v: f"{v[0]} {v[1]}", work=self._share)
        await self.run("pins", ["welcome"], key=str, work=self._pin)
        await self.run("bookmarks", cast.bookmarks, key=str, work=self._bookmark)
        await self.run("event", ["walk"], key=str, work=self._event)
        rsvps = [(me, C.RSVP_STATUS_GOING)] + [(cast.friend(i), C.RSVP_STATUS_GOING) for i in range(5)]
        rsvps.append((cast.friend(5), C.RSVP_STATUS_MAYBE))
        await self.run("rsvps", list(dict(rsvps).items()), key=lambda r: r[0], work=self._rsvp, concurrency=1)
        requests = [("approved", cast.friend(4))] + ([("pending", cast.joiner)] if cast.joiner else [])
        await self.run("join requests", requests, key=lambda r: r[0], work=self._join_request, concurrency=1)
        await self.run("reports", [("offtopic", cast.friend(6))], key=lambda r: r[0], work=self._report)
        await self.run("conversations", self._conversations(), key=lambda c: c[0], work=self._conversation)

    async def _account(self, handle: str):
        created, user_id = await self.s.sign_up(handle, DEMO_NAME)
        self.s.state.record("users", handle, user_id)
        return created, user_id

    async def _profile(self, handle: str):
        interests = Counter(t for f in self.cast.friends for t in self.cast.interests.get(f, []))
        topics = list(dict.fromkeys(["walking", "books"] + [t for t, _ in interests.most_common(6)]))
        wanted = dict(
            display_name=DEMO_NAME,
            bio="The demo account of Kith: friends with a few people of the LDBC data set, "
            "owner of Saturday Walkers and Quiet Readers.",
            location="Lisbon, Portugal",
            language="en",
        )
        got = (
            await self.s.call(self.s.identity.GetProfile, I.GetProfileRequest(user_id=self.me()), as_user=handle)
        ).profile
        if all(getattr(got, k) == v for k, v in wanted.items()) and list(got.interests) == topics:
            return False, None
        await self.s.call(
            self.s.identity.UpdateProfile,
            I.UpdateProfileRequest(
                **wanted, interests=I.Interests(topics=topics), visibility=I.PROFILE_VISIBILITY_PUBLIC
            ),
            as_user=handle,
        )
        return True, None

    async def _befriend(self, other: str):
        return await self.s.befriend(self.handle, other)

    async def _follow(self, follower: str, followee: str):
        answer = await self.s.call(
            self.s.graph.Follow, G.FollowRequest(user_id=self.s.user_id(followee)), as_user=follower
        )
        if answer.requested:
            raise Skip(f"{followee} approves followers: {follower}'s request is pending")
        return answer.created, None

    async def _friend_request(self, requester: str):
        sent = await self.pages(
            self.s.graph.ListRelationships,
            G.ListRelationshipsRequest(list=G.RELATIONSHIP_LIST_FRIEND_REQUESTS_SENT, page_size=100),
            "users",
            as_user=requester,
        )
        if any(u.user_id == self.me() for u in sent):
            return False, None
        try:
            await self.s.call(
                self.s.graph.SendFriendRequest, G.SendFriendRequestRequest(user_id=self.me()), as_user=requester
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.ALREADY_EXISTS:  # friends already (accepted in the app)
                return False, None
            raise
        return True, None

    async def _join_ldbc_group(self, forum: str):
        answer = await self.s.call(
            self.s.communities.JoinCommunity,
            C.JoinCommunityRequest(community_id=self.ldbc_community_id(forum)),
            as_user=self.handle,
        )
        return answer.joined, self.ldbc_community_id(forum)

    async def _invitation(self, forum: str):
        community_id = self.ldbc_community_id(forum)
        try:
            answer = await self.s.call(
                self.s.communities.InviteUser,
                C.InviteUserRequest(community_id=community_id, user_id=self.me()),
                as_user=self.cast.inviter,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.FAILED_PRECONDITION:  # a member already (accepted)
                return False, community_id
            raise
        return answer.invited, community_id

    async def _community(self, key: str):
        spec, s = self.communities[key], self.s
        request = C.CreateCommunityRequest(
            slug=spec["slug"],
            name=spec["name"],
            description=spec.get("description", ""),
            purpose=spec.get("purpose", ""),
            topics=spec.get("topics", []),
            visibility=spec.get("visibility", C.VISIBILITY_UNSPECIFIED),
            rules=spec.get("rules", []),
            welcome_message=spec.get("welcome_message", ""),
        )
        if spec.get("parent"):
            request.parent_id, request.nesting = self.community_id(spec["parent"]), spec["nesting"]
        created = True
        try:
            community = (
                await s.call(s.communities.CreateCommunity, request, as_user=self.handle, idempotent=False)
            ).community
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
            created = False
            community = (
                await s.call(s.communities.GetCommunity, C.GetCommunityRequest(slug=spec["slug"]), as_user=self.handle)
            ).community
            if community.viewer_role != C.ROLE_OWNER:
                raise Skip(f"community {spec['slug']} exists and is not {self.handle}'s") from None
        update, changes = C.UpdateCommunityRequest(community_id=community.community_id), False
        if key == "walkers" and community.hold_links_below_trust_level != 1:
            update.hold_links_below_trust_level, changes = 1, True  # newcomers' links wait for a moderator
        if spec.get("questions") and list(community.membership_questions) != spec["questions"]:
            update.membership_questions.questions.extend(spec["questions"])
            changes = True
        if changes:
            await s.call(s.communities.UpdateCommunity, update, as_user=self.handle)
            created = True
        return created, community.community_id

    def _memberships(self) -> list[tuple[str, str]]:
        f = self.cast.friend
        walkers = list(dict.fromkeys(self.cast.friends + self.cast.following[:2]))
        return (
            [("walkers", h) for h in walkers]
            + [("night", f(i)) for i in range(1, 5)]
            + [("readers", f(2)), ("readers", f(3))]  # by invitation (f(4) asks: join requests)
        )

    async def _member(self, membership: tuple[str, str]):
        key, handle = membership
        s, community_id = self.s, self.community_id(key)
        if self.communities[key].get("visibility") != C.VISIBILITY_PRIVATE:
            answer = await s.call(
                s.communities.JoinCommunity, C.JoinCommunityRequest(community_id=community_id), as_user=handle
            )
            return answer.joined, None
        try:
            await s.call(
                s.communities.InviteUser,
                C.InviteUserRequest(community_id=community_id, user_id=s.user_id(handle)),
                as_user=self.handle,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.FAILED_PRECONDITION:  # already a member
                return False, None
            raise
        await s.call(
            s.communities.AcceptInvitation, C.AcceptInvitationRequest(community_id=community_id), as_user=handle
        )
        return True, None

    async def _moderator(self, item: tuple[str, str]):
        key, handle = item
        community_id, user_id = self.community_id(key), self.s.user_id(handle)
        if await self.role_of(community_id, user_id) == C.ROLE_MODERATOR:
            return False, None
        await self.s.call(
            self.s.communities.ChangeMemberRole,
            C.ChangeMemberRoleRequest(community_id=community_id, user_id=user_id, role=C.ROLE_MODERATOR),
            as_user=self.handle,
        )
        return True, None

    async def _post(self, spec: PostSpec):
        community_id = self.community_id(spec.community) if spec.community else ""
        found = await self.find_post(spec, community_id)
        if found:
            return False, found
        request = P.CreatePostRequest(text=spec.text, audience=spec.audience, community_id=community_id, link=spec.link)
        if spec.poll:
            request.poll.options.extend(spec.poll)
        created = await self.s.call(self.s.content.CreatePost, request, as_user=spec.author, idempotent=False)
        return True, created.post.post_id

    async def _comment(self, spec: CommentSpec):
        s = self.s
        post_id = self.post_id(spec.post)
        parent_id = self.comment_id(spec.parent) if spec.parent else ""
        comments = await self.pages(
            s.content.ListComments,
            P.ListCommentsRequest(
                post_id=post_id, parent_comment_id=parent_id, order=P.COMMENT_ORDER_OLDEST, page_size=100
            ),
            "comments",
            as_user=spec.author,
        )
        author_id = s.user_id(spec.author)
        found = next((c.comment_id for c in comments if c.author_id == author_id and c.text == spec.text), "")
        if found:
            return False, found
        added = await s.call(
            s.content.AddComment,
            P.AddCommentRequest(post_id=post_id, parent_comment_id=parent_id, text=spec.text),
            as_user=spec.author,
            idempotent=False,
        )
        return True, added.comment.comment_id

    async def _react(self, item: tuple[str, str, int]):
        target, handle, kind = item
        request = (
            P.ReactRequest(comment_id=self.comment_id(target), kind=kind)
            if ":" in target
            else P.ReactRequest(post_id=self.post_id(target), kind=kind)
        )
        answer = await self.s.call(self.s.content.React, request, as_user=handle)
        return answer.changed, None

    async def _vote(self, item: tuple[str, str, int]):
        key, handle, vote = item
        post_id = self.post_id(key)
        post = (await self.s.call(self.s.content.GetPost, P.GetPostRequest(post_id=post_id), as_user=handle)).post
        if post.viewer_vote == vote:
            return False, None
        await self.s.call(self.s.content.VotePost, P.VotePostRequest(post_id=post_id, vote=vote), as_user=handle)
        return True, None

    async def _poll_vote(self, item: tuple[str, int]):
        handle, choice = item
        post_id = self.post_id("poll")
        post = (await self.s.call(self.s.content.GetPost, P.GetPostRequest(post_id=post_id), as_user=handle)).post
        if post.poll.viewer_choices:
            return False, None
        await self.s.call(self.s.content.VotePoll, P.VotePollRequest(post_id=post_id, choices=[choice]), as_user=handle)
        return True, None

    async def _share(self, item: tuple[str, str]):
        key, handle = item
        s = self.s
        if key == "ldbc":
            post_id, text = self.ldbc_post_id(self.cast.shared_post), "Worth a read."
        else:
            post_id, text = self.post_id(key), f"Say hello to @{self.handle}, new on Kith!"
        mine = await self.pages(
            s.content.ListUserPosts,
            P.ListUserPostsRequest(user_id=s.user_id(handle), page_size=100),
            "posts",
            as_user=handle,
            max_pages=3,
        )
        found = next((p.post_id for p in mine if p.shared_post_id == post_id), "")
        if found:
            return False, found
        shared = await s.call(
            s.content.SharePost,
            P.SharePostRequest(post_id=post_id, text=text, audience=P.AUDIENCE_PUBLIC),
            as_user=handle,
            idempotent=False,
        )
        return True, shared.post.post_id

    async def _pin(self, key: str):
        post_id = self.post_id(key)
        post = (await self.s.call(self.s.content.GetPost, P.GetPostRequest(post_id=post_id), as_user=self.handle)).post
        if post.feature == P.FEATURE_PINNED:
            return False, None
        await self.s.call(
            self.s.content.FeaturePost,
            P.FeaturePostRequest(post_id=post_id, feature=P.FEATURE_PINNED),
            as_user=self.handle,
        )
        return True, None

    async def _bookmark(self, ldbc_post: str):
        post_id = self.ldbc_post_id(ldbc_post)
        saved = await self.pages(
            self.s.content.ListBookmarks, P.ListBookmarksRequest(page_size=100), "bookmarks", as_user=self.handle
        )
        if any(b.post.post_id == post_id for b in saved):
            return False, post_id
        await self.s.call(
            self.s.content.BookmarkPost,
            P.BookmarkPostRequest(post_id=post_id, folder="Read later"),
            as_user=self.handle,
        )
        return True, post_id

    async def _event(self, key: str):
        s, community_id = self.s, self.community_id("walkers")
        title = "Saturday walk: the river and the old docks"
        events = (
            await s.call(s.communities.ListEvents, C.ListEventsRequest(community_id=community_id), as_user=self.handle)
        ).events
        found = next((e.event_id for e in events if e.title == title and not e.cancelled), "")
        if found:
            return False, found
        day = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=7)
        created = await s.call(
            s.communities.CreateEvent,
            C.CreateEventRequest(
                community_id=community_id,
                title=title,
                description="Three hours along the river, coffee at the docks. Only three places: "
                "the boat back is small. Answer going and you are on the list, or on the waitlist.",
                starts_at=_timestamp(day),
                ends_at=_timestamp(day + timedelta(hours=3)),
                time_zone="Europe/Lisbon",
                place="The fountain in the main square",
                capacity=EVENT_CAPACITY,
            ),
            as_user=self.handle,
            idempotent=False,
        )
        return True, created.event.event_id

    async def _rsvp(self, item: tuple[str, int]):
        handle, status = item
        event_id = self._got("event", "walk")
        event = (
            await self.s.call(self.s.communities.GetEvent, C.GetEventRequest(event_id=event_id), as_user=handle)
        ).event
        if event.viewer_status != C.RSVP_STATUS_UNSPECIFIED:
            return False, C.RsvpStatus.Name(event.viewer_status)
        answer = await self.s.call(
            self.s.communities.Rsvp, C.RsvpRequest(event_id=event_id, status=status), as_user=handle
        )
        return True, C.RsvpStatus.Name(answer.status)

    async def _join_request(self, item: tuple[str, str]):
        kind, handle = item
        s, community_id = self.s, self.community_id("readers")
        answers = [f"'Stoner', by John Williams. ({self.cast.names.get(handle, handle)})"]
        pending = await self.pages(
            s.communities.ListJoinRequests,
            C.ListJoinRequestsRequest(community_id=community_id, page_size=100),
            "requests",
            as_user=self.handle,
        )
        created = False
        if not any(r.user_id == s.user_id(handle) for r in pending):
            try:
                await s.call(
                    s.communities.RequestToJoin,
                    C.RequestToJoinRequest(community_id=community_id, answers=answers),
                    as_user=handle,
                )
            except grpc.aio.AioRpcError as exc:
                if exc.code() == grpc.StatusCode.FAILED_PRECONDITION:  # a member already
                    return False, None
                raise
            created = True
        if kind == "approved":
            await s.call(
                s.communities.ApproveJoinRequest,
                C.ApproveJoinRequestRequest(community_id=community_id, user_id=s.user_id(handle)),
                as_user=self.handle,
            )
            created = True
        return created, None

    async def _report(self, item: tuple[str, str]):
        key, reporter = item
        s, community_id, post_id = self.s, self.community_id("walkers"), self.post_id(key)
        reports = await self.pages(
            s.communities.ListReports,
            C.ListReportsRequest(community_id=community_id, page_size=100),
            "reports",
            as_user=self.handle,
        )
        found = next(
            (r.report_id for r in reports if r.target_id == post_id and r.reporter_id == s.user_id(reporter)), 0
        )
        if found:
            return False, found
        report = await s.call(
            s.communities.Report,
            C.ReportRequest(
                community_id=community_id,
                target=C.REPORT_TARGET_POST,
                target_id=post_id,
                reason="An ad: this community is for walks, not for selling things (rule 3).",
            ),
            as_user=reporter,
            idempotent=False,
        )
        return True, report.report_id

    def _conversations(self) -> list[tuple[str, list[tuple[str, str]]]]:
        f, me = self.cast.friend, self.handle
        return [
            (
                "direct 0",
                [
                    (f(0), "Hey! Are you coming on Saturday?"),
                    (me, "Yes! Which route is it this time?"),
                    (f(0), "The river, then coffee at the docks."),
                    (f(0), "Bring a jacket, it gets windy by the water."),
                ],
            ),
            (
                "direct 1",
                [
                    (f(1), "Did you see the route I posted for Thursday night?"),
                    (f(1), "Tell me if the castle hill is too much, we can go round it."),
                ],
            ),
            (
                "group",
                [
                    (me, "Planning Friday's dinner here: who brings what?"),
                    (f(3), "Chocolate cake, as promised."),
                    (f(2), "I'll bring bread and cheese."),
                    (f(0), "Drinks are on me."),
                ],
            ),
            (
                "room",
                [
                    (me, "Welcome to the walkers' room: say hi and ask anything about the routes."),
                    (f(0), "Hi all! I moderate here too, ping me if something is off."),
                    (f(4), "Hello! New here, looking forward to Saturday."),
                ],
            ),
        ]

    async def _conversation(self, item: tuple[str, list[tuple[str, str]]]):
        key, messages = item
        s, me = self.s, self.handle
        created = False
        if key.startswith("direct"):
            # Opened by who writes first: until someone writes, the other side does not have it.
            opener = messages[0][0]
            other = next((h for h, _ in messages if h != opener), me)
            answer = await s.call(
                s.messaging.GetOrCreateDirectConversation,
                M.GetOrCreateDirectConversationRequest(user_id=s.user_id(other)),
                as_user=opener,
            )
            conversation_id, created = answer.conversation.conversation_id, answer.created
        elif key == "group":
            name = "Friday dinner"
            members = [s.user_id(self.cast.friend(i)) for i in range(4)]
            mine = await self.pages(
                s.messaging.ListConversations, M.ListConversationsRequest(page_size=100), "conversations", as_user=me
            )
            conversation_id = next(
                (c.conversation_id for c in mine if c.kind == M.CONVERSATION_KIND_GROUP and c.name == name), ""
            )
            if not conversation_id:
                group = await s.call(
                    s.messaging.CreateGroup,
                    M.CreateGroupRequest(name=name, member_ids=[m for m in dict.fromkeys(members) if m != self.me()]),
                    as_user=me,
                    idempotent=False,
                )
                conversation_id, created = group.conversation.conversation_id, True
        else:
            name, community_id = "Saturday walkers", self.community_id("walkers")
            rooms = (
                await s.call(s.messaging.ListRooms, M.ListRoomsRequest(community_id=community_id), as_user=me)
            ).rooms
            conversation_id = next((r.conversation_id for r in rooms if r.name == name), "")
            if not conversation_id:
                room = await s.call(
                    s.messaging.CreateRoom,
                    M.CreateRoomRequest(community_id=community_id, name=name),
                    as_user=me,
                    idempotent=False,
                )
                conversation_id, created = room.conversation.conversation_id, True
            for handle in dict.fromkeys(h for h, _ in messages if h != me):
                await s.call(s.messaging.JoinRoom, M.JoinRoomRequest(conversation_id=conversation_id), as_user=handle)
        first_from_other = ""
        for n, (sender, text) in enumerate(messages):
            sent = await s.call(
                s.messaging.SendMessage,
                M.SendMessageRequest(
                    conversation_id=conversation_id, text=text, client_id=f"kith-demo-{key.replace(' ', '-')}-{n}"
                ),
                as_user=sender,
            )
            created |= sent.created
            if sender != me and not first_from_other:
                first_from_other = sent.message.message_id
        if key == "direct 0" and first_from_other:
            reacted = await s.call(
                s.messaging.React, M.ReactRequest(message_id=first_from_other, emoji="👍"), as_user=me
            )
            created |= reacted.changed
        return created, conversation_id


# --- live ----------------------------------------------------------------------------------------

POST_TEMPLATES = [
    "Just finished a long read about {topic}. Fascinating stuff.",
    "Anyone else following {topic}? I can't stop reading about it.",
    "Today's rabbit hole: {topic}.",
    "Small joys: a coffee, a window seat and something about {topic} to read.",
    "Thinking about {topic} again today. Recommendations welcome!",
    "Found an old documentary about {topic}. Watching it tonight.",
]
COMMUNITY_TEMPLATES = [
    "Who's up for a walk this week? Thursday evening works for me.",
    "Photos from last Saturday are up. The light by the river was something.",
    "New route idea: start at the market, end at the viewpoint. About 6 km.",
    "Reminder: bring water on Saturday, it's going to be warm.",
    "Does anyone know if the park gates open before nine?",
]
COMMENTS = [
    "Love this!",
    "So true.",
    "Ha, I was just thinking the same.",
    "Count me in.",
    "Great post, thanks for sharing.",
    "Where was this?",
    "Interesting, tell me more!",
    "Agreed 100%.",
]
MESSAGES = [
    "Hey, how are you?",
    "Are you coming on Saturday?",
    "Did you see my last post?",
    "Coffee this week?",
    "I found the book you were talking about!",
    "Thanks for the invite yesterday, it was fun.",
    "Quick question: what time do we meet?",
]
REACTIONS = [P.REACTION_KIND_LIKE, P.REACTION_KIND_LOVE, P.REACTION_KIND_INSIGHTFUL, P.REACTION_KIND_FUNNY]
# (action, weight)
ACTIONS = [("post", 3), ("community post", 1), ("comment", 3), ("react", 3), ("message", 2)]


class Live:
    """LDBC people acting on their own, one action at a time."""

    RESTING_SECONDS = 60  # an actor whose action timed out (e.g. its log-in was rate limited)

    def __init__(self, seed: DemoSeed, *, rng: random.Random | None = None) -> None:
        self.seed, self.s, self.cast = seed, seed.s, seed.cast
        self.rng = rng or random.Random()
        self.resting: dict[str, float] = {}
        self.current = ""
        self.done: Counter[str] = Counter()
        self.failed = 0

    def actor(self, pool: list[str]) -> str:
        now = time.monotonic()
        ready = [h for h in pool if self.resting.get(h, 0) <= now] or pool
        self.current = self.rng.choice(ready)
        return self.current

    def name(self, handle: str) -> str:
        return f"@{handle} ({self.cast.names.get(handle, handle)})"

    @staticmethod
    def quote(text: str, n: int = 40) -> str:
        return '"' + (text if len(text) <= n else text[: n - 1] + "…") + '"'

    async def act(self, kind: str) -> str:
        """One action; the line that tells it."""
        s, cast, me = self.s, self.cast, self.seed.handle
        if kind == "post":
            who = self.actor(cast.actors)
            topic = string.capwords(self.rng.choice(cast.interests.get(who) or ["the city"]))
            text = self.rng.choice(POST_TEMPLATES).format(topic=topic)
            audience = self.rng.choice([P.AUDIENCE_PUBLIC, P.AUDIENCE_PUBLIC, P.AUDIENCE_FRIENDS])
            await s.call(
                s.content.CreatePost, P.CreatePostRequest(text=text, audience=audience), as_user=who, idempotent=False
            )
            to = P.Audience.Name(audience).removeprefix("AUDIENCE_").lower()
            return f"{self.name(who)} posted ({to}): {self.quote(text, 60)}"
        if kind == "community post":
            who = self.actor(cast.friends)
            text = self.rng.choice(COMMUNITY_TEMPLATES)
            community_id = self.seed.community_id("walkers")
            await s.call(
                s.content.CreatePost,
                P.CreatePostRequest(text=text, community_id=community_id),
                as_user=who,
                idempotent=False,
            )
            return f"{self.name(who)} posted in Saturday Walkers: {self.quote(text, 60)}"
        if kind == "message":
            who = self.actor(cast.friends)
            text = self.rng.choice(MESSAGES)
            conversation = await s.call(
                s.messaging.GetOrCreateDirectConversation,
                M.GetOrCreateDirectConversationRequest(user_id=self.seed.me()),
                as_user=who,
            )
            await s.call(
                s.messaging.SendMessage,
                M.SendMessageRequest(
                    conversation_id=conversation.conversation.conversation_id, text=text, client_id=uuid.uuid4().hex
                ),
                as_user=who,
            )
            return f"{self.name(who)} messaged @{me}: {self.quote(text, 60)}"
        # comment or react: on one of the demo person's posts, or on something in their own feed
        who = self.actor(cast.actors)
        post = await self.target_post(who)
        if post is None:
            return f"{self.name(who)} found nothing to {kind} on"
        whose = "@" + me + "'s" if post.author_id == self.seed.me() else "a"
        if kind == "comment":
            text = self.rng.choice(COMMENTS)
            await s.call(
                s.content.AddComment,
                P.AddCommentRequest(post_id=post.post_id, text=text),
                as_user=who,
                idempotent=False,
            )
            return f"{self.name(who)} commented on {whose} post {self.quote(post.text)}: {self.quote(text)}"
        reaction = self.rng.choice(REACTIONS)
        await s.call(s.content.React, P.ReactRequest(post_id=post.post_id, kind=reaction), as_user=who)
        kind_name = P.ReactionKind.Name(reaction).removeprefix("REACTION_KIND_").lower()
        return f"{self.name(who)} reacted {kind_name} to {whose} post {self.quote(post.text)}"

    async def target_post(self, who: str):
        """Half the time one of the demo person's recent posts (so they are notified), else a
        recent post of someone else in the actor's home feed."""
        s = self.s
        if self.rng.random() < 0.5:
            posts = (
                await s.call(
                    s.content.ListUserPosts, P.ListUserPostsRequest(user_id=self.seed.me(), page_size=20), as_user=who
                )
            ).posts
            posts = [p for p in posts if p.text]
        else:
            feed = (await s.call(s.feed.GetHomeFeed, F.GetHomeFeedRequest(page_size=30), as_user=who)).items
            posts = [i for i in feed if i.author_id != s.user_id(who) and i.text]
        return self.rng.choice(posts) if posts else None

    async def run(self, *, seconds: float, rate: float, out=sys.stdout) -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, stop.set)
            loop.add_signal_handler(signal.SIGTERM, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals here
            pass
        started = time.monotonic()
        deadline = started + seconds if seconds else float("inf")
        interval = 1 / rate
        n = 0
        stopper = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                kind = self.rng.choices([a for a, _ in ACTIONS], weights=[w for _, w in ACTIONS])[0]
                action = asyncio.ensure_future(asyncio.wait_for(self.act(kind), timeout=max(10.0, 3 * interval)))
                await asyncio.wait({action, stopper}, return_when=asyncio.FIRST_COMPLETED)
                if not action.done():
                    action.cancel()
                    break
                clock = datetime.now().strftime("%H:%M:%S")
                try:
                    line = action.result()
                    self.done[kind] += 1
                except (grpc.aio.AioRpcError, Skip, TimeoutError) as exc:
                    self.failed += 1
                    if isinstance(exc, TimeoutError) and self.current:  # e.g. its log-ins rate limited
                        self.resting[self.current] = time.monotonic() + self.RESTING_SECONDS
                    detail = (
                        f"{exc.code().name}: {exc.details()}" if isinstance(exc, grpc.aio.AioRpcError) else str(exc)
                    )
                    line = f"{kind} failed: {detail or type(exc).__name__}"
                print(f"{clock}  {line}", file=out, flush=True)
                n += 1
                wait = started + n * interval - time.monotonic()
                if wait > 0:
                    try:
                        await asyncio.wait_for(
                            asyncio.shield(stopper), timeout=min(wait, max(0.0, deadline - time.monotonic()))
                        )
                    except TimeoutError:
                        pass
        finally:
            stopper.cancel()
            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.remove_signal_handler(sig)
                except (NotImplementedError, RuntimeError):
                    pass
        took = time.monotonic() - started
        tally = ", ".join(f"{k} {v}" for k, v in self.done.most_common())
        print(
            f"kith demo live: {sum(self.done.values())} actions in {took:.0f}s ({tally or 'none'})"
            + (f", {self.failed} failed" if self.failed else ""),
            file=out,
            flush=True,
        )
        return 0


# --- the command line ----------------------------------------------------------------------------


def add_parser(sub) -> None:
    demo = sub.add_parser(
        "demo",
        help="a demo person for the web app, in the LDBC world (after kith load ldbc)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = demo.add_subparsers(dest="demo_command", required=True)
    seed = actions.add_parser(
        "seed",
        help="make the demo person and their world (idempotent)",
        description="Make the demo person and their world through the gateway, after `kith load ldbc`. "
        "A second run changes nothing.",
    )
    seed.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get(DATA_ENV, "data/ldbc-snb-mini")),
        help=f"the LDBC data set the load read (default: ${DATA_ENV}, else data/ldbc-snb-mini); "
        "read on the first run only",
    )
    seed.add_argument("--password", default=DEMO_PASSWORD, help=f"the demo person's password (default {DEMO_PASSWORD})")
    seed.add_argument("--concurrency", type=int, default=8, help="calls in flight at once (default 8)")
    seed.add_argument("--no-progress", action="store_true", help="no progress bars")
    live = actions.add_parser(
        "live",
        help="LDBC people post, comment, react and message the demo person until Ctrl-C",
        description="Keep the demo's world alive: the demo person's friends and the people it follows "
        "post, comment, react and send it messages, one action at a time, until Ctrl-C or --seconds.",
    )
    live.add_argument("--seconds", type=float, default=0, help="stop after this many seconds (default: at Ctrl-C)")
    live.add_argument("--rate", type=float, default=0.5, help="actions a second (default 0.5: one every 2 s)")
    for p in (seed, live):
        p.add_argument("--prefix", default="ldbc", help="the LDBC load's handle prefix (default: ldbc)")
        p.add_argument("--handle", default=DEMO_HANDLE, help=f"the demo person's handle (default: {DEMO_HANDLE})")
        p.add_argument(
            "--ldbc-state",
            type=Path,
            help="the LDBC load's state file (default: $KITH_STATE/load/<prefix>.jsonl, .kith/load/...)",
        )
        p.add_argument(
            "--state", type=Path, help="the demo's state file (default: $KITH_STATE/load/<prefix>.demo.<handle>.jsonl)"
        )
        p.add_argument(
            "--gateway",
            default=os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050"),
            help="the public gateway (default: $KITH_GATEWAY_ADDR, else 127.0.0.1:50050)",
        )
        p.add_argument("--tls", action="store_true", help="the gateway speaks TLS (system roots)")


def main(args) -> int:
    console = Console(stderr=True)
    try:
        if args.demo_command == "seed":
            return asyncio.run(_seed(args, console))
        return asyncio.run(_live(args, console))
    except KeyboardInterrupt:
        console.print(
            "interrupted" + (": run the same command again to continue" if args.demo_command == "seed" else "")
        )
        return 130
    except (ValueError, OSError, StateMismatch, Skip) as exc:
        console.print(f"[red]kith demo {args.demo_command}:[/red] {exc}")
        return 2


def _paths(args) -> tuple[Path, Path]:
    ldbc.check_prefix(args.prefix)
    if not 3 <= len(args.handle) <= 30 or not args.handle.replace("_", "").isalnum() or not args.handle.isascii():
        raise ValueError(f"handle {args.handle!r}: 3 to 30 letters, digits and underscores")
    ldbc_state = args.ldbc_state or default_state_dir() / f"{args.prefix}.jsonl"
    if not ldbc_state.exists():
        raise ValueError(f"no LDBC load state in {ldbc_state}: run `kith load ldbc DIR --prefix {args.prefix}` first")
    return ldbc_state, args.state or default_state_dir() / f"{args.prefix}.demo.{args.handle}.jsonl"


def _channel(args) -> grpc.aio.Channel:
    if args.tls:
        return grpc.aio.secure_channel(args.gateway, grpc.ssl_channel_credentials())
    return grpc.aio.insecure_channel(args.gateway)


def _cast(state: SeedState, args, ldbc_state: SeedState) -> Cast:
    """The cast the first run chose (kept, so later runs act on the same people)."""
    recorded = state.get("cast", "cast")
    if recorded:
        return Cast(**recorded)
    cast = choose_cast(ldbc.LdbcMini(args.data), args.prefix, ldbc_state)
    state.record("cast", "cast", dataclasses.asdict(cast))
    return cast


async def _seed(args, console: Console) -> int:
    ldbc_path, demo_path = _paths(args)
    if not 8 <= len(args.password) <= 256:
        raise ValueError("the password must be 8 to 256 characters")
    ldbc_state = SeedState.open(ldbc_path, gateway=args.gateway)
    if ldbc_state.has("users", args.handle):
        ldbc_state.close()
        raise ValueError(f"@{args.handle} is one of the LDBC people: pick another --handle")
    state = SeedState.open(demo_path, gateway=args.gateway, password=args.password)
    channel = _channel(args)
    seeder = DemoSeeder(
        channel, state, ldbc_state, concurrency=args.concurrency, progress=not args.no_progress, console=console
    )
    try:
        cast = _cast(state, args, ldbc_state)
        with seeder:
            await DemoSeed(seeder, cast, handle=args.handle, prefix=args.prefix).seed()
    finally:
        state.close()
        ldbc_state.close()
        await channel.close()
        if seeder.phases:
            seeder.print_summary("kith demo seed")
    if seeder.failed:
        console.print(f"[red]kith demo seed:[/red] the demo of @{args.handle} is not complete")
        return 1
    web = os.environ.get("KITH_WEB_URL", f"http://127.0.0.1:{os.environ.get('KITH_WEB_PORT', '18080')}/")
    print(f"demo person: @{args.handle} ({DEMO_NAME}), password {args.password}")
    print(f"  web app: {web} (log in with {args.handle} or {args.handle}@example.org)")
    print("  friends: " + ", ".join(f"@{h} ({cast.names.get(h, h)})" for h in cast.friends))
    print("  owns: Saturday Walkers (with Night Walks under it) and Quiet Readers (private)")
    print("  keep its people active: kith demo live (make demo-live)")
    return 0


async def _live(args, console: Console) -> int:
    ldbc_path, demo_path = _paths(args)
    if not demo_path.exists():
        raise ValueError(f"no demo state in {demo_path}: run `kith demo seed --handle {args.handle}` first")
    if args.rate <= 0 or args.seconds < 0:
        raise ValueError("--rate must be above 0 and --seconds at least 0")
    ldbc_state = SeedState.open(ldbc_path, gateway=args.gateway)
    state = SeedState.open(demo_path, gateway=args.gateway)
    channel = _channel(args)
    try:
        if not state.get("cast", "cast") or not state.get("communities", "walkers"):
            raise ValueError(f"the demo in {demo_path} is not finished: run `kith demo seed` again")
        seeder = DemoSeeder(channel, state, ldbc_state, progress=False, console=console)
        seed = DemoSeed(seeder, Cast(**state.get("cast", "cast")), handle=args.handle, prefix=args.prefix)
        until = f"for {args.seconds:g}s" if args.seconds else "until Ctrl-C"
        console.print(
            f"kith demo live: {len(seed.cast.actors)} people act around @{args.handle}, {args.rate:g}/s, {until}"
        )
        return await Live(seed).run(seconds=args.seconds, rate=args.rate)
    finally:
        state.close()
        ldbc_state.close()
        await channel.close()
