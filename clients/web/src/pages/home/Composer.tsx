import { useState } from 'react';
import { content } from '../../api/clients';
import type { Post } from '../../gen/kith/content/v1/content_pb';
import { AudienceSelect, PUBLIC_AUDIENCE, type AudienceChoice } from '../../components/AudienceSelect';
import { PostComposer } from '../../components/PostComposer';

const CONTENT_WARNING = {
  button: 'Content warning',
  field: 'content_warning',
  label: 'Content warning',
  description: 'A short notice readers see before the post, e.g. “spoilers”.',
};

// RPC: ContentService.CreatePost (text, audience or community_id, content_warning, idempotency_key).
export function Composer({ onPosted }: { onPosted(post: Post): void }) {
  const [audience, setAudience] = useState<AudienceChoice>(PUBLIC_AUDIENCE);
  return (
    <PostComposer
      label="Write a post"
      textLabel="What's on your mind?"
      optional={CONTENT_WARNING}
      tools={<AudienceSelect value={audience} onChange={setAudience} />}
      post={(text, contentWarning, idempotencyKey) =>
        content.createPost({
          text,
          audience: audience.audience,
          communityId: audience.communityId,
          contentWarning,
          idempotencyKey,
        })
      }
      onPosted={onPosted}
    />
  );
}
