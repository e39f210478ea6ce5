import { useState, type ReactNode } from 'react';
import { Badge, Button, Card, Group, Paper, Radio, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { communities, content } from '../../api/clients';
import { errorField, isNotFound } from '../../api/errors';
import { useProfile } from '../../api/queries';
import {
  ReportAction,
  ReportTarget,
  type Community,
  type JoinRequest,
  type ModerationReport,
} from '../../gen/kith/communities/v1/communities_pb';
import type { HeldContent } from '../../gen/kith/content/v1/content_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PostCard } from '../../components/PostCard';
import { fromPost } from '../../components/postView';
import { UserLink } from '../../components/UserLink';
import { notifySuccess } from '../../components/notify';
import { fullTime, timeAgo } from '../../lib/format';
import { CommunityFrame } from '../communities/CommunityBits';
import { isAdmin, isModerator } from '../communities/shared';

// RPCs: CommunitiesService.GetCommunity, ListJoinRequests, ApproveJoinRequest, DenyJoinRequest,
// ListReports, ResolveReport (dismiss, remove, warn, mute, ban), ListModerationLog,
// UpdateCommunity (link review level, membership questions); ContentService.ListHeldContent,
// ApproveHeldContent, RejectHeldContent, GetPost (the reported post).
export default function ModerationPage() {
  const { communityId = '' } = useParams();
  return (
    <CommunityFrame communityRef={communityId} what="Moderation">
      {(c) =>
        isModerator(c) ? (
          <Stack gap="xl">
            <JoinRequests community={c} />
            <Reports community={c} />
            <HeldQueue community={c} />
            <Settings community={c} />
            <ModerationLog community={c} />
          </Stack>
        ) : (
          <Text>Only the moderators of {c.name} see its moderation queues.</Text>
        )
      }
    </CommunityFrame>
  );
}

function Section({ id, title, count: n, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Group gap="xs" mb="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {n !== undefined ? (
          <Badge variant="light" color={n ? 'orange' : 'gray'} c="dark.9" aria-label={`${n} waiting`}>
            {n}
          </Badge>
        ) : null}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </section>
  );
}

type Page<T> = { items: T[]; nextCursor: string };

/** Drop one item from a cursor-paged list in the cache (after it was handled). */
function useDropFromList<T>(queryKey: unknown[], same: (item: T) => boolean) {
  const queryClient = useQueryClient();
  return () =>
    queryClient.setQueryData<InfiniteData<Page<T>>>(queryKey, (old) =>
      old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.filter((i) => !same(i)) })) } : old,
    );
}

function useName(userId: string): string {
  const profile = useProfile(userId);
  return profile.data?.displayName || profile.data?.handle || 'this person';
}

// --- Join requests --------------------------------------------------------------------------

function JoinRequests({ community: c }: { community: Community }) {
  const key = ['communities', 'ListJoinRequests', c.communityId];
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }): Promise<Page<JoinRequest>> => {
      const res = await communities.listJoinRequests({ communityId: c.communityId, cursor: pageParam, pageSize: 50 });
      return { items: res.requests, nextCursor: res.nextCursor };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section id="requests-heading" title="Requests to join" count={query.isSuccess ? items.length : undefined}>
      {query.isLoading ? <Loading label="Loading the requests" /> : null}
      <ErrorAlert error={query.error} title="Could not load the requests" />
      {query.isSuccess && items.length === 0 ? <Text>No one is waiting to join.</Text> : null}
      {items.map((r) => (
        <JoinRequestCard key={r.userId} request={r} community={c} queryKey={key} />
      ))}
      <LoadMore query={query} />
    </Section>
  );
}

function JoinRequestCard({ request: r, community: c, queryKey }: { request: JoinRequest; community: Community; queryKey: unknown[] }) {
  const queryClient = useQueryClient();
  const name = useName(r.userId);
  const drop = useDropFromList<JoinRequest>(queryKey, (i) => i.userId === r.userId);
  const decide = useMutation({
    mutationFn: async (approve: boolean) => {
      if (approve) await communities.approveJoinRequest({ communityId: c.communityId, userId: r.userId });
      else await communities.denyJoinRequest({ communityId: c.communityId, userId: r.userId });
      return approve;
    },
    onSuccess: (approve) => {
      notifySuccess(approve ? `${name} is now a member of ${c.name}.` : `You turned down ${name}'s request.`);
      drop();
      void queryClient.invalidateQueries({ queryKey: ['communities', 'GetCommunity'] });
      void queryClient.invalidateQueries({ queryKey: ['communities', 'ListModerationLog', c.communityId] });
    },
  });
  const answered = r.answered.length ? r.answered : r.answers.map((answer) => ({ question: '', answer }));
  return (
    <Card withBorder component="article" padding="sm" aria-label={`Request from ${name}`}>
      <Stack gap="xs">
        <Group gap="xs">
          <UserLink userId={r.userId} />
          <Text span size="sm" c="dimmed" title={fullTime(r.requestedAt)}>
            asked {timeAgo(r.requestedAt)}
          </Text>
        </Group>
        {answered.length ? (
          <Stack gap={4}>
            {answered.map((a, i) => (
              <Paper key={i} p="xs" bg="var(--mantine-color-gray-0)">
                {a.question ? (
                  <Text size="sm" fw={600}>
                    {a.question}
                  </Text>
                ) : null}
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {a.answer}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No answers given.
          </Text>
        )}
        <ErrorAlert error={decide.error} title="Could not answer the request" />
        <Group gap="xs">
          <Button size="xs" loading={decide.isPending && decide.variables} disabled={decide.isPending} onClick={() => decide.mutate(true)} aria-label={`Approve ${name}`}>
            Approve
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={decide.isPending && !decide.variables}
            disabled={decide.isPending}
            onClick={() => decide.mutate(false)}
            aria-label={`Deny ${name}`}
          >
            Deny
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

// --- Reports --------------------------------------------------------------------------------

const TARGET_LABEL: Record<ReportTarget, string> = {
  [ReportTarget.UNSPECIFIED]: 'Something',
  [ReportTarget.POST]: 'A post',
  [ReportTarget.COMMENT]: 'A comment',
  [ReportTarget.MEMBER]: 'A member',
};

function Reports({ community: c }: { community: Community }) {
  const key = ['communities', 'ListReports', c.communityId];
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }): Promise<Page<ModerationReport>> => {
      const res = await communities.listReports({ communityId: c.communityId, cursor: pageParam, pageSize: 50 });
      return { items: res.reports, nextCursor: res.nextCursor };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section id="reports-heading" title="Reports" count={query.isSuccess ? items.length : undefined}>
      {query.isLoading ? <Loading label="Loading the reports" /> : null}
      <ErrorAlert error={query.error} title="Could not load the reports" />
      {query.isSuccess && items.length === 0 ? <Text>No open reports.</Text> : null}
      {items.map((r) => (
        <ReportCard key={String(r.reportId)} report={r} community={c} queryKey={key} />
      ))}
      <LoadMore query={query} />
    </Section>
  );
}

const DURATIONS = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
];

function ReportCard({ report: r, community: c, queryKey }: { report: ModerationReport; community: Community; queryKey: unknown[] }) {
  const queryClient = useQueryClient();
  const drop = useDropFromList<ModerationReport>(queryKey, (i) => i.reportId === r.reportId);
  const isContent = r.target === ReportTarget.POST || r.target === ReportTarget.COMMENT;
  const post = useQuery({
    queryKey: ['content', 'GetPost', r.targetId],
    enabled: r.target === ReportTarget.POST,
    queryFn: () => content.getPost({ postId: r.targetId }),
    select: (res) => res.post ?? null,
    retry: false,
  });
  // Who a warning, mute or ban is for: the post's author, or the reported member. (A comment's
  // author is not known from the report: only dismiss and remove apply to comments.)
  const offender = r.target === ReportTarget.MEMBER ? r.targetId : (post.data?.authorId ?? '');
  const [action, setAction] = useState<string>(String(isContent ? ReportAction.REMOVE_CONTENT : ReportAction.WARN));
  const [duration, setDuration] = useState<string>('86400');
  const [note, setNote] = useState('');
  const act = Number(action) as ReportAction;
  const resolve = useMutation({
    mutationFn: async (chosen: ReportAction) => {
      const needsDuration = chosen === ReportAction.MUTE || (chosen === ReportAction.BAN && duration !== 'forever');
      await communities.resolveReport({
        communityId: c.communityId,
        reportId: r.reportId,
        action: chosen,
        userId: chosen === ReportAction.WARN || chosen === ReportAction.MUTE || chosen === ReportAction.BAN ? offender : '',
        duration: needsDuration ? { seconds: BigInt(duration === 'forever' ? '86400' : duration), nanos: 0 } : undefined,
        note: note.trim(),
      });
      return chosen;
    },
    onSuccess: (chosen) => {
      const done: Record<number, string> = {
        [ReportAction.DISMISS]: 'Report dismissed: nothing was changed.',
        [ReportAction.REMOVE_CONTENT]: `The ${r.target === ReportTarget.COMMENT ? 'comment' : 'post'} was removed.`,
        [ReportAction.WARN]: 'The author was warned.',
        [ReportAction.MUTE]: 'The author is muted in this community for a while.',
        [ReportAction.BAN]: 'The author is banned from this community.',
      };
      notifySuccess(done[chosen] ?? 'Report resolved.');
      drop();
      void queryClient.invalidateQueries({ queryKey: ['communities', 'ListModerationLog', c.communityId] });
      void queryClient.invalidateQueries({ queryKey: ['feed', 'GetCommunityFeed', c.communityId] });
    },
  });
  const actions = [
    { value: String(ReportAction.DISMISS), label: 'Dismiss: nothing wrong' },
    ...(isContent ? [{ value: String(ReportAction.REMOVE_CONTENT), label: `Remove the ${r.target === ReportTarget.COMMENT ? 'comment' : 'post'}` }] : []),
    ...(offender
      ? [
          { value: String(ReportAction.WARN), label: 'Warn the author' },
          { value: String(ReportAction.MUTE), label: 'Mute the author for a while' },
          { value: String(ReportAction.BAN), label: 'Ban the author' },
        ]
      : []),
  ];
  const reportLabel = `Report ${r.reportId}`;
  return (
    <Card withBorder component="article" padding="sm" aria-label={reportLabel}>
      <Stack gap="xs">
        <Group gap="xs">
          <Badge variant="light" color="red" c="dark.9">
            {TARGET_LABEL[r.target]}
          </Badge>
          <Text span size="sm">
            reported by <UserLink userId={r.reporterId} withHandle={false} fw={500} />
          </Text>
          <Text span size="sm" c="dimmed" title={fullTime(r.reportedAt)}>
            {timeAgo(r.reportedAt)}
          </Text>
        </Group>
        <Text size="sm">
          <strong>Reason:</strong> {r.reason}
        </Text>
        {r.target === ReportTarget.POST ? (
          post.isLoading ? (
            <Loading label="Loading the reported post" />
          ) : post.data ? (
            <PostCard post={fromPost(post.data)} embedded />
          ) : (
            <Text size="sm" c="dimmed">
              {post.error && !isNotFound(post.error) ? 'The post could not be loaded.' : 'The post is gone (deleted or removed).'}
            </Text>
          )
        ) : r.target === ReportTarget.MEMBER ? (
          <Text size="sm">
            Member: <UserLink userId={r.targetId} />
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Comment {r.targetId}
          </Text>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate(act);
          }}
        >
          <Stack gap="xs">
            <Radio.Group label="What to do" value={action} onChange={setAction}>
              <Group gap="md" mt={4}>
                {actions.map((a) => (
                  <Radio key={a.value} value={a.value} label={a.label} />
                ))}
              </Group>
            </Radio.Group>
            {act === ReportAction.MUTE || act === ReportAction.BAN ? (
              <Select
                label={act === ReportAction.MUTE ? 'Mute for' : 'Ban for'}
                data={act === ReportAction.BAN ? [...DURATIONS, { value: 'forever', label: 'Until lifted' }] : DURATIONS}
                value={act === ReportAction.MUTE && duration === 'forever' ? '86400' : duration}
                onChange={(v) => v && setDuration(v)}
                allowDeselect={false}
                w={220}
              />
            ) : null}
            <Textarea
              label="Note for the moderation log (optional)"
              autosize
              minRows={1}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={errorField(resolve.error) === 'note' ? true : undefined}
            />
            <ErrorAlert error={resolve.error} title="Could not resolve the report" />
            <Group gap="xs">
              <Button type="submit" size="xs" loading={resolve.isPending} aria-label={`Resolve ${reportLabel.toLowerCase()}`}>
                Resolve
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

// --- Held posts and comments --------------------------------------------------------------

function heldId(h: HeldContent): string {
  return h.content.case === 'post' ? `post:${h.content.value.postId}` : h.content.case === 'comment' ? `comment:${h.content.value.commentId}` : '';
}

function HeldQueue({ community: c }: { community: Community }) {
  const key = ['content', 'ListHeldContent', c.communityId];
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }): Promise<Page<HeldContent>> => {
      const res = await content.listHeldContent({ communityId: c.communityId, cursor: pageParam, pageSize: 20 });
      return { items: res.items, nextCursor: res.nextCursor };
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section id="held-heading" title="Held for review" count={query.isSuccess ? items.length : undefined}>
      <Text size="sm" c="dimmed">
        {c.holdLinksBelowTrustLevel
          ? `Posts and comments with links by members below trust level ${c.holdLinksBelowTrustLevel} wait here; only their authors and moderators see them.`
          : 'Link review is off (see the settings below): nothing new is held.'}
      </Text>
      {query.isLoading ? <Loading label="Loading the held posts" /> : null}
      <ErrorAlert error={query.error} title="Could not load the review queue" />
      {query.isSuccess && items.length === 0 ? <Text>Nothing waits for review.</Text> : null}
      {items.map((h) => (
        <HeldCard key={heldId(h)} held={h} community={c} queryKey={key} />
      ))}
      <LoadMore query={query} />
    </Section>
  );
}

function HeldCard({ held: h, community: c, queryKey }: { held: HeldContent; community: Community; queryKey: unknown[] }) {
  const queryClient = useQueryClient();
  const id = heldId(h);
  const drop = useDropFromList<HeldContent>(queryKey, (i) => heldId(i) === id);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const isPost = h.content.case === 'post';
  const target = h.content.case === 'post' ? { postId: h.content.value.postId } : h.content.case === 'comment' ? { commentId: h.content.value.commentId } : {};
  const what = isPost ? 'post' : 'comment';
  const decide = useMutation({
    mutationFn: async (approve: boolean) => {
      if (approve) await content.approveHeldContent(target);
      else await content.rejectHeldContent({ ...target, note: note.trim() });
      return approve;
    },
    onSuccess: (approve) => {
      notifySuccess(approve ? `The ${what} is published.` : `The ${what} was rejected; its author sees your note.`);
      drop();
      void queryClient.invalidateQueries({ queryKey: ['feed', 'GetCommunityFeed', c.communityId] });
    },
  });
  return (
    <Card withBorder component="article" padding="sm" aria-label={`Held ${what}`}>
      <Stack gap="xs">
        <Text size="sm">
          <strong>Why it is held:</strong> {h.reason || 'link review'} · {timeAgo(h.heldAt)}
        </Text>
        {h.content.case === 'post' ? (
          <PostCard post={fromPost(h.content.value)} embedded />
        ) : h.content.case === 'comment' ? (
          <Paper p="sm" bg="var(--mantine-color-gray-0)">
            <Group gap="xs">
              <Text size="sm">Comment by</Text>
              <UserLink userId={h.content.value.authorId} />
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {h.content.value.text}
            </Text>
          </Paper>
        ) : null}
        {rejecting ? (
          <Textarea
            label="Note to the author (optional)"
            autosize
            minRows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        ) : null}
        <ErrorAlert error={decide.error} title="Could not review it" />
        <Group gap="xs">
          {!rejecting ? (
            <>
              <Button size="xs" loading={decide.isPending && decide.variables} disabled={decide.isPending} onClick={() => decide.mutate(true)}>
                Approve and publish
              </Button>
              <Button size="xs" variant="default" aria-expanded={false} onClick={() => setRejecting(true)}>
                Reject…
              </Button>
            </>
          ) : (
            <>
              <Button size="xs" color="red.9" loading={decide.isPending} onClick={() => decide.mutate(false)}>
                Reject the {what}
              </Button>
              <Button size="xs" variant="default" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

// --- Settings -------------------------------------------------------------------------------

function Settings({ community: c }: { community: Community }) {
  const queryClient = useQueryClient();
  const [level, setLevel] = useState<string>(String(c.holdLinksBelowTrustLevel));
  const [questions, setQuestions] = useState(c.membershipQuestions.join('\n'));
  const save = useMutation({
    mutationFn: () => {
      const qs = questions
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean);
      const sameQuestions = qs.join('\n') === c.membershipQuestions.join('\n');
      const sameLevel = Number(level) === c.holdLinksBelowTrustLevel;
      return communities.updateCommunity({
        communityId: c.communityId,
        holdLinksBelowTrustLevel: sameLevel ? undefined : Number(level),
        membershipQuestions: sameQuestions ? undefined : { questions: qs },
      });
    },
    onSuccess: () => {
      notifySuccess('Settings saved.');
      void queryClient.invalidateQueries({ queryKey: ['communities', 'GetCommunity'] });
      void queryClient.invalidateQueries({ queryKey: ['communities', 'ListModerationLog', c.communityId] });
    },
  });
  const bad = errorField(save.error);
  return (
    <Section id="settings-heading" title="Review settings">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm" maw={560}>
          <Select
            label="Hold posts with links for review"
            description={isAdmin(c) ? 'Posts and comments with a link by members below this trust level wait for a moderator.' : 'Admins and the owner change this.'}
            data={[
              { value: '0', label: 'Off' },
              { value: '1', label: 'Below trust level 1 (basic)' },
              { value: '2', label: 'Below trust level 2 (member)' },
              { value: '3', label: 'Below trust level 3 (regular)' },
            ]}
            value={level}
            onChange={(v) => v && setLevel(v)}
            allowDeselect={false}
            disabled={!isAdmin(c)}
            error={bad === 'hold_links_below_trust_level' ? true : undefined}
          />
          <Textarea
            label="Membership questions"
            description="Up to 5, one a line: people asking to join answer them. Leave empty for none."
            autosize
            minRows={2}
            value={questions}
            onChange={(e) => setQuestions(e.currentTarget.value)}
            error={bad?.startsWith('membership_questions') ? true : undefined}
          />
          <ErrorAlert error={save.error} title="Could not save the settings" />
          <Button type="submit" w="fit-content" loading={save.isPending}>
            Save settings
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

// --- Log ------------------------------------------------------------------------------------

function ModerationLog({ community: c }: { community: Community }) {
  const query = useInfiniteQuery({
    queryKey: ['communities', 'ListModerationLog', c.communityId],
    queryFn: ({ pageParam }) => communities.listModerationLog({ communityId: c.communityId, cursor: pageParam, pageSize: 20 }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Section id="log-heading" title="Moderation log">
      {query.isLoading ? <Loading label="Loading the log" /> : null}
      <ErrorAlert error={query.error} title="Could not load the log" />
      {query.isSuccess && entries.length === 0 ? <Text>No moderation actions yet.</Text> : null}
      <Stack component="ol" gap={6} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {entries.map((e) => (
          <Paper component="li" key={String(e.entryId)} withBorder p="xs">
            <Group gap={6}>
              <UserLink userId={e.actorId} withHandle={false} />
              <Text span size="sm">
                {e.action}
              </Text>
              {e.targetUserId ? <UserLink userId={e.targetUserId} withHandle={false} fw={500} /> : null}
              <Text span size="sm" c="dimmed" title={fullTime(e.at)}>
                · {timeAgo(e.at)}
              </Text>
            </Group>
            {e.reason ? <Text size="sm">Reason: {e.reason}</Text> : null}
            {e.details ? (
              <Text size="xs" c="dimmed">
                {e.details}
              </Text>
            ) : null}
          </Paper>
        ))}
      </Stack>
      <LoadMore query={query} />
    </Section>
  );
}
