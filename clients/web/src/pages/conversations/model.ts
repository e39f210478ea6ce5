// Shared pieces of the conversation pages: query keys, decoding live messages, merging messages
// into the cached pages, and how a conversation is named.
import { fromBinary } from '@bufbuild/protobuf';
import type { InfiniteData } from '@tanstack/react-query';
import {
  ConversationKind,
  MessageSchema,
  type Conversation,
  type ListMessagesResponse,
  type Message,
} from '../../gen/kith/messaging/v1/messaging_pb';
import type { ConversationItem } from '../../gen/kith/live/v1/live_pb';
import { newIdempotencyKey } from '../../lib/idempotency';

export const keys = {
  conversation: (id: string) => ['messaging', 'GetConversation', id] as const,
  conversations: ['messaging', 'ListConversations'] as const,
  requests: ['messaging', 'ListMessageRequests'] as const,
  unreadCounts: ['messaging', 'GetUnreadCounts'] as const,
  /** The thread's pages, newest page first (ListMessages backward). */
  thread: (id: string) => ['messaging', 'ListMessages', id, 'thread'] as const,
  /** The newest message, for the list's preview; keyed by last_seq so it refetches only when a
   * conversation has something new. */
  preview: (id: string, lastSeq: bigint) => ['messaging', 'ListMessages', id, 'preview', String(lastSeq)] as const,
  receipts: (id: string) => ['messaging', 'ListReadReceipts', id] as const,
  presence: (userId: string) => ['messaging', 'GetPresence', userId] as const,
};

/** The message a live ConversationItem carries (empty for a delete). */
export function decodeLiveMessage(item: ConversationItem): Message | undefined {
  if (!item.message.length) return undefined;
  try {
    return fromBinary(MessageSchema, item.message);
  } catch {
    return undefined;
  }
}

export type Thread = InfiniteData<ListMessagesResponse, string>;

/** Every loaded message once, ascending by seq. */
export function threadMessages(data: Thread | undefined): Message[] {
  if (!data) return [];
  const byId = new Map<string, Message>();
  for (const page of data.pages) for (const m of page.messages) byId.set(m.messageId, m);
  return [...byId.values()].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

/** The thread with `message` put in (new: into the newest page; known: replaced in place). */
export function upsertMessage(data: Thread | undefined, message: Message): Thread | undefined {
  if (!data || !data.pages.length) return data;
  let found = false;
  const pages = data.pages.map((page) => {
    if (!page.messages.some((m) => m.messageId === message.messageId)) return page;
    found = true;
    return { ...page, messages: page.messages.map((m) => (m.messageId === message.messageId ? message : m)) };
  });
  if (!found) {
    const [newest, ...older] = pages;
    pages.splice(0, pages.length, { ...newest, messages: [...newest.messages, message] }, ...older);
  }
  return { ...data, pages };
}

/** The thread with one message changed in place (when it is loaded). */
export function patchMessage(data: Thread | undefined, messageId: string, patch: Partial<Message>): Thread | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.messages.some((m) => m.messageId === messageId)
        ? { ...page, messages: page.messages.map((m) => (m.messageId === messageId ? { ...m, ...patch } : m)) }
        : page,
    ),
  };
}

/** The other people of a conversation (its members but the caller). */
export function others(conversation: Conversation, meId: string): string[] {
  return conversation.members.map((m) => m.userId).filter((id) => id !== meId);
}

export function kindLabel(kind: ConversationKind): string {
  switch (kind) {
    case ConversationKind.GROUP:
      return 'Group';
    case ConversationKind.ROOM:
      return 'Room';
    default:
      return 'Direct';
  }
}

/** A short one-line form of a message's text for previews and accessible names. */
export function snippet(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A client id for SendMessage, made once per message and sent again with each retry of it
 * (retries with the same one never send twice). */
export function newClientId(): string {
  return newIdempotencyKey();
}

/** The emoji offered for reactions (React takes any one emoji). */
export const MESSAGE_REACTIONS: { emoji: string; name: string }[] = [
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '❤️', name: 'heart' },
  { emoji: '😂', name: 'laughing' },
  { emoji: '😮', name: 'surprised' },
  { emoji: '😢', name: 'sad' },
  { emoji: '🎉', name: 'party' },
];

export function reactionName(emoji: string): string {
  return MESSAGE_REACTIONS.find((r) => r.emoji === emoji)?.name ?? emoji;
}
