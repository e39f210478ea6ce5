import { Alert, Anchor, Badge, Button, Group, List, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { communities } from '../../api/clients';
import { type Community } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { fullTime, plural } from '../../lib/format';
import { CommunityBreadcrumbs, RoleBadge, VisibilityBadge } from './CommunityBits';
import { CommunityEvents } from './CommunityEvents';
import { CommunityFeed } from './CommunityFeed';
import { CommunityMembers } from './CommunityMembers';
import { Membership } from './Membership';
import { SubcommunityTree } from './SubcommunityTree';
import { NESTING_LABEL, POSTING_LABEL, VISIBILITY_HELP, canSeeInside, isAdmin, isModerator, useCommunityRef } from './shared';

const TABS = ['posts', 'events', 'members', 'about'] as const;
type Tab = (typeof TABS)[number];

// /communities/:id takes a community id or its slug (/communities/demo-walkers).
// RPCs: CommunitiesService.GetCommunity (by id or slug; the parents for the breadcrumb),
// ListSubcommunities, JoinCommunity / RequestToJoin / LeaveCommunity, ListMembers,
// ChangeMemberRole, RemoveMember, ListEvents, CreateEvent, Report; FeedService.GetCommunityFeed;
// ContentService.CreatePost, VotePost, FeaturePost.
export default function CommunityPage() {
  const { id = '' } = useParams();
  const community = useCommunityRef(id);
  if (community.isLoading) {
    return (
      <>
        <PageTitle>Community</PageTitle>
        <Loading label="Loading the community" />
      </>
    );
  }
  const c = community.data;
  if (!c) {
    return (
      <>
        <PageTitle>Community</PageTitle>
        <ErrorAlert error={community.error} title="Could not load the community" />
        {!community.error ? (
          <Text>
            Not found or not visible to you.{' '}
            <Anchor component={Link} to="/communities">
              Find communities
            </Anchor>
            .
          </Text>
        ) : null}
      </>
    );
  }
  return <CommunityView community={c} />;
}

function CommunityView({ community: c }: { community: Community }) {
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) ? tabParam : 'posts';
  const inside = canSeeInside(c);

  return (
    <Stack>
      <div>
        <CommunityBreadcrumbs community={c} />
        <PageTitle>{c.name}</PageTitle>
        <Group gap={6}>
          <VisibilityBadge visibility={c.visibility} />
          <RoleBadge role={c.viewerRole} />
          {c.archivedAt ? (
            <Badge variant="light" color="gray" c="dark">
              Archived
            </Badge>
          ) : null}
          <Text span size="sm">
            {plural(c.memberCount, 'member')}
          </Text>
          {c.parentId && NESTING_LABEL[c.nesting] ? (
            <Text span size="sm" c="dimmed">
              · subcommunity: {NESTING_LABEL[c.nesting].toLowerCase()}
            </Text>
          ) : null}
        </Group>
      </div>
      {c.description ? <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text> : null}
      {c.purpose ? (
        <Text size="sm">
          <strong>Purpose:</strong> {c.purpose}
        </Text>
      ) : null}
      {c.topics.length ? (
        <Group gap={6}>
          <Text size="sm">Topics:</Text>
          {c.topics.map((t) => (
            <Anchor key={t} component={Link} to={`/communities?topic=${encodeURIComponent(t)}`} size="sm">
              {t}
            </Anchor>
          ))}
        </Group>
      ) : null}

      <Membership community={c} />

      {c.viewerIsNewcomer && (c.welcomeMessage || c.rules.length) ? (
        <Alert color="teal" variant="light" title={`Welcome to ${c.name}`} role="status" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}>
          {c.welcomeMessage ? <Text size="sm">{c.welcomeMessage}</Text> : null}
          {c.rules.length ? <Text size="sm">Please read the rules in the About tab.</Text> : null}
        </Alert>
      ) : null}

      {inside || isModerator(c) ? (
        <Group gap="xs" component="nav" aria-label="Community tools">
          {inside ? (
            <Button component={Link} to={`/leaderboards/${c.communityId}`} variant="default" size="xs">
              Leaderboard and badges
            </Button>
          ) : null}
          {isModerator(c) ? (
            <>
              <Button component={Link} to={`/moderation/${c.communityId}`} variant="default" size="xs">
                Moderation queue
              </Button>
              <Button component={Link} to={`/health/${c.communityId}`} variant="default" size="xs">
                Community health
              </Button>
            </>
          ) : null}
        </Group>
      ) : null}

      <SubcommunitiesSection community={c} />

      {inside ? (
        <Tabs
          value={tab}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (!v || v === 'posts') next.delete('tab');
            else next.set('tab', v);
            setParams(next, { replace: true });
          }}
          keepMounted={false}
        >
          <Tabs.List aria-label="Community sections">
            <Tabs.Tab value="posts">Posts</Tabs.Tab>
            <Tabs.Tab value="events">Events</Tabs.Tab>
            <Tabs.Tab value="members">Members</Tabs.Tab>
            <Tabs.Tab value="about">About</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="posts" pt="md">
            <CommunityFeed community={c} />
          </Tabs.Panel>
          <Tabs.Panel value="events" pt="md">
            <CommunityEvents community={c} />
          </Tabs.Panel>
          <Tabs.Panel value="members" pt="md">
            <CommunityMembers community={c} />
          </Tabs.Panel>
          <Tabs.Panel value="about" pt="md">
            <About community={c} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <>
          <Text>Posts, events and members of {c.name} are for its members.</Text>
          <About community={c} />
        </>
      )}
    </Stack>
  );
}

function SubcommunitiesSection({ community: c }: { community: Community }) {
  const subs = useQuery({
    queryKey: ['communities', 'ListSubcommunities', c.communityId],
    queryFn: () => communities.listSubcommunities({ communityId: c.communityId }),
    select: (res) => res.communities,
  });
  const admin = isAdmin(c) && !c.archivedAt;
  if (!admin && !subs.data?.length && !subs.error) return null;
  return (
    <section aria-labelledby="subs-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="subs-heading">
          Subcommunities
        </Title>
        {admin ? (
          <Anchor component={Link} to={`/communities?create=1&parent=${c.communityId}`} size="sm">
            Create a subcommunity
          </Anchor>
        ) : null}
      </Group>
      <SubcommunityTree communityId={c.communityId} emptyText="None yet." />
    </section>
  );
}

function About({ community: c }: { community: Community }) {
  return (
    <Stack gap="sm">
      <Text size="sm">
        <strong>Visibility:</strong> {VISIBILITY_HELP[c.visibility]}
      </Text>
      <Text size="sm">
        <strong>Posting:</strong> {POSTING_LABEL[c.postingPolicy]}.
      </Text>
      {c.createdAt ? (
        <Text size="sm">
          <strong>Created:</strong> {fullTime(c.createdAt)}
        </Text>
      ) : null}
      <Text size="sm">
        <strong>Address:</strong>{' '}
        <Anchor component={Link} to={`/communities/${c.slug}`}>
          /communities/{c.slug}
        </Anchor>
      </Text>
      {c.welcomeMessage ? (
        <div>
          <Title order={2} size="h5">
            Welcome message
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.welcomeMessage}
          </Text>
        </div>
      ) : null}
      <div>
        <Title order={2} size="h5">
          Rules
        </Title>
        {c.rules.length ? (
          <List type="ordered" size="sm">
            {c.rules.map((r, i) => (
              <List.Item key={i}>{r}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">No rules written down.</Text>
        )}
      </div>
      {c.membershipQuestions.length ? (
        <div>
          <Title order={2} size="h5">
            Questions for people asking to join
          </Title>
          <List size="sm">
            {c.membershipQuestions.map((q) => (
              <List.Item key={q}>{q}</List.Item>
            ))}
          </List>
        </div>
      ) : null}
    </Stack>
  );
}
