"""gRPC servicer of the communities service."""

from __future__ import annotations

from datetime import UTC

from kith.communities.v1 import communities_pb2, communities_pb2_grpc
from kith_communities.adapters.postgres import NESTING_TO_PROTO, POLICY_TO_PROTO, ROLE_TO_PROTO, VISIBILITY_TO_PROTO
from kith_communities.adapters.postgres_events import STATUS_TO_PROTO
from kith_communities.adapters.postgres_reports import ACTION_TO_PROTO, TARGET_TO_PROTO
from kith_communities.domain.communities import Community, PostingPolicy, Role
from kith_communities.domain.meetups import Event
from kith_communities.entrypoints.export_api import ExportRpc
from kith_communities.service_layer.exports import CommunitiesExports
from kith_communities.service_layer.handlers import CommunityHandlers
from kith_communities.service_layer.meetups import MeetupHandlers
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
        nesting=NESTING_TO_PROTO[community.nesting] if community.nesting else communities_pb2.NESTING_UNSPECIFIED,
        rules=list(community.rules),
        welcome_message=community.welcome_message,
        posting_policy=POLICY_TO_PROTO[community.posting_policy],
        viewer_is_newcomer=newcomer,
        archived_at=timestamp(community.archived_at) if community.archived_at else None,
        hold_links_below_trust_level=community.hold_links_below_trust_level,
        membership_questions=list(community.membership_questions),
        comments_from_non_members=community.comments_from_non_members,
    )


STATUS_FROM_PROTO = {v: k for k, v in STATUS_TO_PROTO.items()}


def _time(message, field: str):
    if not message.HasField(field):
        return None
    try:
        return getattr(message, field).ToDatetime(tzinfo=UTC)
    except ValueError:  # seconds outside years 1 to 9999, or nanos outside 0 to 999,999,999
        raise InvalidArgument(field, "is not a valid timestamp (years 1 to 9999)") from None


def event_message(event: Event) -> communities_pb2.Event:
    d = event.details
    return communities_pb2.Event(
        event_id=event.event_id,
        community_id=event.community_id,
        title=d.title,
        description=d.description,
        starts_at=timestamp(d.starts_at),
        ends_at=timestamp(d.ends_at),
        time_zone=d.time_zone,
        online_url=d.online_url,
        place=d.place,
        capacity=d.capacity,
        cancelled=event.cancelled,
        going=event.going,
        maybe=event.maybe,
        waitlisted=event.waitlisted,
        viewer_status=STATUS_TO_PROTO[event.viewer_status] if event.viewer_status else 0,
    )


REPORT_TARGETS = {v: k for k, v in TARGET_TO_PROTO.items()}
REPORT_ACTIONS = {v: k for k, v in ACTION_TO_PROTO.items()}


class CommunitiesServicer(communities_pb2_grpc.CommunitiesServiceServicer):
    def __init__(self, handlers: CommunityHandlers, meetups: MeetupHandlers, reports: ReportHandlers) -> None:
        self.h = handlers
        self.m = meetups
        self.r = reports

    async def Report(self, request, context):
        report_id = await self.r.report(
            caller_id(context),
            request.community_id,
            REPORT_TARGETS.get(request.target, ""),
            request.target_id,
            request.reason,
        )
        return communities_pb2.ReportResponse(report_id=report_id)

    async def ListReports(self, request, context):
        page, cursor = await self.r.queue(caller_id(context), request.community_id, request.page_size, request.cursor)
        return communities_pb2.ListReportsResponse(
            reports=[
                communities_pb2.ModerationReport(
                    report_id=r.report_id,
                    reporter_id=r.reporter_id,
                    target=TARGET_TO_PROTO[r.target],
                    target_id=r.target_id,
                    reason=r.reason,
                    reported_at=timestamp(r.reported_at),
                )
                for r in page
            ],
            next_cursor=cursor,
        )

    async def ResolveReport(self, request, context):
        duration = request.duration.seconds + request.duration.nanos / 1e9 if request.HasField("duration") else None
        await self.r.resolve(
            caller_id(context),
            request.community_id,
            request.report_id,
            REPORT_ACTIONS.get(request.action, ""),
            request.user_id,
            duration,
            request.note,
        )
        return communities_pb2.ResolveReportResponse()

    async def CreateEvent(self, request, context):
        event = await self.m.create(
            caller_id(context),
            request.community_id,
            title=request.title,
            description=request.description,
            starts_at=_time(request, "starts_at"),
            ends_at=_time(request, "ends_at"),
            time_zone=request.time_zone,
            online_url=request.online_url,
            place=request.place,
            capacity=request.capacity,
        )
        return communities_pb2.CreateEventResponse(event=event_message(event))

    async def UpdateEvent(self, request, context):
        def opt(field):
            return getattr(request, field) if request.HasField(field) else None

        event = await self.m.update(
            caller_id(context), request.event_id, opt("title"), opt("description"), opt("capacity")
        )
        return communities_pb2.UpdateEventResponse(event=event_message(event))

    async def CancelEvent(self, request, context):
        return communities_pb2.CancelEventResponse(
            event=event_message(await self.m.cancel(caller_id(context), request.event_id))
        )

    async def GetEvent(self, request, context):
        return communities_pb2.GetEventResponse(
            event=event_message(await self.m.get(caller_id(context), request.event_id))
        )

    async def ListEvents(self, request, context):
        events = await self.m.upcoming(caller_id(context), request.community_id)
        return communities_pb2.ListEventsResponse(events=[event_message(e) for e in events])

    async def Rsvp(self, request, context):
        wanted = STATUS_FROM_PROTO.get(request.status)
        if wanted is None:
            raise InvalidArgument("status", "is required")
        status, position = await self.m.rsvp(caller_id(context), request.event_id, wanted, request.remind_me)
        return communities_pb2.RsvpResponse(status=STATUS_TO_PROTO[status], waitlist_position=position)

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
        community, role = await self.h.create(
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
        community, role = await self.h.get(caller, request.community_id, request.slug)
        newcomer = role is not None and await self.h.is_newcomer(community.community_id, caller)
        return communities_pb2.GetCommunityResponse(community=community_message(community, role, newcomer))

    async def UpdateCommunity(self, request, context):
        def opt(field):
            return getattr(request, field) if request.HasField(field) else None

        community, role = await self.h.update(
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
        return communities_pb2.JoinCommunityResponse(joined=await self.h.join(caller_id(context), request.community_id))

    async def LeaveCommunity(self, request, context):
        return communities_pb2.LeaveCommunityResponse(left=await self.h.leave(caller_id(context), request.community_id))

    async def ListMembers(self, request, context):
        page, cursor = await self.h.members(caller_id(context), request.community_id, request.page_size, request.cursor)
        return communities_pb2.ListMembersResponse(
            members=[
                communities_pb2.Member(user_id=m.user_id, role=ROLE_TO_PROTO[m.role], joined_at=timestamp(m.joined_at))
                for m in page
            ],
            next_cursor=cursor,
        )

    async def RequestToJoin(self, request, context):
        requested = await self.h.request_to_join(caller_id(context), request.community_id, list(request.answers))
        return communities_pb2.RequestToJoinResponse(requested=requested)

    async def ListJoinRequests(self, request, context):
        page, cursor = await self.h.join_requests(
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
        await self.h.answer_join_request(caller_id(context), request.community_id, request.user_id, True)
        return communities_pb2.ApproveJoinRequestResponse()

    async def DenyJoinRequest(self, request, context):
        await self.h.answer_join_request(caller_id(context), request.community_id, request.user_id, False)
        return communities_pb2.DenyJoinRequestResponse()

    async def ChangeMemberRole(self, request, context):
        role = ROLE_FROM_PROTO.get(request.role)
        if role is None:
            raise InvalidArgument("role", "is required")
        await self.h.change_role(caller_id(context), request.community_id, request.user_id, role)
        return communities_pb2.ChangeMemberRoleResponse()

    async def TransferOwnership(self, request, context):
        await self.h.transfer_ownership(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.TransferOwnershipResponse()

    async def RemoveMember(self, request, context):
        await self.h.remove_member(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.RemoveMemberResponse()

    async def ListCommunities(self, request, context):
        user = caller_id(context)
        page, cursor = await self.h.directory(request.topic, request.page_size, request.cursor)
        return communities_pb2.ListCommunitiesResponse(
            communities=[community_message(c, role) for c, role in await self.h.with_roles(user, page)],
            next_cursor=cursor,
        )

    async def SearchCommunities(self, request, context):
        user = caller_id(context)
        page, cursor = await self.h.search(request.query, request.page_size, request.cursor)
        return communities_pb2.SearchCommunitiesResponse(
            communities=[community_message(c, role) for c, role in await self.h.with_roles(user, page)],
            next_cursor=cursor,
        )

    async def MoveCommunity(self, request, context):
        nesting = None
        if request.parent_id:
            if request.nesting not in NESTING_FROM_PROTO:
                raise InvalidArgument("nesting", "is required for a subcommunity (full or partial)")
            nesting = NESTING_FROM_PROTO[request.nesting]
        community, role = await self.h.move(caller_id(context), request.community_id, request.parent_id, nesting)
        return communities_pb2.MoveCommunityResponse(community=community_message(community, role))

    async def ArchiveCommunity(self, request, context):
        ids = await self.h.archive(caller_id(context), request.community_id)
        return communities_pb2.ArchiveCommunityResponse(archived_ids=ids)

    async def UnarchiveCommunity(self, request, context):
        ids = await self.h.unarchive(caller_id(context), request.community_id)
        return communities_pb2.UnarchiveCommunityResponse(unarchived_ids=ids)

    async def ListMyCommunities(self, request, context):
        page, cursor = await self.h.mine(caller_id(context), request.page_size, request.cursor)
        return communities_pb2.ListMyCommunitiesResponse(
            communities=[community_message(c, role) for c, role in page], next_cursor=cursor
        )

    async def BanMember(self, request, context):
        duration = request.duration.seconds + request.duration.nanos / 1e9 if request.HasField("duration") else 0
        until = await self.h.ban(caller_id(context), request.community_id, request.user_id, request.reason, duration)
        response = communities_pb2.BanMemberResponse()
        if until is not None:
            response.until.CopyFrom(timestamp(until))
        return response

    async def UnbanMember(self, request, context):
        lifted = await self.h.unban(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.UnbanMemberResponse(lifted=lifted)

    async def ListModerationLog(self, request, context):
        page, cursor = await self.h.moderation_log(
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
        invited = await self.h.invite(caller_id(context), request.community_id, request.user_id)
        return communities_pb2.InviteUserResponse(invited=invited)

    async def AcceptInvitation(self, request, context):
        community, role = await self.h.accept_invitation(caller_id(context), request.community_id)
        return communities_pb2.AcceptInvitationResponse(community=community_message(community, role))

    async def CreateInviteLink(self, request, context):
        expires_in = (
            request.expires_in.seconds + request.expires_in.nanos / 1e9 if request.HasField("expires_in") else None
        )
        token, expires_at, uses = await self.h.create_invite_link(
            caller_id(context), request.community_id, expires_in, request.max_uses
        )
        return communities_pb2.CreateInviteLinkResponse(token=token, expires_at=timestamp(expires_at), max_uses=uses)

    async def JoinByInviteLink(self, request, context):
        community, role = await self.h.join_by_invite_link(caller_id(context), request.token)
        return communities_pb2.JoinByInviteLinkResponse(community=community_message(community, role))

    async def ListSubcommunities(self, request, context):
        children = await self.h.subcommunities(caller_id(context), request.community_id)
        return communities_pb2.ListSubcommunitiesResponse(
            communities=[community_message(c, role) for c, role in children]
        )


class CommunitiesInternalServicer(ExportRpc, communities_pb2_grpc.CommunitiesInternalServiceServicer):
    def __init__(self, handlers: CommunityHandlers, exports: CommunitiesExports | None = None) -> None:
        self.h = handlers
        self.exports = exports  # ExportUserData (entrypoints/export_api.py)

    async def CheckPostingRights(self, request, context):
        refusal, visibility, hold_links_below, role = await self.h.posting_rights(
            request.community_id, request.user_id, request.commenting
        )
        return communities_pb2.CheckPostingRightsResponse(
            allowed=not refusal,
            reason=refusal,
            visibility=VISIBILITY_TO_PROTO[visibility],
            hold_links_below_trust_level=hold_links_below,
            role=ROLE_TO_PROTO[role] if role else communities_pb2.ROLE_UNSPECIFIED,
        )
