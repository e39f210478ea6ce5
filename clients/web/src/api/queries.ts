// Shared react-query hooks for data many pages show (people, community names, the caller's
// own relationships and communities). Query keys are [service, method, ...arguments], so any page
// can invalidate precisely: queryClient.invalidateQueries({ queryKey: ['graph'] }).
import { useQuery } from '@tanstack/react-query';
import { Code, ConnectError } from '@connectrpc/connect';
import { communities, graph, identity } from './clients';
import { RelationshipList } from '../gen/kith/graph/v1/graph_pb';
import type { Profile } from '../gen/kith/identity/v1/identity_pb';
import type { Community } from '../gen/kith/communities/v1/communities_pb';

const FIVE_MINUTES = 5 * 60_000;

/** A person's profile as the caller may see it (GetProfile); null when not found or not visible. */
export function useProfile(userId: string | undefined) {
  return useQuery({
    queryKey: ['identity', 'GetProfile', userId],
    enabled: !!userId,
    staleTime: FIVE_MINUTES,
    queryFn: async (): Promise<Profile | null> => {
      try {
        const res = await identity.getProfile({ userId });
        return res.profile ?? null;
      } catch (err) {
        if (err instanceof ConnectError && err.code === Code.NotFound) return null;
        throw err;
      }
    },
  });
}

/** A community as the caller may see it (GetCommunity); null when not found or hidden. */
export function useCommunity(communityId: string | undefined) {
  return useQuery({
    queryKey: ['communities', 'GetCommunity', communityId],
    enabled: !!communityId,
    staleTime: FIVE_MINUTES,
    queryFn: async (): Promise<Community | null> => {
      try {
        const res = await communities.getCommunity({ communityId });
        return res.community ?? null;
      } catch (err) {
        if (err instanceof ConnectError && err.code === Code.NotFound) return null;
        throw err;
      }
    },
  });
}

/** The caller's communities (ListMyCommunities, every page up to 500). */
export function useMyCommunities() {
  return useQuery({
    queryKey: ['communities', 'ListMyCommunities'],
    staleTime: 60_000,
    queryFn: async (): Promise<Community[]> => {
      const all: Community[] = [];
      let cursor = '';
      for (let page = 0; page < 5; page++) {
        const res = await communities.listMyCommunities({ pageSize: 100, cursor });
        all.push(...res.communities);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
  });
}

const MY_LIST_PAGES = 10;

/** The user ids in one of the caller's own relationship lists (ListRelationships, up to 1,000). */
async function myList(list: RelationshipList): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor = '';
  for (let page = 0; page < MY_LIST_PAGES; page++) {
    const res = await graph.listRelationships({ list, pageSize: 100, cursor });
    for (const u of res.users) ids.add(u.userId);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

export interface MyRelationships {
  following: Set<string>;
  friends: Set<string>;
  friendRequestsSent: Set<string>;
  friendRequestsReceived: Set<string>;
}

/** The caller's following, friends and pending friend requests. The graph has no public "how am
 * I related to X" call, so pages read these lists once and look people up in them. Invalidate
 * ['graph', 'myRelationships'] after Follow, SendFriendRequest and the like. */
export function useMyRelationships() {
  return useQuery({
    queryKey: ['graph', 'myRelationships'],
    staleTime: 60_000,
    queryFn: async (): Promise<MyRelationships> => {
      const [following, friends, friendRequestsSent, friendRequestsReceived] = await Promise.all([
        myList(RelationshipList.FOLLOWING),
        myList(RelationshipList.FRIENDS),
        myList(RelationshipList.FRIEND_REQUESTS_SENT),
        myList(RelationshipList.FRIEND_REQUESTS_RECEIVED),
      ]);
      return { following, friends, friendRequestsSent, friendRequestsReceived };
    },
  });
}
