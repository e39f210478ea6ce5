import { Button, Group, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { content } from '../api/clients';
import { ReactionKind, type ReactionCount } from '../gen/kith/content/v1/content_pb';
import { count, REACTIONS } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

interface ReactionBarProps {
  /** Exactly one of postId and commentId. */
  postId?: string;
  commentId?: string;
  reactions: ReactionCount[];
  viewerReaction: ReactionKind;
  size?: 'xs' | 'compact-sm' | 'sm';
  onChanged?(): void;
}

/** The five reactions as toggle buttons (aria-pressed; accessible names "Like", "Love 3", ...):
 * React sets the caller's reaction, pressing the current one again removes it (Unreact). */
export function ReactionBar({ postId = '', commentId = '', reactions, viewerReaction, size = 'compact-sm', onChanged }: ReactionBarProps) {
  const [state, setState] = useState({ reactions, viewer: viewerReaction });
  const mutation = useMutation({
    mutationFn: async (kind: ReactionKind) => {
      if (kind === state.viewer) {
        const res = await content.unreact({ postId, commentId });
        return { reactions: res.reactions, viewer: ReactionKind.UNSPECIFIED };
      }
      const res = await content.react({ postId, commentId, kind });
      return { reactions: res.reactions, viewer: kind };
    },
    onSuccess: (next) => {
      setState(next);
      onChanged?.();
    },
  });
  const what = commentId ? 'comment' : 'post';
  return (
    <div>
      <Group gap={6} role="group" aria-label={`React to this ${what}`}>
        {REACTIONS.map((r) => {
          const n = state.reactions.find((x) => x.kind === r.kind)?.count ?? 0n;
          const pressed = state.viewer === r.kind;
          return (
            <Button
              key={r.kind}
              size={size}
              variant={pressed ? 'filled' : 'default'}
              aria-pressed={pressed}
              title={r.label}
              disabled={mutation.isPending}
              onClick={() => mutation.mutate(r.kind)}
            >
              <span aria-hidden="true">{r.emoji}</span>
              <VisuallyHidden>{r.label}</VisuallyHidden>
              {n > 0n ? <span style={{ marginLeft: 4 }}>{count(n)}</span> : null}
            </Button>
          );
        })}
      </Group>
      {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
    </div>
  );
}
