import { useState } from 'react';
import { Badge, Button, Card, Group, NumberInput, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { recognition } from '../../api/clients';
import { useMe } from '../../api/session';
import type { Community } from '../../gen/kith/communities/v1/communities_pb';
import { LeaderboardWindow, type Badge as EarnedBadge, type LeaderboardEntry } from '../../gen/kith/feed/v1/feed_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { UserLink } from '../../components/UserLink';
import { notifySuccess } from '../../components/notify';
import { CommunityFrame } from '../communities/CommunityBits';
import { canSeeInside, isMember } from '../communities/shared';

// RPCs: RecognitionService.GetLeaderboard (7 days, 30 days, all time), GetMemberStanding (the
// caller's scores, badges and trust level; each leader's badges), SetMentorAvailability,
// RequestMentor.
export default function LeaderboardsPage() {
  const { communityId = '' } = useParams();
  return (
    <CommunityFrame communityRef={communityId} what="Leaderboard">
      {(c) =>
        canSeeInside(c) ? <Leaderboards community={c} /> : <Text>The leaderboard and badges of {c.name} are for its members.</Text>
      }
    </CommunityFrame>
  );
}

/** The badges of recognition (services/feed/.../domain/recognition.py). */
const BADGES: { badge: string; label: string; emoji: string; how: string }[] = [
  { badge: 'first_post', label: 'First post', emoji: '✍️', how: 'wrote a first post here' },
  { badge: 'first_reply', label: 'First reply', emoji: '💬', how: 'wrote a first comment here' },
  { badge: 'helpful', label: 'Helpful', emoji: '🙌', how: '10 comments that got reactions' },
  { badge: 'welcomer', label: 'Welcomer', emoji: '👋', how: "replied to 5 newcomers' posts" },
  { badge: 'well_liked', label: 'Well liked', emoji: '❤️', how: '100 reactions received' },
  { badge: 'event_regular', label: 'Event regular', emoji: '📅', how: 'going to 3 events' },
];

function badgeInfo(badge: string) {
  return BADGES.find((b) => b.badge === badge) ?? { badge, label: badge.replace(/_/g, ' '), emoji: '🏅', how: '' };
}

const TRUST = [
  { level: 0, name: 'Newcomer', from: 0 },
  { level: 1, name: 'Basic', from: 10 },
  { level: 2, name: 'Member', from: 50 },
  { level: 3, name: 'Regular', from: 150 },
];

const WINDOW_CHOICES = [
  { value: String(LeaderboardWindow.LEADERBOARD_WINDOW_7_DAYS), label: '7 days' },
  { value: String(LeaderboardWindow.LEADERBOARD_WINDOW_30_DAYS), label: '30 days' },
  { value: String(LeaderboardWindow.LEADERBOARD_WINDOW_ALL_TIME), label: 'All time' },
];

function score(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function useStanding(communityId: string, userId: string) {
  return useQuery({
    queryKey: ['recognition', 'GetMemberStanding', communityId, userId],
    enabled: !!userId,
    queryFn: () => recognition.getMemberStanding({ communityId, userId }),
    staleTime: 60_000,
    retry: false,
  });
}

function Leaderboards({ community: c }: { community: Community }) {
  const me = useMe();
  const [period, setPeriod] = useState<LeaderboardWindow>(LeaderboardWindow.LEADERBOARD_WINDOW_7_DAYS);
  const board = useQuery({
    queryKey: ['recognition', 'GetLeaderboard', c.communityId, period],
    queryFn: () => recognition.getLeaderboard({ communityId: c.communityId, window: period, limit: 25 }),
    select: (res) => res.entries,
  });
  const top = Math.max(1, ...(board.data ?? []).map((e) => e.score));
  const periodText = period === LeaderboardWindow.LEADERBOARD_WINDOW_ALL_TIME ? 'of all time' : `of the last ${period === LeaderboardWindow.LEADERBOARD_WINDOW_7_DAYS ? 7 : 30} days`;
  return (
    <Stack gap="xl">
      {isMember(c) ? <MyStanding community={c} userId={me.userId} /> : null}
      <section aria-labelledby="board-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="board-heading">
            Most engaged members {periodText}
          </Title>
          <SegmentedControl aria-label="Period" value={String(period)} onChange={(v) => setPeriod(Number(v) as LeaderboardWindow)} data={WINDOW_CHOICES} />
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          Points: a post 5, a comment 3, a reaction given 1, a reaction or reply received 2, going to an event 2.
        </Text>
        {board.isLoading ? <Loading label="Loading the leaderboard" /> : null}
        <ErrorAlert error={board.error} title="Could not load the leaderboard" />
        {board.data && board.data.length === 0 ? <Text>No points yet in this period.</Text> : null}
        <Stack component="ol" gap={6} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {board.data?.map((e) => (
            <LeaderRow key={`${e.rank}-${e.userId}`} entry={e} top={top} communityId={c.communityId} isMe={e.userId === me.userId} />
          ))}
        </Stack>
      </section>
      {isMember(c) ? <Mentoring community={c} /> : null}
    </Stack>
  );
}

// Gold, silver and bronze for the top three (light fills: the rank stays dark on them).
const MEDALS = ['yellow.4', 'gray.4', 'orange.3'];

function LeaderRow({ entry: e, top, communityId, isMe }: { entry: LeaderboardEntry; top: number; communityId: string; isMe: boolean }) {
  const standing = useStanding(communityId, e.hidden ? '' : e.userId);
  return (
    <Paper component="li" withBorder p="xs" bg={isMe ? 'var(--mantine-color-blue-0)' : undefined}>
      <Group gap="sm" wrap="nowrap" align="center">
        <ThemeIcon
          size={36}
          radius="xl"
          variant={e.rank <= 3 ? 'filled' : 'light'}
          color={e.rank <= 3 ? MEDALS[e.rank - 1] : 'gray'}
          c={e.rank <= 3 ? 'dark.9' : 'dark.9'}
          title={`Rank ${e.rank}`}
        >
          <Text fw={800} fz="md" c="dark.9">
            <VisuallyHidden>Rank </VisuallyHidden>
            {e.rank}
          </Text>
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" justify="space-between">
            <Group gap={6}>
              {e.hidden ? (
                <Text c="dimmed">Someone you cannot see</Text>
              ) : (
                <UserLink userId={e.userId} />
              )}
              {isMe ? (
                <Badge size="sm" variant="light" c="dark.9">
                  You
                </Badge>
              ) : null}
              {standing.data?.badges.map((b) => <BadgeChip key={b.badge} badge={b} size="sm" />)}
            </Group>
            <Text fw={700}>{score(e.score)} points</Text>
          </Group>
          <Progress value={(100 * e.score) / top} size="sm" color="blue.8" aria-hidden="true" />
        </Stack>
      </Group>
    </Paper>
  );
}

function BadgeChip({ badge, size = 'md' }: { badge: EarnedBadge; size?: 'sm' | 'md' }) {
  const info = badgeInfo(badge.badge);
  return (
    <Tooltip label={info.how || info.label} withArrow>
      <Badge size={size} variant="light" color="yellow" c="dark" leftSection={<span aria-hidden="true">{info.emoji}</span>} tabIndex={0}>
        {info.label}
      </Badge>
    </Tooltip>
  );
}

function MyStanding({ community: c, userId }: { community: Community; userId: string }) {
  const standing = useStanding(c.communityId, userId);
  const s = standing.data;
  const level = s?.trustLevel ?? 0;
  const next = TRUST[level + 1];
  const month = s?.score30Days ?? 0;
  const earned = new Set(s?.badges.map((b) => b.badge) ?? []);
  return (
    <section aria-labelledby="me-heading">
      <Title order={2} size="h3" id="me-heading" mb="sm">
        Your standing
      </Title>
      {standing.isLoading ? <Loading label="Loading your standing" /> : null}
      <ErrorAlert error={standing.error} title="Could not load your standing" />
      {s ? (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" m={0}>
            {[
              { label: 'Last 7 days', value: s.score7Days },
              { label: 'Last 30 days', value: s.score30Days },
              { label: 'All time', value: s.scoreAllTime },
            ].map((x) => (
              <Card key={x.label} withBorder padding="xs">
                <Text component="dt" size="xs" c="dimmed">
                  {x.label}
                </Text>
                <Text component="dd" m={0} fz={24} fw={700}>
                  {score(x.value)} points
                </Text>
              </Card>
            ))}
            <Card withBorder padding="xs">
              <Text component="dt" size="xs" c="dimmed">
                Trust level
              </Text>
              <Text component="dd" m={0} fz={24} fw={700}>
                {level} · {TRUST[level]?.name}
              </Text>
            </Card>
          </SimpleGrid>
          {next ? (
            <Stack gap={4}>
              <Progress
                value={Math.min(100, (100 * month) / next.from)}
                color="teal.8"
                size="md"
                aria-label={`Trust level ${next.level}: ${score(month)} of ${next.from} points`}
              />
              <Text size="sm">
                {score(Math.max(0, next.from - month))} more points in 30 days to reach level {next.level} ({next.name})
                {next.level === 2 ? ', where you can mentor newcomers' : ''}.
              </Text>
            </Stack>
          ) : (
            <Text size="sm">You are at the highest trust level. Thank you!</Text>
          )}
          <div>
            <Title order={3} size="h4" mb="xs">
              Badges
            </Title>
            <Group gap="xs">
              {BADGES.map((b) =>
                earned.has(b.badge) ? (
                  <BadgeChip key={b.badge} badge={{ badge: b.badge } as EarnedBadge} />
                ) : (
                  <Badge key={b.badge} variant="outline" color="gray" c="dark" leftSection={<span aria-hidden="true">🔒</span>}>
                    {b.label}: {b.how}
                  </Badge>
                ),
              )}
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {earned.size} of {BADGES.length} earned; locked ones say how to earn them.
            </Text>
          </div>
        </Stack>
      ) : null}
    </section>
  );
}

function Mentoring({ community: c }: { community: Community }) {
  const [capacity, setCapacity] = useState<number | string>(3);
  const offer = useMutation({
    mutationFn: async (available: boolean) => {
      await recognition.setMentorAvailability({ communityId: c.communityId, available, capacity: Number(capacity) || 0 });
      return available;
    },
    onSuccess: (available) => notifySuccess(available ? 'You are listed as a mentor.' : 'You are no longer listed as a mentor.'),
  });
  const ask = useMutation({
    mutationFn: () => recognition.requestMentor({ communityId: c.communityId }),
  });
  return (
    <section aria-labelledby="mentor-heading">
      <Title order={2} size="h3" id="mentor-heading" mb="sm">
        Mentoring
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>Find a mentor</Text>
            <Text size="sm">Be matched with an experienced member who shares your interests.</Text>
            {ask.data ? (
              <Text size="sm" role="status">
                Your mentor: <UserLink userId={ask.data.mentorId} />
                {ask.data.sharedInterests.length ? ` (you both like ${ask.data.sharedInterests.join(', ')})` : ''}.
              </Text>
            ) : null}
            <ErrorAlert error={ask.error} title="Could not find a mentor" />
            <Button w="fit-content" size="xs" loading={ask.isPending} onClick={() => ask.mutate()}>
              Find me a mentor
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>Mentor newcomers</Text>
            <Text size="sm">Members from trust level 2 can offer to mentor.</Text>
            <NumberInput label="How many newcomers at a time" min={1} max={10} value={capacity} onChange={setCapacity} w={240} />
            <ErrorAlert error={offer.error} title="Could not change it" />
            <Group gap="xs">
              <Button size="xs" loading={offer.isPending && offer.variables} onClick={() => offer.mutate(true)}>
                Offer to mentor
              </Button>
              <Button size="xs" variant="default" loading={offer.isPending && !offer.variables} onClick={() => offer.mutate(false)}>
                Stop mentoring
              </Button>
            </Group>
          </Stack>
        </Card>
      </SimpleGrid>
    </section>
  );
}
