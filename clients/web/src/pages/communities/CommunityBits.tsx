// Small pieces the community pages share: badges, cards, breadcrumbs, the join button, and the
// frame of the per-community pages (moderation, health, leaderboards).
import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Breadcrumbs, Button, Card, Group, List, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Code, ConnectError } from '@connectrpc/connect';
import { Link } from 'react-router';
import { communities } from '../../api/clients';
import { Role, Visibility, type Community } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { notifySuccess } from '../../components/notify';
import { plural } from '../../lib/format';
import { ROLE_LABEL, VISIBILITY_LABEL, useAncestors, useCommunityRef } from './shared';

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const color = visibility === Visibility.HIDDEN ? 'grape' : visibility === Visibility.PRIVATE ? 'orange' : 'teal';
  return (
    <Badge variant="light" color={color} c="dark.9">
      {VISIBILITY_LABEL[visibility]}
    </Badge>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  if (role === Role.UNSPECIFIED) return null;
  const color = role >= Role.ADMIN ? 'indigo' : role === Role.MODERATOR ? 'cyan' : 'gray';
  return (
    <Badge variant="light" color={color} c="dark.9">
      {ROLE_LABEL[role]}
    </Badge>
  );
}

/** Join a public community from a list; a private one sends people to its page (questions). */
export function JoinButton({ community }: { community: Community }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<'joined' | 'needsApproval' | null>(null);
  const join = useMutation({
    mutationFn: () => communities.joinCommunity({ communityId: community.communityId }),
    onSuccess: () => {
      setOutcome('joined');
      notifySuccess(`You joined ${community.name}.`);
      void queryClient.invalidateQueries({ queryKey: ['communities'] });
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
    },
    onError: (err) => {
      if (err instanceof ConnectError && err.code === Code.FailedPrecondition) setOutcome('needsApproval');
    },
  });
  if (community.viewerRole !== Role.UNSPECIFIED && outcome !== 'joined') return null;
  if (community.visibility !== Visibility.PUBLIC || outcome === 'needsApproval') {
    return (
      <Anchor component={Link} to={`/communities/${community.communityId}`} size="sm">
        Ask to join {community.name}
      </Anchor>
    );
  }
  return (
    <Stack gap={4}>
      <Button
        size="xs"
        w="fit-content"
        disabled={outcome === 'joined'}
        loading={join.isPending}
        onClick={() => join.mutate()}
        aria-label={outcome === 'joined' ? undefined : `Join ${community.name}`}
      >
        {outcome === 'joined' ? 'Joined' : 'Join'}
      </Button>
      <ErrorAlert error={join.error} title="Could not join" />
    </Stack>
  );
}

interface CommunityCardProps {
  community: Community;
  reasons?: string[];
  withJoin?: boolean;
  extra?: ReactNode;
}

/** A community in a list: name (a link), visibility, members, the caller's role, topics. */
export function CommunityCard({ community: c, reasons, withJoin = false, extra }: CommunityCardProps) {
  return (
    <Card withBorder padding="sm" component="article" aria-label={c.name}>
      <Stack gap={6}>
        <Anchor component={Link} to={`/communities/${c.communityId}`} fw={700}>
          {c.name}
        </Anchor>
        <Group gap={6}>
          <VisibilityBadge visibility={c.visibility} />
          <RoleBadge role={c.viewerRole} />
          {c.parentId ? (
            <Badge variant="outline" color="gray" c="dark">
              Subcommunity
            </Badge>
          ) : null}
          {c.archivedAt ? (
            <Badge variant="light" color="gray" c="dark">
              Archived
            </Badge>
          ) : null}
          <Text span size="sm" c="dimmed">
            {plural(c.memberCount, 'member')}
          </Text>
        </Group>
        {c.description ? (
          <Text size="sm" lineClamp={3}>
            {c.description}
          </Text>
        ) : null}
        {c.topics.length ? (
          <Text size="sm" c="dimmed">
            Topics: {c.topics.join(', ')}
          </Text>
        ) : null}
        {reasons?.length ? (
          <List size="sm" aria-label={`Why we suggest ${c.name}`}>
            {reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        ) : null}
        {withJoin ? <JoinButton community={c} /> : null}
        {extra}
      </Stack>
    </Card>
  );
}

/** Communities › parents › this one, as a navigation landmark named "Breadcrumb". */
export function CommunityBreadcrumbs({ community, current }: { community: Community; current?: string }) {
  const ancestors = useAncestors(community.parentId);
  const items: ReactNode[] = [
    <Anchor component={Link} to="/communities" key="all" size="sm">
      Communities
    </Anchor>,
  ];
  if (ancestors.data?.truncated) {
    items.push(
      <Text span size="sm" key="more" c="dimmed">
        …
      </Text>,
    );
  }
  for (const a of ancestors.data?.chain ?? []) {
    items.push(
      <Anchor component={Link} to={`/communities/${a.communityId}`} key={a.communityId} size="sm">
        {a.name}
      </Anchor>,
    );
  }
  if (current) {
    items.push(
      <Anchor component={Link} to={`/communities/${community.communityId}`} key={community.communityId} size="sm">
        {community.name}
      </Anchor>,
    );
  }
  items.push(
    <Text span size="sm" key="here" aria-current="page">
      {current ?? community.name}
    </Text>,
  );
  return (
    <nav aria-label="Breadcrumb">
      <Breadcrumbs separator="›" mb="xs" style={{ flexWrap: 'wrap' }}>
        {items}
      </Breadcrumbs>
    </nav>
  );
}

interface CommunityFrameProps {
  /** The route's community id (or slug). */
  communityRef: string;
  /** What the page is, e.g. "Moderation": the title becomes "Moderation: Saturday Walkers". */
  what: string;
  children(community: Community): ReactNode;
}

/** The frame of a per-community page: loads the community, shows "not found or not visible to
 * you" when it is absent or hidden, else the breadcrumb, the title and the page. */
export function CommunityFrame({ communityRef, what, children }: CommunityFrameProps) {
  const community = useCommunityRef(communityRef);
  if (community.isLoading) {
    return (
      <>
        <PageTitle>{what}</PageTitle>
        <Loading label="Loading the community" />
      </>
    );
  }
  const c = community.data;
  if (!c) {
    return (
      <>
        <PageTitle>{what}</PageTitle>
        <ErrorAlert error={community.error} title="Could not load the community" />
        {!community.error ? <Text>Not found or not visible to you.</Text> : null}
      </>
    );
  }
  return (
    <Stack>
      <div>
        <CommunityBreadcrumbs community={c} current={what} />
        <PageTitle title={`${what}: ${c.name}`}>
          {what}: {c.name}
        </PageTitle>
      </div>
      {children(c)}
    </Stack>
  );
}
