import { useState, type ReactNode } from 'react';
import { Button, Card, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorField } from '../api/errors';
import { keyStandsForAnother, useIdempotencyKey } from '../lib/idempotency';
import type { Post } from '../gen/kith/content/v1/content_pb';
import { ErrorAlert } from './ErrorAlert';

/** The one optional field a composer offers behind a toggle button (a content warning, a link). */
export interface OptionalField {
  button: string;
  /** The request field it fills, as the server names it in a bad-field error. */
  field: string;
  label: string;
  description?: string;
  type?: string;
  placeholder?: string;
}

/**
 * A form that writes a post: the text, one optional field, and `tools` (beside the buttons).
 * `post` sends it (ContentService.CreatePost) with the compose's idempotency key, the same for
 * every attempt, so trying again after a timeout never posts twice; on success the form
 * empties, the feeds reload and the next post gets a new key.
 */
export function PostComposer({
  label,
  textLabel = label,
  optional,
  tools,
  post,
  onPosted,
}: {
  label: string;
  textLabel?: string;
  optional: OptionalField;
  tools?: ReactNode;
  post(text: string, optional: string, idempotencyKey: string): Promise<{ post?: Post }>;
  onPosted(post: Post): void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [extra, setExtra] = useState('');
  const [withExtra, setWithExtra] = useState(false);
  const idempotency = useIdempotencyKey();
  const create = useMutation({
    mutationFn: () => post(text, withExtra ? extra.trim() : '', idempotency.key),
    onSuccess: (res) => {
      setText('');
      setExtra('');
      setWithExtra(false);
      idempotency.renew();
      if (res.post) onPosted(res.post);
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
    },
    onError: (err) => {
      if (keyStandsForAnother(err)) idempotency.renew();
    },
  });
  const bad = errorField(create.error);
  return (
    <Card withBorder component="section" aria-label={label}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={textLabel}
            autosize
            minRows={2}
            maxRows={10}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={bad === 'text' ? true : undefined}
          />
          {withExtra ? (
            <TextInput
              label={optional.label}
              description={optional.description}
              type={optional.type}
              placeholder={optional.placeholder}
              value={extra}
              onChange={(e) => setExtra(e.currentTarget.value)}
              error={bad === optional.field ? true : undefined}
            />
          ) : null}
          <Group align="flex-end" justify={tools ? 'space-between' : 'flex-end'}>
            {tools}
            <Group gap="xs">
              <Button variant="default" aria-pressed={withExtra} onClick={() => setWithExtra((w) => !w)}>
                {optional.button}
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
