"""Redis adapter of the feed read model.

Keys (a user's keys carry the user id as a hash tag, so in a Redis Cluster each user's keys
share one slot):
  feed:home:{u}          zset  post id -> time (ms), capped: u's home feed
  feed:timeline:{u}      zset  u's own posts
  feed:followers:{u}     set   who follows u          feed:following:{u}  set  whom u follows
  feed:friends:{u}       set   u's friends            feed:communities:{u} set u's communities
  feed:mutes:{u}         set   whom u muted           feed:mutedby:{u}    set  who muted u
  feed:blocks:{u}        set   blocks either way      feed:affinity:{u}   zset author -> interactions
  feed:members:{c}       set   community members      feed:community:{c}  zset community posts
  feed:community-meta:{c} hash  visibility
  feed:hashtag:{t}       zset  publicly visible posts with the tag
  feed:popular           zset  publicly visible posts by hot score
  feed:post:{p}          hash  the post summary (a deleted post's keeps only `deleted`)
  feed:user:{u}          hash  the author summary (`away` while deactivated)
  feed:facts:{u}         hash  the newest fact of each of u's relationships and memberships, and
                         whether u is away: "<field>" -> "<time ms>:<1|0>" (lua/relate.lua)
  feed:activity          zset  user -> last feed read (ms)
  feed:big-authors, feed:big-communities  sets: not fanned out, merged at read time (an
                         operator may also add an author to feed:big-authors by hand)
  feed:erased-users      zset  erased user -> when erased here (ms): the tombstone list; events
                         naming them are dropped and every other trace goes (adapters/erasure.py)

Every write is keyed and idempotent (set adds, zset adds of fixed scores, tombstones, and
counters behind an event-id check), so a redelivered event changes nothing. Relationship,
membership and deactivation facts keep the newest per pair, so an event applied directly by
the feed API's mirror service and again, later, from Kafka changes nothing either.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from kith_feed.adapters.away import ask_away, away_among, is_away, profiles_among
from kith_feed.adapters.community_metrics import RedisCommunityMetrics
from kith_feed.adapters.erasure import RedisErasure
from kith_feed.adapters.keys import (  # re-exported for the callers of this module
    ACTIVITY_KEY,
    BIG_AUTHORS,
    BIG_COMMUNITIES,
    LIST_CAP,
    POPULAR_CAP,
    POPULAR_KEY,
    _s,
    _set,
    affinity_key,
    blocks_key,
    communities_key,
    community_key,
    community_meta_key,
    facts_key,
    followers_key,
    following_key,
    friends_key,
    hashtag_key,
    home_key,
    members_key,
    muted_by_key,
    mutes_key,
    post_key,
    timeline_key,
    user_key,
)
from kith_feed.adapters.live_items import LiveNotifications
from kith_feed.adapters.mentorship import RedisMentorship
from kith_feed.adapters.notifications import CommunityFacts
from kith_feed.adapters.recognition import RedisRecognition
from kith_feed.adapters.scripts import lua
from kith_feed.domain.model import DAY_MS, AuthorSummary, FeedEntry, PostSummary, Viewer, may_see
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.redis_client import AnyRedis, is_cluster


def hot_score(post: PostSummary) -> float:
    """The popular feed's order: log10 of the engagement plus the age, where 12.5 hours newer
    is worth ten times the engagement (reactions + 2 comments + 3 shares)."""
    engagement = max(1, post.reactions + 2 * post.comments + 3 * post.shares)
    return math.log10(engagement) + post.created_at_ms / 1000 / 45000


def _range(raw: list) -> list[tuple[str, int]]:
    return [(_s(m), int(score)) for m, score in raw]


def _author(user_id: str, fields: dict[str, str]) -> AuthorSummary | None:
    return AuthorSummary(user_id, fields.get("handle", ""), fields.get("display_name", "")) if fields else None


def _summary(post_id: str, fields: dict) -> PostSummary | None:
    if not fields:
        return None
    f = {_s(k): _s(v) for k, v in fields.items()}
    if "deleted" in f or "author_id" not in f:
        return None
    return PostSummary(
        post_id=post_id,
        author_id=f["author_id"],
        text=f.get("text", ""),
        created_at_ms=int(f["created_at_ms"]),
        audience=f.get("audience", "public"),
        community_id=f.get("community_id", ""),
        members_only=f.get("members_only") == "1",
        hashtags=tuple(t for t in f.get("hashtags", "").split(" ") if t),
        reactions=int(f.get("reactions", 0)),
        comments=int(f.get("comments", 0)),
        shares=int(f.get("shares", 0)),
        shared_post_id=f.get("shared_post_id", ""),
        reactions_by_kind=tuple(
            sorted(
                ((int(k[len(KIND_FIELD) :]), int(v)) for k, v in f.items() if k.startswith(KIND_FIELD) and int(v) > 0),
                key=lambda kc: (-kc[1], kc[0]),
            )
        ),
    )


KIND_FIELD = "reactions:"  # reactions:<content.v1.ReactionKind number> in a post's or comment's hash
TOMBSTONE_FIELDS = {"deleted"}  # all a deleted post's hash keeps


LUA_POSTS_PER_CALL = 500


def _lua_post_args(post: PostSummary) -> list:
    """One post's arguments to lua/fan_out.lua, in the order of its POST table: id, author,
    time, audience mode, community, summary key, text, audience, members only, hashtags,
    shared post, hot score ('' unless public), the number of lists it goes into; then their keys."""
    if post.audience in ("public", "followers") or (post.audience == "community" and not post.members_only):
        mode = "followers"
    elif post.audience == "friends":
        mode = "friends"
    else:
        mode = "none"
    lists = [timeline_key(post.author_id)]
    if post.community_id:
        lists.append(community_key(post.community_id))
    public = post.publicly_visible
    if public:
        lists += [hashtag_key(tag) for tag in post.hashtags]
    return [
        post.post_id,
        post.author_id,
        post.created_at_ms,
        mode,
        post.community_id,
        post_key(post.post_id),
        post.text,
        post.audience,
        "1" if post.members_only else "0",
        " ".join(post.hashtags),
        post.shared_post_id,
        hot_score(post) if public else "",
        len(lists),
        *lists,
    ]


class RedisFeedStore:
    def __init__(
        self,
        client: AnyRedis,
        *,
        cap: int = 800,
        backfill: int = 50,
        batch: int = 1000,
        big_author_followers: int = 10_000,
        big_community_members: int = 10_000,
        inactive_after_ms: int = 30 * DAY_MS,
        fanout_in_lua: bool = True,
        reminder_lead_ms: int = 3_600_000,
    ) -> None:
        self.redis = client
        self.cap = cap
        self.backfill = backfill
        self.batch = batch
        self.big_author_followers = big_author_followers
        self.big_community_members = big_community_members
        self.inactive_after_ms = inactive_after_ms
        self._count = IdempotentRedisScript(client, "feed-counts", lua("count"))
        self._affinity = IdempotentRedisScript(client, "feed-affinity", lua("affinity"))
        # The script reads and writes keys of many slots: on a Redis Cluster the fan-out always
        # runs as pipelines (which the cluster client splits by node).
        self.fanout_in_lua = fanout_in_lua and not is_cluster(client)
        self._fanout = client.register_script(lua("fan_out"))
        self._relate = client.register_script(lua("relate"))
        self._away = client.register_script(lua("away"))
        self.notifications = LiveNotifications(client)  # each new one also reaches the live channel
        self.community_facts = CommunityFacts(client, reminder_lead_ms)
        self.metrics = RedisCommunityMetrics(client)
        self.recognition = RedisRecognition(client)
        self.mentorship = RedisMentorship(client)
        self.erasure = RedisErasure(client)
        self.publish = None  # async (OutgoingEvent) -> None, set by the stream worker

    @classmethod
    def from_settings(cls, client: AnyRedis, settings) -> RedisFeedStore:
        return cls(
            client,
            cap=settings.feed_cap,
            backfill=settings.follow_backfill,
            batch=settings.fanout_batch,
            big_author_followers=settings.big_author_followers,
            big_community_members=settings.big_community_members,
            inactive_after_ms=int(settings.inactive_after_days * DAY_MS),
            fanout_in_lua=settings.fanout_in_lua,
            reminder_lead_ms=int(settings.event_reminder_lead_minutes * 60_000),
        )

    # --- writes (the stream worker) ---------------------------------------------------

    async def put_author(self, author: AuthorSummary) -> None:
        await self.redis.hset(
            user_key(author.user_id), mapping={"handle": author.handle, "display_name": author.display_name}
        )

    async def fan_out_post(self, post: PostSummary, now_ms: int | None = None) -> int:
        return await self.fan_out_posts([post], now_ms)

    async def fan_out_posts(
        self, posts: list[PostSummary], now_ms: int | None = None, reached: dict[str, str] | None = None
    ) -> int:
        """Store the posts and put each in the home feed of its author and of everyone in its
        audience who should see it (followers and friends, or the community's members),
        except those who muted or block the author, those inactive for too long (rebuilt when
        they come back) and the followers of big authors and members of big communities
        (merged at read time). On a standalone Redis a batch is one script call per 500
        posts (one round trip in all); on a Redis Cluster, where a script may only touch one
        slot, it is four pipelines however many posts and feeds it touches. Each feed gets
        one ZADD with all its new entries. Returns the number of feed entries written; `reached`,
        when given, gets each feed owner written to and the newest post they got.

        A follow processed at the same time cannot miss a post: this writes the timelines
        before reading the followers, and a follow writes the followers before reading the
        timeline, so whichever read runs second sees the other's write.
        """
        if not posts:
            return 0
        now_ms = now_ms or int(time.time() * 1000)
        if self.fanout_in_lua:
            return await self._fan_out_in_lua(posts, now_ms, reached)
        pipe = self.redis.pipeline(transaction=False)
        for post in posts:
            pipe.hexists(post_key(post.post_id), "deleted")
        gone = await pipe.execute()
        posts = [p for p, deleted in zip(posts, gone, strict=True) if not deleted]  # never a ghost
        if not posts:
            return 0

        pipe = self.redis.pipeline(transaction=False)
        trims: set[str] = set()
        for post in posts:
            pipe.hset(
                post_key(post.post_id),
                mapping={
                    "author_id": post.author_id,
                    "text": post.text,
                    "created_at_ms": post.created_at_ms,
                    "audience": post.audience,
                    "community_id": post.community_id,
                    "members_only": "1" if post.members_only else "0",
                    "hashtags": " ".join(post.hashtags),
                    "shared_post_id": post.shared_post_id,
                },
            )
            lists = [timeline_key(post.author_id)]
            if post.community_id:
                lists.append(community_key(post.community_id))
            if post.publicly_visible:
                lists += [hashtag_key(tag) for tag in post.hashtags]
                pipe.zadd(POPULAR_KEY, {post.post_id: hot_score(post)})
            for key in lists:
                pipe.zadd(key, {post.post_id: post.created_at_ms})
                trims.add(key)
        for key in trims:
            pipe.zremrangebyrank(key, 0, -(LIST_CAP + 1))
        if any(p.publicly_visible for p in posts):
            pipe.zremrangebyrank(POPULAR_KEY, 0, -(POPULAR_CAP + 1))
        await pipe.execute()

        authors = sorted({p.author_id for p in posts})
        communities = sorted({p.community_id for p in posts if p.community_id})
        pipe = self.redis.pipeline(transaction=False)
        pipe.smismember(BIG_AUTHORS, authors)
        for author in authors:
            pipe.scard(followers_key(author))
            pipe.smembers(followers_key(author))
            pipe.smembers(friends_key(author))
            pipe.smembers(muted_by_key(author))
            pipe.smembers(blocks_key(author))
        for community_id in communities:
            pipe.smembers(members_key(community_id))
        pinned, *replies = await pipe.execute()
        people = {
            a: (replies[5 * i], *(_set(r) for r in replies[5 * i + 1 : 5 * i + 5])) for i, a in enumerate(authors)
        }
        members = {c: _set(replies[5 * len(authors) + i]) for i, c in enumerate(communities)}
        big_authors = [
            a for a, pin in zip(authors, pinned, strict=True) if pin or people[a][0] > self.big_author_followers
        ]
        big_communities = [c for c in communities if len(members[c]) > self.big_community_members]

        audiences: list[tuple[PostSummary, set[str]]] = []
        for post in posts:
            _, followers, friends, muted_by, blocked = people[post.author_id]
            recipients: set[str] = set()
            wants_followers = post.audience in ("public", "followers") or (
                post.audience == "community" and not post.members_only
            )
            if post.author_id not in big_authors:
                if wants_followers:
                    recipients |= followers | friends
                elif post.audience == "friends":
                    recipients |= friends
            if post.community_id and post.community_id not in big_communities:
                recipients |= members[post.community_id]
            recipients -= muted_by | blocked
            recipients.discard(post.author_id)
            audiences.append((post, recipients))
        active = set(await self._active(sorted(set().union(*(r for _, r in audiences))), now_ms))

        by_owner: dict[str, dict[str, int]] = {}
        for post, recipients in audiences:
            for owner in (recipients & active) | {post.author_id}:
                by_owner.setdefault(owner, {})[post.post_id] = post.created_at_ms
        owners = list(by_owner)
        for start in range(0, len(owners), self.batch):
            pipe = self.redis.pipeline(transaction=False)
            for owner in owners[start : start + self.batch]:
                pipe.zadd(home_key(owner), by_owner[owner])
                pipe.zremrangebyrank(home_key(owner), 0, -(self.cap + 1))
            if start == 0:
                if big_authors:
                    pipe.sadd(BIG_AUTHORS, *big_authors)
                if big_communities:
                    pipe.sadd(BIG_COMMUNITIES, *big_communities)
            await pipe.execute()
        if reached is not None:
            for owner, entries in by_owner.items():
                reached[owner] = max(entries.items(), key=lambda entry: (entry[1], entry[0]))[0]
        return sum(len(entries) for entries in by_owner.values())

    async def _fan_out_in_lua(
        self, posts: list[PostSummary], now_ms: int, reached: dict[str, str] | None = None
    ) -> int:
        # `async with`: a pipeline that fails while loading its script (Redis restarting) still
        # gives its connection back to the pool (redis-py only does so on reset()).
        async with self.redis.pipeline(transaction=False) as pipe:
            for start in range(0, len(posts), LUA_POSTS_PER_CALL):
                # fan_out.lua's SETTINGS, in its order.
                args: list = [
                    self.cap,
                    now_ms - self.inactive_after_ms,
                    self.big_author_followers,
                    self.big_community_members,
                    LIST_CAP,
                    POPULAR_KEY,
                    POPULAR_CAP,
                ]
                for post in posts[start : start + LUA_POSTS_PER_CALL]:
                    args += _lua_post_args(post)
                await self._fanout(keys=[], args=args, client=pipe)
            replies = await pipe.execute()
        if reached is not None:
            for reply in replies:
                reached.update(zip((_s(o) for o in reply[1::2]), (_s(p) for p in reply[2::2]), strict=True))
        return int(sum(reply[0] for reply in replies))

    async def _active(self, users: list[str], now_ms: int) -> list[str]:
        """Users whose last read is recent (or unknown); the others are rebuilt on their next read."""
        if not users:
            return []
        seen = await self.redis.zmscore(ACTIVITY_KEY, users)
        limit = now_ms - self.inactive_after_ms
        return [u for u, at in zip(users, seen, strict=True) if at is None or at >= limit]

    async def edit_post(self, post_id: str, text: str, hashtags: tuple[str, ...]) -> None:
        fields = await self.redis.hgetall(post_key(post_id))
        post = _summary(post_id, fields)
        if post is None:
            return
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(post_key(post_id), mapping={"text": text, "hashtags": " ".join(hashtags)})
        if post.publicly_visible:
            for tag in set(post.hashtags) - set(hashtags):
                pipe.zrem(hashtag_key(tag), post_id)
            for tag in hashtags:
                pipe.zadd(hashtag_key(tag), {post_id: post.created_at_ms})
        await pipe.execute()

    async def delete_post(self, post_id: str, author_id: str = "") -> None:
        """Take the post out of its timeline, community, hashtag and popular lists and tombstone
        its summary (every feed skips it, and a publish arriving later cannot revive it). The
        tombstone keeps nothing but `deleted`: not the author, nor the text. The author comes
        from the summary when the event does not name them (an erased author's posts)."""
        key = post_key(post_id)
        fields = {_s(k): _s(v) for k, v in (await self.redis.hgetall(key)).items()}
        author_id = author_id or fields.get("author_id", "")
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(key, "deleted", 1)
        pipe.zrem(POPULAR_KEY, post_id)
        if author_id:
            pipe.zrem(timeline_key(author_id), post_id)
            pipe.zrem(home_key(author_id), post_id)
        if fields.get("community_id"):
            pipe.zrem(community_key(fields["community_id"]), post_id)
        for tag in fields.get("hashtags", "").split(" "):
            if tag:
                pipe.zrem(hashtag_key(tag), post_id)
        await pipe.execute()
        # Last, so that a worker that dies before it finds the lists in the summary again.
        if stale := [f for f in fields if f not in TOMBSTONE_FIELDS]:
            await self.redis.hdel(key, *stale)

    async def count(
        self, event_id: str, post_id: str, field: str, delta: int, by_kind: dict[int, int] | None = None
    ) -> None:
        """Change a post's (or comment's) reactions, comments or shares once per event, and its
        reactions by kind (kind -> delta); re-rank it."""
        changes: list = [field, delta] if delta else []
        for kind, d in (by_kind or {}).items():
            changes += [f"{KIND_FIELD}{kind}", d]
        if not changes:
            return
        await self._count(event_id, [post_key(post_id)], changes, hash_tag=post_id)
        # Re-ranked on a redelivery too: a worker may have died between the count and the score.
        await self._rerank(post_id)

    async def _rerank(self, post_id: str) -> None:
        """Bring the post's popular score in line with its counts. The counts and the popular list
        live in different slots, so they cannot change in one script; instead, whoever writes a
        score reads the counts again afterwards and writes once more if they moved meanwhile. The
        last score written is therefore always computed from the final counts, even when agents
        (or workers) count the same post concurrently, and a delete that slips in between takes
        the post back out."""
        written = None
        for _ in range(8):
            fields = await self.redis.hgetall(post_key(post_id))
            if fields == written:
                return
            post = _summary(post_id, fields)
            if post is None or not post.publicly_visible:
                if written is not None:
                    await self.redis.zrem(POPULAR_KEY, post_id)
                return
            await self.redis.zadd(POPULAR_KEY, {post_id: hot_score(post)})
            written = fields

    async def add_affinity(self, event_id: str, user_id: str, author_id: str, weight: float) -> None:
        if user_id and author_id and user_id != author_id:
            await self._affinity(event_id, [affinity_key(user_id)], [author_id, weight], hash_tag=user_id)

    # Relationships: each change records the fact (unless a newer one is recorded), then
    # reconciles the affected home feeds.

    async def _fact(
        self, owner: str, field: str, at_ms: int | None, holds: bool, member: str, set_key: str, also: str = ""
    ) -> bool:
        at_ms = int(time.time() * 1000) if at_ms is None else at_ms
        return bool(
            await self._relate(
                keys=[facts_key(owner), set_key], args=[field, at_ms, "1" if holds else "0", member, also]
            )
        )

    async def set_following(self, follower_id: str, followee_id: str, follows: bool, at_ms: int | None = None) -> None:
        """Record a follow or its end; a new follow backfills the followee's recent posts, an
        ended one takes them out of the follower's home."""
        await self._fact(
            followee_id, f"follower:{follower_id}", at_ms, follows, follower_id, followers_key(followee_id)
        )
        if await self._fact(
            follower_id, f"following:{followee_id}", at_ms, follows, followee_id, following_key(follower_id)
        ):
            recent = await self._recent(timeline_key(followee_id), None if follows else LIST_CAP)
            await self.reconcile(follower_id, recent, add=follows)

    async def set_friends(self, a: str, b: str, friends: bool, at_ms: int | None = None) -> None:
        for viewer, other in ((a, b), (b, a)):
            if await self._fact(viewer, f"friend:{other}", at_ms, friends, other, friends_key(viewer)):
                await self.reconcile(viewer, await self._recent(timeline_key(other), LIST_CAP), add=friends)

    async def set_blocked(self, blocker: str, blocked: str, on: bool, at_ms: int | None = None) -> None:
        # A block hides both ways while either side blocks the other. The follows ended with
        # it, but a new follow may have been applied before the unblock (their events travel
        # on different partitions): an unblock backfills what now belongs, as a follow does.
        sides = (
            (blocker, blocked, f"blocks:{blocked}", f"blockedby:{blocked}"),
            (blocked, blocker, f"blockedby:{blocker}", f"blocks:{blocker}"),
        )
        for viewer, other, field, also in sides:
            if await self._fact(viewer, field, at_ms, on, other, blocks_key(viewer), also):
                recent = await self._recent(timeline_key(other), LIST_CAP if on else None)
                await self.reconcile(viewer, recent, add=not on)

    async def set_muted(self, muter: str, muted: str, on: bool, at_ms: int | None = None) -> None:
        await self._fact(muted, f"mutedby:{muter}", at_ms, on, muter, muted_by_key(muted))
        if await self._fact(muter, f"mutes:{muted}", at_ms, on, muted, mutes_key(muter)):
            await self.reconcile(muter, await self._recent(timeline_key(muted), LIST_CAP), add=not on)

    async def set_member(self, community_id: str, user_id: str, member: bool, at_ms: int | None = None) -> None:
        await self._fact(community_id, f"member:{user_id}", at_ms, member, user_id, members_key(community_id))
        if await self._fact(
            user_id, f"community:{community_id}", at_ms, member, community_id, communities_key(user_id)
        ):
            await self.reconcile(user_id, await self._recent(community_key(community_id), LIST_CAP), add=member)

    async def set_away(self, user_id: str, away: bool, at_ms: int | None = None) -> None:
        """A deactivated author's posts are hidden by every read (nothing is removed, so they
        are back on reactivation)."""
        at_ms = int(time.time() * 1000) if at_ms is None else at_ms
        await self._away(keys=[facts_key(user_id), user_key(user_id)], args=[at_ms, "1" if away else "0"])

    async def away(self, user_ids: Iterable[str]) -> frozenset[str]:
        """Those of these users who are deactivated."""
        return await away_among(self.redis, user_ids)

    async def put_community(self, community_id: str, visibility: str) -> None:
        await self.redis.hset(community_meta_key(community_id), "visibility", visibility)

    async def _recent(self, key: str, n: int | None = None) -> list[str]:
        return [_s(m) for m in await self.redis.zrevrange(key, 0, (n or self.backfill) - 1)]

    VIEWER_REPLIES = 6

    @staticmethod
    def _ask_viewer(pipe, user_id: str) -> None:
        """Queue the reads that make a Viewer (VIEWER_REPLIES replies, read by `_viewer`)."""
        for key in (following_key, friends_key, communities_key, mutes_key, blocks_key):
            pipe.smembers(key(user_id))
        pipe.zrevrange(affinity_key(user_id), 0, 199, withscores=True)

    @staticmethod
    def _viewer(user_id: str, replies: list) -> Viewer:
        following, friends, communities, muted, blocked, affinity = replies
        return Viewer(
            user_id,
            _set(following),
            _set(friends),
            _set(communities),
            _set(muted),
            _set(blocked),
            {_s(a): float(s) for a, s in affinity},
        )

    async def viewer(self, user_id: str) -> Viewer:
        pipe = self.redis.pipeline(transaction=False)
        self._ask_viewer(pipe, user_id)
        return self._viewer(user_id, await pipe.execute())

    @staticmethod
    def belongs_in_home(post: PostSummary, viewer: Viewer) -> bool:
        """A post belongs in a home feed when the reader may see it and it comes from them,
        someone they follow, a friend, or one of their communities."""
        if not may_see(post, viewer):
            return False
        return (
            post.author_id == viewer.user_id
            or post.author_id in viewer.following
            or post.author_id in viewer.friends
            or bool(post.community_id and post.community_id in viewer.communities)
        )

    async def reconcile(self, user_id: str, post_ids: list[str], *, add: bool) -> None:
        """Bring these posts in line with the user's home feed rules: remove the ones that no
        longer belong, and (when `add`) add the ones that do."""
        if not post_ids:
            return
        viewer = await self.viewer(user_id)
        posts = await self.summaries(post_ids)
        keep = {p.post_id: p.created_at_ms for p in posts.values() if self.belongs_in_home(p, viewer)}
        drop = [p for p in post_ids if p not in keep]
        pipe = self.redis.pipeline(transaction=False)
        if drop:
            pipe.zrem(home_key(user_id), *drop)
        if add and keep:
            pipe.zadd(home_key(user_id), keep)
            pipe.zremrangebyrank(home_key(user_id), 0, -(self.cap + 1))
        await pipe.execute()

    # --- reads (the feed API) -----------------------------------------------------------

    async def summaries(self, post_ids: list[str]) -> dict[str, PostSummary]:
        if not post_ids:
            return {}
        pipe = self.redis.pipeline(transaction=False)
        for post_id in post_ids:
            pipe.hgetall(post_key(post_id))
        found = {}
        for post_id, fields in zip(post_ids, await pipe.execute(), strict=True):
            if (summary := _summary(post_id, fields)) is not None:
                found[post_id] = summary
        return found

    async def readable(
        self, post_ids: list[str], authors: dict[str, AuthorSummary | None] | None = None
    ) -> dict[str, PostSummary]:
        """The summaries of these posts whose authors are not away (deactivated, erased). The
        authors' summaries, read in the same round trip, go into `authors` (for `entries`)."""
        posts = await self.summaries(post_ids)
        profiles, gone = await profiles_among(self.redis, (p.author_id for p in posts.values()))
        if authors is not None:
            authors.update((a, _author(a, fields)) for a, fields in profiles.items())
        return {pid: p for pid, p in posts.items() if p.author_id not in gone} if gone else posts

    async def authors(self, author_ids: Iterable[str]) -> dict[str, AuthorSummary]:
        profiles, _ = await profiles_among(self.redis, author_ids)
        return {a: author for a, fields in profiles.items() if (author := _author(a, fields)) is not None}

    async def range(self, key: str, top: int | str, count: int) -> list[tuple[str, int]]:
        return (await self.ranges([key], top, count))[0]

    async def ranges(self, keys: list[str], top: int | str, count: int) -> list[list[tuple[str, int]]]:
        """The newest `count` entries at or below `top` of each list, in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        for key in keys:
            pipe.zrevrangebyscore(key, top, "-inf", start=0, num=count, withscores=True)
        return [_range(raw) for raw in await pipe.execute()]

    async def timeline_context(
        self, user_id: str, author_id: str, first: tuple[int | str, int]
    ) -> tuple[Viewer, bool, list[tuple[str, int]]]:
        """In one round trip: the reader, whether the author is away, and the first range (top,
        count) of the author's timeline."""
        pipe = self.redis.pipeline(transaction=False)
        self._ask_viewer(pipe, user_id)
        ask_away(pipe, author_id)
        pipe.zrevrangebyscore(timeline_key(author_id), first[0], "-inf", start=0, num=first[1], withscores=True)
        replies = await pipe.execute()
        n = self.VIEWER_REPLIES
        return self._viewer(user_id, replies[:n]), is_away(replies[n : n + 2]), _range(replies[n + 2])

    async def home_context(
        self, user_id: str, now_ms: int, first: tuple[int | str, int]
    ) -> tuple[Viewer, int | None, list[str], list[tuple[str, int]]]:
        """In one round trip: the reader, their previous read (recording this one), the lists
        merged into their home at read time, and the first range (top, count) of their home."""
        pipe = self.redis.pipeline(transaction=False)
        self._ask_viewer(pipe, user_id)
        pipe.zscore(ACTIVITY_KEY, user_id)
        pipe.zadd(ACTIVITY_KEY, {user_id: now_ms})
        pipe.smembers(BIG_AUTHORS)
        pipe.smembers(BIG_COMMUNITIES)
        pipe.zrevrangebyscore(home_key(user_id), first[0], "-inf", start=0, num=first[1], withscores=True)
        replies = await pipe.execute()
        viewer = self._viewer(user_id, replies[: self.VIEWER_REPLIES])
        previous, _, big_authors, big_communities, head = replies[self.VIEWER_REPLIES :]
        authors = (viewer.following | viewer.friends) & _set(big_authors)
        merged = [timeline_key(a) for a in sorted(authors)]
        merged += [community_key(c) for c in sorted(viewer.communities & _set(big_communities))]
        return viewer, None if previous is None else int(previous), merged, _range(head)

    async def rebuild_home(self, viewer: Viewer) -> None:
        """Refill the home feed of someone back after a long absence (skipped by fan-out)."""
        sources = [timeline_key(u) for u in sorted(viewer.following | viewer.friends | {viewer.user_id})]
        sources += [community_key(c) for c in sorted(viewer.communities)]
        candidates: list[str] = []
        for start in range(0, len(sources), self.batch):
            pipe = self.redis.pipeline(transaction=False)
            for key in sources[start : start + self.batch]:
                pipe.zrevrange(key, 0, self.backfill - 1)
            for members in await pipe.execute():
                candidates += [_s(m) for m in members]
        posts = await self.summaries(list(dict.fromkeys(candidates)))
        keep = {p.post_id: p.created_at_ms for p in posts.values() if self.belongs_in_home(p, viewer)}
        if keep:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zadd(home_key(viewer.user_id), keep)
            pipe.zremrangebyrank(home_key(viewer.user_id), 0, -(self.cap + 1))
            await pipe.execute()

    async def community_visibility(self, community_id: str) -> str | None:
        value = await self.redis.hget(community_meta_key(community_id), "visibility")
        return None if value is None else _s(value)

    async def popular(self, start: int, count: int) -> list[str]:
        return [_s(m) for m in await self.redis.zrevrange(POPULAR_KEY, start, start + count - 1)]

    async def entries(
        self,
        posts: list[PostSummary],
        extra: dict[str, tuple] | None = None,
        authors: dict[str, AuthorSummary | None] | None = None,
    ) -> list[FeedEntry]:
        """The page's entries with their authors (those `readable` already read are not read again)."""
        authors = dict(authors or {})
        if missing := {p.author_id for p in posts} - authors.keys():
            authors.update(await self.authors(missing))
        extra = extra or {}
        return [FeedEntry(p, authors.get(p.author_id), *extra.get(p.post_id, ())) for p in posts]
