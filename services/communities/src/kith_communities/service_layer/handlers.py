"""Community use cases: create, find (as the caller may see it), change, nest, archive (and closures
by the platform's staff), list;
posting rights for the content service; and the checks the other handlers share. Memberships,
invitations, moderation, events (meetups) and reports have their own modules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from kith_communities.domain import communities as rules
from kith_communities.domain import memberships, moderation
from kith_communities.domain.communities import Community, Nesting, PostingPolicy, Role, Visibility
from kith_communities.domain.ports import CommunityRepository
from kith_platform import cursors
from kith_platform.errors import FailedPrecondition, InvalidArgument, NotFound
from kith_platform.ids import parse_uuid
from kith_platform.mirrors import MirrorPush
from kith_platform.validation import check_text, normalise_topics, page_size

DEFAULT_PAGE, MAX_PAGE = 50, 100


def _uuid(value) -> str:
    return parse_uuid(str(value), "cursor")


def _json_cursor(value: str, kind: type) -> tuple | None:
    """A (number, id) cursor of the directory and search pages."""
    return cursors.decode(value, kind, _uuid)


def page_size_of(requested: int) -> int:
    return page_size(requested, default=DEFAULT_PAGE, maximum=MAX_PAGE)


@dataclass
class CommunityHandlers:
    communities: CommunityRepository
    # Leaving, removals and bans hold on every read path when they return: their events are
    # applied by the services mirroring memberships before the call answers. Joins are pushed
    # too, so that a new member reads the community at once, but a mirror that is late does
    # not fail them (`holding(required=False)`).
    mirrors: MirrorPush = field(default_factory=lambda: MirrorPush(()))

    # Checks shared with the other handlers -----------------------------------------------

    async def visible(self, caller_id: str, community_id: str = "", slug: str = "") -> tuple[Community, Role | None]:
        """The community and the caller's role in it; NOT_FOUND when it does not exist for them."""
        if community_id:
            community = await self.communities.get(parse_uuid(community_id, "community_id"), None)
        elif slug.strip():
            community = await self.communities.get(None, slug.strip()[:100])
        else:
            raise InvalidArgument("community_id", "is required (or slug)")
        role = await self.communities.role_of(community.community_id, caller_id) if community else None
        invited = bool(
            community
            and role is None
            and community.visibility is Visibility.HIDDEN
            and await self.communities.is_invited(community.community_id, caller_id)
        )
        return rules.require_visible(community, role, invited), role

    async def refuse_erased(self, user_id: str) -> None:
        """An erased account is nobody: nothing new may name it (a ban, a report, a warning)."""
        if await self.communities.is_erased(user_id):
            raise NotFound("user_id: no such user")

    async def check_parent(self, community: Community, user_id: str) -> None:
        """A fully nested community takes only members of its parent."""
        if community.parent_id and community.nesting is Nesting.FULL:
            rules.require_parent_membership(community, await self.communities.role_of(community.parent_id, user_id))

    async def check_no_owned_subcommunity(self, community: Community, user_id: str, who: str) -> None:
        if await self.communities.owns_full_descendant(community.community_id, user_id):
            raise FailedPrecondition(f"{who} own a subcommunity that requires membership here; transfer it first")

    # Communities ----------------------------------------------------------------------------

    async def create(
        self, caller_id: str, *, parent_id: str = "", nesting: Nesting | None = None, **fields
    ) -> tuple[Community, Role]:
        parent, parent_role = (None, None)
        if parent_id:
            parent, parent_role = await self.visible(caller_id, parent_id)
            rules.refuse_archived(parent)
        new = rules.validate_new_community(**fields, parent=parent, parent_role=parent_role, nesting=nesting)
        async with self.mirrors.holding(required=False):  # the owner posts into it at once
            return await self.communities.create(new, caller_id), Role.OWNER

    async def get(self, caller_id: str, community_id: str, slug: str) -> tuple[Community, Role | None]:
        return await self.visible(caller_id, community_id, slug)

    async def subcommunities(self, caller_id: str, community_id: str) -> list[tuple[Community, Role | None]]:
        community, _ = await self.visible(caller_id, community_id)
        children = []
        for child in await self.communities.subcommunities(community.community_id):
            role = await self.communities.role_of(child.community_id, caller_id)
            if child.visibility is not Visibility.HIDDEN or role is not None:
                children.append((child, role))
        return children

    async def update(
        self,
        caller_id: str,
        community_id: str,
        posting_policy: PostingPolicy | None = None,
        hold_links_below_trust_level: int | None = None,
        comments_from_non_members: bool | None = None,
        **fields,
    ) -> tuple[Community, Role]:
        """Change the fields given (None: unchanged); a change publishes CommunityUpdated."""
        community, role = await self.visible(caller_id, community_id)
        given = dict(
            fields,
            posting_policy=posting_policy,
            hold_links_below_trust_level=hold_links_below_trust_level,
            comments_from_non_members=comments_from_non_members,
        )
        role = rules.require_update_rights(role, {k for k, v in given.items() if v is not None})
        rules.refuse_archived(community)
        changes = rules.validate_update(**fields)
        if posting_policy is not None:
            changes["posting_policy"] = posting_policy
        if hold_links_below_trust_level is not None:
            changes["hold_links_below_trust_level"] = rules.validate_link_review(hold_links_below_trust_level)
        if comments_from_non_members is not None:
            changes["comments_from_non_members"] = rules.validate_comments_from_non_members(
                community, comments_from_non_members
            )
        updated = await self.communities.update(community.community_id, changes, caller_id) if changes else community
        if updated is None:
            raise NotFound("community_id: no such community")
        return updated, role

    async def move(
        self, caller_id: str, community_id: str, parent_id: str, nesting: Nesting | None
    ) -> tuple[Community, Role | None]:
        community, role = await self.visible(caller_id, community_id)
        parent, parent_role = (None, None)
        if parent_id:
            parent, parent_role = await self.visible(caller_id, parent_id)
        descendants = await self.communities.descendant_ids(community.community_id) if parent else set()
        nesting = rules.check_move(community, role, parent, parent_role, nesting, descendants)
        new_parent = parent.community_id if parent else None
        if new_parent == community.community_id or (new_parent == community.parent_id and nesting is community.nesting):
            return community, role
        outsiders = await self.communities.move(community, new_parent, nesting, caller_id)
        if outsiders:
            raise FailedPrecondition(
                f"{outsiders} member(s) are not members of the new parent; nest it partly or have them join first"
            )
        return replace(community, parent_id=new_parent, nesting=nesting), role

    async def archive(self, caller_id: str, community_id: str) -> list[str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.OWNER, "archive the community")
        return await self.communities.archive(community.community_id, caller_id)

    async def unarchive(self, caller_id: str, community_id: str) -> list[str]:
        community, role = await self.visible(caller_id, community_id)
        rules.require_rank(role, Role.OWNER, "unarchive the community")
        if community.archived_at is None:
            return []
        rules.refuse_closed_by_staff(community)
        if community.archived_with != community.community_id:
            raise FailedPrecondition("archived along with a community above it; unarchive that one")
        if community.parent_id:
            parent = await self.communities.get(community.parent_id, None)
            if parent is not None and parent.archived_at is not None:
                raise FailedPrecondition("its parent is archived; unarchive the parent first")
        return await self.communities.unarchive(community.community_id, caller_id)

    # Closures by the platform's staff (identity's events, applied by the identity consumer) ---
    # Archived as ArchiveCommunity archives; pushed to the services mirroring communities (the
    # graph's suggestions) as a join is, best effort: Kafka delivers them a moment later anyway.

    async def close_by_staff(self, removal_id: str, community_id: str) -> list[str]:
        async with self.mirrors.holding(required=False):
            return await self.communities.archive(community_id, "", removal_id)

    async def reopen_by_staff(self, removal_id: str, community_id: str) -> list[str]:
        async with self.mirrors.holding(required=False):
            return await self.communities.reopen_closed(removal_id, community_id)

    # Lists ---------------------------------------------------------------------------------

    async def directory(self, topic: str, page_size: int, cursor: str) -> tuple[list[Community], str]:
        (topic,) = normalise_topics([topic], "topic", max_count=1) if topic.strip() else ("",)
        if not topic:
            raise InvalidArgument("topic", "is required")
        size = page_size_of(page_size)
        rows = await self.communities.directory(topic, size + 1, _json_cursor(cursor, int))
        page = rows[:size]
        next_cursor = cursors.encode(page[-1].member_count, page[-1].community_id) if len(rows) > size else ""
        return page, next_cursor

    async def search(self, query: str, page_size: int, cursor: str) -> tuple[list[Community], str]:
        query = check_text(" ".join(query.split()), "query", max_length=200)
        if not query:
            raise InvalidArgument("query", "is required")
        size = page_size_of(page_size)
        rows = await self.communities.search(query, size + 1, _json_cursor(cursor, float))
        page = rows[:size]
        next_cursor = cursors.encode(page[-1][1], page[-1][0].community_id) if len(rows) > size else ""
        return [c for c, _ in page], next_cursor

    async def mine(self, caller_id: str, page_size: int, cursor: str) -> tuple[list[tuple[Community, Role]], str]:
        size = page_size_of(page_size)
        rows = await self.communities.mine(caller_id, size + 1, cursors.decode_at(cursor))
        page = rows[:size]
        next_cursor = cursors.encode_at(page[-1][2], page[-1][0].community_id) if len(rows) > size else ""
        return [(c, role) for c, role, _ in page], next_cursor

    async def with_roles(self, caller_id: str, communities: list[Community]) -> list[tuple[Community, Role | None]]:
        roles = await self.communities.roles_of(caller_id, [c.community_id for c in communities]) if communities else {}
        return [(c, roles.get(c.community_id)) for c in communities]

    # For the caller's view and the content service -----------------------------------------

    async def is_newcomer(self, community_id: str, caller_id: str) -> bool:
        joined = await self.communities.joined_at(community_id, caller_id)
        return joined is not None and datetime.now(UTC) - joined < timedelta(days=memberships.NEWCOMER_DAYS)

    async def posting_rights(
        self, community_id: str, user_id: str, commenting: bool = False
    ) -> tuple[str, Visibility, int, Role | None]:
        """("" when allowed, else why not; the community's visibility; its link review level;
        the user's role)."""
        state = await self.communities.posting_state(
            parse_uuid(community_id, "community_id"), parse_uuid(user_id, "user_id")
        )
        if state is None:
            raise NotFound("community_id: no such community")
        refusal = moderation.posting_refusal(
            state.policy,
            state.role,
            state.muted_until,
            state.banned,
            datetime.now(UTC),
            state.archived,
            commenting,
            state.visibility,
            state.comments_from_non_members,
        )
        return refusal, state.visibility, state.hold_links_below, state.role
