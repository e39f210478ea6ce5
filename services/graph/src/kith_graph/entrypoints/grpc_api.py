"""gRPC servicers of the graph service."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from kith.graph.v1 import graph_pb2, graph_pb2_grpc
from kith_graph.domain.relationships import ConnectionCare, FollowOutcome
from kith_graph.entrypoints.export_api import ExportRpc
from kith_graph.service_layer.exports import GraphExports
from kith_graph.service_layer.handlers import GraphHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp

IMPORT_OUTCOMES = {
    FollowOutcome.FOLLOW: graph_pb2.IMPORT_FOLLOW_OUTCOME_FOLLOWED,
    FollowOutcome.ALREADY: graph_pb2.IMPORT_FOLLOW_OUTCOME_ALREADY_FOLLOWING,
    FollowOutcome.REQUEST: graph_pb2.IMPORT_FOLLOW_OUTCOME_REQUESTED,
}


def _import_result(result) -> graph_pb2.ImportFollowResult:
    if result.error is not None:
        return graph_pb2.ImportFollowResult(
            outcome=graph_pb2.IMPORT_FOLLOW_OUTCOME_REFUSED, code=result.error.code.name, reason=result.error.message
        )
    return graph_pb2.ImportFollowResult(outcome=IMPORT_OUTCOMES[result.outcome])


LIST_NAMES = {
    graph_pb2.RELATIONSHIP_LIST_FOLLOWERS: "followers",
    graph_pb2.RELATIONSHIP_LIST_FOLLOWING: "following",
    graph_pb2.RELATIONSHIP_LIST_FRIENDS: "friends",
    graph_pb2.RELATIONSHIP_LIST_FRIEND_REQUESTS_RECEIVED: "friend_requests_received",
    graph_pb2.RELATIONSHIP_LIST_FRIEND_REQUESTS_SENT: "friend_requests_sent",
    graph_pb2.RELATIONSHIP_LIST_FOLLOW_REQUESTS_RECEIVED: "follow_requests_received",
    graph_pb2.RELATIONSHIP_LIST_BLOCKED: "blocked",
    graph_pb2.RELATIONSHIP_LIST_MUTED: "muted",
}


CONNECTION_ORDERS = {
    graph_pb2.CONNECTIONS_ORDER_UNSPECIFIED: "last_interaction",
    graph_pb2.CONNECTIONS_ORDER_LAST_INTERACTION: "last_interaction",
    graph_pb2.CONNECTIONS_ORDER_REACH_OUT_DUE: "reach_out_due",
}


def _care_message(care: ConnectionCare) -> graph_pb2.ConnectionCare:
    message = graph_pb2.ConnectionCare(
        user_id=care.user_id, note=care.note, reach_out_every_days=care.every_days, connected=care.connected
    )
    if care.last_interaction_at is not None:
        message.last_interaction_at.CopyFrom(_since(care.last_interaction_at))
    if care.next_reach_out_at is not None:
        message.next_reach_out_at.CopyFrom(_since(care.next_reach_out_at))
    return message


def _since(ms: int) -> Timestamp:
    ts = Timestamp()
    ts.FromMilliseconds(ms)
    return ts


class GraphServicer(graph_pb2_grpc.GraphServiceServicer):
    def __init__(self, handlers: GraphHandlers) -> None:
        self.h = handlers

    async def Follow(self, request, context):
        outcome = await self.h.follow(caller_id(context), request.user_id)
        return graph_pb2.FollowResponse(
            created=outcome is FollowOutcome.FOLLOW, requested=outcome is FollowOutcome.REQUEST
        )

    async def Unfollow(self, request, context):
        return graph_pb2.UnfollowResponse(removed=await self.h.unfollow(caller_id(context), request.user_id))

    async def ApproveFollowRequest(self, request, context):
        await self.h.answer_follow_request(caller_id(context), request.user_id, approve=True)
        return graph_pb2.ApproveFollowRequestResponse()

    async def DeclineFollowRequest(self, request, context):
        await self.h.answer_follow_request(caller_id(context), request.user_id, approve=False)
        return graph_pb2.DeclineFollowRequestResponse()

    async def UpdateGraphSettings(self, request, context):
        await self.h.set_follow_approval(caller_id(context), request.requires_follow_approval)
        return graph_pb2.UpdateGraphSettingsResponse(requires_follow_approval=request.requires_follow_approval)

    async def SendFriendRequest(self, request, context):
        friends = await self.h.send_friend_request(caller_id(context), request.user_id)
        return graph_pb2.SendFriendRequestResponse(friends=friends)

    async def AcceptFriendRequest(self, request, context):
        await self.h.accept_friend_request(caller_id(context), request.user_id)
        return graph_pb2.AcceptFriendRequestResponse()

    async def DeclineFriendRequest(self, request, context):
        await self.h.close_friend_request(caller_id(context), request.user_id, cancel=False)
        return graph_pb2.DeclineFriendRequestResponse()

    async def CancelFriendRequest(self, request, context):
        await self.h.close_friend_request(caller_id(context), request.user_id, cancel=True)
        return graph_pb2.CancelFriendRequestResponse()

    async def Unfriend(self, request, context):
        return graph_pb2.UnfriendResponse(removed=await self.h.unfriend(caller_id(context), request.user_id))

    async def Block(self, request, context):
        return graph_pb2.BlockResponse(created=await self.h.block(caller_id(context), request.user_id))

    async def Unblock(self, request, context):
        return graph_pb2.UnblockResponse(removed=await self.h.unblock(caller_id(context), request.user_id))

    async def Mute(self, request, context):
        return graph_pb2.MuteResponse(created=await self.h.mute(caller_id(context), request.user_id, True))

    async def Unmute(self, request, context):
        return graph_pb2.UnmuteResponse(removed=await self.h.mute(caller_id(context), request.user_id, False))

    async def ListRelationships(self, request, context):
        page, cursor = await self.h.list_relationships(
            caller_id(context), LIST_NAMES.get(request.list, ""), request.user_id, request.page_size, request.cursor
        )
        return graph_pb2.ListRelationshipsResponse(
            users=[graph_pb2.RelatedUser(user_id=u, since=_since(at)) for u, at in page], next_cursor=cursor
        )

    async def GetCounts(self, request, context):
        followers, following, friends = await self.h.counts(caller_id(context), request.user_id)
        return graph_pb2.GetCountsResponse(followers=followers, following=following, friends=friends)

    async def ListMutualFriends(self, request, context):
        ids, total = await self.h.mutual_friends(caller_id(context), request.user_id, request.page_size)
        return graph_pb2.ListMutualFriendsResponse(user_ids=ids, total=total)

    async def GetConnectionPath(self, request, context):
        return graph_pb2.GetConnectionPathResponse(
            user_ids=await self.h.connection_path(caller_id(context), request.user_id)
        )

    async def SuggestPeople(self, request, context):
        suggestions = await self.h.suggest_people(caller_id(context), request.limit)
        return graph_pb2.SuggestPeopleResponse(
            suggestions=[
                graph_pb2.PersonSuggestion(
                    user_id=s.user_id,
                    score=s.score,
                    mutual_connections=s.mutual_connections,
                    shared_interests=list(s.shared_interests),
                    reasons=s.reasons,
                    shared_communities=list(s.shared_communities),
                )
                for s in suggestions
            ]
        )

    async def SuggestCommunities(self, request, context):
        suggestions = await self.h.suggest_communities(caller_id(context), request.limit)
        return graph_pb2.SuggestCommunitiesResponse(
            suggestions=[
                graph_pb2.CommunitySuggestion(
                    community_id=s.community_id,
                    name=s.name,
                    score=s.score,
                    people_you_follow=s.people_you_follow,
                    matching_interests=list(s.matching_interests),
                    reasons=s.reasons,
                )
                for s in suggestions
            ]
        )

    async def DismissSuggestion(self, request, context):
        await self.h.dismiss(caller_id(context), request.user_id)
        return graph_pb2.DismissSuggestionResponse()

    async def UpdateConnectionCare(self, request, context):
        care = await self.h.update_care(
            caller_id(context),
            request.user_id,
            request.note if request.HasField("note") else None,
            request.reach_out_every_days if request.HasField("reach_out_every_days") else None,
        )
        return graph_pb2.UpdateConnectionCareResponse(care=_care_message(care))

    async def LogInteraction(self, request, context):
        care = await self.h.update_care(caller_id(context), request.user_id, None, None, interaction=True)
        return graph_pb2.LogInteractionResponse(care=_care_message(care))

    async def ListConnections(self, request, context):
        order = CONNECTION_ORDERS.get(request.order)
        if order is None:
            raise InvalidArgument("order", f"unsupported value {request.order}")
        cares, cursor = await self.h.list_connections(caller_id(context), order, request.page_size, request.cursor)
        return graph_pb2.ListConnectionsResponse(connections=[_care_message(c) for c in cares], next_cursor=cursor)

    async def GetTieStrength(self, request, context):
        tie = await self.h.tie(caller_id(context), request.user_id)
        return graph_pb2.GetTieStrengthResponse(tie=_tie_message(tie))

    async def ListKeepInTouch(self, request, context):
        found = await self.h.keep_in_touch(caller_id(context), request.limit)
        now = datetime.now(UTC)
        return graph_pb2.ListKeepInTouchResponse(
            suggestions=[
                graph_pb2.KeepInTouchSuggestion(
                    tie=_tie_message(t),
                    reason=f"{t.interactions} interaction{'s' if t.interactions != 1 else ''}; "
                    f"last one {(now - t.last_interaction_at).days} days ago",
                )
                for t in found
            ]
        )


def _tie_message(tie) -> graph_pb2.Tie:
    message = graph_pb2.Tie(
        user_id=tie.user_id,
        strength=tie.strength,
        strength_at_last_interaction=tie.strength_at_last,
        interactions=tie.interactions,
    )
    if tie.last_interaction_at is not None:
        message.last_interaction_at.CopyFrom(timestamp(tie.last_interaction_at))
    return message


class GraphInternalServicer(ExportRpc, graph_pb2_grpc.GraphInternalServiceServicer):
    def __init__(self, handlers: GraphHandlers, exports: GraphExports | None = None) -> None:
        self.h = handlers
        self.exports = exports  # ExportUserData (entrypoints/export_api.py)

    async def GetRelationship(self, request, context):
        follows, followed_by, friends = await self.h.relationship(request.user_id, request.other_user_id)
        return graph_pb2.GetRelationshipResponse(
            follows=follows, followed_by=followed_by, connected=follows and followed_by, friends=friends
        )

    async def ImportFollows(self, request, context):
        results = await self.h.import_follows([(p.follower_id, p.followee_id) for p in request.follows])
        return graph_pb2.ImportFollowsResponse(results=[_import_result(r) for r in results])
