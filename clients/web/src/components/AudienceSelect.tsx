import { Select } from '@mantine/core';
import { Audience } from '../gen/kith/content/v1/content_pb';
import { useMyCommunities } from '../api/queries';

/** Who a post (or share) is for: the audiences of content.proto, plus each of the caller's
 * communities (AUDIENCE_COMMUNITY with its community_id). */
export interface AudienceChoice {
  audience: Audience;
  communityId: string;
}

export const PUBLIC_AUDIENCE: AudienceChoice = { audience: Audience.PUBLIC, communityId: '' };

function encode(choice: AudienceChoice): string {
  if (choice.audience === Audience.COMMUNITY) return `community:${choice.communityId}`;
  return String(choice.audience);
}

function decode(value: string): AudienceChoice {
  if (value.startsWith('community:')) {
    return { audience: Audience.COMMUNITY, communityId: value.slice('community:'.length) };
  }
  return { audience: Number(value) as Audience, communityId: '' };
}

interface AudienceSelectProps {
  value: AudienceChoice;
  onChange(choice: AudienceChoice): void;
  label?: string;
  /** Offer the caller's communities too (default true). */
  withCommunities?: boolean;
}

export function AudienceSelect({ value, onChange, label = 'Audience', withCommunities = true }: AudienceSelectProps) {
  const mine = useMyCommunities();
  const data = [
    {
      group: 'Your profile',
      items: [
        { value: String(Audience.PUBLIC), label: 'Public: anyone' },
        { value: String(Audience.FOLLOWERS), label: 'Followers' },
        { value: String(Audience.FRIENDS), label: 'Friends' },
      ],
    },
  ];
  if (withCommunities && mine.data?.length) {
    data.push({
      group: 'A community',
      items: mine.data
        .filter((c) => !c.archivedAt)
        .map((c) => ({ value: `community:${c.communityId}`, label: c.name })),
    });
  }
  return (
    <Select
      label={label}
      data={data}
      value={encode(value)}
      onChange={(v) => v && onChange(decode(v))}
      allowDeselect={false}
      checkIconPosition="right"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
