import { Badge, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { messaging } from '../../api/clients';
import { keys } from './model';

/** The navbar's count of unread messages and waiting message requests
 * (MessagingService.GetUnreadCounts; the live channel invalidates it as messages come). */
export function MessagesBadge() {
  const counts = useQuery({
    queryKey: keys.unreadCounts,
    queryFn: () => messaging.getUnreadCounts({}),
    refetchInterval: 120_000,
    retry: false,
  });
  const n = Number(counts.data?.total ?? 0n) + Number(counts.data?.requestCount ?? 0n);
  if (!n) return null;
  return (
    <Badge size="sm" color="red" circle={n < 10}>
      {n > 99 ? '99+' : n}
      <VisuallyHidden> unread</VisuallyHidden>
    </Badge>
  );
}
