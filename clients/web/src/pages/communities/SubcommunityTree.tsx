import { Anchor, Group, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { communities } from '../../api/clients';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { plural } from '../../lib/format';
import { RoleBadge, VisibilityBadge } from './CommunityBits';
import { NESTING_LABEL } from './shared';

const MAX_DEPTH = 3;

function useSubcommunities(communityId: string) {
  return useQuery({
    queryKey: ['communities', 'ListSubcommunities', communityId],
    queryFn: () => communities.listSubcommunities({ communityId }),
    select: (res) => res.communities,
  });
}

// RPC: CommunitiesService.ListSubcommunities, for each level (up to three levels down).
export function SubcommunityTree({ communityId, emptyText }: { communityId: string; emptyText?: string }) {
  const subs = useSubcommunities(communityId);
  if (subs.isLoading) return <Loading label="Loading the subcommunities" />;
  if (subs.error) return <ErrorAlert error={subs.error} title="Could not load the subcommunities" />;
  if (!subs.data?.length) return emptyText ? <Text size="sm">{emptyText}</Text> : null;
  return <Level communityId={communityId} depth={1} />;
}

function Level({ communityId, depth }: { communityId: string; depth: number }) {
  const subs = useSubcommunities(communityId);
  if (!subs.data?.length) return null;
  return (
    <List listStyleType="none" withPadding={depth > 1} spacing={4}>
      {subs.data.map((s) => (
        <List.Item key={s.communityId}>
          <Group gap={6}>
            <Text span aria-hidden="true" c="dimmed">
              {'└'}
            </Text>
            <Anchor component={Link} to={`/communities/${s.communityId}`} fw={600}>
              {s.name}
            </Anchor>
            <VisibilityBadge visibility={s.visibility} />
            <RoleBadge role={s.viewerRole} />
            <Text span size="sm" c="dimmed">
              {plural(s.memberCount, 'member')}
              {NESTING_LABEL[s.nesting] ? ` · ${NESTING_LABEL[s.nesting].toLowerCase()}` : ''}
            </Text>
          </Group>
          {depth < MAX_DEPTH ? <Level communityId={s.communityId} depth={depth + 1} /> : null}
        </List.Item>
      ))}
    </List>
  );
}
