import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Link } from 'react-router';
import { communities } from '../../api/clients';
import { errorField } from '../../api/errors';
import { RsvpStatus, type Community, type Event } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/FormActions';
import { Loading } from '../../components/Loading';
import { notifySuccess } from '../../components/notify';
import { BROWSER_TIME_ZONE, eventWhen, timeZones, wallTimeToDate } from './eventTime';
import { RSVP_LABEL, isModerator } from './shared';

// RPCs: CommunitiesService.ListEvents (upcoming, soonest first), CreateEvent (moderators and up).
export function CommunityEvents({ community: c }: { community: Community }) {
  const [creating, setCreating] = useState(false);
  const events = useQuery({
    queryKey: ['communities', 'ListEvents', c.communityId],
    queryFn: () => communities.listEvents({ communityId: c.communityId }),
    select: (res) => res.events,
  });
  return (
    <Stack gap="sm">
      {isModerator(c) && !c.archivedAt ? (
        creating ? (
          <CreateEventForm community={c} onDone={() => setCreating(false)} />
        ) : (
          <Button w="fit-content" aria-expanded={false} onClick={() => setCreating(true)}>
            Create an event
          </Button>
        )
      ) : null}
      {events.isLoading ? <Loading label="Loading the events" /> : null}
      <ErrorAlert error={events.error} title="Could not load the events" />
      {events.data && events.data.length === 0 ? <Text>No upcoming events.</Text> : null}
      {events.data?.map((e) => <EventCard key={e.eventId} event={e} />)}
    </Stack>
  );
}

export function RsvpBadge({ status }: { status: RsvpStatus }) {
  if (status === RsvpStatus.UNSPECIFIED) return null;
  const color = status === RsvpStatus.GOING ? 'green' : status === RsvpStatus.WAITLISTED ? 'orange' : status === RsvpStatus.MAYBE ? 'blue' : 'gray';
  return (
    <Badge variant="light" color={color} c="dark.9">
      You: {RSVP_LABEL[status]}
    </Badge>
  );
}

export function seatsText(e: Event): string {
  const seats = e.capacity > 0 ? `${e.going} of ${e.capacity} places taken` : `${e.going} going`;
  const parts = [seats];
  if (e.maybe) parts.push(`${e.maybe} maybe`);
  if (e.waitlisted) parts.push(`${e.waitlisted} on the waitlist`);
  return parts.join(' · ');
}

function EventCard({ event: e }: { event: Event }) {
  return (
    <Card withBorder component="article" padding="sm" aria-labelledby={`event-${e.eventId}`}>
      <Stack gap={4}>
        <Group gap="xs">
          <Anchor component={Link} to={`/communities/${e.communityId}/events/${e.eventId}`} fw={700} id={`event-${e.eventId}`}>
            {e.title}
          </Anchor>
          {e.cancelled ? (
            <Badge color="red" variant="light" c="dark.9">
              Cancelled
            </Badge>
          ) : null}
          {e.capacity > 0 && e.going >= e.capacity && !e.cancelled ? (
            <Badge color="orange" variant="light" c="dark.9">
              Full
            </Badge>
          ) : null}
          <RsvpBadge status={e.viewerStatus} />
        </Group>
        <Text size="sm">{eventWhen(e.startsAt, e.endsAt, e.timeZone)}</Text>
        {e.place ? <Text size="sm">Where: {e.place}</Text> : null}
        {e.onlineUrl ? <Text size="sm">Online</Text> : null}
        <Text size="sm" c="dimmed">
          {seatsText(e)}
        </Text>
      </Stack>
    </Card>
  );
}

function CreateEventForm({ community: c, onDone }: { community: Community; onDone(): void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [timeZone, setTimeZone] = useState(BROWSER_TIME_ZONE);
  const [place, setPlace] = useState('');
  const [onlineUrl, setOnlineUrl] = useState('');
  const [capacity, setCapacity] = useState<number | string>(0);
  const create = useMutation({
    mutationFn: () => {
      const startsAt = wallTimeToDate(starts, timeZone);
      const endsAt = wallTimeToDate(ends, timeZone);
      return communities.createEvent({
        communityId: c.communityId,
        title: title.trim(),
        description: description.trim(),
        startsAt: startsAt ? timestampFromDate(startsAt) : undefined,
        endsAt: endsAt ? timestampFromDate(endsAt) : undefined,
        timeZone,
        place: place.trim(),
        onlineUrl: onlineUrl.trim(),
        capacity: Number(capacity) || 0,
      });
    },
    onSuccess: (res) => {
      notifySuccess(`“${res.event?.title ?? title}” is scheduled.`);
      void queryClient.invalidateQueries({ queryKey: ['communities', 'ListEvents', c.communityId] });
      onDone();
    },
  });
  const bad = errorField(create.error);
  return (
    <Card withBorder component="section" aria-labelledby="new-event-heading">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-event-heading">
            New event
          </Title>
          <TextInput label="Title" description="3 to 120 characters." required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={bad === 'title' ? true : undefined} />
          <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={bad === 'description' ? true : undefined} />
          <Group grow align="flex-start">
            <TextInput type="datetime-local" label="Starts" required value={starts} onChange={(e) => setStarts(e.currentTarget.value)} error={bad === 'starts_at' ? true : undefined} />
            <TextInput type="datetime-local" label="Ends" required value={ends} onChange={(e) => setEnds(e.currentTarget.value)} error={bad === 'ends_at' ? true : undefined} />
          </Group>
          <Select
            label="Time zone"
            description="The start and end are read in this time zone."
            searchable
            data={timeZones()}
            value={timeZone}
            onChange={(v) => v && setTimeZone(v)}
            allowDeselect={false}
            error={bad === 'time_zone' ? true : undefined}
          />
          <TextInput label="Place" description="Where it happens (a place, an online link, or both)." value={place} onChange={(e) => setPlace(e.currentTarget.value)} error={bad === 'place' ? true : undefined} />
          <TextInput label="Online link" type="url" placeholder="https://" value={onlineUrl} onChange={(e) => setOnlineUrl(e.currentTarget.value)} error={bad === 'online_url' ? true : undefined} />
          <NumberInput
            label="Number of places"
            description="0 for no limit. When it is full, people who answer going join the waitlist."
            min={0}
            max={100000}
            value={capacity}
            onChange={setCapacity}
            error={bad === 'capacity' ? true : undefined}
            w={260}
          />
          <FormActions
            error={create.error}
            errorTitle="Could not create the event"
            pending={create.isPending}
            submitLabel="Create event"
            onCancel={onDone}
          />
        </Stack>
      </form>
    </Card>
  );
}
