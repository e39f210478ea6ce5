import { Button, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { messaging } from '../../api/clients';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys } from './model';
import { create } from '@bufbuild/protobuf';
import { GetConversationResponseSchema } from '../../gen/kith/messaging/v1/messaging_pb';

/** "Message": opens (or starts) the direct conversation with a person
 * (MessagingService.GetOrCreateDirectConversation) and goes to it. */
export function MessageButton({ userId, name }: { userId: string; name: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: () => messaging.getOrCreateDirectConversation({ userId }),
    onSuccess: (res) => {
      const conversation = res.conversation;
      if (!conversation) return;
      queryClient.setQueryData(keys.conversation(conversation.conversationId), create(GetConversationResponseSchema, { conversation }));
      void queryClient.invalidateQueries({ queryKey: keys.conversations });
      navigate(`/conversations/${conversation.conversationId}`);
    },
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Button size="sm" variant="default" loading={open.isPending} onClick={() => open.mutate()} aria-label={`Message ${name}`}>
        Message
      </Button>
      <ErrorAlert error={open.error} title="Could not open the conversation" />
    </Stack>
  );
}
