"""Presence without servers: the one rule of who sees whose presence (a case table), GetPresence's
answers (nobody who may not be seen, nor anyone never seen, is told apart from an unknown id), and
the live items PresenceChanged sends (to the friends who may see it, with the presence as it is
now), all through that rule."""

from __future__ import annotations

import uuid

import pytest

from kith.live.v1 import live_pb2
from kith_messaging.domain import presence as rules
from kith_messaging.service_layer.presence import PresenceHandlers
from kith_platform.errors import InvalidArgument

# friends, reachable (no block, not away), viewer hides, subject hides -> visible
CASES = [
    (True, True, False, False, True),
    (False, True, False, False, False),  # not a friend
    (True, False, False, False, False),  # a block either way, or the subject is away or erased
    (True, True, False, True, False),  # the subject hides it
    (True, True, True, False, False),  # the viewer hides theirs: they see nobody's (both ways)
    (True, True, True, True, False),
    (False, False, True, True, False),
]


@pytest.mark.parametrize("friends, reachable, viewer_hides, subject_hides, visible", CASES)
def test_presence_is_for_friends_who_do_not_hide_it_both_ways(friends, reachable, viewer_hides, subject_hides, visible):
    assert rules.visible(rules.Pair(friends, reachable, viewer_hides, subject_hides)) is visible


def test_someone_never_seen_has_nothing_to_show():
    assert rules.shown(True, None) and rules.shown(False, 1) and not rules.shown(False, None)


ANN, BOB, CAT, DAN, EVE, OUT = (str(uuid.uuid4()) for _ in range(6))


class FakeRepo:
    """Friendships (both ways), blocks, people away and settings, as the mirrors hold them."""

    def __init__(self, friendships=(), blocks=(), away=(), hidden=()):
        self.friends = {tuple(sorted(p)) for p in friendships}
        self.blocks = {tuple(sorted(p)) for p in blocks}
        self.away, self.hidden = set(away), set(hidden)

    def _friends(self, a, b):
        return tuple(sorted((a, b))) in self.friends

    async def friends_among(self, user_id, others):
        return {o for o in others if self._friends(user_id, o)}

    async def friends_of(self, user_ids):
        found = {u: sorted(o for pair in self.friends if u in pair for o in pair if o != u) for u in user_ids}
        return {u: f for u, f in found.items() if f}

    async def unreachable_among(self, user_id, others):
        return {o for o in others if tuple(sorted((user_id, o))) in self.blocks or o in self.away}

    async def presence_hidden(self, user_ids):
        return set(user_ids) & self.hidden


class FakeStore:
    def __init__(self, seen):
        self.seen = seen

    async def presence(self, user_ids):
        return {u: self.seen.get(u, (False, None)) for u in user_ids}


class FakeChannel:
    def __init__(self):
        self.sent = []

    async def ephemeral(self, user_ids, item):
        self.sent.append((sorted(user_ids), live_pb2.LiveItem.FromString(item)))


def _handlers(repo, seen=None):
    channel = FakeChannel()
    return PresenceHandlers(repo, FakeStore(seen or {}), channel), channel


async def test_get_presence_answers_for_visible_friends_only_and_tells_nobody_why_not():
    repo = FakeRepo(friendships=[(ANN, BOB), (ANN, CAT), (ANN, DAN), (ANN, EVE)], blocks=[(ANN, CAT)], hidden=[DAN])
    handlers, _ = _handlers(
        repo, {BOB: (True, 5), CAT: (True, None), DAN: (True, None), OUT: (True, None), EVE: (False, None)}
    )
    seen = await handlers.get(ANN, [OUT, BOB, CAT, DAN, EVE, str(uuid.uuid4()), BOB])
    # Bob online (no last seen while online); cat blocked, dan hidden, out no friend, eve never
    # seen, an unknown id: all simply absent.
    assert [(s.user_id, s.online, s.last_seen_ms) for s in seen] == [(BOB, True, None)]


async def test_a_viewer_who_hides_their_presence_sees_nobodys():
    handlers, _ = _handlers(FakeRepo(friendships=[(ANN, BOB)], hidden=[ANN]), {BOB: (False, 1234)})
    assert await handlers.get(ANN, [BOB]) == []
    handlers, _ = _handlers(FakeRepo(friendships=[(ANN, BOB)]), {BOB: (False, 1234)})
    assert [(s.online, s.last_seen_ms) for s in await handlers.get(ANN, [BOB])] == [(False, 1234)]


@pytest.mark.parametrize(
    "user_ids, reason",
    [([], "is required"), (["nope"], "must be a UUID"), ([str(uuid.uuid4()) for _ in range(101)], "at most 100")],
)
async def test_get_presence_bad_input_names_the_field(user_ids, reason):
    handlers, _ = _handlers(FakeRepo())
    with pytest.raises(InvalidArgument) as refused:
        await handlers.get(ANN, user_ids)
    assert refused.value.field == "user_ids" and reason in refused.value.reason


async def test_a_change_goes_to_the_friends_who_may_see_it_with_the_presence_as_it_is_now():
    repo = FakeRepo(
        friendships=[(ANN, BOB), (ANN, CAT), (ANN, DAN), (ANN, EVE)], blocks=[(ANN, CAT)], away=[EVE], hidden=[DAN]
    )
    handlers, channel = _handlers(repo, {ANN: (False, 1_700_000_000_000)})
    assert await handlers.changed([ANN, OUT]) == 1  # out has no friends: nothing to do
    ((to, item),) = channel.sent
    # Not cat (a block), not dan (hides theirs, so sees nobody's), not eve (away).
    assert to == [BOB]
    assert (item.kind, item.presence.user_id, item.presence.online, item.cursor) == ("presence", ANN, False, "")
    assert item.presence.last_seen.ToMilliseconds() == 1_700_000_000_000


async def test_nothing_goes_out_for_someone_who_hides_their_presence_or_is_away():
    for repo in (FakeRepo(friendships=[(ANN, BOB)], hidden=[ANN]), FakeRepo(friendships=[(ANN, BOB)], away=[ANN])):
        handlers, channel = _handlers(repo, {ANN: (True, None)})
        assert await handlers.changed([ANN]) == 0
        assert channel.sent == []


async def test_online_carries_no_last_seen_and_a_batch_is_bounded():
    handlers, channel = _handlers(FakeRepo(friendships=[(ANN, BOB)]), {ANN: (True, 99)})
    await handlers.changed([ANN])
    ((_, item),) = channel.sent
    assert item.presence.online and not item.presence.HasField("last_seen")
    with pytest.raises(InvalidArgument):
        await handlers.changed([str(uuid.uuid4()) for _ in range(rules.CHANGED_MAX + 1)])
