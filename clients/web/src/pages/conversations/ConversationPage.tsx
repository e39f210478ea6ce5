import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Anchor, Badge, Button, Card, Center, Group, Paper, Stack, Text, TextInput, Textarea, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { create } from '@bufbuild/protobuf';
import { messaging } from '../../api/clients';
import { errorField } from '../../api/errors';
import { useLiveItems, useLiveStatus } from '../../api/live';
import { useMe } from '../../api/session';
import { useCommunity } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { timeAgo } from '../../lib/format';
import { ConversationItemKind } from '../../gen/kith/live/v1/live_pb';
import type { Profile } from '../../gen/kith/identity/v1/identity_pb';
import {
  ConversationKind,
  Direction,
  GetConversationResponseSchema,
  ListReadReceiptsResponseSchema,
  type Conversation,
  type ListReadReceiptsResponse,
  type Message,
} from '../../gen/kith/messaging/v1/messaging_pb';
import { decodeLiveMessage, keys, kindLabel, newClientId, others, patchMessage, snippet, threadMessages, upsertMessage, type Thread } from './model';
import { Names, usePersonName, useConversationTitle } from './names';
import { MessageItem } from './MessageItem';
import { PeoplePicker } from './PeoplePicker';

const PAGE_SIZE = 30;
// Tell the others again while typing goes on (the server passes at most one a second); they
// forget a typist they have not heard from for TYPING_SHOWN_MS.
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 5_000;
const TYPING_SHOWN_MS = 7_000;
// Within this many pixels of the bottom, new messages scroll into view.
const NEAR_BOTTOM_PX = 80;

interface Pending {
  clientId: string;
  text: string;
  replyTo: string;
  failed?: unknown;
}

/** Others typing now (live `typing` items), forgotten after a while without news. */
function useTyping(conversationId: string, meId: string) {
  const [typists, setTypists] = useState<Map<string, number>>(new Map());
  useLiveItems('typing', (t) => {
    if (t.conversationId !== conversationId || t.userId === meId) return;
    setTypists((prev) => {
      const next = new Map(prev);
      if (t.typing) next.set(t.userId, Date.now() + TYPING_SHOWN_MS);
      else next.delete(t.userId);
      return next;
    });
  });
  useEffect(() => {
    if (!typists.size) return;
    const timer = setInterval(() => {
      setTypists((prev) => {
        const now = Date.now();
        const next = new Map([...prev].filter(([, until]) => until > now));
        return next.size === prev.size ? prev : next;
      });
    }, 1_000);
    return () => clearInterval(timer);
  }, [typists.size]);
  const stopped = useCallback((userId: string) => {
    setTypists((prev) => {
      if (!prev.has(userId)) return prev;
      const next = new Map(prev);
      next.delete(userId);
      return next;
    });
  }, []);
  return { typing: [...typists.keys()], stopped };
}

/** A friend's presence in a direct conversation: online, or last seen (GetPresence, live
 * `presence` items). Nothing when they do not show it. */
function PresenceLine({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const presence = useQuery({
    queryKey: keys.presence(userId),
    queryFn: () => messaging.getPresence({ userIds: [userId] }),
    select: (res) => res.presences.find((p) => p.userId === userId),
    staleTime: 60_000,
  });
  useLiveItems('presence', (p) => {
    if (p.userId !== userId) return;
    void queryClient.invalidateQueries({ queryKey: keys.presence(userId) });
  });
  const p = presence.data;
  if (!p) return null;
  return (
    <Text size="sm" c="dimmed">
      {p.online ? (
        <Badge color="green" c="dark.7" variant="light" size="sm">
          Online
        </Badge>
      ) : p.lastSeen ? (
        `Last seen ${timeAgo(p.lastSeen)}`
      ) : null}
    </Text>
  );
}

/** Group settings: rename and add people (admins), leave. */
function GroupSettings({ conversation, meId }: { conversation: Conversation; meId: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = conversation.conversationId;
  const admin = conversation.members.some((m) => m.userId === meId && m.admin);
  const [name, setName] = useState(conversation.name);
  const [adding, setAdding] = useState<Profile[]>([]);
  const [leaving, setLeaving] = useState(false);
  const setConversation = (c: Conversation | undefined) => {
    if (c) queryClient.setQueryData(keys.conversation(id), create(GetConversationResponseSchema, { conversation: c }));
    void queryClient.invalidateQueries({ queryKey: keys.conversations });
  };
  const rename = useMutation({
    mutationFn: () => messaging.renameGroup({ conversationId: id, name }),
    onSuccess: (res) => setConversation(res.conversation),
  });
  const add = useMutation({
    mutationFn: () => messaging.addMembers({ conversationId: id, userIds: adding.map((p) => p.userId) }),
    onSuccess: (res) => {
      setAdding([]);
      setConversation(res.conversation);
    },
  });
  const leave = useMutation({
    mutationFn: () => messaging.leaveConversation({ conversationId: id }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.conversations });
      navigate('/conversations');
    },
  });
  const isGroup = conversation.kind === ConversationKind.GROUP;
  return (
    <Stack gap="md">
      {isGroup && admin ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate();
          }}
        >
          <Stack gap="xs">
            <TextInput
              label="Group name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              error={errorField(rename.error) === 'name' ? 'Please give 1 to 100 characters.' : undefined}
            />
            <ErrorAlert error={rename.error} />
            <Group>
              <Button type="submit" size="xs" variant="default" loading={rename.isPending} disabled={!name.trim() || name.trim() === conversation.name}>
                Rename
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {isGroup && admin ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (adding.length) add.mutate();
          }}
        >
          <Stack gap="xs">
            <PeoplePicker label="Add people" value={adding} onChange={setAdding} exclude={conversation.members.map((m) => m.userId)} />
            <ErrorAlert error={add.error} />
            <Group>
              <Button type="submit" size="xs" variant="default" loading={add.isPending} disabled={!adding.length}>
                Add to the group
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      <div>
        <ErrorAlert error={leave.error} />
        {leaving ? (
          <Group gap="xs">
            <Text size="sm">Leave this {isGroup ? 'group' : 'room'}? You will not read what is said after.</Text>
            <Button size="xs" color="red" loading={leave.isPending} onClick={() => leave.mutate()}>
              Leave
            </Button>
            <Button size="xs" variant="default" onClick={() => setLeaving(false)}>
              Cancel
            </Button>
          </Group>
        ) : (
          <Button size="xs" variant="default" color="red" onClick={() => setLeaving(true)}>
            Leave {isGroup ? 'group' : 'room'}
          </Button>
        )}
      </div>
    </Stack>
  );
}

// RPCs: MessagingService.GetConversation, ListMessages (backward from the newest, "Load older"),
// SendMessage (client_id for safe retries), EditMessage, DeleteMessage, React, Unreact, MarkRead,
// SetTyping, ListReadReceipts, GetPresence (direct), AcceptMessageRequest, DeclineMessageRequest,
// RenameGroup, AddMembers, LeaveConversation. Live items (api/live.tsx): `conversation` (new,
// edited, deleted messages), `typing`, `read_receipt`, `presence`.
export default function ConversationPage() {
  const { id = '' } = useParams();
  // A fresh page per conversation: nothing typed or pending carries over to another one.
  return <ConversationView key={id} id={id} />;
}

function ConversationView({ id }: { id: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const liveStatus = useLiveStatus();

  const conversationQuery = useQuery({
    queryKey: keys.conversation(id),
    queryFn: () => messaging.getConversation({ conversationId: id }),
    select: (res) => res.conversation,
  });
  const conversation = conversationQuery.data;
  const title = useConversationTitle(conversation, me.userId);
  const thread = useInfiniteQuery({
    queryKey: keys.thread(id),
    queryFn: ({ pageParam }) =>
      messaging.listMessages({ conversationId: id, direction: Direction.BACKWARD, pageSize: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
    staleTime: Infinity, // kept current by the live channel; refetched on resync
  });
  const receipts = useQuery({
    queryKey: keys.receipts(id),
    queryFn: () => messaging.listReadReceipts({ conversationId: id }),
    select: (res) => res.receipts,
    enabled: !!conversation,
  });
  const messages = useMemo(() => threadMessages(thread.data as Thread | undefined), [thread.data]);
  const newest = messages[messages.length - 1];
  const newestSeq = newest?.seq ?? 0n;
  const { typing, stopped } = useTyping(id, me.userId);
  const [announcement, setAnnouncement] = useState('');

  // Live: messages sent, edited and deleted; read receipts.
  useLiveItems('conversation', (item) => {
    if (item.conversationId !== id) return;
    const message = decodeLiveMessage(item);
    if (item.kind === ConversationItemKind.DELETED) {
      queryClient.setQueryData<Thread>(keys.thread(id), (old) => patchMessage(old, item.messageId, { deleted: true, text: '' }));
      return;
    }
    if (!message) return;
    const data = queryClient.getQueryData<Thread>(keys.thread(id));
    const known = threadMessages(data);
    const last = known[known.length - 1]?.seq ?? 0n;
    if (item.kind === ConversationItemKind.NEW && data && message.seq > last + 1n) {
      // Something was missed between what is loaded and this one: read the newest page again.
      void queryClient.invalidateQueries({ queryKey: keys.thread(id) });
      return;
    }
    queryClient.setQueryData<Thread>(keys.thread(id), (old) => upsertMessage(old, message));
    if (item.kind === ConversationItemKind.NEW && message.senderId !== me.userId) {
      stopped(message.senderId);
      const profile = queryClient.getQueryData<Profile | null>(['identity', 'GetProfile', message.senderId]);
      const who = profile?.displayName || profile?.handle || 'someone';
      setAnnouncement(`New message from ${who}: ${snippet(message.text, 200)}`);
    }
  });
  useLiveItems('readReceipt', (r) => {
    if (r.conversationId !== id) return;
    queryClient.setQueryData<ListReadReceiptsResponse>(keys.receipts(id), (old) => {
      const list = old?.receipts ?? [];
      const rest = list.filter((x) => x.userId !== r.userId);
      const before = list.find((x) => x.userId === r.userId);
      const seq = before && before.lastReadSeq > r.seq ? before.lastReadSeq : r.seq;
      return create(ListReadReceiptsResponseSchema, { receipts: [...rest, { userId: r.userId, lastReadSeq: seq }] });
    });
  });

  // Mark read what is on screen while the tab is visible.
  const markedUpTo = useRef(0n);
  const markRead = useCallback(() => {
    if (!conversation || conversation.request || !newestSeq) return;
    if (document.visibilityState !== 'visible') return;
    if (newestSeq <= markedUpTo.current || newestSeq <= conversation.lastReadSeq) return;
    markedUpTo.current = newestSeq;
    messaging
      .markRead({ conversationId: id, seq: newestSeq })
      .then(() => {
        void queryClient.invalidateQueries({ queryKey: keys.conversations });
        void queryClient.invalidateQueries({ queryKey: keys.unreadCounts });
      })
      .catch(() => {
        markedUpTo.current = 0n; // try again with the next message
      });
  }, [conversation, newestSeq, id, queryClient]);
  useEffect(() => {
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [markRead]);

  // Sending: shown at once as "Sending…", replaced by the message the server returns.
  const [pending, setPending] = useState<Pending[]>([]);
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const send = useMutation({
    mutationFn: (p: Pending) => messaging.sendMessage({ conversationId: id, text: p.text, clientId: p.clientId, replyToMessageId: p.replyTo }),
    onSuccess: (res, p) => {
      setPending((list) => list.filter((x) => x.clientId !== p.clientId));
      if (res.message) {
        const message = res.message;
        queryClient.setQueryData<Thread>(keys.thread(id), (old) => upsertMessage(old, message));
      }
      void queryClient.invalidateQueries({ queryKey: keys.conversations });
    },
    onError: (err, p) => setPending((list) => list.map((x) => (x.clientId === p.clientId ? { ...x, failed: err } : x))),
  });

  // Typing: SetTyping(true) now and again while typing, false after a pause or when cleared.
  const typingSentAt = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopTyping = useCallback(
    (tell: boolean) => {
      clearTimeout(idleTimer.current);
      if (typingSentAt.current && tell) void messaging.setTyping({ conversationId: id, typing: false }).catch(() => undefined);
      typingSentAt.current = 0;
    },
    [id],
  );
  useEffect(() => () => stopTyping(true), [stopTyping]);
  const onType = (value: string) => {
    setText(value);
    if (!value.trim()) {
      stopTyping(true);
      return;
    }
    const now = Date.now();
    if (now - typingSentAt.current > TYPING_EVERY_MS) {
      typingSentAt.current = now;
      void messaging.setTyping({ conversationId: id, typing: true }).catch(() => undefined);
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => stopTyping(true), TYPING_IDLE_MS);
  };
  const submit = () => {
    const body = text.trim();
    if (!body) return;
    const p: Pending = { clientId: newClientId(), text: body, replyTo: replyTo?.messageId ?? '' };
    setPending((list) => [...list, p]);
    setText('');
    setReplyTo(null);
    stopTyping(false); // the message itself ends the others' "typing…"
    stickToBottom.current = true;
    send.mutate(p);
  };

  // Scrolling: start at the newest; keep the view when older messages load above; follow new
  // messages while the reader is at the bottom, else offer to jump there.
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const [below, setBelow] = useState(false);
  const heightBefore = useRef<number | null>(null);
  const oldestSeq = messages[0]?.seq ?? 0n;
  const hasConversation = !!conversation; // the history is only rendered once it is known
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (stickToBottom.current) setBelow(false);
  };
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBefore.current !== null) {
      el.scrollTop += el.scrollHeight - heightBefore.current;
      heightBefore.current = null;
    }
  }, [oldestSeq]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (stickToBottom.current) el.scrollTop = el.scrollHeight;
    else setBelow(true);
  }, [newestSeq, pending.length, typing.length, hasConversation]);
  const loadOlder = () => {
    heightBefore.current = scroller.current?.scrollHeight ?? null;
    void thread.fetchNextPage();
  };
  const jumpToNewest = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    stickToBottom.current = true;
    setBelow(false);
  };

  const refreshLists = () => {
    void queryClient.invalidateQueries({ queryKey: keys.requests });
    void queryClient.invalidateQueries({ queryKey: keys.conversations });
    void queryClient.invalidateQueries({ queryKey: keys.conversation(id) });
  };
  const accept = useMutation({
    mutationFn: () => messaging.acceptMessageRequest({ conversationId: id }),
    onSuccess: refreshLists,
  });
  const decline = useMutation({
    mutationFn: () => messaging.declineMessageRequest({ conversationId: id }),
    onSuccess: () => {
      refreshLists();
      navigate('/conversations');
    },
  });
  const [settingsOpen, setSettingsOpen] = useState(false);

  if (conversationQuery.isLoading) {
    return (
      <>
        <PageTitle>Conversation</PageTitle>
        <Loading label="Loading the conversation" />
      </>
    );
  }
  if (!conversation) {
    return (
      <Stack>
        <PageTitle>Conversation</PageTitle>
        <ErrorAlert error={conversationQuery.error} title="Could not load the conversation" />
        <Anchor component={Link} to="/conversations">
          All conversations
        </Anchor>
      </Stack>
    );
  }

  const direct = conversation.kind === ConversationKind.DIRECT;
  const otherIds = others(conversation, me.userId);
  const admin = conversation.members.some((m) => m.userId === me.userId && m.admin);
  // "Seen": under the caller's newest message, who has read up to it.
  const myLast = [...messages].reverse().find((m) => m.senderId === me.userId && !m.deleted);
  const seenBy = myLast ? (receipts.data ?? []).filter((r) => r.userId !== me.userId && r.lastReadSeq >= myLast.seq).map((r) => r.userId) : [];
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  // A sent message may arrive on the live channel before SendMessage answers: show it once.
  const sentClientIds = new Set(messages.filter((m) => m.senderId === me.userId).map((m) => m.clientId));

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to="/conversations" size="sm">
            ← All conversations
          </Anchor>
          <PageTitle title={title}>
            {title}{' '}
            {!direct ? (
              <Badge variant="outline" color="gray" c="gray.8" size="sm" style={{ verticalAlign: 'middle' }}>
                {kindLabel(conversation.kind)}
              </Badge>
            ) : null}
          </PageTitle>
          {direct && otherIds[0] ? <PresenceLine userId={otherIds[0]} /> : null}
          {!direct && conversation.kind === ConversationKind.GROUP ? (
            <Text size="sm" c="dimmed">
              {conversation.members.length} members: <Names userIds={[me.userId, ...otherIds]} meId={me.userId} />
            </Text>
          ) : null}
          {conversation.kind === ConversationKind.ROOM && conversation.communityId ? (
            <RoomCommunity communityId={conversation.communityId} />
          ) : null}
        </Stack>
        {!direct ? (
          <Button size="xs" variant="default" aria-expanded={settingsOpen} aria-controls="conversation-settings" onClick={() => setSettingsOpen((o) => !o)}>
            {conversation.kind === ConversationKind.GROUP ? 'Group settings' : 'Room settings'}
          </Button>
        ) : null}
      </Group>

      {!direct ? (
        <div id="conversation-settings">
          {settingsOpen ? (
            <Card withBorder>
              <GroupSettings conversation={conversation} meId={me.userId} />
            </Card>
          ) : null}
        </div>
      ) : null}

      {conversation.request ? (
        <Paper withBorder p="sm" bg="var(--mantine-color-yellow-0)">
          <Stack gap="xs">
            <Text>
              <strong>{title}</strong> wants to send you messages. They will not know you read this until you accept.
            </Text>
            <ErrorAlert error={accept.error ?? decline.error} />
            <Group gap="xs">
              <Button size="xs" loading={accept.isPending} onClick={() => accept.mutate()}>
                Accept
              </Button>
              <Button size="xs" variant="default" loading={decline.isPending} onClick={() => decline.mutate()}>
                Decline
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : null}

      <div role="status">
        {liveStatus === 'reconnecting' ? (
          <Text size="sm" c="orange.9">
            Reconnecting… new messages will show when the connection is back.
          </Text>
        ) : liveStatus === 'limited' ? (
          <Text size="sm" c="orange.9">
            Live updates are paused: Kith is open in too many tabs. Close one and they resume within a minute.
          </Text>
        ) : null}
      </div>

      <ErrorAlert error={thread.error} title="Could not load the messages" />
      <Paper
        withBorder
        radius="md"
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Message history"
        style={{ height: 'max(240px, min(640px, calc(100dvh - 400px)))', overflowY: 'auto', position: 'relative' }}
        p="sm"
      >
        {thread.hasNextPage ? (
          <Center mb="sm">
            <Button size="xs" variant="default" loading={thread.isFetchingNextPage} onClick={loadOlder}>
              Load older messages
            </Button>
          </Center>
        ) : thread.isSuccess && messages.length ? (
          <Text size="xs" c="dimmed" ta="center" mb="sm">
            The beginning of the conversation
          </Text>
        ) : null}
        {thread.isLoading ? <Loading label="Loading messages" /> : null}
        {thread.isSuccess && !messages.length && !pending.length ? (
          <Text c="dimmed" ta="center" py="lg">
            No messages yet. Say hello!
          </Text>
        ) : null}
        <Stack component="ol" gap={6} style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={`Messages with ${title}`}>
          {messages.map((m, i) => (
            <MessageItem
              key={m.messageId}
              message={m}
              meId={me.userId}
              conversationId={id}
              showSender={i === 0 || messages[i - 1].senderId !== m.senderId || m.seq - messages[i - 1].seq > 1n}
              canDelete={m.senderId === me.userId || (admin && !direct)}
              replyTo={m.replyToMessageId ? byId.get(m.replyToMessageId) : undefined}
              onReply={() => setReplyTo(m)}
              seen={m === myLast && seenBy.length ? (direct ? [] : seenBy) : undefined}
            />
          ))}
          {pending.filter((p) => !sentClientIds.has(p.clientId)).map((p) => (
            <li key={p.clientId}>
              <Stack gap={2} align="flex-end">
                <Paper p="xs" radius="md" bg="var(--mantine-color-blue-0)" maw="80%">
                  <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{p.text}</Text>
                </Paper>
                {p.failed ? (
                  <Group gap="xs">
                    <Text size="xs" c="red.9">
                      Not sent.
                    </Text>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => {
                        setPending((list) => list.map((x) => (x.clientId === p.clientId ? { ...x, failed: undefined } : x)));
                        send.mutate({ ...p, failed: undefined });
                      }}
                    >
                      Retry
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setPending((list) => list.filter((x) => x.clientId !== p.clientId))}>
                      Discard
                    </Button>
                  </Group>
                ) : (
                  <Text size="xs" c="dimmed">
                    Sending…
                  </Text>
                )}
              </Stack>
            </li>
          ))}
        </Stack>
      </Paper>
      {below ? (
        <Center>
          <Button size="xs" radius="xl" onClick={jumpToNewest}>
            New messages — jump to the newest
          </Button>
        </Center>
      ) : null}
      <Text size="sm" c="dimmed" aria-live="polite" mih={20}>
        {typing.length ? (
          <>
            <Names userIds={typing} meId={me.userId} /> {typing.length === 1 ? 'is' : 'are'} typing…
          </>
        ) : null}
      </Text>
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="xs">
          {replyTo ? (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" c="dimmed" lineClamp={1}>
                Replying to <ReplyName userId={replyTo.senderId} meId={me.userId} />: {snippet(replyTo.text, 80)}
              </Text>
              <Button size="compact-xs" variant="subtle" onClick={() => setReplyTo(null)}>
                Cancel reply
              </Button>
            </Group>
          ) : null}
          <Textarea
            label="Message"
            placeholder={conversation.request ? 'Accept the request to reply' : `Message ${title}`}
            autosize
            minRows={1}
            maxRows={6}
            maxLength={4000}
            value={text}
            disabled={conversation.request}
            onChange={(e) => onType(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submit();
              }
            }}
            onBlur={() => {
              if (!text.trim()) stopTyping(true);
            }}
            description="Enter sends; Shift+Enter starts a new line."
          />
          <ErrorAlert error={pending.find((p) => p.failed)?.failed} title="Your message was not sent" />
          <Group justify="flex-end">
            <Button type="submit" disabled={!text.trim() || conversation.request}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function RoomCommunity({ communityId }: { communityId: string }) {
  const community = useCommunity(communityId);
  return (
    <Text size="sm">
      A room of{' '}
      <Anchor component={Link} to={`/communities/${communityId}`}>
        {community.data?.name ?? 'its community'}
      </Anchor>
    </Text>
  );
}

function ReplyName({ userId, meId }: { userId: string; meId: string }) {
  return <>{usePersonName(userId, meId)}</>;
}
