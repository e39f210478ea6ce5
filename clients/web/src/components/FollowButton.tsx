import { useState } from 'react';
import { Button } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graph } from '../api/clients';
import { useMyRelationships } from '../api/queries';

interface FollowButtonProps {
  userId: string;
  /** Their name, for the button's accessible name ("Follow Ana"). */
  name?: string;
  onError?(err: unknown): void;
  size?: 'xs' | 'sm' | 'compact-sm';
}

/** Follow / Unfollow (GraphService.Follow, Unfollow). A person who approves followers turns a
 * follow into a request: the button then says "Requested" and pressing it withdraws it. */
export function FollowButton({ userId, name, onError, size = 'xs' }: FollowButtonProps) {
  const queryClient = useQueryClient();
  const mine = useMyRelationships();
  const [state, setState] = useState<'following' | 'requested' | 'none' | null>(null);
  const current = state ?? (mine.data?.following.has(userId) ? 'following' : 'none');
  const mutation = useMutation({
    mutationFn: async () => {
      if (current === 'none') {
        const res = await graph.follow({ userId });
        return res.requested ? 'requested' : 'following';
      }
      await graph.unfollow({ userId });
      return 'none';
    },
    onSuccess: (next) => {
      setState(next);
      // Not ['graph'] as a whole: suggestions would refetch and drop the person at once.
      void queryClient.invalidateQueries({ queryKey: ['graph', 'myRelationships'] });
      void queryClient.invalidateQueries({ queryKey: ['graph', 'GetCounts'] });
    },
    onError,
  });
  const who = name ? ` ${name}` : '';
  const label = current === 'following' ? 'Unfollow' : current === 'requested' ? 'Requested' : 'Follow';
  return (
    <Button
      size={size}
      variant={current === 'none' ? 'filled' : 'default'}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
      aria-label={current === 'requested' ? `Requested (withdraw the follow request${who ? ` to${who}` : ''})` : `${label}${who}`}
    >
      {label}
    </Button>
  );
}
