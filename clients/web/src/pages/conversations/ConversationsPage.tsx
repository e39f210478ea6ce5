import { useId, useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { messaging } from '../../api/clients';
import { errorField } from '../../api/errors';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { fullTime, plural, timeAgo } from '../../lib/format';
import { ConversationKind, Direction, type Conversation } from '../../gen/kith/messaging/v1/messaging_pb';
import type { Profile } from '../../gen/kith/identity/v1/identity_pb';
import { keys, kindLabel, snippet } from './model';
import { usePersonName, useConversationTitle } from './names';
import { PeoplePicker } from './PeoplePicker';

/** The newest message of a conversation, as one line ("You: see you at 8"). */
function Preview({ conversation, meId }: { conversation: Conversation; meId: string }) {
  const last = useQuery({
    queryKey: keys.preview(conversation.conversationId, conversation.lastSeq),
    enabled: conversation.lastSeq > 0n,
    staleTime: Infinity,
    queryFn: () =>
      messaging.listMessages({ conversationId: conversation.conversationId, direction: Direction.BACKWARD, pageSize: 1 }),
    select: (res) => res.messages[res.messages.length - 1],
  });
  const sender = usePersonName(last.data?.senderId, meId);
  if (conversation.lastSeq === 0n) return <Text size="sm" c="dimmed">No messages yet</Text>;
  const m = last.data;
  if (!m) return <Text size="sm" c="dimmed">{last.isLoading ? '…' : ' '}</Text>;
  return (
    <Text size="sm" c="dimmed" lineClamp={1}>
      {sender}: {m.deleted ? <em>message deleted</em> : snippet(m.text, 120)}
    </Text>
  );
}

function ConversationRow({ conversation, meId }: { conversation: Conversation; meId: string }) {
  const title = useConversationTitle(conversation, meId);
  const unread = Number(conversation.unreadCount);
  return (
    <li>
      <Card
        component={Link}
        to={`/conversations/${conversation.conversationId}`}
        withBorder
        padding="sm"
        bg={unread ? 'var(--mantine-color-blue-0)' : undefined}
      >
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={unread ? 700 : 600}>{title}</Text>
              {conversation.kind !== ConversationKind.DIRECT ? (
                <Badge size="xs" variant="outline" color="gray" c="gray.8">
                  {kindLabel(conversation.kind)}
                </Badge>
              ) : null}
            </Group>
            <Preview conversation={conversation} meId={meId} />
          </Stack>
          <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
            <Text size="xs" c="dimmed" title={fullTime(conversation.lastActivityAt)}>
              {timeAgo(conversation.lastActivityAt)}
            </Text>
            {unread ? (
              <Badge color="red" size="sm">
                {unread > 99 ? '99+' : unread}
                <VisuallyHidden> unread</VisuallyHidden>
              </Badge>
            ) : null}
          </Stack>
        </Group>
      </Card>
    </li>
  );
}

function RequestRow({ conversation, meId }: { conversation: Conversation; meId: string }) {
  const queryClient = useQueryClient();
  const title = useConversationTitle(conversation, meId);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.requests });
    void queryClient.invalidateQueries({ queryKey: keys.conversations });
    void queryClient.invalidateQueries({ queryKey: keys.unreadCounts });
  };
  const accept = useMutation({
    mutationFn: () => messaging.acceptMessageRequest({ conversationId: conversation.conversationId }),
    onSuccess: refresh,
  });
  const decline = useMutation({
    mutationFn: () => messaging.declineMessageRequest({ conversationId: conversation.conversationId }),
    onSuccess: refresh,
  });
  return (
    <li>
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/conversations/${conversation.conversationId}`} fw={600}>
                {title}
              </Anchor>
              <Preview conversation={conversation} meId={meId} />
            </Stack>
            <Text size="xs" c="dimmed" title={fullTime(conversation.lastActivityAt)}>
              {timeAgo(conversation.lastActivityAt)}
            </Text>
          </Group>
          <ErrorAlert error={accept.error ?? decline.error} />
          <Group gap="xs">
            <Button size="xs" loading={accept.isPending} onClick={() => accept.mutate()} aria-label={`Accept: ${title}`}>
              Accept
            </Button>
            <Button size="xs" variant="default" loading={decline.isPending} onClick={() => decline.mutate()} aria-label={`Decline: ${title}`}>
              Decline
            </Button>
          </Group>
        </Stack>
      </Card>
    </li>
  );
}

/** Start a direct conversation (one person) or a group (several, with a name). */
function StartConversation({ meId }: { meId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [people, setPeople] = useState<Profile[]>([]);
  const [name, setName] = useState('');
  const group = people.length > 1 || name.trim().length > 0;
  const start = useMutation({
    mutationFn: async () => {
      if (!group) {
        const res = await messaging.getOrCreateDirectConversation({ userId: people[0].userId });
        return res.conversation;
      }
      const res = await messaging.createGroup({ name: name.trim(), memberIds: people.map((p) => p.userId) });
      return res.conversation;
    },
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: keys.conversations });
      if (conversation) navigate(`/conversations/${conversation.conversationId}`);
    },
  });
  const field = errorField(start.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (people.length) start.mutate();
      }}
    >
      <Stack gap="sm">
        <PeoplePicker
          label="People"
          description="One person for a direct conversation; several (and a name) for a group."
          value={people}
          onChange={setPeople}
          exclude={[meId]}
          error={field === 'member_ids' || field === 'user_id' ? ' ' : undefined}
        />
        <TextInput
          label="Group name"
          description={people.length > 1 ? 'Required for a group.' : 'Only for a group: leave empty for a direct conversation.'}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={100}
          required={people.length > 1}
          error={field === 'name' ? 'Please give the group a name (1 to 100 characters).' : undefined}
        />
        <ErrorAlert error={start.error} title="Could not start the conversation" />
        <Group>
          <Button type="submit" disabled={!people.length || (group && !name.trim())} loading={start.isPending}>
            {group ? 'Create group' : 'Start conversation'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// RPCs: MessagingService.ListConversations (cursor paging; unread counts), ListMessages (one
// message per conversation, for the preview), ListMessageRequests, AcceptMessageRequest,
// DeclineMessageRequest, GetOrCreateDirectConversation, CreateGroup; IdentityService.SearchPeople
// (people picker). The live channel (api/live.tsx) refreshes the list as messages come.
export default function ConversationsPage() {
  const me = useMe();
  const [starting, setStarting] = useState(false);
  const startId = useId();
  const list = useInfiniteQuery({
    queryKey: keys.conversations,
    queryFn: ({ pageParam }) => messaging.listConversations({ cursor: pageParam, pageSize: 30 }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const requests = useQuery({
    queryKey: keys.requests,
    queryFn: () => messaging.listMessageRequests({ pageSize: 50 }),
    select: (res) => res.conversations,
  });
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];
  const unread = conversations.reduce((n, c) => n + Number(c.unreadCount), 0);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle>Conversations</PageTitle>
        <Button variant={starting ? 'default' : 'filled'} aria-expanded={starting} aria-controls={startId} onClick={() => setStarting((s) => !s)}>
          New conversation
        </Button>
      </Group>
      <div id={startId}>
        {starting ? (
          <Card withBorder component="section" aria-labelledby={`${startId}-title`}>
            <Title order={2} size="h4" id={`${startId}-title`} mb="sm">
              Start a conversation
            </Title>
            <StartConversation meId={me.userId} />
          </Card>
        ) : null}
      </div>

      {requests.data?.length ? (
        <section aria-labelledby="requests-heading">
          <Title order={2} size="h3" id="requests-heading" mb="xs">
            Message requests
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            People outside your messaging settings wrote to you. They will not know you read it until you accept.
          </Text>
          <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Message requests">
            {requests.data.map((c) => (
              <RequestRow key={c.conversationId} conversation={c} meId={me.userId} />
            ))}
          </Stack>
        </section>
      ) : null}
      <ErrorAlert error={requests.error} title="Could not load message requests" />

      <section aria-labelledby="conversations-heading">
        <Title order={2} size="h3" id="conversations-heading" mb="sm">
          Your conversations{unread ? ` (${plural(unread, 'unread message')})` : ''}
        </Title>
        {list.isLoading ? <Loading label="Loading conversations" /> : null}
        <ErrorAlert error={list.error} title="Could not load conversations" />
        {list.isSuccess && conversations.length === 0 ? (
          <Text>No conversations yet. Start one with “New conversation”, or with “Message” on someone’s profile.</Text>
        ) : null}
        {conversations.length ? (
          <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Conversations">
            {conversations.map((c) => (
              <ConversationRow key={c.conversationId} conversation={c} meId={me.userId} />
            ))}
          </Stack>
        ) : null}
        <LoadMore query={list} mt="sm" />
      </section>
    </Stack>
  );
}
