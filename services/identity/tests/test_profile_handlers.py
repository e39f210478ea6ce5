"""Identity's profile handlers without servers, against in-memory fakes (tests/fakes.py): who sees
a whole profile and who its card, who sees nothing at all (deactivated, a block either way), and
the checks of updates, search, handle resolution and batch cards (naming the field)."""

from __future__ import annotations

import uuid

import pytest

from kith_identity.domain.profiles import Visibility
from kith_identity.service_layer.handlers import IdentityHandlers, RegisterUser
from kith_identity.service_layer.profiles import BATCH_MAX, RESOLVE_MAX, ProfileHandlers
from kith_platform.errors import InvalidArgument, NotFound
from services.identity.tests.fakes import (
    FakeAccounts,
    FakeConnections,
    FakePasswordHasher,
    FakeTokenIssuer,
    with_security,
)

FIELDS = dict.fromkeys(("display_name", "bio", "avatar_url", "location", "language", "interests", "visibility"))


@pytest.fixture
async def people():
    """(profiles, accounts, connections, {handle: user id}) with ana, ben and cyd registered."""
    accounts, connections = FakeAccounts(), FakeConnections()
    identity = with_security(
        IdentityHandlers(accounts=accounts, passwords=FakePasswordHasher(), tokens=FakeTokenIssuer())
    )
    ids = {}
    for handle in ("ana", "ben", "cyd"):
        ids[handle] = (
            await identity.register(RegisterUser(handle, f"{handle}@example.org", "a good password"))
        ).user_id
    profiles = ProfileHandlers(accounts=accounts, connections=connections)
    await profiles.update_profile(ids["ana"], **{**FIELDS, "bio": "climber", "visibility": Visibility.CONNECTIONS})
    return profiles, accounts, connections, ids


async def test_a_connections_only_profile_is_whole_for_connections_and_herself_and_a_card_for_others(people):
    profiles, _, connections, ids = people
    connections.pairs.add(frozenset((ids["ana"], ids["ben"])))
    assert (await profiles.get_profile(ids["ben"], ids["ana"])).bio == "climber"
    assert (await profiles.get_profile(ids["ana"], ids["ana"])).bio == "climber"
    card = await profiles.get_profile(ids["cyd"], ids["ana"])
    assert card.restricted and card.bio == "" and card.handle == "ana"


async def test_without_the_graph_a_connections_only_profile_shows_its_card(people):
    profiles, _, connections, ids = people
    connections.pairs.add(frozenset((ids["ana"], ids["ben"])))
    connections.down = True
    assert (await profiles.get_profile(ids["ben"], ids["ana"])).restricted


async def test_a_public_profile_is_whole_without_asking_the_graph(people):
    profiles, _, connections, ids = people
    await profiles.update_profile(ids["ana"], **{**FIELDS, "visibility": Visibility.PUBLIC})
    connections.down = True
    assert (await profiles.get_profile(ids["cyd"], ids["ana"])).bio == "climber"


async def test_deactivated_people_and_people_in_a_block_either_way_are_not_found(people):
    profiles, accounts, _, ids = people
    await accounts.mirror_block(ids["ana"], ids["ben"], True, None)
    for viewer, user in ((ids["ben"], ids["ana"]), (ids["ana"], ids["ben"])):
        with pytest.raises(NotFound):
            await profiles.get_profile(viewer, user)
    await accounts.deactivate(ids["cyd"])
    with pytest.raises(NotFound):
        await profiles.get_profile(ids["ana"], ids["cyd"])
    with pytest.raises(InvalidArgument) as malformed:
        await profiles.get_profile(ids["ana"], "nope")
    assert malformed.value.field == "user_id"


async def test_an_update_is_checked_field_by_field_and_announced(people):
    profiles, accounts, _, ids = people
    with pytest.raises(InvalidArgument) as refused:
        await profiles.update_profile(ids["ben"], **{**FIELDS, "avatar_url": "http://example.org/a.png"})
    assert refused.value.field == "avatar_url"
    updated = await profiles.update_profile(ids["ben"], **{**FIELDS, "interests": ["Chess ", "chess"]})
    assert updated.interests == ("chess",) and accounts.names()[-1] == "ProfileUpdated"
    await accounts.deactivate(ids["ben"])
    with pytest.raises(NotFound):
        await profiles.update_profile(ids["ben"], **{**FIELDS, "bio": "x"})


async def test_search_shows_cards_a_page_at_a_time_without_people_in_a_block(people):
    profiles, accounts, _, ids = people
    await accounts.mirror_block(ids["cyd"], ids["ben"], True, None)
    first, cursor = await profiles.search(ids["cyd"], "A", 1, "")
    assert [p.handle for p in first] == ["ana"] and first[0].bio == "" and cursor == ""
    found, _ = await profiles.search(ids["ana"], "e", 0, "")
    assert [p.handle for p in found] == ["ben"]
    with pytest.raises(InvalidArgument) as empty:
        await profiles.search(ids["ana"], "  ", 0, "")
    assert empty.value.field == "query"


async def test_handles_resolve_case_insensitively_without_people_in_a_block(people):
    profiles, accounts, _, ids = people
    await accounts.mirror_block(ids["ben"], ids["ana"], True, None)
    assert await profiles.resolve_handles(["@Ana", "ben", "nobody", " "]) == {"ana": ids["ana"], "ben": ids["ben"]}
    assert await profiles.resolve_handles(["ana", "ben"], ids["ben"]) == {"ben": ids["ben"]}
    with pytest.raises(InvalidArgument) as too_many:
        await profiles.resolve_handles(["x"] * (RESOLVE_MAX + 1))
    assert too_many.value.field == "handles"
    with pytest.raises(InvalidArgument) as viewer:
        await profiles.resolve_handles(["ana"], "nope")
    assert viewer.value.field == "viewer_id"


async def test_batch_cards_are_cards_of_active_people_only(people):
    profiles, accounts, _, ids = people
    await accounts.deactivate(ids["cyd"])
    cards = await profiles.batch_cards([ids["ana"], ids["cyd"], str(uuid.uuid4()), ids["ana"]])
    assert [(c.handle, c.restricted) for c in cards] == [("ana", True)]
    for user_ids in (["nope"], [str(uuid.uuid4())] * (BATCH_MAX + 1)):
        with pytest.raises(InvalidArgument) as refused:
            await profiles.batch_cards(user_ids)
        assert refused.value.field == "user_ids"
