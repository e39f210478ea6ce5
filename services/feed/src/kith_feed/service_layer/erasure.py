"""Erasure (issue 15): on identity's UserErased the person goes from the whole read model, and
every event about them that arrives later (late, or redelivered) is dropped or applied
without them (domain.erasure)."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterable

from kith_feed.domain.erasure import named_ids
from kith_feed.domain.ports import Stores
from kith_feed.service_layer.clock import now_ms

log = logging.getLogger("kith.feed.erasure")

# Once erased, a person is erased once more this long afterwards (for what an agent that had
# looked at the tombstone list just before it was written wrote about them since), and again
# until no unsent mentorship event names them.
LOOK_AGAIN_AFTER_MS = 30_000


async def erase_users(store: Stores, user_ids: Collection[str]) -> set[str]:
    """Every step can be repeated, in this order, until one run goes through: a worker killed
    halfway and the UserErased redelivered finishes the job. Returns those not finished (a
    mentorship event naming them waits to be relayed)."""
    e = store.erasure
    users = sorted(set(user_ids) - {""})
    at = now_ms()  # the UserErased's time when it is being applied
    for user_id in users:
        # First the tombstone: from now on events about them are dropped, and reads hide them.
        await e.record(user_id, at)
    for user_id in users:
        # Their posts (content deletes each one too, with a PostDeleted naming no author).
        # Counters of others' posts move only with content's ReactionRemoved and
        # CommentDeleted, never here.
        for post_id in await e.posts(user_id):
            await store.feeds.delete_post(post_id, user_id)
        # The other side of their relationships and memberships, while their own facts still
        # say who that is; then everything else (one pass for all of them), own keys last.
        await e.forget_relationships(user_id)
        await store.live.erase(user_id)  # the live items the feed wrote for and about them
    return await e.forget_everywhere(users)


async def erase_user(store: Stores, user_id: str) -> bool:
    """Erase one person now, and once more later (erase_due_again). True when nothing naming
    them is left."""
    if not user_id:
        return True
    waiting = await erase_users(store, [user_id])
    # The second pass catches what other services still write about them in the moments after
    # the first: counted from when the first pass ran, not from the event's time (a worker
    # behind by more than LOOK_AGAIN_AFTER_MS would otherwise look again at once).
    await store.erasure.look_again_at(user_id, int(time.time() * 1000) + LOOK_AGAIN_AFTER_MS)
    log.info("erased a user from the feed read model%s", " (mentorship events still to relay)" if waiting else "")
    return not waiting


async def erase_due_again(store: Stores, now_ms: int, lease_ms: int = LOOK_AGAIN_AFTER_MS) -> int:
    """Erase once more those whose time has come, together in one pass (taken by one worker;
    every worker runs this). Those still named by an unsent mentorship event stay scheduled.
    Returns how many were looked at."""
    e = store.erasure
    users = await e.take_due(now_ms, lease_ms)
    if not users:
        return 0
    waiting = await erase_users(store, users)
    await e.done([u for u in users if u not in waiting])
    log.info("erased %d users from the feed read model once more", len(users))
    return len(users)


async def erased_in(store: Stores, events: Iterable) -> set[str]:
    """The erased users among those the events name, in one round trip."""
    ids: set[str] = set()
    for event in events:
        if event is not None:
            ids |= named_ids(event)
    return set(await store.erasure.erased_among(ids))
