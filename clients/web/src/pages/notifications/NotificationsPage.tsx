import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { notifications as notificationsClient } from '../../api/clients';
import { NotificationKind, type Notification } from '../../gen/kith/feed/v1/feed_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { UserLink } from '../../components/UserLink';
import { fullTime, timeAgo } from '../../lib/format';

/** Where a notification leads, when the app has a page for it. The feed service sets
 * `detail` to "post" or "comment" for replies and reactions (a comment id leads nowhere yet). */
function targetLink(n: Notification): { to: string; label: string } | null {
  switch (n.kind) {
    case NotificationKind.SHARE:
      return n.targetId ? { to: `/posts/${n.targetId}`, label: 'View post' } : null;
    case NotificationKind.REPLY:
    case NotificationKind.REACTION:
      return n.detail === 'post' && n.targetId ? { to: `/posts/${n.targetId}`, label: 'View post' } : null;
    case NotificationKind.NEW_FOLLOWER:
    case NotificationKind.FOLLOW_REQUEST:
    case NotificationKind.FRIEND_REQUEST:
    case NotificationKind.FRIEND_ACCEPTED:
      return n.actorIds[0] ? { to: `/people/${n.actorIds[0]}`, label: 'View profile' } : null;
    case NotificationKind.JOIN_REQUEST:
      return n.communityId ? { to: `/moderation/${n.communityId}`, label: 'Review requests' } : null;
    case NotificationKind.JOIN_APPROVED:
    case NotificationKind.INVITATION:
    case NotificationKind.EVENT_UPDATE:
    case NotificationKind.EVENT_REMINDER:
      return n.communityId ? { to: `/communities/${n.communityId}`, label: 'View community' } : null;
    default:
      return null;
  }
}

// RPCs: NotificationsService.ListNotifications (cursor paging), MarkNotificationsRead,
// MarkAllNotificationsRead (the navbar's count is GetUnreadCount).
export default function NotificationsPage() {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: ['notifications', 'ListNotifications'],
    queryFn: ({ pageParam }) => notificationsClient.listNotifications({ cursor: pageParam, pageSize: 30 }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markAll = useMutation({
    mutationFn: () => notificationsClient.markAllNotificationsRead({}),
    onSuccess: refresh,
  });
  const markOne = useMutation({
    mutationFn: (id: string) => notificationsClient.markNotificationsRead({ notificationIds: [id] }),
    onSuccess: refresh,
  });
  const list = query.data?.pages.flatMap((p) => p.notifications) ?? [];
  const anyUnread = list.some((n) => n.unread);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <PageTitle>Notifications</PageTitle>
        <Button variant="default" size="sm" disabled={!anyUnread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          Mark all as read
        </Button>
      </Group>
      <ErrorAlert error={markAll.error ?? markOne.error} />
      {query.isLoading ? <Loading label="Loading notifications" /> : null}
      <ErrorAlert error={query.error} title="Could not load notifications" />
      {query.isSuccess && list.length === 0 ? <Text>Nothing yet. When people follow you, reply or react, you will see it here.</Text> : null}
      {list.length ? (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Notifications">
          {list.map((n) => {
            const link = targetLink(n);
            return (
              <li key={n.notificationId}>
                <Card
                  withBorder
                  padding="sm"
                  bg={n.unread ? 'var(--mantine-color-blue-0)' : undefined}
                  aria-label={n.unread ? `Unread: ${n.summary}` : n.summary}
                >
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={4}>
                      <Text fw={n.unread ? 600 : 400}>{n.summary}</Text>
                      {n.detail && n.detail !== 'post' && n.detail !== 'comment' ? <Text size="sm">{n.detail}</Text> : null}
                      <Group gap="xs">
                        {n.actorIds.slice(0, 3).map((id) => (
                          <UserLink key={id} userId={id} withHandle={false} fw={500} />
                        ))}
                        <Text span size="sm" c="dimmed" title={fullTime(n.updatedAt)}>
                          {timeAgo(n.updatedAt)}
                        </Text>
                        {link ? (
                          <Anchor component={Link} to={link.to} size="sm" onClick={() => n.unread && markOne.mutate(n.notificationId)}>
                            {link.label}
                          </Anchor>
                        ) : null}
                      </Group>
                    </Stack>
                    {n.unread ? (
                      <Group gap="xs" wrap="nowrap">
                        <Badge color="blue" variant="filled" size="sm">
                          New
                        </Badge>
                        <Button size="compact-xs" variant="subtle" onClick={() => markOne.mutate(n.notificationId)}>
                          Mark read
                        </Button>
                      </Group>
                    ) : null}
                  </Group>
                </Card>
              </li>
            );
          })}
        </Stack>
      ) : null}
      <LoadMore query={query} />
    </Stack>
  );
}
