// Labels and hooks the community pages share (communities, moderation, health, leaderboards).
import { useQuery } from '@tanstack/react-query';
import { Code, ConnectError } from '@connectrpc/connect';
import { communities } from '../../api/clients';
import { Nesting, PostingPolicy, Role, RsvpStatus, Visibility, type Community } from '../../gen/kith/communities/v1/communities_pb';

const FIVE_MINUTES = 5 * 60_000;

export const VISIBILITY_LABEL: Record<Visibility, string> = {
  [Visibility.UNSPECIFIED]: 'Public',
  [Visibility.PUBLIC]: 'Public',
  [Visibility.PRIVATE]: 'Private',
  [Visibility.HIDDEN]: 'Hidden',
};

export const VISIBILITY_HELP: Record<Visibility, string> = {
  [Visibility.UNSPECIFIED]: 'Anyone sees it and may join.',
  [Visibility.PUBLIC]: 'Anyone sees it and may join.',
  [Visibility.PRIVATE]: 'Anyone sees that it exists; its posts are for members; joining needs approval.',
  [Visibility.HIDDEN]: 'Only members know it exists; people join by invitation.',
};

export const ROLE_LABEL: Record<Role, string> = {
  [Role.UNSPECIFIED]: 'Not a member',
  [Role.MEMBER]: 'Member',
  [Role.MODERATOR]: 'Moderator',
  [Role.ADMIN]: 'Admin',
  [Role.OWNER]: 'Owner',
};

export const NESTING_LABEL: Record<Nesting, string> = {
  [Nesting.UNSPECIFIED]: '',
  [Nesting.FULL]: 'Members of the parent only',
  [Nesting.PARTIAL]: 'Open to everyone',
};

export const POSTING_LABEL: Record<PostingPolicy, string> = {
  [PostingPolicy.UNSPECIFIED]: 'Every member posts',
  [PostingPolicy.ALL_MEMBERS]: 'Every member posts',
  [PostingPolicy.MODERATORS_ONLY]: 'Only moderators post (announcements)',
};

export const RSVP_LABEL: Record<RsvpStatus, string> = {
  [RsvpStatus.UNSPECIFIED]: 'No answer yet',
  [RsvpStatus.GOING]: 'Going',
  [RsvpStatus.MAYBE]: 'Maybe',
  [RsvpStatus.NOT_GOING]: 'Not going',
  [RsvpStatus.WAITLISTED]: 'On the waitlist',
};

export function isMember(c: Community | null | undefined): boolean {
  return !!c && c.viewerRole !== Role.UNSPECIFIED;
}

export function isModerator(c: Community | null | undefined): boolean {
  return !!c && c.viewerRole >= Role.MODERATOR;
}

export function isAdmin(c: Community | null | undefined): boolean {
  return !!c && c.viewerRole >= Role.ADMIN;
}

/** Whether the caller may read the community's posts, events and members: public ones are
 * open to anyone, private and hidden ones to members only. */
export function canSeeInside(c: Community): boolean {
  return c.visibility === Visibility.PUBLIC || c.visibility === Visibility.UNSPECIFIED || isMember(c);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** A community by id or by slug (GetCommunity takes either); null when not found or hidden.
 * The id form shares its cache with api/queries' useCommunity. */
export function useCommunityRef(ref: string) {
  const byId = isUuid(ref);
  return useQuery({
    queryKey: byId ? ['communities', 'GetCommunity', ref] : ['communities', 'GetCommunity', 'slug', ref.toLowerCase()],
    enabled: !!ref,
    staleTime: FIVE_MINUTES,
    queryFn: async (): Promise<Community | null> => {
      try {
        const res = await communities.getCommunity(byId ? { communityId: ref } : { slug: ref.toLowerCase() });
        return res.community ?? null;
      } catch (err) {
        // NOT_FOUND, or a slug that cannot be one (INVALID_ARGUMENT): nothing to show either way.
        if (err instanceof ConnectError && (err.code === Code.NotFound || (!byId && err.code === Code.InvalidArgument))) {
          return null;
        }
        throw err;
      }
    },
  });
}

/** The chain of parents of a community, top-level first (up to 6 levels). A parent the caller
 * may not see ends the chain (it is shown as "…"). */
export function useAncestors(parentId: string) {
  return useQuery({
    queryKey: ['communities', 'ancestors', parentId],
    enabled: !!parentId,
    staleTime: FIVE_MINUTES,
    queryFn: async (): Promise<{ chain: Community[]; truncated: boolean }> => {
      const chain: Community[] = [];
      let next = parentId;
      for (let i = 0; next && i < 6; i++) {
        try {
          const res = await communities.getCommunity({ communityId: next });
          if (!res.community) return { chain: chain.reverse(), truncated: true };
          chain.push(res.community);
          next = res.community.parentId;
        } catch (err) {
          if (err instanceof ConnectError && err.code === Code.NotFound) return { chain: chain.reverse(), truncated: true };
          throw err;
        }
      }
      return { chain: chain.reverse(), truncated: !!next };
    },
  });
}

/** "Saturday walk" → "saturday-walk": a slug proposal from a name (3 to 50 lower-case letters,
 * digits and hyphens). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}
