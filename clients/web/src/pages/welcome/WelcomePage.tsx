import { useEffect, useState } from 'react';
import {
  Anchor,
  Button,
  Card,
  Chip,
  Fieldset,
  Group,
  List,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Code, ConnectError } from '@connectrpc/connect';
import { Link, useNavigate } from 'react-router';
import { communities, graph, identity } from '../../api/clients';
import { useProfile } from '../../api/queries';
import { useMe } from '../../api/session';
import type { CommunitySuggestion, PersonSuggestion } from '../../gen/kith/graph/v1/graph_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FollowButton } from '../../components/FollowButton';
import { Loading } from '../../components/Loading';
import { notifySuccess } from '../../components/notify';
import { PageTitle } from '../../components/PageTitle';
import { UserLink } from '../../components/UserLink';

// Kith keeps no catalogue of topics: interests are free text (Profile.interests). These are
// starting points; anything else can be typed in.
const SUGGESTED_TOPICS = [
  'music', 'books', 'photography', 'travel', 'cooking', 'hiking', 'gardening', 'programming',
  'science', 'history', 'art', 'design', 'film', 'gaming', 'football', 'running', 'languages',
  'parenting', 'climate', 'politics',
];

// RPCs: IdentityService.GetProfile and UpdateProfile (interests); GraphService.SuggestPeople,
// Follow, SendFriendRequest, DismissSuggestion; GraphService.SuggestCommunities and
// CommunitiesService.JoinCommunity.
export default function WelcomePage() {
  const me = useMe();
  const navigate = useNavigate();
  return (
    <Stack gap="xl">
      <div>
        <PageTitle>Welcome to Kith, {me.displayName || me.handle}</PageTitle>
        <Text>Tell us what you are into, then follow a few people and join a community or two.</Text>
      </div>
      <InterestsSection />
      <PeopleSection />
      <CommunitiesSection />
      <Group>
        <Button onClick={() => navigate('/')}>Go to my feed</Button>
      </Group>
    </Stack>
  );
}

function InterestsSection() {
  const me = useMe();
  const queryClient = useQueryClient();
  const profile = useProfile(me.userId);
  const [picked, setPicked] = useState<string[]>([]);
  const [custom, setCustom] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (loaded || !profile.data) return;
    const existing = profile.data.interests;
    setPicked(existing.filter((t) => SUGGESTED_TOPICS.includes(t)));
    setCustom(existing.filter((t) => !SUGGESTED_TOPICS.includes(t)));
    setLoaded(true);
  }, [profile.data, loaded]);

  const save = useMutation({
    mutationFn: () => {
      const topics = [...new Set([...picked, ...custom].map((t) => t.trim().toLowerCase()).filter(Boolean))];
      return identity.updateProfile({ interests: { topics } });
    },
    onSuccess: (res) => {
      queryClient.setQueryData(['identity', 'GetProfile', me.userId], res.profile ?? null);
      // Suggestions follow interests (the graph learns of the change shortly).
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['graph'] }), 1500);
      notifySuccess('Interests saved.');
    },
  });

  return (
    <section aria-labelledby="interests-heading">
      <Title order={2} size="h3" id="interests-heading" mb="sm">
        Your interests
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Fieldset legend="Pick some topics" variant="unstyled">
            <Chip.Group multiple value={picked} onChange={setPicked}>
              <Group gap="xs">
                {SUGGESTED_TOPICS.map((t) => (
                  <Chip key={t} value={t} size="sm">
                    {t}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Fieldset>
          <TagsInput
            label="Other interests"
            description="Type a topic and press Enter. Up to 30 in all."
            value={custom}
            onChange={setCustom}
            clearable
          />
          <ErrorAlert error={save.error} title="Could not save your interests" />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save interests
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}

function PeopleSection() {
  const suggestions = useQuery({
    queryKey: ['graph', 'SuggestPeople'],
    queryFn: () => graph.suggestPeople({ limit: 12 }),
  });
  return (
    <section aria-labelledby="people-heading">
      <Title order={2} size="h3" id="people-heading" mb="sm">
        People you may know
      </Title>
      {suggestions.isLoading ? <Loading label="Finding people" /> : null}
      <ErrorAlert error={suggestions.error} title="Could not load suggestions" />
      {suggestions.data && suggestions.data.suggestions.length === 0 ? (
        <Text>No suggestions yet. Add interests above, or follow someone you know, and look again.</Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {suggestions.data?.suggestions.map((s) => <PersonCard key={s.userId} suggestion={s} />)}
      </SimpleGrid>
    </section>
  );
}

function PersonCard({ suggestion }: { suggestion: PersonSuggestion }) {
  const queryClient = useQueryClient();
  const profile = useProfile(suggestion.userId);
  const [error, setError] = useState<unknown>(null);
  const [friendAsked, setFriendAsked] = useState<'asked' | 'friends' | null>(null);
  const name = profile.data?.displayName || profile.data?.handle || 'this person';
  const befriend = useMutation({
    mutationFn: () => graph.sendFriendRequest({ userId: suggestion.userId }),
    onSuccess: (res) => {
      setFriendAsked(res.friends ? 'friends' : 'asked');
      void queryClient.invalidateQueries({ queryKey: ['graph', 'myRelationships'] });
    },
    onError: setError,
  });
  const dismiss = useMutation({
    mutationFn: () => graph.dismissSuggestion({ userId: suggestion.userId }),
    onSuccess: () => {
      queryClient.setQueryData(['graph', 'SuggestPeople'], (old: { suggestions: PersonSuggestion[] } | undefined) =>
        old ? { ...old, suggestions: old.suggestions.filter((s) => s.userId !== suggestion.userId) } : old,
      );
    },
    onError: setError,
  });
  return (
    <Card withBorder padding="sm" component="article">
      <Stack gap="xs">
        <UserLink userId={suggestion.userId} />
        {suggestion.reasons.length ? (
          <List size="sm" aria-label={`Why we suggest ${name}`}>
            {suggestion.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        ) : null}
        <Group gap="xs">
          <FollowButton userId={suggestion.userId} name={name} onError={setError} />
          <Button
            size="xs"
            variant="default"
            disabled={!!friendAsked}
            loading={befriend.isPending}
            onClick={() => befriend.mutate()}
            aria-label={friendAsked ? undefined : `Add friend: ${name}`}
          >
            {friendAsked === 'friends' ? 'Friends' : friendAsked === 'asked' ? 'Friend request sent' : 'Add friend'}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            c="dark"
            loading={dismiss.isPending}
            onClick={() => dismiss.mutate()}
            aria-label={`Not now (stop suggesting ${name})`}
          >
            Not now
          </Button>
        </Group>
        <ErrorAlert error={error} />
      </Stack>
    </Card>
  );
}

function CommunitiesSection() {
  const suggestions = useQuery({
    queryKey: ['graph', 'SuggestCommunities'],
    queryFn: () => graph.suggestCommunities({ limit: 12 }),
  });
  return (
    <section aria-labelledby="communities-heading">
      <Title order={2} size="h3" id="communities-heading" mb="sm">
        Communities for you
      </Title>
      {suggestions.isLoading ? <Loading label="Finding communities" /> : null}
      <ErrorAlert error={suggestions.error} title="Could not load suggestions" />
      {suggestions.data && suggestions.data.suggestions.length === 0 ? (
        <Text>
          No suggestions yet.{' '}
          <Anchor component={Link} to="/communities">
            Browse communities
          </Anchor>
          .
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {suggestions.data?.suggestions.map((s) => <CommunityCard key={s.communityId} suggestion={s} />)}
      </SimpleGrid>
    </section>
  );
}

function CommunityCard({ suggestion }: { suggestion: CommunitySuggestion }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<'joined' | 'needsApproval' | null>(null);
  const join = useMutation({
    mutationFn: () => communities.joinCommunity({ communityId: suggestion.communityId }),
    onSuccess: () => {
      setOutcome('joined');
      void queryClient.invalidateQueries({ queryKey: ['communities'] });
    },
    onError: (err) => {
      // A private community needs a request (with answers) on its own page.
      if (err instanceof ConnectError && err.code === Code.FailedPrecondition) setOutcome('needsApproval');
    },
  });
  return (
    <Card withBorder padding="sm" component="article">
      <Stack gap="xs">
        <Anchor component={Link} to={`/communities/${suggestion.communityId}`} fw={600}>
          {suggestion.name}
        </Anchor>
        {suggestion.reasons.length ? (
          <List size="sm" aria-label={`Why we suggest ${suggestion.name}`}>
            {suggestion.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        ) : null}
        <Group gap="xs">
          <Button
            size="xs"
            disabled={outcome === 'joined'}
            loading={join.isPending}
            onClick={() => join.mutate()}
            aria-label={outcome === 'joined' ? undefined : `Join ${suggestion.name}`}
          >
            {outcome === 'joined' ? 'Joined' : 'Join'}
          </Button>
        </Group>
        {outcome === 'needsApproval' ? (
          <Text size="sm">
            This community approves its members.{' '}
            <Anchor component={Link} to={`/communities/${suggestion.communityId}`}>
              Ask to join on its page
            </Anchor>
            .
          </Text>
        ) : (
          <ErrorAlert error={join.error} title="Could not join" />
        )}
      </Stack>
    </Card>
  );
}
