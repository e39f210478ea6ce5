import { useState } from 'react';
import { Button, Group, Menu, Paper, Stack, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { messaging } from '../../api/clients';
import { ErrorAlert } from '../../components/ErrorAlert';
import { UserLink } from '../../components/UserLink';
import { count, fullTime, timeAgo } from '../../lib/format';
import type { Message } from '../../gen/kith/messaging/v1/messaging_pb';
import { keys, MESSAGE_REACTIONS, patchMessage, reactionName, snippet, upsertMessage, type Thread } from './model';
import { Names, usePersonName } from './names';
import classes from './conversations.module.css';

interface MessageItemProps {
  message: Message;
  meId: string;
  conversationId: string;
  /** The first of a run of messages by one sender: show who and when. */
  showSender: boolean;
  /** The sender, or a group admin. */
  canDelete: boolean;
  /** The message it replies to, when loaded. */
  replyTo?: Message;
  onReply(): void;
  /** Who has read up to here (only under the caller's newest message): [] for "Seen" without
   * names (a direct conversation), undefined for nothing. */
  seen?: string[];
}

/** One message of a conversation: sender and time, text (or a tombstone), reactions, and the
 * actions menu (reply, react, edit and delete one's own). */
export function MessageItem({ message: m, meId, conversationId, showSender, canDelete, replyTo, onReply, seen }: MessageItemProps) {
  const queryClient = useQueryClient();
  const mine = m.senderId === meId;
  const senderName = usePersonName(m.senderId, meId);
  const replyName = usePersonName(replyTo?.senderId, meId);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.text);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const threadKey = keys.thread(conversationId);
  const patch = (p: Partial<Message>) => queryClient.setQueryData<Thread>(threadKey, (old) => patchMessage(old, m.messageId, p));

  const react = useMutation({
    mutationFn: async (emoji: string) => {
      if (emoji === m.viewerReaction) {
        const res = await messaging.unreact({ messageId: m.messageId });
        return { reactions: res.reactions, viewerReaction: '' };
      }
      const res = await messaging.react({ messageId: m.messageId, emoji });
      return { reactions: res.reactions, viewerReaction: emoji };
    },
    onSuccess: patch,
  });
  const edit = useMutation({
    mutationFn: () => messaging.editMessage({ messageId: m.messageId, text: draft.trim() }),
    onSuccess: (res) => {
      const message = res.message;
      if (message) queryClient.setQueryData<Thread>(threadKey, (old) => upsertMessage(old, message));
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => messaging.deleteMessage({ messageId: m.messageId }),
    onSuccess: () => {
      patch({ deleted: true, text: '' });
      setConfirmDelete(false);
    },
  });

  const when = timeAgo(m.sentAt);
  const about = m.deleted ? 'deleted message' : `message “${snippet(m.text, 40)}”`;
  const reactions = m.reactions.filter((r) => r.count > 0n);

  return (
    <li className={classes.message}>
      <Stack gap={2} align={mine ? 'flex-end' : 'flex-start'} mt={showSender ? 'xs' : 0}>
        {showSender ? (
          <Group gap={6}>
            {mine ? (
              <Text size="sm" fw={600}>
                You
              </Text>
            ) : m.senderId ? (
              <UserLink userId={m.senderId} withHandle={false} />
            ) : (
              <Text size="sm" fw={600}>
                Someone
              </Text>
            )}
            <Text size="xs" c="dimmed" title={fullTime(m.sentAt)}>
              {when}
            </Text>
          </Group>
        ) : (
          <VisuallyHidden>
            {senderName}, {when}:
          </VisuallyHidden>
        )}
        {replyTo ? (
          <Text size="xs" c="dimmed" maw="80%" lineClamp={1}>
            ↩ Replying to {replyName}: {replyTo.deleted ? 'a deleted message' : snippet(replyTo.text, 60)}
          </Text>
        ) : m.replyToMessageId ? (
          <Text size="xs" c="dimmed">
            ↩ Replying to an earlier message
          </Text>
        ) : null}
        {editing ? (
          <form
            style={{ width: 'min(100%, 480px)' }}
            onSubmit={(e) => {
              e.preventDefault();
              if (draft.trim()) edit.mutate();
            }}
          >
            <Stack gap={4}>
              <Textarea
                label="Edit message"
                autosize
                minRows={1}
                maxRows={6}
                maxLength={4000}
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                data-autofocus
                autoFocus
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setEditing(false);
                }}
              />
              <ErrorAlert error={edit.error} />
              <Group gap="xs" justify="flex-end">
                <Button size="compact-sm" variant="default" onClick={() => setEditing(false)}>
                  Cancel
                </Button>
                <Button size="compact-sm" type="submit" loading={edit.isPending} disabled={!draft.trim() || draft.trim() === m.text}>
                  Save
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Group gap={4} wrap="nowrap" align="flex-start" justify={mine ? 'flex-end' : 'flex-start'} maw="85%" style={{ flexDirection: mine ? 'row-reverse' : 'row' }}>
            <Paper
              p="xs"
              radius="md"
              bg={m.deleted ? undefined : mine ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-1)'}
              withBorder={m.deleted}
              title={fullTime(m.sentAt)}
            >
              {m.deleted ? (
                <Text fs="italic" c="dimmed" size="sm">
                  This message was deleted.
                </Text>
              ) : (
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {m.text}
                  {m.edited ? (
                    <Text span size="xs" c="dimmed" ml={6} title={m.editedAt ? `Edited ${fullTime(m.editedAt)}` : undefined}>
                      (edited)
                    </Text>
                  ) : null}
                </Text>
              )}
            </Paper>
            {!m.deleted ? (
              <Menu position={mine ? 'bottom-end' : 'bottom-start'} withinPortal={false} withInitialFocusPlaceholder={false}>
                <Menu.Target>
                  <Button className={classes.actions} size="compact-xs" variant="subtle" color="gray" c="gray.8" aria-label={`Actions for ${mine ? 'your' : `${senderName}’s`} ${about}`}>
                    Actions
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={onReply}>Reply</Menu.Item>
                  <Menu.Label>React</Menu.Label>
                  {MESSAGE_REACTIONS.map((r) => (
                    <Menu.Item key={r.emoji} onClick={() => react.mutate(r.emoji)}>
                      {r.emoji} {r.name}
                      {m.viewerReaction === r.emoji ? ' (yours: remove)' : ''}
                    </Menu.Item>
                  ))}
                  {mine || canDelete ? <Menu.Divider /> : null}
                  {mine ? (
                    <Menu.Item
                      onClick={() => {
                        setDraft(m.text);
                        setEditing(true);
                      }}
                    >
                      Edit
                    </Menu.Item>
                  ) : null}
                  {canDelete ? (
                    <Menu.Item color="red.9" onClick={() => setConfirmDelete(true)}>
                      Delete
                    </Menu.Item>
                  ) : null}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        )}
        {confirmDelete ? (
          <Group gap="xs">
            <Text size="sm">Delete this message for everyone?</Text>
            <Button size="compact-sm" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
          </Group>
        ) : null}
        <ErrorAlert error={remove.error ?? react.error} />
        {reactions.length && !m.deleted ? (
          <Group gap={4}>
            {reactions.map((r) => {
              const yours = m.viewerReaction === r.emoji;
              return (
                <Button
                  key={r.emoji}
                  size="compact-xs"
                  radius="xl"
                  variant={yours ? 'light' : 'default'}
                  aria-pressed={yours}
                  aria-label={`${r.emoji} ${count(r.count)}: ${reactionName(r.emoji)}${yours ? ' (yours)' : ''}`}
                  onClick={() => react.mutate(r.emoji)}
                >
                  {r.emoji} {count(r.count)}
                </Button>
              );
            })}
          </Group>
        ) : null}
        {seen ? (
          <Text size="xs" c="dimmed">
            {seen.length ? (
              <>
                Seen by <Names userIds={seen} meId={meId} />
              </>
            ) : (
              'Seen'
            )}
          </Text>
        ) : null}
      </Stack>
    </li>
  );
}
