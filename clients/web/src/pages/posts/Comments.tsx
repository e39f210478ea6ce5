import { useState } from 'react';
import { Box, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { content } from '../../api/clients';
import { useMe } from '../../api/session';
import { CommentOrder, type Comment } from '../../gen/kith/content/v1/content_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ReactionBar } from '../../components/ReactionBar';
import { UserLink } from '../../components/UserLink';
import { fullTime, plural, timeAgo } from '../../lib/format';
import { keyStandsForAnother, useIdempotencyKey } from '../../lib/idempotency';

const PAGE_SIZE = 20;

function commentsKey(postId: string, parentCommentId: string) {
  return ['content', 'ListComments', postId, parentCommentId];
}

// RPCs: ContentService.ListComments (one level at a time: the post's comments, or a comment's
// replies), AddComment (parent_comment_id for a reply; an idempotency_key per comment written, the
// same for each attempt, so trying again never comments twice), DeleteComment, React/Unreact on comments.
export function CommentForm({
  postId,
  parentCommentId = '',
  label,
  onDone,
  autoFocus,
}: {
  postId: string;
  parentCommentId?: string;
  label: string;
  onDone?(): void;
  autoFocus?: boolean;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const idempotency = useIdempotencyKey();
  const add = useMutation({
    mutationFn: () => content.addComment({ postId, parentCommentId, text, idempotencyKey: idempotency.key }),
    onError: (err) => {
      if (keyStandsForAnother(err)) idempotency.renew();
    },
    onSuccess: () => {
      setText('');
      idempotency.renew();
      void queryClient.invalidateQueries({ queryKey: ['content', 'ListComments', postId] });
      void queryClient.invalidateQueries({ queryKey: ['content', 'GetPost', postId] });
      onDone?.();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={label}
          autosize
          minRows={2}
          value={text}
          autoFocus={autoFocus}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <ErrorAlert error={add.error} title="Could not comment" />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={add.isPending}>
            {parentCommentId ? 'Reply' : 'Comment'}
          </Button>
          {onDone && parentCommentId ? (
            <Button size="xs" variant="default" onClick={onDone}>
              Cancel
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

/** One level of a thread; each comment can open its own replies below it. */
export function CommentList({ postId, parentCommentId = '' }: { postId: string; parentCommentId?: string }) {
  const query = useInfiniteQuery({
    queryKey: commentsKey(postId, parentCommentId),
    queryFn: ({ pageParam }) =>
      content.listComments({
        postId,
        parentCommentId,
        order: CommentOrder.OLDEST,
        pageSize: PAGE_SIZE,
        cursor: pageParam,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const comments = query.data?.pages.flatMap((p) => p.comments) ?? [];
  return (
    <Stack gap="xs">
      {query.isLoading ? <Loading label="Loading comments" /> : null}
      <ErrorAlert error={query.error} title="Could not load comments" />
      {query.isSuccess && comments.length === 0 && !parentCommentId ? <Text>No comments yet.</Text> : null}
      {comments.length ? (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {comments.map((c) => (
            <li key={c.commentId}>
              <CommentItem comment={c} />
            </li>
          ))}
        </Stack>
      ) : null}
      {query.hasNextPage ? (
        <Button
          size="xs"
          variant="default"
          w="fit-content"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {parentCommentId ? 'More replies' : 'More comments'}
        </Button>
      ) : null}
    </Stack>
  );
}

function CommentItem({ comment }: { comment: Comment }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [replying, setReplying] = useState(false);
  const [showReplies, setShowReplies] = useState(false);
  const remove = useMutation({
    mutationFn: () => content.deleteComment({ commentId: comment.commentId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['content', 'ListComments', comment.postId] });
      void queryClient.invalidateQueries({ queryKey: ['content', 'GetPost', comment.postId] });
    },
  });
  const replies = Number(comment.replyCount);
  return (
    <Box
      component="article"
      aria-label={`Comment ${comment.deleted ? '(deleted)' : ''}`.trim()}
      pl="sm"
      style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}
    >
      <Stack gap={4}>
        <Group gap="xs">
          {comment.authorId ? <UserLink userId={comment.authorId} /> : <Text span>[deleted]</Text>}
          <Text span size="sm" c="dimmed" title={fullTime(comment.createdAt)}>
            {timeAgo(comment.createdAt)}
            {comment.edited ? ' (edited)' : ''}
          </Text>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={comment.deleted ? 'dimmed' : undefined}>
          {comment.text}
        </Text>
        {!comment.deleted ? (
          <Group gap="xs">
            <ReactionBar
              commentId={comment.commentId}
              reactions={comment.reactions}
              viewerReaction={comment.viewerReaction}
              size="xs"
            />
            <Button size="xs" variant="subtle" onClick={() => setReplying((r) => !r)} aria-expanded={replying}>
              Reply
            </Button>
            {comment.authorId === me.userId ? (
              <Button size="xs" variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                Delete
              </Button>
            ) : null}
          </Group>
        ) : null}
        <ErrorAlert error={remove.error} title="Could not delete" />
        {replying ? (
          <CommentForm
            postId={comment.postId}
            parentCommentId={comment.commentId}
            label="Your reply"
            autoFocus
            onDone={() => {
              setReplying(false);
              setShowReplies(true);
            }}
          />
        ) : null}
        {replies > 0 ? (
          <Button
            size="xs"
            variant="subtle"
            w="fit-content"
            aria-expanded={showReplies}
            onClick={() => setShowReplies((s) => !s)}
          >
            {showReplies ? 'Hide replies' : `Show ${plural(replies, 'reply', 'replies')}`}
          </Button>
        ) : null}
        {showReplies ? (
          <Box ml="sm">
            <CommentList postId={comment.postId} parentCommentId={comment.commentId} />
          </Box>
        ) : null}
      </Stack>
    </Box>
  );
}
