import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Chip, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { communities, graph } from '../../api/clients';
import { useCommunity, useMyCommunities } from '../../api/queries';
import type { Community } from '../../gen/kith/communities/v1/communities_pb';
import type { CommunitySuggestion } from '../../gen/kith/graph/v1/graph_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { CommunityCard } from './CommunityBits';
import { CreateCommunityForm } from './CreateCommunityForm';

const PAGE_SIZE = 24;

// RPCs: CommunitiesService.ListMyCommunities (yours), SearchCommunities (full-text search),
// ListCommunities (the directory of one topic), CreateCommunity (+ UpdateCommunity for the
// membership questions), JoinCommunity; GraphService.SuggestCommunities (suggestions, reasons).
// The URL keeps the search: ?q=words or ?topic=walking; ?create=1&parent=<id> opens the form.
export default function CommunitiesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const topic = params.get('topic') ?? '';
  const creating = params.get('create') === '1';

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <PageTitle>Communities</PageTitle>
        {!creating ? (
          <Button onClick={() => update({ create: '1' })} aria-expanded={false}>
            Create a community
          </Button>
        ) : null}
      </Group>
      {creating ? (
        <CreateCommunityForm initialParentId={params.get('parent') ?? ''} onCancel={() => update({ create: '', parent: '' })} />
      ) : null}
      <FindSection q={q} topic={topic} onSearch={(words) => update({ q: words, topic: '' })} onTopic={(t) => update({ topic: t, q: '' })} />
      <MineSection />
      <SuggestedSection onTopic={(t) => update({ topic: t, q: '' })} />
    </Stack>
  );
}

function MineSection() {
  const mine = useMyCommunities();
  return (
    <section aria-labelledby="mine-heading">
      <Title order={2} size="h3" id="mine-heading" mb="sm">
        Your communities
      </Title>
      {mine.isLoading ? <Loading label="Loading your communities" /> : null}
      <ErrorAlert error={mine.error} title="Could not load your communities" />
      {mine.data && mine.data.length === 0 ? <Text>You are not in any community yet. Find one below, or create your own.</Text> : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {mine.data?.map((c) => <CommunityCard key={c.communityId} community={c} />)}
      </SimpleGrid>
    </section>
  );
}

interface FindProps {
  q: string;
  topic: string;
  onSearch(q: string): void;
  onTopic(topic: string): void;
}

function FindSection({ q, topic, onSearch, onTopic }: FindProps) {
  const [words, setWords] = useState(q);
  useEffect(() => setWords(q), [q]);
  const mine = useMyCommunities();
  // Topics to browse: those of the caller's communities, most common first.
  const counts = new Map<string, number>();
  for (const c of mine.data ?? []) for (const t of c.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const topics = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t).slice(0, 12);
  if (topic && !topics.includes(topic)) topics.unshift(topic);

  return (
    <section aria-labelledby="find-heading">
      <Title order={2} size="h3" id="find-heading" mb="sm">
        Find communities
      </Title>
      <Stack gap="sm">
        <form
          role="search"
          aria-label="Communities"
          onSubmit={(e) => {
            e.preventDefault();
            onSearch(words.trim());
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Search communities"
              description='Names, topics, descriptions. Use "quotes" for a phrase, -word to leave out.'
              value={words}
              onChange={(e) => setWords(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            <Button type="submit">Search</Button>
          </Group>
        </form>
        <TopicChooser topics={topics} value={topic} onChange={onTopic} />
        {q ? <SearchResults q={q} /> : topic ? <TopicResults topic={topic} /> : null}
      </Stack>
    </section>
  );
}

function TopicChooser({ topics, value, onChange }: { topics: string[]; value: string; onChange(t: string): void }) {
  const [own, setOwn] = useState('');
  return (
    <Stack gap={6}>
      <Group gap="xs" align="flex-end">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (own.trim()) onChange(own.trim().toLowerCase());
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput label="Browse a topic" value={own} onChange={(e) => setOwn(e.currentTarget.value)} w={220} />
            <Button type="submit" variant="default">
              Browse
            </Button>
          </Group>
        </form>
      </Group>
      {topics.length ? (
        <Chip.Group multiple={false} value={value} onChange={(v) => onChange(v === value ? '' : v)}>
          <Group gap={6} role="group" aria-label="Topics of your communities">
            {topics.map((t) => (
              <Chip key={t} value={t} size="sm" variant="outline">
                {t}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      ) : null}
    </Stack>
  );
}

function ResultList({
  heading,
  query,
  empty,
}: {
  heading: string;
  query: {
    data?: { pages: { communities: Community[] }[] };
    isLoading: boolean;
    isSuccess: boolean;
    error: unknown;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage(): unknown;
  };
  empty: string;
}) {
  const list = query.data?.pages.flatMap((p) => p.communities) ?? [];
  return (
    <Stack gap="sm" aria-live="polite">
      <Title order={3} size="h4">
        {heading}
      </Title>
      {query.isLoading ? <Loading label="Searching" /> : null}
      <ErrorAlert error={query.error} title="Could not search" />
      {query.isSuccess && list.length === 0 ? <Text>{empty}</Text> : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {list.map((c) => (
          <CommunityCard key={c.communityId} community={c} withJoin />
        ))}
      </SimpleGrid>
      <LoadMore query={query} />
    </Stack>
  );
}

function SearchResults({ q }: { q: string }) {
  const query = useInfiniteQuery({
    queryKey: ['communities', 'SearchCommunities', q],
    queryFn: ({ pageParam }) => communities.searchCommunities({ query: q, cursor: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  return <ResultList heading={`Communities matching “${q}”`} query={query} empty="No community matches. Try other words." />;
}

function TopicResults({ topic }: { topic: string }) {
  const query = useInfiniteQuery({
    queryKey: ['communities', 'ListCommunities', topic],
    queryFn: ({ pageParam }) => communities.listCommunities({ topic, cursor: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  return <ResultList heading={`Communities about “${topic}”, largest first`} query={query} empty="No community has this topic yet." />;
}

function SuggestedSection({ onTopic }: { onTopic(t: string): void }) {
  const suggestions = useQuery({
    queryKey: ['graph', 'SuggestCommunities', 'communities-page'],
    queryFn: () => graph.suggestCommunities({ limit: 12 }),
  });
  const list = suggestions.data?.suggestions ?? [];
  const interests = [...new Set(list.flatMap((s) => s.matchingInterests))].slice(0, 10);
  return (
    <section aria-labelledby="suggested-heading">
      <Title order={2} size="h3" id="suggested-heading" mb="sm">
        Suggested for you
      </Title>
      {suggestions.isLoading ? <Loading label="Finding communities for you" /> : null}
      <ErrorAlert error={suggestions.error} title="Could not load suggestions" />
      {suggestions.isSuccess && list.length === 0 ? (
        <Text>No suggestions right now. Follow people or add interests to your profile to get some.</Text>
      ) : null}
      {interests.length ? (
        <Group gap={6} mb="sm">
          <Text size="sm">Your interests:</Text>
          {interests.map((t) => (
            <Button key={t} size="compact-sm" variant="light" onClick={() => onTopic(t)} aria-label={`Browse ${t}`}>
              {t}
            </Button>
          ))}
        </Group>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {list.map((s) => (
          <SuggestionCard key={s.communityId} suggestion={s} />
        ))}
      </SimpleGrid>
    </section>
  );
}

/** A suggestion names the community; its card needs the rest (GetCommunity, cached). */
function SuggestionCard({ suggestion }: { suggestion: CommunitySuggestion }) {
  const community = useCommunity(suggestion.communityId);
  if (!community.data) {
    return (
      <Card withBorder padding="sm" component="article" aria-label={suggestion.name}>
        <Anchor component={Link} to={`/communities/${suggestion.communityId}`} fw={700}>
          {suggestion.name}
        </Anchor>
        {community.isLoading ? <Loading label={`Loading ${suggestion.name}`} /> : null}
      </Card>
    );
  }
  return <CommunityCard community={community.data} reasons={suggestion.reasons} withJoin />;
}
