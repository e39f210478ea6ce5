import { useState, type ReactNode } from 'react';
import { AreaChart, BarChart, GaugeChart, LineChart } from '@mantine/charts';
import { Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { insights } from '../../api/clients';
import type { Community } from '../../gen/kith/communities/v1/communities_pb';
import type { Cohort, CommunityDay, GetCommunityHealthResponse } from '../../gen/kith/feed/v1/feed_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { count } from '../../lib/format';
import { CommunityFrame } from '../communities/CommunityBits';
import { isModerator } from '../communities/shared';

// RPC: CommunityInsightsService.GetCommunityHealth (moderators and up): the daily figures of the
// window, cohorts and the health index; asked for 7, 30 and 90 days to draw the index's trend.
export default function HealthPage() {
  const { communityId = '' } = useParams();
  return (
    <CommunityFrame communityRef={communityId} what="Community health">
      {(c) =>
        isModerator(c) ? <Health community={c} /> : <Text>Only the moderators of {c.name} see its health.</Text>
      }
    </CommunityFrame>
  );
}

const WINDOWS = [7, 30, 90] as const;

function useHealth(communityId: string, days: number) {
  return useQuery({
    queryKey: ['insights', 'GetCommunityHealth', communityId, days],
    queryFn: () => insights.getCommunityHealth({ communityId, days }),
    staleTime: 60_000,
  });
}

const shortDate = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "2026-12-05" → "Dec 5" (the days are UTC days). */
function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : shortDate.format(d);
}

function Health({ community: c }: { community: Community }) {
  const [days, setDays] = useState<number>(30);
  const health = useHealth(c.communityId, days);
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        Figures by UTC day, from the community&apos;s own activity. Only moderators see this page.
      </Text>
      <SegmentedControl
        aria-label="Period"
        w="fit-content"
        value={String(days)}
        onChange={(v) => setDays(Number(v))}
        data={WINDOWS.map((d) => ({ value: String(d), label: `Last ${d} days` }))}
      />
      {health.isLoading ? <Loading label="Loading the community's health" /> : null}
      <ErrorAlert error={health.error} title="Could not load the health figures" />
      {health.data ? (
        <>
          <HealthIndex community={c} data={health.data} days={days} />
          <Totals data={health.data} days={days} />
          <section aria-labelledby="daily-heading">
            <Title order={2} size="h3" id="daily-heading" mb="sm">
              Day by day
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <ActiveMembers days={health.data.days} />
              <Activity days={health.data.days} />
              <Sentiment days={health.data.days} />
              <Responsiveness days={health.data.days} />
            </SimpleGrid>
          </section>
          <Retention cohorts={health.data.cohorts} />
        </>
      ) : null}
    </Stack>
  );
}

function Figure({ id, title, summary, children }: { id: string; title: string; summary: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder component="figure" m={0} aria-labelledby={`${id}-caption`}>
      <Stack gap="sm">
        <figcaption id={`${id}-caption`}>
          <Title order={3} size="h4">
            {title}
          </Title>
        </figcaption>
        {children}
        <Text size="sm" c="dimmed">
          {summary}
        </Text>
      </Stack>
    </Card>
  );
}

// --- the index --------------------------------------------------------------------------

function band(value: number): { color: string; word: string } {
  if (value >= 70) return { color: 'teal.8', word: 'thriving' };
  if (value >= 45) return { color: 'yellow.6', word: 'steady' };
  return { color: 'red.8', word: 'struggling' };
}

const PARTS: { key: 'activity' | 'engagement' | 'responsiveness' | 'retention' | 'sentiment'; label: string; weight: number; help: string }[] = [
  { key: 'activity', label: 'Activity', weight: 30, help: 'weekly active members over members' },
  { key: 'engagement', label: 'Engagement', weight: 20, help: 'comments per post, 3 counts as full' },
  { key: 'responsiveness', label: 'Responsiveness', weight: 20, help: 'how fast posts get a first comment' },
  { key: 'retention', label: 'Retention', weight: 20, help: "the newest cohort's share active in its second week" },
  { key: 'sentiment', label: 'Sentiment', weight: 10, help: 'the tone of posts and comments' },
];

function HealthIndex({ community: c, data, days }: { community: Community; data: GetCommunityHealthResponse; days: number }) {
  const h = data.health;
  const value = h?.value ?? 0;
  const { color, word } = band(value);
  const parts = PARTS.map((p) => ({ part: p.label, Score: Math.round(100 * (h?.[p.key] ?? 0)) }));
  return (
    <section aria-labelledby="index-heading">
      <Title order={2} size="h3" id="index-heading" mb="sm">
        Health index
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Card withBorder component="figure" m={0} aria-labelledby="gauge-caption">
          <Stack gap={4} align="center">
            <GaugeChart
              value={value}
              min={0}
              max={100}
              size={200}
              thickness={18}
              filledColor={color}
              roundCaps
              aria-label={`Health index ${value.toFixed(0)} out of 100`}
              label={
                <Text component="span" fz={44} fw={800} lh={1}>
                  {value.toFixed(0)}
                </Text>
              }
            />
            <Text component="figcaption" id="gauge-caption" ta="center" fw={600}>
              {c.name} scores {value.toFixed(0)} of 100 over the last {days} days: {word}.
            </Text>
          </Stack>
        </Card>
        <Figure
          id="parts"
          title="What makes up the index"
          summary={`${parts.map((p) => `${p.part} ${p.Score}`).join(', ')} (each 0 to 100; weights ${PARTS.map((p) => `${p.weight}%`).join(', ')}).`}
        >
          <BarChart
            h={200}
            data={parts}
            dataKey="part"
            orientation="vertical"
            series={[{ name: 'Score', color: 'blue.8' }]}
            yAxisProps={{ width: 110 }}
            xAxisProps={{ domain: [0, 100] }}
            withBarValueLabel
            barLabelColor="dark.9"
            gridAxis="x"
          />
        </Figure>
        <IndexTrend communityId={c.communityId} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        {PARTS.map((p) => `${p.label}: ${p.help}`).join('. ')}.
      </Text>
    </section>
  );
}

/** The index over 7, 30 and 90 days: recent figures above the longer ones mean it improves. */
function IndexTrend({ communityId }: { communityId: string }) {
  const w7 = useHealth(communityId, 7);
  const w30 = useHealth(communityId, 30);
  const w90 = useHealth(communityId, 90);
  const all = [
    { window: '90 days', q: w90 },
    { window: '30 days', q: w30 },
    { window: '7 days', q: w7 },
  ];
  const ready = all.every((x) => x.q.data);
  const data = all.map((x) => ({ window: x.window, Index: Math.round(x.q.data?.health?.value ?? 0) }));
  const recent = data[2].Index;
  const longer = data[0].Index;
  const trend =
    recent > longer + 2 ? `rising: ${recent} over the last week against ${longer} over 90 days` : recent < longer - 2 ? `falling: ${recent} over the last week against ${longer} over 90 days` : `steady at about ${recent}`;
  return (
    <Figure id="trend" title="Trend" summary={ready ? `The index is ${trend}.` : 'Working out the trend…'}>
      {ready ? (
        <LineChart
          h={200}
          data={data}
          dataKey="window"
          series={[{ name: 'Index', color: 'indigo.8' }]}
          yAxisProps={{ domain: [0, 100] }}
          withPointLabels
          curveType="linear"
          gridAxis="y"
        />
      ) : (
        <Loading label="Loading the trend" />
      )}
      <ErrorAlert error={w7.error ?? w30.error ?? w90.error} title="Could not load the trend" />
    </Figure>
  );
}

function Totals({ data, days }: { data: GetCommunityHealthResponse; days: number }) {
  const stats = [
    { label: 'Members', value: data.members },
    { label: 'Active today', value: data.dailyActive },
    { label: 'Active this week', value: data.weeklyActive },
    { label: 'Active this month', value: data.monthlyActive },
    { label: `Posts (${days} days)`, value: data.posts },
    { label: `Comments (${days} days)`, value: data.comments },
    { label: `Reactions (${days} days)`, value: data.reactions },
  ];
  return (
    <section aria-labelledby="totals-heading">
      <Title order={2} size="h3" id="totals-heading" mb="sm">
        At a glance
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} spacing="sm" component="dl" m={0}>
        {stats.map((s) => (
          <Card key={s.label} withBorder padding="xs">
            <Text component="dt" size="xs" c="dimmed">
              {s.label}
            </Text>
            <Text component="dd" m={0} fz={24} fw={700}>
              {count(s.value)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}

// --- daily charts -----------------------------------------------------------------------

function peak(days: CommunityDay[], pick: (d: CommunityDay) => number): { value: number; date: string } {
  let best = { value: 0, date: '' };
  for (const d of days) if (pick(d) > best.value) best = { value: pick(d), date: d.date };
  return best;
}

function ActiveMembers({ days }: { days: CommunityDay[] }) {
  const data = days.map((d) => ({ day: dayLabel(d.date), Active: Number(d.activeMembers), 'New members': Number(d.newMembers) }));
  const top = peak(days, (d) => Number(d.activeMembers));
  const joined = days.reduce((s, d) => s + Number(d.newMembers), 0);
  return (
    <Figure
      id="active"
      title="Active members per day"
      summary={
        top.value
          ? `At most ${top.value} active members in a day (${dayLabel(top.date)}); ${joined} joined in the period.`
          : `No active members in the period; ${joined} joined.`
      }
    >
      <AreaChart
        h={240}
        data={data}
        dataKey="day"
        series={[
          { name: 'Active', color: 'blue.8' },
          { name: 'New members', color: 'teal.8' },
        ]}
        curveType="monotone"
        withLegend
        withDots={days.length <= 31}
        gridAxis="y"
      />
    </Figure>
  );
}

/** A stacked bar a day: one segment for each series, its figure for the day from `value`. */
function StackedDailyBars({ days, series }: { days: CommunityDay[]; series: { name: string; color: string; value(d: CommunityDay): bigint }[] }) {
  const data = days.map((d) => ({ day: dayLabel(d.date), ...Object.fromEntries(series.map((s) => [s.name, Number(s.value(d))])) }));
  return (
    <BarChart
      h={240}
      data={data}
      dataKey="day"
      type="stacked"
      series={series.map(({ name, color }) => ({ name, color }))}
      withLegend
      gridAxis="y"
    />
  );
}

function Activity({ days }: { days: CommunityDay[] }) {
  const posts = days.reduce((s, d) => s + Number(d.posts), 0);
  const comments = days.reduce((s, d) => s + Number(d.comments), 0);
  const reactions = days.reduce((s, d) => s + Number(d.reactions), 0);
  return (
    <Figure
      id="activity"
      title="Posts, comments and reactions per day"
      summary={`${posts} posts, ${comments} comments and ${reactions} reactions in the period.`}
    >
      <StackedDailyBars
        days={days}
        series={[
          { name: 'Posts', color: 'blue.8', value: (d) => d.posts },
          { name: 'Comments', color: 'violet.7', value: (d) => d.comments },
          { name: 'Reactions', color: 'orange.6', value: (d) => d.reactions },
        ]}
      />
    </Figure>
  );
}

function Sentiment({ days }: { days: CommunityDay[] }) {
  const pos = days.reduce((s, d) => s + Number(d.sentimentPositive), 0);
  const neu = days.reduce((s, d) => s + Number(d.sentimentNeutral), 0);
  const neg = days.reduce((s, d) => s + Number(d.sentimentNegative), 0);
  const total = pos + neu + neg;
  const pct = (n: number) => (total ? Math.round((100 * n) / total) : 0);
  return (
    <Figure
      id="sentiment"
      title="Tone of posts and comments"
      summary={
        total
          ? `${pct(pos)}% positive, ${pct(neu)}% neutral and ${pct(neg)}% negative of ${total} posts and comments (VADER sentiment).`
          : 'No posts or comments in the period.'
      }
    >
      <StackedDailyBars
        days={days}
        series={[
          { name: 'Positive', color: 'teal.7', value: (d) => d.sentimentPositive },
          { name: 'Neutral', color: 'gray.5', value: (d) => d.sentimentNeutral },
          { name: 'Negative', color: 'red.7', value: (d) => d.sentimentNegative },
        ]}
      />
    </Figure>
  );
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function waitText(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 3600) return unit(Math.round(seconds / 60), 'minute');
  return unit(Math.round((seconds / 3600) * 10) / 10, 'hour');
}

function Responsiveness({ days }: { days: CommunityDay[] }) {
  const data = days.map((d) => ({ day: dayLabel(d.date), 'Posts answered': Math.round(100 * d.repliedShare) }));
  const withPosts = days.filter((d) => d.posts > 0n);
  const share = withPosts.length ? Math.round((100 * withPosts.reduce((s, d) => s + d.repliedShare, 0)) / withPosts.length) : 0;
  const waits = days.filter((d) => d.medianFirstReplySeconds > 0).map((d) => d.medianFirstReplySeconds);
  return (
    <Figure
      id="responsiveness"
      title="Share of posts that got a comment"
      summary={
        withPosts.length
          ? `On days with posts, on average ${share}% of posts got a comment${waits.length ? `; the first comment typically came after ${waitText(median(waits))}` : ''}.`
          : 'No posts in the period.'
      }
    >
      <BarChart
        h={240}
        data={data}
        dataKey="day"
        series={[{ name: 'Posts answered', color: 'teal.8' }]}
        unit="%"
        yAxisProps={{ domain: [0, 100] }}
        gridAxis="y"
      />
    </Figure>
  );
}

// --- retention --------------------------------------------------------------------------

const SHADES = ['gray.1', 'blue.1', 'blue.2', 'blue.3', 'blue.4', 'blue.5', 'blue.6', 'blue.7', 'blue.8', 'blue.9'];

function cellStyle(share: number): { bg: string; c: string } {
  const i = Math.min(9, Math.max(0, Math.round(share * 9)));
  const [color, shade] = SHADES[i].split('.');
  return { bg: `var(--mantine-color-${color}-${shade})`, c: i >= 8 ? 'white' : 'black' };
}

function Retention({ cohorts }: { cohorts: Cohort[] }) {
  const sorted = [...cohorts].sort((a, b) => (a.week < b.week ? 1 : -1));
  const weeks = Math.max(0, ...sorted.map((c) => c.activeByWeek.length));
  return (
    <Card withBorder component="figure" m={0} aria-labelledby="retention-caption">
      <Stack gap="sm">
        <figcaption id="retention-caption">
          <Title order={2} size="h3">
            Retention of each week&apos;s newcomers
          </Title>
        </figcaption>
        <Text size="sm" c="dimmed">
          Each row is the members who joined in one week; each cell the share of them active that many weeks later. Darker is better.
        </Text>
        {sorted.length === 0 ? (
          <Text>No one has joined in the last weeks.</Text>
        ) : (
          <Table.ScrollContainer minWidth={360}>
            <Table w="auto" withRowBorders={false} verticalSpacing={2} horizontalSpacing={2} style={{ borderCollapse: 'separate', borderSpacing: 3 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Joined the week of</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Joined
                  </Table.Th>
                  {Array.from({ length: weeks }, (_, i) => (
                    <Table.Th key={i} scope="col" ta="center">
                      {i === 0 ? 'Week 0' : `+${i}`}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((cohort) => (
                  <Table.Tr key={cohort.week}>
                    <Table.Th scope="row" fw={500}>
                      {dayLabel(cohort.week)}
                    </Table.Th>
                    <Table.Td ta="right">{count(cohort.size)}</Table.Td>
                    {Array.from({ length: weeks }, (_, i) => {
                      const active = cohort.activeByWeek[i];
                      if (active === undefined) return <Table.Td key={i} />;
                      const share = cohort.size ? Number(active) / Number(cohort.size) : 0;
                      const style = cellStyle(share);
                      return (
                        <Table.Td
                          key={i}
                          ta="center"
                          title={`${count(active)} of ${count(cohort.size)} active`}
                          style={{ background: style.bg, color: style.c, borderRadius: 4, minWidth: 48, fontWeight: 600 }}
                        >
                          {Math.round(share * 100)}%
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group gap={4} aria-hidden="true">
          <Text size="xs">0%</Text>
          {SHADES.map((s) => {
            const [color, shade] = s.split('.');
            return <div key={s} style={{ width: 18, height: 12, borderRadius: 2, background: `var(--mantine-color-${color}-${shade})` }} />;
          })}
          <Text size="xs">100%</Text>
        </Group>
      </Stack>
    </Card>
  );
}
