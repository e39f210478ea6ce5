import { Anchor, Avatar, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { content, graph, identity } from '../../api/clients';
import { useProfile } from '../../api/queries';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { PostCard } from '../../components/PostCard';
import { fromPost } from '../../components/postView';
import { count, fullTime } from '../../lib/format';
import { RelationshipButtons } from './RelationshipButtons';
import { MessageButton } from '../conversations/MessageButton';

/** /people/:userRef takes a user id, or "@handle" (looked up with SearchPeople: identity has no
 * public lookup by handle). */
function useUserId(userRef: string) {
  const isHandle = userRef.startsWith('@');
  const handle = userRef.slice(1).toLowerCase();
  const lookup = useQuery({
    queryKey: ['identity', 'SearchPeople', 'exact', handle],
    enabled: isHandle && handle.length > 0,
    queryFn: async () => {
      const res = await identity.searchPeople({ query: handle, pageSize: 50 });
      return res.people.find((p) => p.handle.toLowerCase() === handle)?.userId ?? null;
    },
  });
  if (!isHandle) return { userId: userRef, isLoading: false, error: null, missing: false };
  return { userId: lookup.data ?? undefined, isLoading: lookup.isLoading, error: lookup.error, missing: lookup.data === null };
}

// RPCs: IdentityService.GetProfile (SearchPeople for /people/@handle), GraphService.GetCounts,
// ListMutualFriends and the relationship buttons, ContentService.ListUserPosts.
export default function ProfilePage() {
  const { userRef = '' } = useParams();
  const me = useMe();
  const ref = useUserId(userRef);
  const userId = ref.userId;
  const profile = useProfile(userId);
  const isMe = userId === me.userId;
  const counts = useQuery({
    queryKey: ['graph', 'GetCounts', userId],
    enabled: !!userId && !!profile.data,
    queryFn: () => graph.getCounts({ userId }),
  });
  const mutual = useQuery({
    queryKey: ['graph', 'ListMutualFriends', userId],
    enabled: !!userId && !!profile.data && !isMe,
    queryFn: () => graph.listMutualFriends({ userId, pageSize: 10 }),
  });
  const posts = useInfiniteQuery({
    queryKey: ['content', 'ListUserPosts', userId],
    enabled: !!userId && !!profile.data,
    queryFn: ({ pageParam }) => content.listUserPosts({ userId, cursor: pageParam, pageSize: 20 }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });

  if (ref.isLoading || profile.isLoading) {
    return (
      <>
        <PageTitle>Profile</PageTitle>
        <Loading label="Loading the profile" />
      </>
    );
  }
  const p = profile.data;
  if (!p) {
    return (
      <>
        <PageTitle>Profile</PageTitle>
        <ErrorAlert error={ref.error ?? profile.error} title="Could not load the profile" />
        {!ref.error && !profile.error ? <Text>Not found or not visible to you.</Text> : null}
      </>
    );
  }
  const name = p.displayName || p.handle;
  const postList = posts.data?.pages.flatMap((page) => page.posts) ?? [];

  return (
    <Stack>
      <Card withBorder component="section" aria-label="Profile">
        <Group align="flex-start" wrap="nowrap">
          <Avatar src={p.avatarUrl || null} alt={p.avatarUrl ? `${name}'s picture` : undefined} size={72} radius="xl" color="blue">
            {name.slice(0, 2).toUpperCase()}
          </Avatar>
          <Stack gap={4} style={{ flex: 1 }}>
            <PageTitle title={name}>
              {name}{' '}
              <Text span c="dimmed" fz="lg" fw={400}>
                @{p.handle}
              </Text>
            </PageTitle>
            {p.bio ? <Text style={{ whiteSpace: 'pre-wrap' }}>{p.bio}</Text> : null}
            <Group gap="md">
              {p.location ? <Text size="sm">📍 {p.location}</Text> : null}
              {p.language ? <Text size="sm">Language: {p.language}</Text> : null}
              {p.createdAt ? <Text size="sm" c="dimmed">Joined {fullTime(p.createdAt)}</Text> : null}
            </Group>
            {p.interests.length ? (
              <Group gap={6} aria-label="Interests">
                {p.interests.map((t) => (
                  <Badge key={t} variant="light" color="blue" c="blue.9">
                    {t}
                  </Badge>
                ))}
              </Group>
            ) : null}
            {p.restricted && !isMe ? (
              <Text size="sm" c="dimmed">
                {name} shares their details with their connections only.
              </Text>
            ) : null}
            {counts.data ? (
              <Group gap="md">
                <Text size="sm">
                  <strong>{count(counts.data.followers)}</strong> followers
                </Text>
                <Text size="sm">
                  <strong>{count(counts.data.following)}</strong> following
                </Text>
                <Text size="sm">
                  <strong>{count(counts.data.friends)}</strong> friends
                </Text>
                {mutual.data && mutual.data.total > 0n ? (
                  <Text size="sm">
                    <strong>{count(mutual.data.total)}</strong> mutual friends
                  </Text>
                ) : null}
              </Group>
            ) : null}
            <ErrorAlert error={counts.error} title="Could not load the counts" />
            {isMe ? (
              <Group>
                <Button component={Link} to="/welcome" variant="default" size="sm">
                  Edit interests and find people
                </Button>
              </Group>
            ) : (
              <>
                <RelationshipButtons userId={p.userId} name={name} />
                <MessageButton userId={p.userId} name={name} />
              </>
            )}
          </Stack>
        </Group>
      </Card>

      <section aria-labelledby="posts-heading">
        <Title order={2} size="h3" id="posts-heading" mb="sm">
          Posts
        </Title>
        <Stack>
          {posts.isLoading ? <Loading label="Loading posts" /> : null}
          <ErrorAlert error={posts.error} title="Could not load the posts" />
          {posts.isSuccess && postList.length === 0 ? <Text>No posts to show.</Text> : null}
          {postList.map((post) => (
            <PostCard key={post.postId} post={fromPost(post)} />
          ))}
          <LoadMore query={posts} />
        </Stack>
      </section>
      {!isMe ? (
        <Text size="sm">
          <Anchor component={Link} to="/">
            Back to your feed
          </Anchor>
        </Text>
      ) : null}
    </Stack>
  );
}
