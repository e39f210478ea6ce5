import { Button, Group } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graph } from '../../api/clients';
import { useMyRelationships } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FollowButton } from '../../components/FollowButton';

type FriendAction = 'send' | 'accept' | 'decline' | 'cancel' | 'unfriend';

// RPCs: GraphService.Follow/Unfollow (FollowButton), SendFriendRequest, AcceptFriendRequest,
// DeclineFriendRequest, CancelFriendRequest, Unfriend; the state comes from the caller's own
// lists (ListRelationships: FOLLOWING, FRIENDS, FRIEND_REQUESTS_SENT/RECEIVED).
export function RelationshipButtons({ userId, name }: { userId: string; name: string }) {
  const queryClient = useQueryClient();
  const mine = useMyRelationships();
  const friendship = useMutation({
    mutationFn: async (action: FriendAction) => {
      switch (action) {
        case 'send':
          await graph.sendFriendRequest({ userId });
          return;
        case 'accept':
          await graph.acceptFriendRequest({ userId });
          return;
        case 'decline':
          await graph.declineFriendRequest({ userId });
          return;
        case 'cancel':
          await graph.cancelFriendRequest({ userId });
          return;
        case 'unfriend':
          await graph.unfriend({ userId });
          return;
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['graph'] });
    },
  });
  const rel = mine.data;
  const friends = rel?.friends.has(userId);
  const received = rel?.friendRequestsReceived.has(userId);
  const sent = rel?.friendRequestsSent.has(userId);
  const busy = friendship.isPending || mine.isFetching;
  const act = (action: FriendAction) => () => friendship.mutate(action);

  return (
    <div>
      <Group gap="xs">
        <FollowButton userId={userId} name={name} size="sm" onError={() => undefined} />
        {friends ? (
          <Button size="sm" variant="default" loading={busy} onClick={act('unfriend')} aria-label={`Unfriend ${name}`}>
            Unfriend
          </Button>
        ) : received ? (
          <>
            <Button size="sm" loading={busy} onClick={act('accept')}>
              Accept friend request
            </Button>
            <Button size="sm" variant="default" loading={busy} onClick={act('decline')}>
              Decline
            </Button>
          </>
        ) : sent ? (
          <Button size="sm" variant="default" loading={busy} onClick={act('cancel')}>
            Cancel friend request
          </Button>
        ) : (
          <Button size="sm" variant="default" loading={busy} onClick={act('send')} aria-label={`Add friend: ${name}`}>
            Add friend
          </Button>
        )}
      </Group>
      <ErrorAlert error={friendship.error} />
      <ErrorAlert error={mine.error} title="Could not load your connections" />
    </div>
  );
}
