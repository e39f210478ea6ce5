import { useState } from 'react';
import { Button, Center, SegmentedControl, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { feed } from '../../api/clients';
import { useLiveItems } from '../../api/live';
import { FeedOrder } from '../../gen/kith/feed/v1/feed_pb';
import type { Post } from '../../gen/kith/content/v1/content_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { PostCard } from '../../components/PostCard';
import { fromFeedItem, fromPost } from '../../components/postView';
import { Composer } from './Composer';

const PAGE_SIZE = 20;

// RPCs: FeedService.GetHomeFeed (order LATEST or RANKED, cursor paging; each FeedItem carries
// `reasons` and, ranked, `score`), ContentService.CreatePost through the composer.
export default function HomePage() {
  const [order, setOrder] = useState<FeedOrder>(FeedOrder.LATEST);
  // Posts made here show at once: the feed read model takes a moment to include them.
  const [justPosted, setJustPosted] = useState<Post[]>([]);
  const query = useInfiniteQuery({
    queryKey: ['feed', 'GetHomeFeed', order],
    queryFn: ({ pageParam }) => feed.getHomeFeed({ order, cursor: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const inFeed = new Set(items.map((i) => i.postId));
  const fresh = justPosted.filter((p) => !inFeed.has(p.postId));
  // The live channel's HomeFeedHint: new posts are in the feed. Offer them rather than moving
  // the feed under the reader (one's own new posts show at once already).
  const queryClient = useQueryClient();
  const [newPosts, setNewPosts] = useState(false);
  useLiveItems('homeFeed', (hint) => {
    if (!inFeed.has(hint.postId) && !justPosted.some((p) => p.postId === hint.postId)) setNewPosts(true);
  });
  useLiveItems('resync', () => setNewPosts(true));
  const showNewPosts = () => {
    setNewPosts(false);
    void queryClient.resetQueries({ queryKey: ['feed', 'GetHomeFeed', order] });
  };

  return (
    <Stack>
      <PageTitle>Home</PageTitle>
      <Composer onPosted={(post) => setJustPosted((list) => [post, ...list])} />
      <SegmentedControl
        aria-label="Feed order"
        value={String(order)}
        onChange={(v) => setOrder(Number(v) as FeedOrder)}
        data={[
          { value: String(FeedOrder.LATEST), label: 'Latest' },
          { value: String(FeedOrder.RANKED), label: 'Top for you' },
        ]}
        w="fit-content"
      />
      <div aria-live="polite">
        {newPosts ? (
          <Center>
            <Button size="sm" radius="xl" onClick={showNewPosts}>
              New posts — show
            </Button>
          </Center>
        ) : null}
      </div>
      {fresh.map((p) => (
        <PostCard key={p.postId} post={fromPost(p)} />
      ))}
      {query.isLoading ? <Loading label="Loading your feed" /> : null}
      <ErrorAlert error={query.error} title="Could not load your feed" />
      {query.isSuccess && items.length === 0 && fresh.length === 0 ? (
        <Text>Your feed is empty. Follow people or join communities to see their posts here.</Text>
      ) : null}
      <Stack component="section" aria-label="Feed" gap="md">
        {items.map((item) => (
          <PostCard
            key={item.postId}
            post={fromFeedItem(item)}
            reasons={item.reasons}
            score={order === FeedOrder.RANKED ? item.score : undefined}
          />
        ))}
      </Stack>
      <LoadMore query={query} />
      {!query.hasNextPage && query.isSuccess && items.length > 0 ? (
        <Text ta="center" c="dimmed" size="sm">
          You are all caught up.
        </Text>
      ) : null}
    </Stack>
  );
}
