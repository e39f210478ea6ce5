import { useState } from 'react';
import { Anchor, Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { content } from '../../api/clients';
import { AudienceSelect, PUBLIC_AUDIENCE, type AudienceChoice } from '../../components/AudienceSelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { keyStandsForAnother, useIdempotencyKey } from '../../lib/idempotency';

// RPC: ContentService.SharePost (optional text makes it a quote; audience as for CreatePost; an
// idempotency_key per share, the same for each attempt, so trying again never shares twice).
// Shown inline under the post rather than in a Modal (Mantine's modal title bar is a second
// <header> landmark, which axe reports).
export function ShareForm({ postId, onClose }: { postId: string; onClose(): void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [audience, setAudience] = useState<AudienceChoice>(PUBLIC_AUDIENCE);
  const idempotency = useIdempotencyKey();
  const share = useMutation({
    mutationFn: () =>
      content.sharePost({
        postId,
        text: text.trim(),
        audience: audience.audience,
        communityId: audience.communityId,
        idempotencyKey: idempotency.key,
      }),
    onError: (err) => {
      if (keyStandsForAnother(err)) idempotency.renew();
    },
    onSuccess: (res) => {
      setText('');
      idempotency.renew();
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['content', 'GetPost', postId] });
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
      notifySuccess(
        res.post ? (
          <>
            Shared.{' '}
            <Anchor component={Link} to={`/posts/${res.post.postId}`}>
              View your share
            </Anchor>
          </>
        ) : (
          'Shared.'
        ),
      );
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="share-heading">
      <Title order={2} size="h4" id="share-heading" mb="sm">
        Share this post
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          share.mutate();
        }}
      >
        <Stack>
          <Textarea
            label="Add your thoughts (optional)"
            description="With text, your share quotes the post."
            autosize
            minRows={2}
            autoFocus
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <AudienceSelect value={audience} onChange={setAudience} label="Share with" />
          <ErrorAlert error={share.error} title="Could not share" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={share.isPending}>
              Share now
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
