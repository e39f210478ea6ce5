"""Which of the feed's Redis keys are its derived read model and which are records only Redis
holds, and the wipe of the derived part (`kith rebuild-read-model`, docs/read-model.md).

FAMILIES is the one table: every key family the feed writes, derived (the stream worker builds it
from identity.users.v1, graph.relationships.v1, communities.communities.v1 and content.posts.v1:
wiped, then rebuilt by replaying them) or owned (written by people through the feed API, or the
feed's own outboxes and schedules: never wiped). `classify` names a key's family; a `feed:` key
no family claims is reported and kept, never wiped.

Two families are mixed: a reader's notification lists hold groups the worker made and the
`mentor_matched` groups the feed API made (kept, with their keys and dedupe marks), and which
groups the reader has read is theirs. `wipe_derived` saves the read groups of each reader
(`feed:rebuild:notif-read:{u}`: group id -> its time) before taking the derived groups out, and
`restore_read_markers` marks them read again after the replay when the rebuilt group has the same
time (a group with newer activity stays unread).

The wipe SCANs every primary (a Redis Cluster's too) for `feed:*` and `dedupe:*` and UNLINKs in
pipelines of single-key commands (split by node on a cluster). Other services' keys (`live:`,
`gw:`, messaging's) are never looked at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from kith_feed.adapters.keys import _s
from kith_feed.adapters.notifications import notif_key, unread_key
from kith_platform.redis_client import AnyRedis

SCAN_COUNT = 1000
PIPELINE = 500
MENTOR_GROUP = "mentor_matched:"  # the notification groups the feed API writes (RecognitionReads.request_mentor)
READ_MARKERS = "feed:rebuild:notif-read:"  # + {reader}: the groups read before a wipe, until restored


@dataclass(frozen=True)
class KeyFamily:
    pattern: str  # as docs/read-model.md names it
    derived: bool
    source: str  # what it is rebuilt from, or who owns it


def _family(pattern: str, derived: bool, source: str) -> KeyFamily:
    return KeyFamily(pattern, derived, source)


IDENTITY, GRAPH, COMMUNITIES, CONTENT = (
    "identity.users.v1",
    "graph.relationships.v1",
    "communities.communities.v1",
    "content.posts.v1",
)
FAMILIES: tuple[KeyFamily, ...] = (
    # --- derived: the stream worker's read model ---
    _family("feed:home:{u}", True, f"{CONTENT} fan-out, {GRAPH} (follows backfill, blocks, mutes)"),
    _family("feed:timeline:{u}", True, CONTENT),
    _family("feed:followers:{u}", True, GRAPH),
    _family("feed:following:{u}", True, GRAPH),
    _family("feed:friends:{u}", True, GRAPH),
    _family("feed:mutes:{u}", True, GRAPH),
    _family("feed:mutedby:{u}", True, GRAPH),
    _family("feed:blocks:{u}", True, GRAPH),
    _family("feed:communities:{u}", True, COMMUNITIES),
    _family("feed:members:{c}", True, COMMUNITIES),
    _family("feed:facts:{id}", True, f"{GRAPH}, {COMMUNITIES}, {IDENTITY} (deactivation)"),
    _family("feed:affinity:{u}", True, f"{CONTENT} (comments, reactions, shares, mentions)"),
    _family("feed:community:{c}", True, CONTENT),
    _family("feed:community-<sort>:{c}", True, f"{CONTENT} (posts, votes)"),
    _family("feed:featured:{c}", True, f"{CONTENT} (PostFeatured)"),
    _family("feed:community-meta:{c}", True, COMMUNITIES),
    _family("feed:votes:{u}", True, f"{CONTENT} (PostVoted)"),
    _family("feed:hashtag:{t}", True, CONTENT),
    _family("feed:popular", True, CONTENT),
    _family("feed:post:{p}", True, f"{CONTENT}, {IDENTITY} (staff removals)"),
    _family("feed:user:{u}", True, IDENTITY),
    _family("feed:interests:{u}", True, f"{IDENTITY} (InterestsChanged)"),
    _family("feed:big-communities", True, f"{CONTENT} fan-out (communities over the size limit)"),
    _family("feed:notif:{u}, feed:notif-unread:{u}", True, "every topic (notifications); mixed: see below"),
    _family("feed:notif-group:{u}:<g>, feed:notif-actors:{u}:<g>", True, "every topic (notifications)"),
    _family("feed:notif-closed:{u}", True, f"{GRAPH} (requests ended unanswered)"),
    _family("feed:moderators:{c}", True, COMMUNITIES),
    _family("feed:join-pending:{c}", True, COMMUNITIES),
    _family("feed:event-attendees:{e}, feed:event-unreminded:{e}", True, f"{COMMUNITIES} (RsvpChanged)"),
    _family("feed:event:{e}, feed:event-reminders", True, f"{COMMUNITIES} (EventScheduled, EventChanged)"),
    _family("feed:m:{c}:<metrics>", True, f"{CONTENT}, {COMMUNITIES} (community health)"),
    _family("feed:m:{c}:<recognition>", True, f"{CONTENT}, {COMMUNITIES} (points, badges, trust levels)"),
    _family("feed:m:dirty", True, "communities with activity since their last health snapshot"),
    _family("feed:trust-watch", True, "trust levels to look at again (written with each level)"),
    _family("feed:erasure-rechecks", True, f"{IDENTITY} (UserErased: the second pass)"),
    _family("dedupe:<feed consumer>:", True, "once-per-event marks of the worker's counters (with what they guard)"),
    # --- owned: only Redis holds them ---
    _family("feed:readfilters:{u}", False, "the reader (muted words, content warnings)"),
    _family("feed:followed-tags:{u}", False, "the reader (followed hashtags)"),
    _family("feed:notif-prefs:{u}", False, "the reader (notification settings)"),
    _family("feed:notif mentor_matched groups, read markers", False, "the feed API, the reader"),
    _family("feed:lists:{u}, feed:list-members:{u}:<id>, feed:list-exclusive:{u}", False, "the reader (lists)"),
    _family("feed:list-outbox:{u}, feed:list-outbox-due", False, "the feed's outbox of list events"),
    _family("feed:m:{c}:<mentorship>", False, "members (mentor availability, matches)"),
    _family("feed:m:{c}:outbox, feed:mentorship-outbox-due", False, "the feed's outbox of its own events"),
    _family("feed:digest:{u}, feed:digest-outbox:{u}, feed:digest-outbox-due", False, "the digests sent"),
    _family("feed:digest-schedule, feed:digest-seeded", False, "the weekly digest job's schedule"),
    _family("feed:activity", False, "the feed API (each reader's last home read)"),
    _family("feed:big-authors", False, "operators (by hand) and the fan-out"),
    _family("feed:erased-users", False, f"the tombstone list (also on {IDENTITY}; kept: see docs)"),
    _family("feed:rebuild:notif-read:{u}", False, "a rebuild in progress (read markers)"),
)
BY_PATTERN = {f.pattern: f for f in FAMILIES}

# Key prefix -> family (the longest prefix that matches wins).
_PREFIXES: dict[str, str] = {
    "feed:home:{": "feed:home:{u}",
    "feed:timeline:{": "feed:timeline:{u}",
    "feed:followers:{": "feed:followers:{u}",
    "feed:following:{": "feed:following:{u}",
    "feed:friends:{": "feed:friends:{u}",
    "feed:mutes:{": "feed:mutes:{u}",
    "feed:mutedby:{": "feed:mutedby:{u}",
    "feed:blocks:{": "feed:blocks:{u}",
    "feed:communities:{": "feed:communities:{u}",
    "feed:members:{": "feed:members:{c}",
    "feed:facts:{": "feed:facts:{id}",
    "feed:affinity:{": "feed:affinity:{u}",
    "feed:community:{": "feed:community:{c}",
    "feed:community-hot:{": "feed:community-<sort>:{c}",
    "feed:community-top:{": "feed:community-<sort>:{c}",
    "feed:community-controversial:{": "feed:community-<sort>:{c}",
    "feed:featured:{": "feed:featured:{c}",
    "feed:community-meta:{": "feed:community-meta:{c}",
    "feed:votes:{": "feed:votes:{u}",
    "feed:hashtag:{": "feed:hashtag:{t}",
    "feed:post:{": "feed:post:{p}",
    "feed:user:{": "feed:user:{u}",
    "feed:interests:{": "feed:interests:{u}",
    "feed:notif:{": "feed:notif:{u}, feed:notif-unread:{u}",
    "feed:notif-unread:{": "feed:notif:{u}, feed:notif-unread:{u}",
    "feed:notif-closed:{": "feed:notif-closed:{u}",
    "feed:moderators:{": "feed:moderators:{c}",
    "feed:join-pending:{": "feed:join-pending:{c}",
    "feed:event-attendees:{": "feed:event-attendees:{e}, feed:event-unreminded:{e}",
    "feed:event-unreminded:{": "feed:event-attendees:{e}, feed:event-unreminded:{e}",
    "feed:event:{": "feed:event:{e}, feed:event-reminders",
    "feed:readfilters:{": "feed:readfilters:{u}",
    "feed:followed-tags:{": "feed:followed-tags:{u}",
    "feed:notif-prefs:{": "feed:notif-prefs:{u}",
    "feed:lists:{": "feed:lists:{u}, feed:list-members:{u}:<id>, feed:list-exclusive:{u}",
    "feed:list-members:{": "feed:lists:{u}, feed:list-members:{u}:<id>, feed:list-exclusive:{u}",
    "feed:list-exclusive:{": "feed:lists:{u}, feed:list-members:{u}:<id>, feed:list-exclusive:{u}",
    "feed:list-outbox:{": "feed:list-outbox:{u}, feed:list-outbox-due",
    "feed:digest:{": "feed:digest:{u}, feed:digest-outbox:{u}, feed:digest-outbox-due",
    "feed:digest-outbox:{": "feed:digest:{u}, feed:digest-outbox:{u}, feed:digest-outbox-due",
    READ_MARKERS + "{": "feed:rebuild:notif-read:{u}",
}
_NAMES: dict[str, str] = {
    "feed:popular": "feed:popular",
    "feed:big-communities": "feed:big-communities",
    "feed:big-authors": "feed:big-authors",
    "feed:event-reminders": "feed:event:{e}, feed:event-reminders",
    "feed:m:dirty": "feed:m:dirty",
    "feed:trust-watch": "feed:trust-watch",
    "feed:erasure-rechecks": "feed:erasure-rechecks",
    "feed:erased-users": "feed:erased-users",
    "feed:activity": "feed:activity",
    "feed:list-outbox-due": "feed:list-outbox:{u}, feed:list-outbox-due",
    "feed:mentorship-outbox-due": "feed:m:{c}:outbox, feed:mentorship-outbox-due",
    "feed:digest-outbox-due": "feed:digest:{u}, feed:digest-outbox:{u}, feed:digest-outbox-due",
    "feed:digest-schedule": "feed:digest-schedule, feed:digest-seeded",
    "feed:digest-seeded": "feed:digest-schedule, feed:digest-seeded",
}
# feed:m:{c}:<suffix>: by the suffix's first word (adapters/community_metrics.py, recognition.py,
# mentorship.py, outbox.py).
_COMMUNITY_SUFFIXES: dict[str, str] = {
    **dict.fromkeys(("d", "active", "wactive", "cohort", "first", "posts", "replied"), "feed:m:{c}:<metrics>"),
    **dict.fromkeys(
        ("score", "mc", "badges", "trust", "trust-changes", "joined", "welcomed", "going", "reacted-comments"),
        "feed:m:{c}:<recognition>",
    ),
    **dict.fromkeys(("mentors", "mentor-changes", "mentor-of", "mentee-count"), "feed:m:{c}:<mentorship>"),
    **dict.fromkeys(("outbox", "outbox-lock"), "feed:m:{c}:outbox, feed:mentorship-outbox-due"),
}
# The once-per-event marks of the worker's IdempotentRedisScripts (kith_platform.consumer).
DEDUPE_CONSUMERS = ("feed-counts", "feed-affinity", "notifications", "community-metrics", "recognition")
_GROUP_PREFIXES = ("feed:notif-group:{", "feed:notif-actors:{")


def _after_tag(name: str, prefix: str) -> str | None:
    """`<prefix>{tag}<rest>` -> rest (None when the tag does not close)."""
    end = name.find("}", len(prefix))
    return None if end == -1 else name[end + 1 :]


def classify(name: str) -> KeyFamily | None:
    """The family of a key of the feed's (None: not a key the feed writes)."""
    if name in _NAMES:
        return BY_PATTERN[_NAMES[name]]
    for prefix in _GROUP_PREFIXES:
        if name.startswith(prefix):
            rest = _after_tag(name, prefix)
            if rest is None:
                return None
            if rest.startswith(":" + MENTOR_GROUP):
                return BY_PATTERN["feed:notif mentor_matched groups, read markers"]
            return BY_PATTERN["feed:notif-group:{u}:<g>, feed:notif-actors:{u}:<g>"]
    if name.startswith("feed:m:{"):
        rest = _after_tag(name, "feed:m:")
        if not rest or not rest.startswith(":"):
            return None
        suffix = rest[1:].split(":", 1)[0]
        family = _COMMUNITY_SUFFIXES.get(suffix)
        return BY_PATTERN[family] if family else None
    if name.startswith("dedupe:"):
        consumer, _, rest = name[len("dedupe:") :].partition(":")
        if consumer not in DEDUPE_CONSUMERS:
            return None
        if consumer == "notifications" and rest.startswith("{"):
            after = _after_tag(name, f"dedupe:{consumer}:")
            if after is not None and after.startswith("mentor:"):
                return BY_PATTERN["feed:notif mentor_matched groups, read markers"]
        return BY_PATTERN["dedupe:<feed consumer>:"]
    best = ""
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return BY_PATTERN[_PREFIXES[best]] if best else None


def is_derived(name: str) -> bool:
    family = classify(name)
    return family is not None and family.derived


def _reader(name: str) -> str | None:
    """`feed:notif:{u}` or `feed:notif-unread:{u}` -> u."""
    for prefix in ("feed:notif:{", "feed:notif-unread:{"):
        if name.startswith(prefix) and name.endswith("}"):
            return name[len(prefix) : -1]
    return None


def read_markers_key(u: str) -> str:
    return f"{READ_MARKERS}{{{u}}}"


@dataclass
class WipeReport:
    """What a wipe found (or would wipe: `dry_run`), by family pattern."""

    wiped: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    unclassified: list[str] = field(default_factory=list)  # feed: keys no family claims (kept)
    readers: int = 0  # readers whose notification lists were pruned
    read_markers: int = 0  # read groups saved for after the replay
    dry_run: bool = False

    @property
    def keys_wiped(self) -> int:
        return sum(self.wiped.values())


async def _scan(client: AnyRedis, match: str):
    # SCAN on every primary of a cluster (redis-py's default for it), one server otherwise.
    async for raw in client.scan_iter(match=match, count=SCAN_COUNT):
        yield _s(raw)


async def _unlink(client: AnyRedis, names: list[str]) -> None:
    for start in range(0, len(names), PIPELINE):
        pipe = client.pipeline(transaction=False)
        for name in names[start : start + PIPELINE]:
            # One key per command (a cluster pipeline sends each to its node); queued the same way
            # on both clients (a cluster pipeline's own `unlink` must be awaited one at a time).
            pipe.execute_command("UNLINK", name)
        await pipe.execute()


async def wipe_derived(
    client: AnyRedis, *, dry_run: bool = False, progress: Callable[[WipeReport], None] | None = None
) -> WipeReport:
    """Take the derived read model out of this Redis (FAMILIES), keeping every owned record and
    saving the readers' read markers; `dry_run` only counts. Repeatable: a wipe that stops halfway
    is finished by running it again (read markers saved by the first run are kept)."""
    report = WipeReport(dry_run=dry_run)
    readers: set[str] = set()
    doomed: list[str] = []
    for match in ("feed:*", "dedupe:*"):
        async for name in _scan(client, match):
            family = classify(name)
            if family is None:
                if name.startswith("feed:"):
                    report.unclassified.append(name)
                continue
            if (reader := _reader(name)) is not None:
                readers.add(reader)  # pruned below, after their read groups are saved
                continue
            if not family.derived:
                report.kept[family.pattern] += 1
                continue
            report.wiped[family.pattern] += 1
            doomed.append(name)
            if len(doomed) >= PIPELINE:
                if not dry_run:
                    await _unlink(client, doomed)
                doomed.clear()
                if progress:
                    progress(report)
    if not dry_run:
        await _unlink(client, doomed)
    for reader in sorted(readers):
        await _prune_notifications(client, reader, report)
    if progress:
        progress(report)
    return report


async def _prune_notifications(client: AnyRedis, reader: str, report: WipeReport) -> None:
    """Take the worker's groups out of the reader's lists (the feed API's mentor_matched groups
    stay), saving first which of them the reader had read."""
    pipe = client.pipeline(transaction=False)
    pipe.zrange(notif_key(reader), 0, -1, withscores=True)
    pipe.zrange(unread_key(reader), 0, -1)
    pipe.exists(read_markers_key(reader))
    groups, unread, saved = await pipe.execute()
    groups = [(_s(g), int(score)) for g, score in groups]
    unread_ids = {_s(g) for g in unread}
    derived = [g for g, _ in groups if not g.startswith(MENTOR_GROUP)]
    derived_unread = [g for g in unread_ids if not g.startswith(MENTOR_GROUP)]
    read = {g: score for g, score in groups if not g.startswith(MENTOR_GROUP) and g not in unread_ids}
    report.readers += 1
    report.wiped["feed:notif:{u}, feed:notif-unread:{u}"] += len(derived)
    if kept := len(groups) - len(derived):
        report.kept["feed:notif mentor_matched groups, read markers"] += kept
    if report.dry_run:
        report.read_markers += len(read)
        return
    pipe = client.pipeline(transaction=False)
    if read and not saved:  # a wipe that ran before kept what the reader had read then
        pipe.hset(read_markers_key(reader), mapping=read)
        report.read_markers += len(read)
    if derived:
        pipe.zrem(notif_key(reader), *derived)
    if derived_unread:
        pipe.zrem(unread_key(reader), *derived_unread)
    await pipe.execute()


async def restore_read_markers(client: AnyRedis) -> int:
    """After the replay: each group a reader had read before the wipe is read again when the
    rebuilt group has the same time (no activity since); the saved markers then go. Returns how
    many groups were marked read."""
    marked = 0
    names = [name async for name in _scan(client, READ_MARKERS + "*")]
    for name in names:
        reader = name[len(READ_MARKERS) + 1 : -1]
        saved = {_s(g): int(float(s)) for g, s in (await client.hgetall(name)).items()}
        gids = sorted(saved)
        if gids:
            scores = await client.zmscore(notif_key(reader), gids)
            same = [g for g, score in zip(gids, scores, strict=True) if score is not None and int(score) == saved[g]]
            if same:
                marked += int(await client.zrem(unread_key(reader), *same))
        await client.unlink(name)
    return marked
