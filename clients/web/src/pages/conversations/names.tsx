import { Fragment } from 'react';
import { useProfile } from '../../api/queries';
import { ConversationKind, type Conversation } from '../../gen/kith/messaging/v1/messaging_pb';
import { others } from './model';

/** A person's display name (GetProfile, cached), "You" for the caller. */
export function usePersonName(userId: string | undefined, meId: string): string {
  const profile = useProfile(userId && userId !== meId ? userId : undefined);
  if (!userId) return 'Someone';
  if (userId === meId) return 'You';
  return profile.data?.displayName || profile.data?.handle || (profile.isLoading ? '…' : 'Someone');
}

/** What a conversation is called: a group's or room's name, or the other person's name. */
export function useConversationTitle(conversation: Conversation | undefined, meId: string): string {
  const direct = conversation?.kind === ConversationKind.DIRECT || conversation?.kind === ConversationKind.UNSPECIFIED;
  const other = conversation && direct ? others(conversation, meId)[0] : undefined;
  const otherName = usePersonName(direct ? other ?? '' : undefined, meId);
  if (!conversation) return 'Conversation';
  if (!direct) return conversation.name || (conversation.kind === ConversationKind.ROOM ? 'Room' : 'Group');
  return other ? otherName : 'Just you';
}

/** Names, joined for a sentence: "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Renders people's names as one sentence fragment ("Ana, Bo and Cy"). */
export function Names({ userIds, meId }: { userIds: string[]; meId: string }) {
  return (
    <>
      {userIds.map((id, i) => (
        <Fragment key={id}>
          {i === 0 ? '' : i === userIds.length - 1 ? ' and ' : ', '}
          <NameOf userId={id} meId={meId} />
        </Fragment>
      ))}
    </>
  );
}

function NameOf({ userId, meId }: { userId: string; meId: string }) {
  return <>{usePersonName(userId, meId)}</>;
}
