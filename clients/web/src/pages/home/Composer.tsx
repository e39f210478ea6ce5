import { useState } from 'react';
import { Button, Card, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { content } from '../../api/clients';
import { errorField } from '../../api/errors';
import type { Post } from '../../gen/kith/content/v1/content_pb';
import { AudienceSelect, PUBLIC_AUDIENCE, type AudienceChoice } from '../../components/AudienceSelect';
import { ErrorAlert } from '../../components/ErrorAlert';

// RPC: ContentService.CreatePost (text, audience or community_id, content_warning).
export function Composer({ onPosted }: { onPosted(post: Post): void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [warning, setWarning] = useState('');
  const [showWarning, setShowWarning] = useState(false);
  const [audience, setAudience] = useState<AudienceChoice>(PUBLIC_AUDIENCE);
  const create = useMutation({
    mutationFn: () =>
      content.createPost({
        text,
        audience: audience.audience,
        communityId: audience.communityId,
        contentWarning: showWarning ? warning.trim() : '',
      }),
    onSuccess: (res) => {
      setText('');
      setWarning('');
      setShowWarning(false);
      if (res.post) onPosted(res.post);
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
    },
  });
  const bad = errorField(create.error);
  return (
    <Card withBorder component="section" aria-label="Write a post">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label="What's on your mind?"
            autosize
            minRows={2}
            maxRows={10}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={bad === 'text' ? true : undefined}
          />
          {showWarning ? (
            <TextInput
              label="Content warning"
              description="A short notice readers see before the post, e.g. “spoilers”."
              value={warning}
              onChange={(e) => setWarning(e.currentTarget.value)}
              error={bad === 'content_warning' ? true : undefined}
            />
          ) : null}
          <Group align="flex-end" justify="space-between">
            <AudienceSelect value={audience} onChange={setAudience} />
            <Group gap="xs">
              <Button variant="default" onClick={() => setShowWarning((s) => !s)} aria-pressed={showWarning}>
                Content warning
              </Button>
              <Button type="submit" loading={create.isPending}>
                Post
              </Button>
            </Group>
          </Group>
          <ErrorAlert error={create.error} title="Could not post" />
        </Stack>
      </form>
    </Card>
  );
}
