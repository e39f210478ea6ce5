import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { communities } from '../../api/clients';
import { useProfile } from '../../api/queries';
import { useMe } from '../../api/session';
import { Role, type Community, type Member } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { UserLink } from '../../components/UserLink';
import { notifySuccess } from '../../components/notify';
import { fullTime, plural } from '../../lib/format';
import { RoleBadge } from './CommunityBits';
import { ROLE_LABEL } from './shared';

// RPCs: CommunitiesService.ListMembers (longest-standing first), ChangeMemberRole (admins and
// the owner), RemoveMember (moderators and up, for members they outrank).
export function CommunityMembers({ community: c }: { community: Community }) {
  const query = useInfiniteQuery({
    queryKey: ['communities', 'ListMembers', c.communityId],
    queryFn: ({ pageParam }) => communities.listMembers({ communityId: c.communityId, cursor: pageParam, pageSize: 50 }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const members = query.data?.pages.flatMap((p) => p.members) ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {plural(c.memberCount, 'member')}, longest-standing first.
      </Text>
      {query.isLoading ? <Loading label="Loading the members" /> : null}
      <ErrorAlert error={query.error} title="Could not load the members" />
      <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {members.map((m) => (
          <MemberRow key={m.userId} member={m} community={c} />
        ))}
      </Stack>
      <LoadMore query={query} />
    </Stack>
  );
}

function MemberRow({ member: m, community: c }: { member: Member; community: Community }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [role, setRole] = useState(m.role);
  const [removed, setRemoved] = useState(false);
  const profile = useProfile(m.userId);
  const name = profile.data?.displayName || profile.data?.handle || 'this member';
  const outranks = c.viewerRole > role && c.viewerRole >= Role.MODERATOR && m.userId !== me.userId;
  // Admins appoint moderators, the owner appoints admins: roles below the caller's own.
  const roleChoices = [Role.MEMBER, Role.MODERATOR, Role.ADMIN].filter((r) => r < c.viewerRole);
  const change = useMutation({
    mutationFn: async (next: Role) => {
      await communities.changeMemberRole({ communityId: c.communityId, userId: m.userId, role: next });
      return next;
    },
    onSuccess: (next) => {
      setRole(next);
      notifySuccess(`Now ${ROLE_LABEL[next].toLowerCase()}.`);
    },
  });
  const remove = useMutation({
    mutationFn: () => communities.removeMember({ communityId: c.communityId, userId: m.userId }),
    onSuccess: () => {
      setRemoved(true);
      notifySuccess('Removed from the community.');
      void queryClient.invalidateQueries({ queryKey: ['communities', 'GetCommunity'] });
    },
  });
  if (removed) return null;
  return (
    <Paper component="li" withBorder p="xs">
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <UserLink userId={m.userId} />
          <RoleBadge role={role} />
          <Text span size="xs" c="dimmed">
            joined {fullTime(m.joinedAt)}
          </Text>
        </Group>
        {outranks ? (
          <Group gap="xs">
            {c.viewerRole >= Role.ADMIN ? (
              <Select
                size="xs"
                w={150}
                aria-label={`Role of ${name}`}
                data={roleChoices.map((r) => ({ value: String(r), label: ROLE_LABEL[r] }))}
                value={String(role)}
                onChange={(v) => v && Number(v) !== role && change.mutate(Number(v) as Role)}
                allowDeselect={false}
                disabled={change.isPending}
              />
            ) : null}
            <Button
              size="compact-sm"
              variant="default"
              c="red.9"
              loading={remove.isPending}
              aria-label={`Remove ${name}`}
              onClick={() => {
                if (window.confirm(`Remove ${name} from the community?`)) remove.mutate();
              }}
            >
              Remove
            </Button>
          </Group>
        ) : null}
      </Group>
      <ErrorAlert error={change.error ?? remove.error} title="That did not work" />
    </Paper>
  );
}
