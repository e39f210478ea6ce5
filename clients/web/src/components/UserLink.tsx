import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useProfile } from '../api/queries';

interface UserLinkProps {
  userId: string;
  /** When the caller already knows them (e.g. a FeedItem), no GetProfile is needed. */
  handle?: string;
  displayName?: string;
  /** Show "@handle" after the name. */
  withHandle?: boolean;
  fw?: number;
}

/** A person's name linking to their profile (/people/:userId). */
export function UserLink({ userId, handle, displayName, withHandle = true, fw = 600 }: UserLinkProps) {
  const known = !!(handle || displayName);
  const profile = useProfile(known ? undefined : userId);
  if (!userId) return <Text span>someone</Text>;
  const name = displayName || profile.data?.displayName || handle || profile.data?.handle;
  const h = handle || profile.data?.handle;
  if (!name) {
    return (
      <Text span c="dimmed">
        {profile.isLoading ? '…' : 'someone'}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={`/people/${userId}`} fw={fw} underline="hover">
      {name}
      {withHandle && h && h !== name ? (
        <Text span fw={400} c="dimmed" ml={4}>
          @{h}
        </Text>
      ) : null}
    </Anchor>
  );
}
