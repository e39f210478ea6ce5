import { useState } from 'react';
import { Anchor, Badge, Button, Card, Checkbox, Group, NumberInput, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { communities } from '../../api/clients';
import { isNotFound } from '../../api/errors';
import { RsvpStatus, type Community, type Event } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { notifySuccess } from '../../components/notify';
import { CommunityBreadcrumbs } from './CommunityBits';
import { RsvpBadge, seatsText } from './CommunityEvents';
import { eventWhen } from './eventTime';
import { RSVP_LABEL, isMember, isModerator, useCommunityRef } from './shared';

// RPCs: CommunitiesService.GetEvent, Rsvp (going / maybe / not going; a full event puts "going"
// on the waitlist and answers the place in it), UpdateEvent (capacity) and CancelEvent
// (moderators and up); GetCommunity for the breadcrumb and the caller's role.
export default function EventPage() {
  const { id = '', eventId = '' } = useParams();
  const community = useCommunityRef(id);
  const event = useQuery({
    queryKey: ['communities', 'GetEvent', eventId],
    queryFn: () => communities.getEvent({ eventId }),
    select: (res) => res.event ?? null,
    retry: false,
  });

  if (event.isLoading || community.isLoading) {
    return (
      <>
        <PageTitle>Event</PageTitle>
        <Loading label="Loading the event" />
      </>
    );
  }
  const e = event.data;
  const c = community.data;
  if (!e || !c) {
    const err = event.error ?? community.error;
    return (
      <>
        <PageTitle>Event</PageTitle>
        {err && !isNotFound(err) ? <ErrorAlert error={err} title="Could not load the event" /> : <Text>Not found or not visible to you.</Text>}
      </>
    );
  }
  return <EventView event={e} community={c} />;
}

function EventView({ event: e, community: c }: { event: Event; community: Community }) {
  const full = e.capacity > 0 && e.going >= e.capacity;
  return (
    <Stack>
      <div>
        <CommunityBreadcrumbs community={c} current={e.title} />
        <PageTitle>{e.title}</PageTitle>
      </div>
      <Group gap="xs">
        {e.cancelled ? (
          <Badge color="red" variant="light" c="dark.9">
            Cancelled
          </Badge>
        ) : null}
        {full && !e.cancelled ? (
          <Badge color="orange" variant="light" c="dark.9">
            Full: new answers join the waitlist
          </Badge>
        ) : null}
        <RsvpBadge status={e.viewerStatus} />
      </Group>
      <Card withBorder>
        <Stack gap={6}>
          <Text>
            <strong>When:</strong> {eventWhen(e.startsAt, e.endsAt, e.timeZone)}
          </Text>
          {e.place ? (
            <Text>
              <strong>Where:</strong> {e.place}
            </Text>
          ) : null}
          {e.onlineUrl ? (
            <Text>
              <strong>Online:</strong>{' '}
              <Anchor href={e.onlineUrl} target="_blank" rel="noopener noreferrer nofollow">
                {e.onlineUrl}
              </Anchor>
            </Text>
          ) : null}
          <Text>
            <strong>Community:</strong>{' '}
            <Anchor component={Link} to={`/communities/${c.communityId}`}>
              {c.name}
            </Anchor>
          </Text>
          {e.description ? <Text style={{ whiteSpace: 'pre-wrap' }}>{e.description}</Text> : null}
        </Stack>
      </Card>
      <Seats event={e} />
      {e.cancelled ? (
        <Text>This event was cancelled.</Text>
      ) : isMember(c) ? (
        <RsvpSection event={e} />
      ) : (
        <Text>Join {c.name} to answer this event.</Text>
      )}
      {isModerator(c) && !e.cancelled ? <ManageEvent event={e} /> : null}
    </Stack>
  );
}

function Seats({ event: e }: { event: Event }) {
  return (
    <section aria-labelledby="seats-heading">
      <Title order={2} size="h3" id="seats-heading" mb="xs">
        Places
      </Title>
      <Stack gap={6}>
        {e.capacity > 0 ? (
          <Progress
            value={Math.min(100, (100 * e.going) / e.capacity)}
            color={e.going >= e.capacity ? 'orange.8' : 'green.8'}
            size="lg"
            aria-label={`${e.going} of ${e.capacity} places taken`}
          />
        ) : null}
        <Text>{e.capacity > 0 ? `${e.going} of ${e.capacity} places taken.` : `No limit on places: ${e.going} going.`}</Text>
        <Group gap="sm" component="dl" m={0}>
          {[
            { label: 'Going', value: e.going },
            { label: 'Maybe', value: e.maybe },
            { label: 'On the waitlist', value: e.waitlisted },
          ].map((x) => (
            <Card key={x.label} withBorder padding="xs" miw={120}>
              <Text component="dt" size="xs" c="dimmed">
                {x.label}
              </Text>
              <Text component="dd" m={0} fz={22} fw={700}>
                {x.value}
              </Text>
            </Card>
          ))}
        </Group>
        {e.waitlisted > 0 ? (
          <Text size="sm">
            {e.waitlisted === 1 ? '1 person is' : `${e.waitlisted} people are`} on the waitlist: when a place frees up it goes to whoever has
            waited longest.
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}

const CHOICES: { status: RsvpStatus; label: string }[] = [
  { status: RsvpStatus.GOING, label: 'Going' },
  { status: RsvpStatus.MAYBE, label: 'Maybe' },
  { status: RsvpStatus.NOT_GOING, label: 'Not going' },
];

function RsvpSection({ event: e }: { event: Event }) {
  const queryClient = useQueryClient();
  const [remindMe, setRemindMe] = useState(false);
  const [position, setPosition] = useState(0);
  const rsvp = useMutation({
    mutationFn: (status: RsvpStatus) => communities.rsvp({ eventId: e.eventId, status, remindMe: status === RsvpStatus.MAYBE && remindMe }),
    onSuccess: (res, asked) => {
      setPosition(res.waitlistPosition);
      if (asked === RsvpStatus.GOING && res.status === RsvpStatus.WAITLISTED) {
        notifySuccess(`The event is full: you are number ${res.waitlistPosition} on the waitlist.`);
      } else {
        notifySuccess(`Your answer: ${RSVP_LABEL[res.status].toLowerCase()}.`);
      }
      void queryClient.invalidateQueries({ queryKey: ['communities', 'GetEvent', e.eventId] });
      void queryClient.invalidateQueries({ queryKey: ['communities', 'ListEvents', e.communityId] });
    },
  });
  const current = e.viewerStatus;
  const full = e.capacity > 0 && e.going >= e.capacity;
  return (
    <section aria-labelledby="rsvp-heading">
      <Title order={2} size="h3" id="rsvp-heading" mb="xs">
        Will you come?
      </Title>
      <Stack gap="sm">
        <Group gap="xs" role="group" aria-label="Your answer">
          {CHOICES.map((choice) => {
            const pressed = current === choice.status || (choice.status === RsvpStatus.GOING && current === RsvpStatus.WAITLISTED);
            return (
              <Button
                key={choice.status}
                variant={pressed ? 'filled' : 'default'}
                aria-pressed={pressed}
                loading={rsvp.isPending && rsvp.variables === choice.status}
                disabled={rsvp.isPending}
                onClick={() => rsvp.mutate(choice.status)}
              >
                {choice.label}
              </Button>
            );
          })}
        </Group>
        <Checkbox
          label="If I answer maybe, remind me an hour before too (people going are always reminded)"
          checked={remindMe}
          onChange={(ev) => setRemindMe(ev.currentTarget.checked)}
        />
        {full && current !== RsvpStatus.GOING && current !== RsvpStatus.WAITLISTED ? (
          <Text size="sm">The event is full: answering going puts you on the waitlist.</Text>
        ) : null}
        {current === RsvpStatus.WAITLISTED ? (
          <Card withBorder padding="sm" bg="var(--mantine-color-orange-0)">
            <Stack gap={4}>
              <Text fw={600}>
                You are on the waitlist{position ? `: number ${position} of ${e.waitlisted}` : ` (${e.waitlisted} waiting)`}.
              </Text>
              <Text size="sm">
                You get a place, and a notification, as soon as one frees up and everyone before you has theirs. Answer maybe or not going to
                leave the waitlist.
              </Text>
              {!position ? (
                <Button
                  size="xs"
                  variant="default"
                  w="fit-content"
                  loading={rsvp.isPending}
                  onClick={() => rsvp.mutate(RsvpStatus.GOING)}
                  aria-label="Show my place on the waitlist"
                >
                  Show my place
                </Button>
              ) : null}
            </Stack>
          </Card>
        ) : null}
        <ErrorAlert error={rsvp.error} title="Could not answer" />
      </Stack>
    </section>
  );
}

function ManageEvent({ event: e }: { event: Event }) {
  const queryClient = useQueryClient();
  const [capacity, setCapacity] = useState<number | string>(e.capacity);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['communities', 'GetEvent', e.eventId] });
    void queryClient.invalidateQueries({ queryKey: ['communities', 'ListEvents', e.communityId] });
  };
  const update = useMutation({
    mutationFn: () => communities.updateEvent({ eventId: e.eventId, capacity: Number(capacity) || 0 }),
    onSuccess: (res) => {
      const ev = res.event;
      notifySuccess(ev ? `Saved: ${seatsText(ev)}.` : 'Saved.');
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () => communities.cancelEvent({ eventId: e.eventId }),
    onSuccess: () => {
      notifySuccess('The event is cancelled; people who answered are told.');
      refresh();
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="manage-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="manage-heading">
          Manage the event
        </Title>
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            update.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <NumberInput
              label="Number of places"
              description="0 for no limit. More places move people up from the waitlist at once."
              min={0}
              max={100000}
              value={capacity}
              onChange={setCapacity}
              w={300}
            />
            <Button type="submit" loading={update.isPending}>
              Save places
            </Button>
          </Group>
        </form>
        <ErrorAlert error={update.error} title="Could not save" />
        <Button
          variant="default"
          c="red.9"
          w="fit-content"
          loading={cancel.isPending}
          onClick={() => {
            if (window.confirm(`Cancel “${e.title}”? Everyone who answered is told.`)) cancel.mutate();
          }}
        >
          Cancel the event
        </Button>
        <ErrorAlert error={cancel.error} title="Could not cancel" />
      </Stack>
    </Card>
  );
}
