import { useId, useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Card, Group, Image, List, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { MediaKind, ReviewState } from '../gen/kith/content/v1/content_pb';
import type { Media } from '../gen/kith/content/v1/content_pb';
import { useCommunity } from '../api/queries';
import { count, fullTime, plural, reactionLabel, REACTIONS, timeAgo } from '../lib/format';
import type { PostView } from './postView';
import { UserLink } from './UserLink';

interface PostCardProps {
  post: PostView;
  /** Feed items: why the feed shows it (FeedItem.reasons) and, for the ranked feed, its score. */
  reasons?: string[];
  score?: number;
  /** Extra controls under the post (reactions, share, delete...). */
  actions?: ReactNode;
  /** Link the text and counts to /posts/:id (not on the post page itself). */
  linkToPost?: boolean;
  /** Inside another post (the original of a share): lighter and without reasons. */
  embedded?: boolean;
}

function CommunityBadge({ communityId }: { communityId: string }) {
  const community = useCommunity(communityId);
  return (
    <Anchor component={Link} to={`/communities/${communityId}`} size="sm">
      in {community.data?.name ?? 'a community'}
    </Anchor>
  );
}

/** Pictures uploaded to Kith are shown (signed URLs of their processed variants). A picture
 * that is only a link to another site is shown as a link, not loaded: loading it would tell
 * that site who reads the post. */
function MediaView({ media }: { media: Media[] }) {
  const uploaded = media.filter((m) => m.variants.length > 0);
  const linked = media.filter((m) => m.variants.length === 0 && /^https?:\/\//i.test(m.url));
  if (!uploaded.length && !linked.length) return null;
  return (
    <Stack gap="xs">
      {uploaded.length > 0 && (
        <Group gap="xs">
          {uploaded.map((m, i) => {
            const medium = m.variants.find((v) => v.name === 'medium') ?? m.variants[0];
            return (
              <Image
                key={m.mediaId || `${medium.url}-${i}`}
                src={medium.url}
                alt={m.altText || 'Attached picture (no description)'}
                radius="sm"
                maw={320}
                mah={320}
                fit="contain"
              />
            );
          })}
        </Group>
      )}
      {linked.map((m, i) => (
        <Anchor key={`${m.url}-${i}`} href={m.url} target="_blank" rel="noopener noreferrer nofollow" size="sm">
          {m.kind === MediaKind.IMAGE ? 'Picture' : 'Attachment'} on another site: {linkLabel(m.url)}
        </Anchor>
      ))}
    </Stack>
  );
}

function linkLabel(url: string): string {
  try {
    const u = new URL(url);
    return u.host + u.pathname;
  } catch {
    return url;
  }
}

function WhyShown({ reasons, score }: { reasons: string[]; score?: number }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div>
      <Button
        variant="subtle"
        size="compact-sm"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        Why am I seeing this?
      </Button>
      {open ? (
        <Paper id={id} withBorder p="xs" mt={4} bg="var(--mantine-color-gray-0)">
          {reasons.length ? (
            <List size="sm">
              {reasons.map((r) => (
                <List.Item key={r}>{r.charAt(0).toUpperCase() + r.slice(1)}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">It is in your home feed: it is yours, or from someone you follow or a community you are in.</Text>
          )}
          {score ? (
            <Text size="xs" c="dimmed" mt={4}>
              Ranking score {score.toFixed(3)} (engagement, closeness to the author and communities, with time decay).
            </Text>
          ) : null}
        </Paper>
      ) : null}
    </div>
  );
}

/** One post: author, time, audience, text, attachments, the original of a share, counts;
 * the feed's reasons ("Why am I seeing this?") and any actions below. */
export function PostCard({ post, reasons, score, actions, linkToPost = true, embedded = false }: PostCardProps) {
  const [revealed, setRevealed] = useState(false);
  const hidden = !!post.contentWarning && !revealed;
  const reactionSummary = post.reactionsByKind
    .filter((r) => r.count > 0n)
    .map((r) => `${REACTIONS.find((x) => x.kind === r.kind)?.emoji ?? ''} ${count(r.count)}`)
    .join('  ');
  const reactionTitle = post.reactionsByKind.map((r) => `${reactionLabel(r.kind)}: ${count(r.count)}`).join(', ');

  return (
    <Card
      component="article"
      withBorder={!embedded}
      shadow={embedded ? undefined : 'xs'}
      padding={embedded ? 'sm' : 'md'}
      radius="md"
      bg={embedded ? 'var(--mantine-color-gray-0)' : undefined}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <UserLink userId={post.authorId} handle={post.authorHandle} displayName={post.authorDisplayName} />
          <Text span size="sm" c="dimmed">
            ·
          </Text>
          {linkToPost ? (
            <Anchor component={Link} to={`/posts/${post.postId}`} size="sm" c="dimmed" title={fullTime(post.createdAt)}>
              {timeAgo(post.createdAt) || 'open post'}
            </Anchor>
          ) : (
            <Text span size="sm" c="dimmed" title={fullTime(post.createdAt)}>
              {timeAgo(post.createdAt)}
            </Text>
          )}
          {post.edited ? (
            <Text span size="sm" c="dimmed">
              (edited)
            </Text>
          ) : null}
          {post.communityId ? <CommunityBadge communityId={post.communityId} /> : null}
          <Badge variant="outline" color="gray" size="sm">
            {post.audience}
          </Badge>
          {post.reviewState === ReviewState.PENDING ? <Badge color="yellow" c="dark">Waiting for review</Badge> : null}
          {post.reviewState === ReviewState.REJECTED ? <Badge color="red">Rejected</Badge> : null}
        </Group>

        {post.reviewNote ? <Text size="sm">Moderator&apos;s note: {post.reviewNote}</Text> : null}

        {post.contentWarning ? (
          <Group gap="xs">
            <Badge color="orange" c="dark" variant="light">
              Content warning
            </Badge>
            <Text size="sm">{post.contentWarning}</Text>
            <Button variant="default" size="compact-sm" onClick={() => setRevealed((r) => !r)} aria-expanded={revealed}>
              {revealed ? 'Hide post' : 'Show post'}
            </Button>
          </Group>
        ) : null}

        {!hidden ? (
          <>
            {post.sharedPostId && !post.text ? (
              <Text size="sm" c="dimmed">
                Shared a post
              </Text>
            ) : null}
            {post.text ? (
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{post.text}</Text>
            ) : null}
            <MediaView media={post.media} />
            {post.link ? (
              <Anchor href={post.link} target="_blank" rel="noopener noreferrer nofollow" size="sm">
                {post.link}
              </Anchor>
            ) : null}
            {post.sharedPost ? (
              <PostCard post={post.sharedPost} embedded />
            ) : post.sharedPostId ? (
              <Anchor component={Link} to={`/posts/${post.sharedPostId}`} size="sm">
                View the shared post
              </Anchor>
            ) : null}
          </>
        ) : null}

        {!embedded ? (
          <Group gap="md">
            <Text size="sm" c="dimmed" title={reactionTitle || undefined}>
              {reactionSummary ? `${reactionSummary}` : plural(post.reactionTotal, 'reaction')}
            </Text>
            {linkToPost ? (
              <Anchor component={Link} to={`/posts/${post.postId}`} size="sm">
                {plural(post.comments, 'comment')}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {plural(post.comments, 'comment')}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {plural(post.shares, 'share')}
            </Text>
          </Group>
        ) : null}

        {actions}
        {reasons ? <WhyShown reasons={reasons} score={score} /> : null}
      </Stack>
    </Card>
  );
}
