"""Redis adapter of the feed read model.

Keys (a user's keys carry the user id as a hash tag, so in a Redis Cluster each user's keys
share one slot):
  feed:home:{u}          zset  post id -> time (ms), capped: u's home feed
  feed:timeline:{u}      zset  u's own posts
  feed:followers:{u}     set   who follows u          feed:following:{u}  set  whom u follows
  feed:friends:{u}       set   u's friends            feed:communities:{u} set u's communities
  feed:mutes:{u}         set   whom u muted           feed:mutedby:{u}    set  who muted u
  feed:readfilters:{u}   hash  word:<phrase> -> {whole_word, expires_at_ms, muted_at_ms} for u's muted words;
                               content_warnings -> show | blur | hide (unset: blur)
  feed:blocks:{u}        set   blocks either way      feed:affinity:{u}   zset author -> interactions
  feed:members:{c}       set   community members      feed:community:{c}  zset community posts (NEW)
  feed:community-hot:{c}, feed:community-top:{c}, feed:community-controversial:{c}
                         zsets the same posts by their score in each sort (docs/community-sorts.md)
  feed:featured:{c}      zset  the community's announcement and pins (domain.model.feature_score)
  feed:community-meta:{c} hash  visibility
  feed:votes:{u}         zset  post -> u's newest vote on it and its time (domain.model.vote_score),
                         the newest VOTE_CAP
  feed:hashtag:{t}       zset  publicly visible posts with the tag
  feed:popular           zset  publicly visible posts by hot score
  feed:post:{p}          hash  the post summary (a deleted post's keeps only `deleted`: "1", or the staff
                         removal's id, and then its counters too; and `restored:<removal id>` of
                         staff removals reversed); community posts: upvotes, downvotes, voted_at,
                         feature, featured_at (lua/newest.lua)
  feed:user:{u}          hash  the author summary (`away` while deactivated)
  feed:list-exclusive:{u} zset the people on u's exclusive lists (read with the home; the lists
                         themselves: adapters/lists.py)
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

import json
from collections.abc import Iterable
from dataclasses import replace

from kith_feed.adapters.attachments import attachments_from_json
from kith_feed.adapters.away import ask_away, is_away, profiles_among
from kith_feed.adapters.keys import (  # re-exported for the callers of this module
    ACTIVITY_KEY,
    BIG_AUTHORS,
    BIG_COMMUNITIES,
    POPULAR_KEY,
    _s,
    _set,
    affinity_key,
    blocks_key,
    communities_key,
    community_key,
    community_lists,
    community_meta_key,
    community_sort_key,
    featured_key,
    followed_tags_key,
    following_key,
    friends_key,
    hashtag_key,
    home_key,
    list_exclusive_key,
    list_key,
    members_key,
    mutes_key,
    post_key,
    reading_filters_key,
    timeline_key,
    user_key,
    votes_key,
)
from kith_feed.adapters.scripts import lua
from kith_feed.domain.model import (
    FEATURES,
    VOTE_CAP,
    AuthorSummary,
    CommunitySort,
    Cursor,
    FeedEntry,
    FeedList,
    PostSummary,
    ReaderVotes,
    Viewer,
    belongs_in_home,
    feature_score,
    featured_order,
    hot_score,
    sort_scores,
    vote_of,
    vote_score,
)
from kith_feed.domain.ports import FeedStore
from kith_platform.consumer import IdempotentRedisScript
from kith_platform.reading_filters import MutedWord, ReadingFilters
from kith_platform.redis_client import AnyRedis


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
        content_warning=f.get("content_warning", ""),
        media=attachments_from_json(f.get("media", "")),
        upvotes=int(f.get("upvotes", 0)),
        downvotes=int(f.get("downvotes", 0)),
        feature=f.get("feature", ""),
        reactions_by_kind=tuple(
            sorted(
                ((int(k[len(KIND_FIELD) :]), int(v)) for k, v in f.items() if k.startswith(KIND_FIELD) and int(v) > 0),
                key=lambda kc: (-kc[1], kc[0]),
            )
        ),
    )


KIND_FIELD = "reactions:"  # reactions:<content.v1.ReactionKind number> in a post's or comment's hash
RESTORED_FIELD = "restored:"  # restored:<staff removal id>: that removal was reversed (lua/untombstone.lua)
TOMBSTONE_FIELDS = {"deleted"}  # all a deleted post's hash keeps, with the reversed removals
# Kept too while the platform's staff removed it (for its restoration).
COUNTER_FIELDS = {"reactions", "comments", "shares", "upvotes", "downvotes", "voted_at", "feature", "featured_at"}
FEATURED_READ = 8  # featured posts read per community (content allows 1 announcement and 3 pins)


def _kept_in_tombstone(field: str, staff_removal: bool) -> bool:
    if field in TOMBSTONE_FIELDS or field.startswith(RESTORED_FIELD):
        return True
    return staff_removal and (field in COUNTER_FIELDS or field.startswith(KIND_FIELD))


WORD_FIELD = "word:"  # word:<phrase> in a reader's filters hash
WARNINGS_FIELD = "content_warnings"


def _filters(raw: dict) -> tuple[tuple[MutedWord, ...], str]:
    """A reader's filters hash: their muted words in the order muted, and how they want posts with
    a content warning ("" unset)."""
    fields = {_s(k): _s(v) for k, v in raw.items()}
    words = []
    for field, value in fields.items():
        if field.startswith(WORD_FIELD):
            w = json.loads(value)
            words.append(
                MutedWord(
                    field[len(WORD_FIELD) :], bool(w["whole_word"]), int(w["expires_at_ms"]), int(w["muted_at_ms"])
                )
            )
    return tuple(sorted(words, key=lambda w: (w.muted_at_ms, w.phrase))), fields.get(WARNINGS_FIELD, "")


class RedisFeedStore(FeedStore):
    """The feeds in Redis (the keys above). New posts reach them through adapters/fan_out.py, and
    relationship changes through adapters/relationships.py (which calls `recent` and `reconcile`)."""

    def __init__(self, client: AnyRedis, *, cap: int = 800, backfill: int = 50, batch: int = 1000) -> None:
        self.redis = client
        self.cap = cap
        self.backfill = backfill
        self.batch = batch
        self._count = IdempotentRedisScript(client, "feed-counts", lua("count"))
        self._affinity = IdempotentRedisScript(client, "feed-affinity", lua("affinity"))
        self._tombstone = client.register_script(lua("tombstone"))
        self._untombstone = client.register_script(lua("untombstone"))
        self._newest = client.register_script(lua("newest"))
        self._sort_post = client.register_script(lua("sort_post"))
        self._sort_page = client.register_script(lua("sort_page"))

    # --- writes (the stream worker) ---------------------------------------------------

    async def put_author(self, author: AuthorSummary) -> None:
        await self.redis.hset(
            user_key(author.user_id), mapping={"handle": author.handle, "display_name": author.display_name}
        )

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

    async def delete_post(self, post_id: str, author_id: str = "", removal_id: str = "") -> None:
        key = post_key(post_id)
        if not await self._tombstone(keys=[key], args=[removal_id or "1", "1" if removal_id else "0"]):
            return  # a staff removal delivered after its reversal
        fields = {_s(k): _s(v) for k, v in (await self.redis.hgetall(key)).items()}
        author_id = author_id or fields.get("author_id", "")
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrem(POPULAR_KEY, post_id)
        if author_id:
            pipe.zrem(timeline_key(author_id), post_id)
            pipe.zrem(home_key(author_id), post_id)
        if fields.get("community_id"):
            for community_list in community_lists(fields["community_id"]):
                pipe.zrem(community_list, post_id)
        for tag in fields.get("hashtags", "").split(" "):
            if tag:
                pipe.zrem(hashtag_key(tag), post_id)
        await pipe.execute()
        # Last, so that a worker that dies before it finds the lists in the summary again. A post
        # the platform's staff removed keeps its counters for its restoration.
        if stale := [f for f in fields if not _kept_in_tombstone(f, bool(removal_id))]:
            await self.redis.hdel(key, *stale)

    async def restore_post(self, post_id: str, removal_id: str) -> bool:
        return bool(await self._untombstone(keys=[post_key(post_id)], args=[removal_id]))

    async def count(
        self, event_id: str, post_id: str, field: str, delta: int, by_kind: dict[int, int] | None = None
    ) -> None:
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

    async def vote(
        self,
        post_id: str,
        community_id: str,
        user_id: str,
        value: int,
        counts: tuple[int, int],
        created_at_ms: int,
        voted_at_ms: int,
    ) -> None:
        upvotes, downvotes = counts
        if user_id:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zadd(votes_key(user_id), {post_id: vote_score(value, voted_at_ms)}, gt=True)
            pipe.zremrangebyrank(votes_key(user_id), 0, -(VOTE_CAP + 1))
            await pipe.execute()
        fields = ["upvotes", upvotes, "downvotes", downvotes]
        if not await self._newest(keys=[post_key(post_id)], args=["voted_at", voted_at_ms, *fields]):
            return  # an older vote, or a post no longer shown
        if community_id:
            scores = sort_scores(upvotes, downvotes, created_at_ms)
            await self._sort_post(
                keys=[community_key(community_id), *(community_sort_key(community_id, s) for s in scores)],
                args=[post_id, *scores.values()],
            )

    async def feature(self, post_id: str, community_id: str, feature: str, featured_at_ms: int) -> None:
        feature = feature if feature in FEATURES else ""
        key = featured_key(community_id)
        shown = await self._newest(keys=[post_key(post_id)], args=["featured_at", featured_at_ms, "feature", feature])
        if not shown or not feature:
            await self.redis.zrem(key, post_id)
            return
        await self.redis.zadd(key, {post_id: feature_score(feature, featured_at_ms)})
        # A delete that slipped in between (tombstone, then out of the lists) takes it back out.
        if await self.redis.hexists(post_key(post_id), "deleted"):
            await self.redis.zrem(key, post_id)

    async def add_affinity(self, event_id: str, user_id: str, author_id: str, weight: float) -> None:
        if user_id and author_id and user_id != author_id:
            await self._affinity(event_id, [affinity_key(user_id)], [author_id, weight], hash_tag=user_id)

    async def put_community(self, community_id: str, visibility: str) -> None:
        await self.redis.hset(community_meta_key(community_id), "visibility", visibility)

    async def recent(self, key: str, n: int | None = None) -> list[str]:
        """The newest `n` posts of a list (the follow backfill when not given)."""
        return [_s(m) for m in await self.redis.zrevrange(key, 0, (n or self.backfill) - 1)]

    VIEWER_REPLIES = 7  # and one more with the affinity

    @classmethod
    def _ask_viewer(cls, pipe, user_id: str, affinity: bool = False) -> int:
        """Queue the reads that make a Viewer (read by `_viewer`); returns how many replies they
        are. The affinity (only ranking reads it) is 200 scored members to parse: asked for only
        when `affinity`."""
        for key in (following_key, friends_key, communities_key, mutes_key, blocks_key):
            pipe.smembers(key(user_id))
        pipe.hgetall(reading_filters_key(user_id))
        pipe.smembers(followed_tags_key(user_id))
        if affinity:
            pipe.zrevrange(affinity_key(user_id), 0, 199, withscores=True)
        return cls.VIEWER_REPLIES + affinity

    @staticmethod
    def _viewer(user_id: str, replies: list) -> Viewer:
        following, friends, communities, muted, blocked, filters, tags, *affinity = replies
        words, warnings = _filters(filters)
        return Viewer(
            user_id,
            _set(following),
            _set(friends),
            _set(communities),
            _set(muted),
            _set(blocked),
            {_s(a): float(s) for a, s in affinity[0]} if affinity else {},
            words,
            warnings == "hide",
            _set(tags),
        )

    # --- muted words (ReadingFiltersService) ------------------------------------------------

    async def muted_words(self, user_id: str) -> tuple[MutedWord, ...]:
        return _filters(await self.redis.hgetall(reading_filters_key(user_id)))[0]

    async def mute_word(self, user_id: str, word: MutedWord) -> None:
        fields = {"whole_word": word.whole_word, "expires_at_ms": word.expires_at_ms, "muted_at_ms": word.muted_at_ms}
        await self.redis.hset(reading_filters_key(user_id), WORD_FIELD + word.phrase, json.dumps(fields))

    async def unmute_word(self, user_id: str, phrase: str) -> bool:
        return bool(await self.redis.hdel(reading_filters_key(user_id), WORD_FIELD + phrase))

    async def reading_filters(self, user_id: str) -> ReadingFilters:
        words, warnings = _filters(await self.redis.hgetall(reading_filters_key(user_id)))
        return ReadingFilters(user_id, words, warnings == "hide")

    async def followed_tags(self, user_id: str) -> frozenset[str]:
        return _set(await self.redis.smembers(followed_tags_key(user_id)))

    async def follow_tag(self, user_id: str, tag: str) -> None:
        await self.redis.sadd(followed_tags_key(user_id), tag)

    async def unfollow_tag(self, user_id: str, tag: str) -> bool:
        return bool(await self.redis.srem(followed_tags_key(user_id), tag))

    async def content_warnings(self, user_id: str) -> str:
        value = await self.redis.hget(reading_filters_key(user_id), WARNINGS_FIELD)
        return _s(value) if value is not None else ""

    async def set_content_warnings(self, user_id: str, display: str) -> None:
        await self.redis.hset(reading_filters_key(user_id), WARNINGS_FIELD, display)

    async def viewer(self, user_id: str) -> Viewer:
        pipe = self.redis.pipeline(transaction=False)
        self._ask_viewer(pipe, user_id)
        return self._viewer(user_id, await pipe.execute())

    async def reconcile(self, user_id: str, post_ids: list[str], *, add: bool) -> None:
        """Bring these posts in line with the user's home feed rules: remove the ones that no
        longer belong, and (when `add`) add the ones that do."""
        if not post_ids:
            return
        viewer = await self.viewer(user_id)
        posts = await self.summaries(post_ids)
        keep = {p.post_id: p.created_at_ms for p in posts.values() if belongs_in_home(p, viewer)}
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
        self,
        post_ids: list[str],
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> dict[str, PostSummary]:
        if votes is None or not post_ids:
            posts = await self.summaries(post_ids)
        else:  # the reader's votes in the same round trip as the posts
            pipe = self.redis.pipeline(transaction=False)
            for post_id in post_ids:
                pipe.hgetall(post_key(post_id))
            pipe.zmscore(votes_key(votes.user_id), post_ids)
            *replies, scores = await pipe.execute()
            posts = {}
            for post_id, fields, score in zip(post_ids, replies, scores, strict=True):
                if (summary := _summary(post_id, fields)) is not None:
                    posts[post_id] = summary
                if vote := vote_of(score):
                    votes.votes[post_id] = vote
        profiles, gone = await profiles_among(self.redis, (p.author_id for p in posts.values()))
        if authors is not None:
            authors.update((a, _author(a, fields)) for a, fields in profiles.items())
        return {pid: p for pid, p in posts.items() if p.author_id not in gone} if gone else posts

    async def authors(self, author_ids: Iterable[str]) -> dict[str, AuthorSummary]:
        profiles, _ = await profiles_among(self.redis, author_ids)
        return {a: author for a, fields in profiles.items() if (author := _author(a, fields)) is not None}

    async def ranges(self, lists: list[FeedList], top: int | str, count: int) -> list[list[tuple[str, int]]]:
        pipe = self.redis.pipeline(transaction=False)
        for feed_list in lists:
            pipe.zrevrangebyscore(list_key(feed_list), top, "-inf", start=0, num=count, withscores=True)
        return [_range(raw) for raw in await pipe.execute()]

    async def timeline_context(
        self, user_id: str, author_id: str, first: tuple[int | str, int]
    ) -> tuple[Viewer, bool, list[tuple[str, int]]]:
        pipe = self.redis.pipeline(transaction=False)
        n = self._ask_viewer(pipe, user_id)
        ask_away(pipe, author_id)
        pipe.zrevrangebyscore(timeline_key(author_id), first[0], "-inf", start=0, num=first[1], withscores=True)
        replies = await pipe.execute()
        return self._viewer(user_id, replies[:n]), is_away(replies[n : n + 2]), _range(replies[n + 2])

    async def home_context(
        self, user_id: str, now_ms: int, first: tuple[int | str, int], ranked: bool = False
    ) -> tuple[Viewer, int | None, list[FeedList], list[tuple[str, int]]]:
        pipe = self.redis.pipeline(transaction=False)
        n = self._ask_viewer(pipe, user_id, affinity=ranked)
        pipe.zscore(ACTIVITY_KEY, user_id)
        pipe.zadd(ACTIVITY_KEY, {user_id: now_ms})
        pipe.smembers(BIG_AUTHORS)
        pipe.smembers(BIG_COMMUNITIES)
        pipe.zrevrangebyscore(home_key(user_id), first[0], "-inf", start=0, num=first[1], withscores=True)
        pipe.zrange(list_exclusive_key(user_id), 0, -1)
        replies = await pipe.execute()
        previous, _, big_authors, big_communities, head, exclusive = replies[n:]
        viewer = replace(self._viewer(user_id, replies[:n]), exclusive=_set(exclusive))
        authors = (viewer.following | viewer.friends) & _set(big_authors)
        merged = [FeedList("timeline", a) for a in sorted(authors)]
        merged += [FeedList("community", c) for c in sorted(viewer.communities & _set(big_communities))]
        merged += [FeedList("hashtag", t) for t in sorted(viewer.followed_tags)]
        return viewer, None if previous is None else int(previous), merged, _range(head)

    async def rebuild_home(self, viewer: Viewer) -> None:
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
        keep = {p.post_id: p.created_at_ms for p in posts.values() if belongs_in_home(p, viewer)}
        if keep:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zadd(home_key(viewer.user_id), keep)
            pipe.zremrangebyrank(home_key(viewer.user_id), 0, -(self.cap + 1))
            await pipe.execute()

    async def member_count(self, community_id: str) -> int:
        return int(await self.redis.scard(members_key(community_id)))

    async def community_visibility(self, community_id: str) -> str | None:
        value = await self.redis.hget(community_meta_key(community_id), "visibility")
        return None if value is None else _s(value)

    async def sorted_after(
        self, community_id: str, sort: CommunitySort, after: Cursor | None, count: int, since_ms: int | None = None
    ) -> list[tuple[str, float]]:
        reply = await self._sort_page(
            keys=[community_sort_key(community_id, sort.list), community_key(community_id)],
            args=[
                "" if after is None else repr(float(after.score)),
                "" if after is None else after.member,
                count,
                "" if since_ms is None else since_ms,
            ],
        )
        return [(_s(m), float(score)) for m, score in zip(reply[::2], reply[1::2], strict=True)]

    async def featured(self, community_id: str) -> list[str]:
        raw = await self.redis.zrevrange(featured_key(community_id), 0, FEATURED_READ - 1, withscores=True)
        return featured_order([(_s(m), float(score)) for m, score in raw])

    async def popular(self, start: int, count: int) -> list[str]:
        return [_s(m) for m in await self.redis.zrevrange(POPULAR_KEY, start, start + count - 1)]

    async def entries(
        self,
        posts: list[PostSummary],
        extra: dict[str, tuple] | None = None,
        authors: dict[str, AuthorSummary | None] | None = None,
        votes: ReaderVotes | None = None,
    ) -> list[FeedEntry]:
        authors = dict(authors or {})
        if missing := {p.author_id for p in posts} - authors.keys():
            authors.update(await self.authors(missing))
        return _entries(posts, authors, extra, votes)


def _entries(
    posts: list[PostSummary],
    authors: dict[str, AuthorSummary | None],
    extra: dict[str, tuple] | None,
    votes: ReaderVotes | None,
) -> list[FeedEntry]:
    """The entries of a page: each post, its author, its `extra` (reasons, score) and the reader's vote."""
    extra, voted = extra or {}, votes.votes if votes else {}
    return [
        FeedEntry(p, authors.get(p.author_id), *extra.get(p.post_id, ()), viewer_vote=voted.get(p.post_id, 0))
        for p in posts
    ]
