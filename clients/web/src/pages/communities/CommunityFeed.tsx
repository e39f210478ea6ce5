import { useState } from 'react';
import { Badge, Button, Group, Select, Stack, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { communities, content, feed } from '../../api/clients';
import { errorField } from '../../api/errors';
import { useMe } from '../../api/session';
import { PostingPolicy, ReportTarget, Role, type Community } from '../../gen/kith/communities/v1/communities_pb';
import { Feature, ReviewState, Vote, type Post } from '../../gen/kith/content/v1/content_pb';
import { CommunitySort, type FeedItem } from '../../gen/kith/feed/v1/feed_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/FormActions';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PostCard } from '../../components/PostCard';
import { PostComposer } from '../../components/PostComposer';
import { fromFeedItem, fromPost } from '../../components/postView';
import { notifySuccess } from '../../components/notify';
import { count } from '../../lib/format';
import { isMember, isModerator } from './shared';

const PAGE_SIZE = 20;

const SORTS = [
  { value: String(CommunitySort.NEW), label: 'New' },
  { value: String(CommunitySort.HOT), label: 'Hot' },
  { value: String(CommunitySort.TOP_DAY), label: 'Top today' },
  { value: String(CommunitySort.TOP_WEEK), label: 'Top this week' },
  { value: String(CommunitySort.TOP_ALL), label: 'Top of all time' },
  { value: String(CommunitySort.CONTROVERSIAL), label: 'Controversial' },
];

// RPCs: FeedService.GetCommunityFeed (sorts; announcement and pins first), ContentService.CreatePost
// (into the community), VotePost, FeaturePost (moderators); CommunitiesService.Report.
export function CommunityFeed({ community: c }: { community: Community }) {
  const [sort, setSort] = useState<CommunitySort>(CommunitySort.NEW);
  const [justPosted, setJustPosted] = useState<Post[]>([]);
  const query = useInfiniteQuery({
    queryKey: ['feed', 'GetCommunityFeed', c.communityId, sort],
    queryFn: ({ pageParam }) => feed.getCommunityFeed({ communityId: c.communityId, sort, cursor: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const inFeed = new Set(items.map((i) => i.postId));
  const fresh = justPosted.filter((p) => !inFeed.has(p.postId) || p.reviewState === ReviewState.PENDING);
  const mayPost =
    isMember(c) && !c.archivedAt && (c.postingPolicy !== PostingPolicy.MODERATORS_ONLY || c.viewerRole >= Role.MODERATOR);

  return (
    <Stack>
      {mayPost ? (
        <CommunityComposer community={c} onPosted={(p) => setJustPosted((list) => [p, ...list])} />
      ) : isMember(c) && c.postingPolicy === PostingPolicy.MODERATORS_ONLY ? (
        <Text size="sm" c="dimmed">
          Only moderators post in this community.
        </Text>
      ) : null}
      <Select
        label="Sort posts"
        data={SORTS}
        value={String(sort)}
        onChange={(v) => v && setSort(Number(v) as CommunitySort)}
        allowDeselect={false}
        w={220}
      />
      {fresh.map((p) => (
        <Stack key={p.postId} gap={4}>
          {p.reviewState === ReviewState.PENDING ? (
            <Text size="sm" role="status">
              Your post has a link, so it waits for a moderator&apos;s review before others see it.
            </Text>
          ) : null}
          <PostCard post={fromPost(p)} />
        </Stack>
      ))}
      {query.isLoading ? <Loading label="Loading the community's posts" /> : null}
      <ErrorAlert error={query.error} title="Could not load the posts" />
      {query.isSuccess && items.length === 0 && fresh.length === 0 ? (
        <Text>No posts here yet{mayPost ? ': write the first one.' : '.'}</Text>
      ) : null}
      <Stack gap="md">
        {items.map((item) => (
          <FeedPost key={item.postId} item={item} community={c} />
        ))}
      </Stack>
      <LoadMore query={query} />
    </Stack>
  );
}

const LINK = { button: 'Add a link', field: 'link', label: 'Link', type: 'url', placeholder: 'https://' };

function CommunityComposer({ community: c, onPosted }: { community: Community; onPosted(p: Post): void }) {
  return (
    <PostComposer
      label={`Post in ${c.name}`}
      optional={LINK}
      post={(text, link, idempotencyKey) =>
        content.createPost({ text, communityId: c.communityId, link, idempotencyKey })
      }
      onPosted={onPosted}
    />
  );
}

function FeedPost({ item, community: c }: { item: FeedItem; community: Community }) {
  const [feature, setFeature] = useState(item.feature);
  return (
    <Stack gap={4}>
      {feature !== Feature.UNSPECIFIED ? (
        <Group gap={6}>
          <Badge variant="light" color={feature === Feature.ANNOUNCEMENT ? 'red' : 'yellow'} c="dark.9">
            {feature === Feature.ANNOUNCEMENT ? 'Announcement' : 'Pinned'}
          </Badge>
        </Group>
      ) : null}
      <PostCard
        post={fromFeedItem(item)}
        actions={<PostActions item={item} community={c} feature={feature} onFeature={setFeature} />}
      />
    </Stack>
  );
}

function PostActions({
  item,
  community: c,
  feature,
  onFeature,
}: {
  item: FeedItem;
  community: Community;
  feature: Feature;
  onFeature(f: Feature): void;
}) {
  const me = useMe();
  const [reporting, setReporting] = useState(false);
  return (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between">
        <VoteButtons item={item} />
        <Group gap="xs">
          {isModerator(c) ? <FeatureButtons postId={item.postId} feature={feature} onFeature={onFeature} /> : null}
          {item.authorId !== me.userId && isMember(c) ? (
            <Button size="compact-sm" variant="subtle" c="dark" aria-expanded={reporting} onClick={() => setReporting((r) => !r)}>
              Report
            </Button>
          ) : null}
        </Group>
      </Group>
      {reporting ? <ReportForm communityId={c.communityId} postId={item.postId} onDone={() => setReporting(false)} /> : null}
    </Stack>
  );
}

function VoteButtons({ item }: { item: FeedItem }) {
  const [state, setState] = useState({ up: item.upvotes, down: item.downvotes, vote: item.viewerVote });
  const vote = useMutation({
    mutationFn: (v: Vote) => content.votePost({ postId: item.postId, vote: v === state.vote ? Vote.UNSPECIFIED : v }),
    onSuccess: (res) => setState({ up: res.upvotes, down: res.downvotes, vote: res.viewerVote }),
  });
  return (
    <div>
      <Group gap={4} role="group" aria-label="Vote on this post">
        <Button
          size="compact-sm"
          variant={state.vote === Vote.UP ? 'filled' : 'default'}
          aria-pressed={state.vote === Vote.UP}
          disabled={vote.isPending}
          onClick={() => vote.mutate(Vote.UP)}
        >
          <span aria-hidden="true">▲</span>
          <VisuallyHidden>Vote up</VisuallyHidden>
          <span style={{ marginLeft: 4 }}>{count(state.up)}</span>
        </Button>
        <Button
          size="compact-sm"
          variant={state.vote === Vote.DOWN ? 'filled' : 'default'}
          aria-pressed={state.vote === Vote.DOWN}
          disabled={vote.isPending}
          onClick={() => vote.mutate(Vote.DOWN)}
        >
          <span aria-hidden="true">▼</span>
          <VisuallyHidden>Vote down</VisuallyHidden>
          <span style={{ marginLeft: 4 }}>{count(state.down)}</span>
        </Button>
      </Group>
      <ErrorAlert error={vote.error} title="Could not vote" />
    </div>
  );
}

function FeatureButtons({ postId, feature, onFeature }: { postId: string; feature: Feature; onFeature(f: Feature): void }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (f: Feature) => {
      await content.featurePost({ postId, feature: f });
      return f;
    },
    onSuccess: (f) => {
      onFeature(f);
      notifySuccess(f === Feature.PINNED ? 'Pinned.' : f === Feature.ANNOUNCEMENT ? 'Made the announcement.' : 'No longer featured.');
      void queryClient.invalidateQueries({ queryKey: ['feed', 'GetCommunityFeed'] });
    },
  });
  return (
    <>
      <Button
        size="compact-sm"
        variant={feature === Feature.PINNED ? 'light' : 'subtle'}
        c="dark"
        aria-pressed={feature === Feature.PINNED}
        loading={mutation.isPending && mutation.variables !== Feature.ANNOUNCEMENT}
        onClick={() => mutation.mutate(feature === Feature.PINNED ? Feature.UNSPECIFIED : Feature.PINNED)}
      >
        Pin
      </Button>
      <Button
        size="compact-sm"
        variant={feature === Feature.ANNOUNCEMENT ? 'light' : 'subtle'}
        c="dark"
        aria-pressed={feature === Feature.ANNOUNCEMENT}
        loading={mutation.isPending && mutation.variables === Feature.ANNOUNCEMENT}
        onClick={() => mutation.mutate(feature === Feature.ANNOUNCEMENT ? Feature.UNSPECIFIED : Feature.ANNOUNCEMENT)}
      >
        Announce
      </Button>
      {mutation.error ? (
        <div style={{ flexBasis: '100%' }}>
          <ErrorAlert error={mutation.error} title="Could not change it" />
        </div>
      ) : null}
    </>
  );
}

function ReportForm({ communityId, postId, onDone }: { communityId: string; postId: string; onDone(): void }) {
  const [reason, setReason] = useState('');
  const report = useMutation({
    mutationFn: () => communities.report({ communityId, target: ReportTarget.POST, targetId: postId, reason: reason.trim() }),
    onSuccess: () => {
      notifySuccess('Thank you: the moderators will look at it.');
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        report.mutate();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label="Why should the moderators look at this post?"
          description="3 to 1000 characters. The author is not told who reported it."
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errorField(report.error) === 'reason' ? true : undefined}
        />
        <FormActions
          error={report.error}
          errorTitle="Could not report"
          pending={report.isPending}
          submitLabel="Send report"
          onCancel={onDone}
          size="xs"
        />
      </Stack>
    </form>
  );
}
