"""gRPC servicers of the communities service: the communities, memberships, invitations and
moderation RPCs here; events (meetups_api.py), reports (reports_api.py) and data exports
(export_api.py) are mixed in."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith_communities.adapters.outbox_events import (
    NESTING_TO_PROTO,
    POLICY_TO_PROTO,
    ROLE_TO_PROTO,
    VISIBILITY_TO_PROTO,
    nesting_to_proto,
)
from kith_communities.domain.communities import Community, PostingPolicy, Role
from kith_communities.entrypoints.export_api import ExportRpc
from kith_communities.entrypoints.meetups_api import MeetupRpcs
from kith_communities.entrypoints.reports_api import ReportRpcs
from kith_communities.service_layer.exports import CommunitiesExports
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_communities.service_layer.invitations import InvitationHandlers
from kith_communities.service_layer.meetups import MeetupHandlers
from kith_communities.service_layer.memberships import MembershipHandlers
from kith_communities.service_layer.moderation import ModerationHandlers
from kith_communities.service_layer.reports import ReportHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp

VISIBILITY_FROM_PROTO = {v: k for k, v in VISIBILITY_TO_PROTO.items()}
NESTING_FROM_PROTO = {v: k for k, v in NESTING_TO_PROTO.items()}
POLICY_FROM_PROTO = {v: k for k, v in POLICY_TO_PROTO.items()}


def _policy(value: int) -> PostingPolicy | None:
    if value == communities_pb2.POSTING_POLICY_UNSPECIFIED:
        return None
    if value not in POLICY_FROM_PROTO:
        raise InvalidArgument("posting_policy", f"unsupported value {value}")
    return POLICY_FROM_PROTO[value]


ROLE_FROM_PROTO = {v: k for k, v in ROLE_TO_PROTO.items()}


def community_message(community: Community, role: Role | None, newcomer: bool = False) -> communities_pb2.Community:
    return communities_pb2.Community(
        community_id=community.community_id,
        slug=community.slug,
        name=community.name,
        description=community.description,
        purpose=community.purpose,
        topics=list(community.topics),
        visibility=VISIBILITY_TO_PROTO[community.visibility],
        member_count=community.member_count,
        created_at=timestamp(community.created_at),
        viewer_role=ROLE_TO_PROTO[role] if role else communities_pb2.ROLE_UNSPECIFIED,
        parent_id=community.parent_id or "",
        nesting=nesting_to_proto(community.nesting),
        rules=list(community.rules),
        welcome_message=community.welcome_message,
        posting_policy=POLICY_TO_PROTO[community.posting_policy],
        viewer_is_newcomer=newcomer,
        archived_at=timestamp(community.archived_at) if community.archived_at else None,
        hold_links_below_trust_level=community.hold_links_below_trust_level,
        membership_questions=list(community.membership_questions),
        comments_from_non_members=community.comments_from_non_members,
    )


class CommunitiesServicer(MeetupRpcs, ReportRpcs, communities_pb2_grpc.CommunitiesServiceServicer):
    def __init__(
        self,
        communities: CommunityHandlers,
        memberships: MembershipHandlers,
        invitations: InvitationHandlers,
        moderation: ModerationHandlers,
        meetups: MeetupHandlers,
        reports: ReportHandlers,
    ) -> None:
        self.communities = communities
        self.memberships = memberships
        self.invitations = invitations
        self.moderation = moderation
        self.meetups = meetups  # the event RPCs (entrypoints/meetups_api.py)
        self.reports = reports  # the report RPCs (entrypoints/reports_api.py)

    async def CreateCommunity(self, request, context):
        visibility = None
        if request.visibility != communities_pb2.VISIBILITY_UNSPECIFIED:
            visibility = VISIBILITY_FROM_PROTO.get(request.visibility)
            if visibility is None:
                raise InvalidArgument("visibility", f"unsupported value {request.visibility}")
        nesting = None
        if request.nesting != communities_pb2.NESTING_UNSPECIFIED:
            nesting = NESTING_FROM_PROTO.get(request.nesting)
            if nesting is None:
                raise InvalidArgument("nesting", f"unsupported value {request.nesting}")
        community, role = await self.communities.create(
            caller_id(context),
            slug=request.slug,
            name=request.name,
            description=request.description,
            purpose=request.purpose,
            topics=list(request.topics),
            visibility=visibility,
            parent_id=request.parent_id,
            nesting=nesting,
            rules=list(request.rules),
            welcome_message=request.welcome_message,
            posting_policy=_policy(request.posting_policy),
        )
        return communities_pb2.CreateCommunityResponse(community=community_message(community, role))

    async def GetCommunity(self, request, context):
        caller = caller_id(context)
        community, role = await self.communities.get(caller, request.community_id, request.slug)
        newcomer = role is not None and await self.communities.is_newcomer(community.community_id, caller)
        return communities_pb2.GetCommunityResponse(community=community_message(community, role, newcomer))

    async def UpdateCommunity(self, request, context):
        def opt(field):
            return getattr(request, field) if request.HasField(field) else None

        community, role = await self.communities.update(
            caller_id(context),
            request.community_id,
            posting_policy=_policy(request.posting_policy),
            name=opt("name"),
            description=opt("description"),
            purpose=opt("purpose"),
            welcome_message=opt("welcome_message"),
            rules=list(request.rules.rules) if request.HasField("rules") else None,
            hold_links_below_trust_level=opt("hold_links_below_trust_level"),
            membership_questions=(
                list(request.membership_questions.questions) if request.HasField("membership_questions") else None
            ),
            comments_from_non_members=opt("comments_from_non_members"),
        )
        return communities_pb2.UpdateCommunityResponse(community=community_message(community, role))

    async def JoinCommunity(self, request, context):
        return communities_pb2.JoinCommunityResponse(
            joined=await self.memberships.join(caller_id(context), request.community_id)
        )

    async def LeaveCommunity(self, request, context):
        return communities_pb2.LeaveCommunityResponse(
            left=await self.memberships.leave(caller_id(context), request.community_id)
        )

    async def ListMembers(self, request, context):
        page, cursor = await self.memberships.members(
            caller_id(context), request.community_id, request.page_size, request.cursor
        )
        return communities_pb2.ListMembersResponse(
            members=[
                communities_pb2.Member(user_id=m.user_id, role=ROLE_TO_PROTO[m.role], joined_at=timestamp(m.joined_at))
                for m in page
            ],
            next_cursor=cursor,
        )

    async def RequestToJoin(self, request, context):
        requested = await self.memberships.request_to_join(
            caller_id(context), request.community_id, list(request.answers)
        )
        return communities_pb2.RequestToJoinResponse(requested=requested)

    async def ListJoinRequests(self, request, context):
        page, cursor = await self.memberships.join_requests(
            caller_id(context), request.community_id, request.page_size, request.cursor
        )
        return communities_pb2.ListJoinRequestsResponse(
            requests=[
                communities_pb2.JoinRequest(
                    user_id=r.user_id,
                    answers=list(r.answers),
                    requested_at=timestamp(r.requested_at),
                    answered=[communities_pb2.AnsweredQuestion(question=q, answer=a) for q, a in r.answered],
                )
                for r in page
            ],
            next_cursor=cursor,
        )

    async def ApproveJoinRequest(self, request, context):
        await self.memberships.answer_join_request(caller_id(context), request.community_id, request.user_id, True)
        return communities_pb2.ApproveJoinRequestResponse()

    async def DenyJoinRequest(self, request, context):
        await self.memberships.answer_join_request(caller_id(context), request.community_id, request.user_id, False)
        return communities_pb2.DenyJoinRequestResponse()

    async def ChangeMemberRole(self, request, context):
        role = ROLE_FROM_PROTO.get(request.role)
        if role is None:
            raise InvalidArgument("role", "is required")
        await self.moderation.change_role(caller_id(context), request.community_id, request.user_id, role)
        return communities_pb2.ChangeMemberRoleResponse()

    async def TransferOwnership(self, request, context):
        await self.moderation.transfer_ownership(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.TransferOwnershipResponse()

    async def RemoveMember(self, request, context):
        await self.moderation.remove_member(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.RemoveMemberResponse()

    async def ListCommunities(self, request, context):
        user = caller_id(context)
        page, cursor = await self.communities.directory(request.topic, request.page_size, request.cursor)
        return communities_pb2.ListCommunitiesResponse(
            communities=[community_message(c, role) for c, role in await self.communities.with_roles(user, page)],
            next_cursor=cursor,
        )

    async def SearchCommunities(self, request, context):
        user = caller_id(context)
        page, cursor = await self.communities.search(request.query, request.page_size, request.cursor)
        return communities_pb2.SearchCommunitiesResponse(
            communities=[community_message(c, role) for c, role in await self.communities.with_roles(user, page)],
            next_cursor=cursor,
        )

    async def MoveCommunity(self, request, context):
        nesting = None
        if request.parent_id:
            if request.nesting not in NESTING_FROM_PROTO:
                raise InvalidArgument("nesting", "is required for a subcommunity (full or partial)")
            nesting = NESTING_FROM_PROTO[request.nesting]
        community, role = await self.communities.move(
            caller_id(context), request.community_id, request.parent_id, nesting
        )
        return communities_pb2.MoveCommunityResponse(community=community_message(community, role))

    async def ArchiveCommunity(self, request, context):
        ids = await self.communities.archive(caller_id(context), request.community_id)
        return communities_pb2.ArchiveCommunityResponse(archived_ids=ids)

    async def UnarchiveCommunity(self, request, context):
        ids = await self.communities.unarchive(caller_id(context), request.community_id)
        return communities_pb2.UnarchiveCommunityResponse(unarchived_ids=ids)

    async def ListMyCommunities(self, request, context):
        page, cursor = await self.communities.mine(caller_id(context), request.page_size, request.cursor)
        return communities_pb2.ListMyCommunitiesResponse(
            communities=[community_message(c, role) for c, role in page], next_cursor=cursor
        )

    async def BanMember(self, request, context):
        duration = request.duration.seconds + request.duration.nanos / 1e9 if request.HasField("duration") else 0
        until = await self.moderation.ban(
            caller_id(context), request.community_id, request.user_id, request.reason, duration
        )
        response = communities_pb2.BanMemberResponse()
        if until is not None:
            response.until.CopyFrom(timestamp(until))
        return response

    async def UnbanMember(self, request, context):
        lifted = await self.moderation.unban(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.UnbanMemberResponse(lifted=lifted)

    async def ListModerationLog(self, request, context):
        page, cursor = await self.moderation.moderation_log(
            caller_id(context), request.community_id, request.page_size, request.cursor
        )
        return communities_pb2.ListModerationLogResponse(
            entries=[
                communities_pb2.ModerationEntry(
                    entry_id=e.entry_id,
                    actor_id=e.actor_id,
                    action=e.action,
                    target_user_id=e.target_user_id,
                    reason=e.reason,
                    details=e.details,
                    at=timestamp(e.at),
                )
                for e in page
            ],
            next_cursor=cursor,
        )

    async def InviteUser(self, request, context):
        invited = await self.invitations.invite(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.InviteUserResponse(invited=invited)

    async def AcceptInvitation(self, request, context):
        community, role = await self.invitations.accept_invitation(caller_id(context), request.community_id)
        return communities_pb2.AcceptInvitationResponse(community=community_message(community, role))

    async def CreateInviteLink(self, request, context):
        expires_in = (
            request.expires_in.seconds + request.expires_in.nanos / 1e9 if request.HasField("expires_in") else None
        )
        token, expires_at, uses = await self.invitations.create_invite_link(
            caller_id(context), request.community_id, expires_in, request.max_uses
        )
        return communities_pb2.CreateInviteLinkResponse(token=token, expires_at=timestamp(expires_at), max_uses=uses)

    async def JoinByInviteLink(self, request, context):
        community, role = await self.invitations.join_by_invite_link(caller_id(context), request.token)
        return communities_pb2.JoinByInviteLinkResponse(community=community_message(community, role))

    async def ListSubcommunities(self, request, context):
        children = await self.communities.subcommunities(caller_id(context), request.community_id)
        return communities_pb2.ListSubcommunitiesResponse(
            communities=[community_message(c, role) for c, role in children]
        )


class CommunitiesInternalServicer(ExportRpc, communities_pb2_grpc.CommunitiesInternalServiceServicer):
    def __init__(self, communities: CommunityHandlers, exports: CommunitiesExports | None = None) -> None:
        self.communities = communities
        self.exports = exports  # ExportUserData (entrypoints/export_api.py)

    async def CheckPostingRights(self, request, context):
        refusal, visibility, hold_links_below, role = await self.communities.posting_rights(
            request.community_id, request.user_id, request.commenting
        )
        return communities_pb2.CheckPostingRightsResponse(
            allowed=not refusal,
            reason=refusal,
            visibility=VISIBILITY_TO_PROTO[visibility],
            hold_links_below_trust_level=hold_links_below,
            role=ROLE_TO_PROTO[role] if role else communities_pb2.ROLE_UNSPECIFIED,
        )
