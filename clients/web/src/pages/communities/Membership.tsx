import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { communities } from '../../api/clients';
import { errorField } from '../../api/errors';
import { Role, Visibility, type Community } from '../../gen/kith/communities/v1/communities_pb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormActions } from '../../components/FormActions';
import { notifySuccess } from '../../components/notify';

const YOU_ARE: Record<Role, string> = {
  [Role.UNSPECIFIED]: 'not a member',
  [Role.MEMBER]: 'a member',
  [Role.MODERATOR]: 'a moderator',
  [Role.ADMIN]: 'an admin',
  [Role.OWNER]: 'the owner',
};

// RPCs: CommunitiesService.JoinCommunity (public), RequestToJoin (private: one answer per
// membership question), LeaveCommunity.
export function Membership({ community: c }: { community: Community }) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['communities'] });
    void queryClient.invalidateQueries({ queryKey: ['feed'] });
  };
  const join = useMutation({
    mutationFn: () => communities.joinCommunity({ communityId: c.communityId }),
    onSuccess: () => {
      notifySuccess(`Welcome to ${c.name}!`);
      refresh();
    },
  });
  const leave = useMutation({
    mutationFn: () => communities.leaveCommunity({ communityId: c.communityId }),
    onSuccess: () => {
      notifySuccess(`You left ${c.name}.`);
      refresh();
    },
  });

  if (c.archivedAt) {
    return <Text size="sm">This community is archived: it is read-only, and nobody can join.</Text>;
  }

  if (c.viewerRole !== Role.UNSPECIFIED) {
    return (
      <Stack gap="xs">
        <Group gap="sm">
          <Text size="sm">
            You are {YOU_ARE[c.viewerRole]} of this community.
          </Text>
          {c.viewerRole === Role.OWNER ? (
            <Text size="sm" c="dimmed">
              To leave, hand ownership to another member first.
            </Text>
          ) : (
            <Button
              size="xs"
              variant="default"
              loading={leave.isPending}
              onClick={() => {
                if (window.confirm(`Leave ${c.name}?`)) leave.mutate();
              }}
            >
              Leave community
            </Button>
          )}
        </Group>
        <ErrorAlert error={leave.error} title="Could not leave" />
      </Stack>
    );
  }

  if (c.visibility === Visibility.PUBLIC) {
    return (
      <Stack gap="xs">
        <Button w="fit-content" loading={join.isPending} onClick={() => join.mutate()}>
          Join {c.name}
        </Button>
        <ErrorAlert error={join.error} title="Could not join" />
      </Stack>
    );
  }
  return <RequestToJoin community={c} />;
}

function RequestToJoin({ community: c }: { community: Community }) {
  const [open, setOpen] = useState(false);
  const questions = c.membershipQuestions;
  const [answers, setAnswers] = useState<string[]>(() => questions.map(() => ''));
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<null | 'new' | 'pending'>(null);
  const request = useMutation({
    mutationFn: () =>
      communities.requestToJoin({
        communityId: c.communityId,
        answers: questions.length ? answers.map((a) => a.trim()) : message.trim() ? [message.trim()] : [],
      }),
    onSuccess: (res) => {
      setSent(res.requested ? 'new' : 'pending');
      setOpen(false);
      if (res.requested) notifySuccess('Your request was sent to the moderators.');
    },
  });
  const bad = errorField(request.error);

  if (sent) {
    return (
      <Alert color="blue" variant="light" title="Request to join" role="status" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}>
        {sent === 'new'
          ? `Your request is waiting for ${c.name}'s moderators. You will get a notification when they answer.`
          : 'You already asked to join: your request is waiting for the moderators.'}
      </Alert>
    );
  }
  if (!open) {
    return (
      <Stack gap={4}>
        <Text size="sm">This community approves its members.</Text>
        <Button w="fit-content" onClick={() => setOpen(true)} aria-expanded={false}>
          Ask to join
        </Button>
      </Stack>
    );
  }
  return (
    <Card withBorder component="section" aria-labelledby="request-heading">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          request.mutate();
        }}
      >
        <Stack gap="sm">
          <Text fw={700} id="request-heading">
            Ask to join {c.name}
          </Text>
          {questions.length ? (
            <>
              <Text size="sm">The moderators ask:</Text>
              {questions.map((q, i) => (
                <Textarea
                  key={q}
                  label={q}
                  required
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={answers[i] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setAnswers((old) => old.map((a, j) => (j === i ? v : a)));
                  }}
                  error={bad === 'answers' ? true : undefined}
                />
              ))}
            </>
          ) : (
            <Textarea
              label="A word to the moderators (optional)"
              autosize
              minRows={2}
              maxLength={1000}
              value={message}
              onChange={(e) => setMessage(e.currentTarget.value)}
              error={bad === 'answers' ? true : undefined}
            />
          )}
          <FormActions
            error={request.error}
            errorTitle="Could not send the request"
            pending={request.isPending}
            submitLabel="Send request"
            onCancel={() => setOpen(false)}
          />
        </Stack>
      </form>
    </Card>
  );
}
