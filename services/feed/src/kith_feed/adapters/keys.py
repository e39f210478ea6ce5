"""The feed read model's Redis keys. Keys of one user, post, community or tag carry its id as
a hash tag, so in a Redis Cluster all of one owner's keys share a slot."""

from __future__ import annotations

POPULAR_KEY, ACTIVITY_KEY = "feed:popular", "feed:activity"
BIG_AUTHORS, BIG_COMMUNITIES = "feed:big-authors", "feed:big-communities"
# The tombstone list of erased users: user id -> when this read model erased them (ms). The only
# place an erased id stays; events about them are dropped (domain.erasure).
ERASED_USERS = "feed:erased-users"
ERASURE_RECHECKS = "feed:erasure-rechecks"  # erased user -> when to erase them once more (ms)
POPULAR_CAP, LIST_CAP = 1000, 800
SORTS = ("hot", "top", "controversial")  # a community's sorted sets besides NEW (domain.model.sort_scores)


def home_key(u: str) -> str:
    return f"feed:home:{{{u}}}"


def timeline_key(u: str) -> str:
    return f"feed:timeline:{{{u}}}"


def followers_key(u: str) -> str:
    return f"feed:followers:{{{u}}}"


def following_key(u: str) -> str:
    return f"feed:following:{{{u}}}"


def friends_key(u: str) -> str:
    return f"feed:friends:{{{u}}}"


def mutes_key(u: str) -> str:
    return f"feed:mutes:{{{u}}}"


def followed_tags_key(u: str) -> str:
    """set: the hashtags the reader follows (their public posts join the reader's home)"""
    return f"feed:followed-tags:{{{u}}}"


def lists_key(u: str) -> str:
    """hash: u's lists: list id -> its settings (JSON, domain.lists.PeopleList.settings)"""
    return f"feed:lists:{{{u}}}"


def list_members_key(u: str, list_id: str) -> str:
    """zset: the members of u's list -> when each was added (ms)"""
    return f"feed:list-members:{{{u}}}:{list_id}"


def list_exclusive_key(u: str) -> str:
    """zset: the people on u's exclusive lists -> how many of those lists hold them (the home read
    leaves their posts out: domain.model.shown_in_home)"""
    return f"feed:list-exclusive:{{{u}}}"


def list_outbox_key(u: str) -> str:
    """list: the envelopes of u's list changes not yet relayed to feed.lists.v1 (RedisOutbox)"""
    return f"feed:list-outbox:{{{u}}}"


LIST_OUTBOX_DUE = "feed:list-outbox-due"  # set: owners with list envelopes waiting
# Others' keys that may hold a person (an erased one leaves them: adapters/erasure.py).
LIST_MEMBER_FAMILIES = ("feed:list-members:", "feed:list-exclusive:")


def reading_filters_key(u: str) -> str:
    """hash: word:<muted phrase> -> JSON {whole_word, expires_at_ms, muted_at_ms};
    content_warnings -> show | blur | hide"""
    return f"feed:readfilters:{{{u}}}"


def muted_by_key(u: str) -> str:
    return f"feed:mutedby:{{{u}}}"


def blocks_key(u: str) -> str:
    return f"feed:blocks:{{{u}}}"


def affinity_key(u: str) -> str:
    return f"feed:affinity:{{{u}}}"


def communities_key(u: str) -> str:
    return f"feed:communities:{{{u}}}"


def members_key(c: str) -> str:
    return f"feed:members:{{{c}}}"


def community_key(c: str) -> str:
    return f"feed:community:{{{c}}}"


def community_sort_key(c: str, sort: str) -> str:
    """zset: the community's posts by their score in `sort` (hot, top, controversial:
    domain.model.sort_scores); the same posts as its NEW list, feed:community:{c}."""
    return f"feed:community-{sort}:{{{c}}}"


def featured_key(c: str) -> str:
    """zset: the community's announcement and pinned posts (domain.model.feature_score)."""
    return f"feed:featured:{{{c}}}"


def community_lists(c: str) -> list[str]:
    """Every list of the community's posts: NEW, each sort, the featured. A post leaves the
    community by leaving all of them (RedisFeedStore.delete_post)."""
    return [community_key(c), *(community_sort_key(c, s) for s in SORTS), featured_key(c)]


def votes_key(u: str) -> str:
    """zset: post -> the reader's newest vote on it and its time (domain.model.vote_score)."""
    return f"feed:votes:{{{u}}}"


def community_meta_key(c: str) -> str:
    return f"feed:community-meta:{{{c}}}"


def hashtag_key(tag: str) -> str:
    return f"feed:hashtag:{{{tag}}}"


def post_key(p: str) -> str:
    return f"feed:post:{{{p}}}"


def user_key(u: str) -> str:
    return f"feed:user:{{{u}}}"


def facts_key(u: str) -> str:
    return f"feed:facts:{{{u}}}"


def _s(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _set(values) -> frozenset[str]:
    return frozenset(_s(v) for v in values)


def interests_key(u: str) -> str:
    return f"feed:interests:{{{u}}}"


def community_prefix(community_id: str) -> str:
    """The prefix of a community's metrics, recognition and mentorship keys (its id as hash tag)."""
    return f"feed:m:{{{community_id}}}:"


def list_key(feed_list) -> str:
    """The key of a domain.model.FeedList."""
    return _LIST_KEYS[feed_list.kind](feed_list.owner)


_LIST_KEYS = {"home": home_key, "timeline": timeline_key, "community": community_key, "hashtag": hashtag_key}
