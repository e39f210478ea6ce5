import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { Audience, ReactionKind } from '../gen/kith/content/v1/content_pb';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function toDate(ts: Timestamp | undefined): Date | undefined {
  return ts ? timestampDate(ts) : undefined;
}

/** "5 minutes ago", "yesterday", or a date for anything older than a week. */
export function timeAgo(ts: Timestamp | undefined): string {
  const date = toDate(ts);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
  return absolute.format(date);
}

export function fullTime(ts: Timestamp | undefined): string {
  const date = toDate(ts);
  return date ? absolute.format(date) : '';
}

/** Counts come as bigint (int64); show them as plain numbers. */
export function count(n: bigint | number | undefined): string {
  if (n === undefined) return '0';
  return Number(n).toLocaleString('en');
}

export function plural(n: bigint | number, one: string, many: string = `${one}s`): string {
  return `${count(n)} ${Number(n) === 1 ? one : many}`;
}

export const AUDIENCE_LABEL: Record<Audience, string> = {
  [Audience.UNSPECIFIED]: 'Public',
  [Audience.PUBLIC]: 'Public',
  [Audience.FOLLOWERS]: 'Followers',
  [Audience.FRIENDS]: 'Friends',
  [Audience.COMMUNITY]: 'Community',
};

/** FeedItem.audience is a string: "public", "followers", "friends" or "community". */
export function audienceLabel(audience: Audience | string): string {
  if (typeof audience === 'string') {
    return audience ? audience.charAt(0).toUpperCase() + audience.slice(1) : 'Public';
  }
  return AUDIENCE_LABEL[audience] ?? 'Public';
}

export const REACTIONS: { kind: ReactionKind; label: string; emoji: string }[] = [
  { kind: ReactionKind.LIKE, label: 'Like', emoji: '👍' },
  { kind: ReactionKind.LOVE, label: 'Love', emoji: '❤️' },
  { kind: ReactionKind.INSIGHTFUL, label: 'Insightful', emoji: '💡' },
  { kind: ReactionKind.FUNNY, label: 'Funny', emoji: '😄' },
  { kind: ReactionKind.SUPPORT, label: 'Support', emoji: '🤝' },
];

export function reactionLabel(kind: ReactionKind): string {
  return REACTIONS.find((r) => r.kind === kind)?.label ?? 'Reaction';
}
