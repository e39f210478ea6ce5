"""gRPC servicer of the messaging service: requests to calls, results to messages."""

from __future__ import annotations

from kith.messaging.v1 import messaging_pb2, messaging_pb2_grpc
from kith_messaging.adapters.postgres_rows import KIND_TO_PROTO
from kith_messaging.domain.conversations import Conversation, Message, Settings, State, WhoMayMessage
from kith_messaging.service_layer.exports import MessagingExports
from kith_messaging.service_layer.handlers import MessagingHandlers
from kith_messaging.service_layer.messages import MessageHandlers
from kith_messaging.service_layer.presence import PresenceHandlers, timestamp_ms
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp

WHO_TO_PROTO = {
    WhoMayMessage.EVERYONE: messaging_pb2.WHO_MAY_MESSAGE_EVERYONE,
    WhoMayMessage.FOLLOWING: messaging_pb2.WHO_MAY_MESSAGE_FOLLOWING,
    WhoMayMessage.FRIENDS: messaging_pb2.WHO_MAY_MESSAGE_FRIENDS,
    WhoMayMessage.NOBODY: messaging_pb2.WHO_MAY_MESSAGE_NOBODY,
}
WHO_FROM_PROTO = {v: k for k, v in WHO_TO_PROTO.items()}
DIRECTIONS = {
    messaging_pb2.DIRECTION_UNSPECIFIED: False,
    messaging_pb2.DIRECTION_BACKWARD: False,
    messaging_pb2.DIRECTION_FORWARD: True,
}


def conversation_message(c: Conversation) -> messaging_pb2.Conversation:
    return messaging_pb2.Conversation(
        conversation_id=c.conversation_id,
        kind=KIND_TO_PROTO[c.kind],
        name=c.name,
        members=[
            messaging_pb2.Member(user_id=m.user_id, admin=m.admin, joined_at=timestamp(m.joined_at)) for m in c.members
        ],
        created_at=timestamp(c.created_at),
        last_activity_at=timestamp(c.last_activity_at),
        last_seq=c.last_seq,
        last_read_seq=c.last_read_seq,
        unread_count=c.unread_count,
        request=c.state is State.REQUEST,
        community_id=c.community_id,
    )


def message_message(m: Message) -> messaging_pb2.Message:
    message = messaging_pb2.Message(
        message_id=m.message_id,
        conversation_id=m.conversation_id,
        seq=m.seq,
        sender_id=m.sender_id,
        text="" if m.deleted else m.text,
        sent_at=timestamp(m.sent_at),
        reply_to_message_id=m.reply_to,
        mention_ids=list(m.mention_ids),
        has_link=m.has_link,
        edited=m.edited_at is not None,
        deleted=m.deleted,
        reactions=_reactions(m.reactions),
        viewer_reaction=m.viewer_reaction,
        client_id=m.client_id,
    )
    if m.edited_at is not None:
        message.edited_at.CopyFrom(timestamp(m.edited_at))
    return message


def _reactions(counts: dict[str, int]) -> list[messaging_pb2.Reaction]:
    return [messaging_pb2.Reaction(emoji=e, count=n) for e, n in counts.items() if n]


def _settings(s: Settings) -> messaging_pb2.MessagingSettings:
    return messaging_pb2.MessagingSettings(
        who_may_message=WHO_TO_PROTO[s.who_may_message], read_receipts=s.read_receipts, hide_presence=s.hide_presence
    )


class MessagingServicer(messaging_pb2_grpc.MessagingServiceServicer):
    def __init__(
        self, handlers: MessagingHandlers, messages: MessageHandlers, presence: PresenceHandlers | None = None
    ) -> None:
        self.h = handlers
        self.m = messages
        self.presence = presence

    async def GetOrCreateDirectConversation(self, request, context):
        conversation, created = await self.h.direct(caller_id(context), request.user_id)
        return messaging_pb2.GetOrCreateDirectConversationResponse(
            conversation=conversation_message(conversation), created=created
        )

    async def CreateGroup(self, request, context):
        conversation = await self.h.create_group(caller_id(context), request.name, list(request.member_ids))
        return messaging_pb2.CreateGroupResponse(conversation=conversation_message(conversation))

    async def GetConversation(self, request, context):
        conversation = await self.h.get(caller_id(context), request.conversation_id)
        return messaging_pb2.GetConversationResponse(conversation=conversation_message(conversation))

    async def ListConversations(self, request, context):
        page, cursor = await self.h.conversations(caller_id(context), request.page_size, request.cursor)
        return messaging_pb2.ListConversationsResponse(
            conversations=[conversation_message(c) for c in page], next_cursor=cursor
        )

    async def AddMembers(self, request, context):
        conversation = await self.h.add_members(caller_id(context), request.conversation_id, list(request.user_ids))
        return messaging_pb2.AddMembersResponse(conversation=conversation_message(conversation))

    async def RemoveMember(self, request, context):
        await self.h.remove_member(caller_id(context), request.conversation_id, request.user_id)
        return messaging_pb2.RemoveMemberResponse()

    async def SetAdmin(self, request, context):
        await self.h.set_admin(caller_id(context), request.conversation_id, request.user_id, request.admin)
        return messaging_pb2.SetAdminResponse()

    async def LeaveConversation(self, request, context):
        await self.h.leave(caller_id(context), request.conversation_id)
        return messaging_pb2.LeaveConversationResponse()

    async def RenameGroup(self, request, context):
        conversation = await self.h.rename_group(caller_id(context), request.conversation_id, request.name)
        return messaging_pb2.RenameGroupResponse(conversation=conversation_message(conversation))

    async def SendMessage(self, request, context):
        message, created = await self.m.send(
            caller_id(context), request.conversation_id, request.text, request.reply_to_message_id, request.client_id
        )
        return messaging_pb2.SendMessageResponse(message=message_message(message), created=created)

    async def ListMessages(self, request, context):
        if request.direction not in DIRECTIONS:
            raise InvalidArgument("direction", f"unsupported value {request.direction}")
        page, cursor = await self.m.messages(
            caller_id(context),
            request.conversation_id,
            request.anchor_seq,
            DIRECTIONS[request.direction],
            request.page_size,
            request.cursor,
        )
        return messaging_pb2.ListMessagesResponse(messages=[message_message(m) for m in page], next_cursor=cursor)

    async def EditMessage(self, request, context):
        message = await self.m.edit(caller_id(context), request.message_id, request.text)
        return messaging_pb2.EditMessageResponse(message=message_message(message))

    async def ListMessageEdits(self, request, context):
        page, cursor = await self.m.edits(caller_id(context), request.message_id, request.page_size, request.cursor)
        return messaging_pb2.ListMessageEditsResponse(
            edits=[messaging_pb2.MessageEdit(text=t, replaced_at=timestamp(at)) for t, at in page], next_cursor=cursor
        )

    async def DeleteMessage(self, request, context):
        await self.m.delete(caller_id(context), request.message_id)
        return messaging_pb2.DeleteMessageResponse()

    async def React(self, request, context):
        changed, counts = await self.m.react(caller_id(context), request.message_id, request.emoji)
        return messaging_pb2.ReactResponse(changed=changed, reactions=_reactions(counts))

    async def Unreact(self, request, context):
        removed, counts = await self.m.react(caller_id(context), request.message_id, None)
        return messaging_pb2.UnreactResponse(removed=removed, reactions=_reactions(counts))

    async def MarkRead(self, request, context):
        seq, unread = await self.h.mark_read(caller_id(context), request.conversation_id, request.seq)
        return messaging_pb2.MarkReadResponse(last_read_seq=seq, unread_count=unread)

    async def SetTyping(self, request, context):
        await self.h.set_typing(caller_id(context), request.conversation_id, request.typing)
        return messaging_pb2.SetTypingResponse()

    async def GetUnreadCounts(self, request, context):
        counts, total, requests = await self.h.unread_counts(caller_id(context))
        return messaging_pb2.GetUnreadCountsResponse(
            conversations=[messaging_pb2.UnreadCount(conversation_id=c, unread_count=n) for c, n in counts],
            total=total,
            request_count=requests,
        )

    async def ListReadReceipts(self, request, context):
        receipts = await self.h.receipts(caller_id(context), request.conversation_id)
        return messaging_pb2.ListReadReceiptsResponse(
            receipts=[
                messaging_pb2.ReadReceipt(user_id=u, last_read_seq=seq, **({"read_at": timestamp(at)} if at else {}))
                for u, seq, at in receipts
            ]
        )

    async def GetMessagingSettings(self, request, context):
        return messaging_pb2.GetMessagingSettingsResponse(settings=_settings(await self.h.settings(caller_id(context))))

    async def UpdateMessagingSettings(self, request, context):
        who = None
        if request.who_may_message != messaging_pb2.WHO_MAY_MESSAGE_UNSPECIFIED:
            if request.who_may_message not in WHO_FROM_PROTO:
                raise InvalidArgument("who_may_message", f"unsupported value {request.who_may_message}")
            who = WHO_FROM_PROTO[request.who_may_message]
        receipts = request.read_receipts if request.HasField("read_receipts") else None
        hide = request.hide_presence if request.HasField("hide_presence") else None
        settings = await self.h.update_settings(caller_id(context), who, receipts, hide)
        return messaging_pb2.UpdateMessagingSettingsResponse(settings=_settings(settings))

    async def GetPresence(self, request, context):
        seen = await self.presence.get(caller_id(context), list(request.user_ids))
        return messaging_pb2.GetPresenceResponse(
            presences=[
                messaging_pb2.PersonPresence(
                    user_id=s.user_id,
                    online=s.online,
                    **({"last_seen": timestamp_ms(s.last_seen_ms)} if s.last_seen_ms else {}),
                )
                for s in seen
            ]
        )

    async def ListMessageRequests(self, request, context):
        page, cursor = await self.h.conversations(caller_id(context), request.page_size, request.cursor, requests=True)
        return messaging_pb2.ListMessageRequestsResponse(
            conversations=[conversation_message(c) for c in page], next_cursor=cursor
        )

    async def AcceptMessageRequest(self, request, context):
        conversation = await self.h.answer_request(caller_id(context), request.conversation_id, True)
        return messaging_pb2.AcceptMessageRequestResponse(conversation=conversation_message(conversation))

    async def DeclineMessageRequest(self, request, context):
        await self.h.answer_request(caller_id(context), request.conversation_id, False)
        return messaging_pb2.DeclineMessageRequestResponse()

    async def CreateRoom(self, request, context):
        room = await self.h.create_room(caller_id(context), request.community_id, request.name)
        return messaging_pb2.CreateRoomResponse(conversation=conversation_message(room))

    async def ListRooms(self, request, context):
        rooms = await self.h.rooms(caller_id(context), request.community_id)
        return messaging_pb2.ListRoomsResponse(rooms=[conversation_message(r) for r in rooms])

    async def JoinRoom(self, request, context):
        room = await self.h.join_room(caller_id(context), request.conversation_id)
        return messaging_pb2.JoinRoomResponse(conversation=conversation_message(room))

    async def SearchMessages(self, request, context):
        page, cursor = await self.m.search(
            caller_id(context), request.query, request.conversation_id, request.page_size, request.cursor
        )
        return messaging_pb2.SearchMessagesResponse(messages=[message_message(m) for m in page], next_cursor=cursor)


class MessagingInternalServicer(messaging_pb2_grpc.MessagingInternalServiceServicer):
    """For other Kith services only (the gateway does not route it)."""

    def __init__(self, presence: PresenceHandlers, exports: MessagingExports) -> None:
        self.presence = presence
        self.exports = exports

    async def PresenceChanged(self, request, context):
        await self.presence.changed(list(request.user_ids))
        return messaging_pb2.PresenceChangedResponse()

    async def ExportUserData(self, request, context):
        files = await self.exports.export(request.user_id)
        return messaging_pb2.ExportUserDataResponse(
            conversations_json=files["conversations.json"],
            messages_json=files["messages.json"],
            message_reactions_json=files["message_reactions.json"],
        )
