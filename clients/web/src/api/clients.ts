// One Connect client per public service of the gateway (services/gateway/.../domain/routes.py:
// PUBLIC_SERVICES). The *InternalService services are never reachable from a browser.
import { createClient } from '@connectrpc/connect';
import { transport } from './transport';
import { IdentityService } from '../gen/kith/identity/v1/identity_pb';
import { TrustAndSafetyService } from '../gen/kith/identity/v1/trust_safety_pb';
import { GraphService } from '../gen/kith/graph/v1/graph_pb';
import { CommunitiesService } from '../gen/kith/communities/v1/communities_pb';
import { ContentService } from '../gen/kith/content/v1/content_pb';
import { MediaService } from '../gen/kith/content/v1/media_pb';
import { UnreadService } from '../gen/kith/content/v1/unread_pb';
import {
  CommunityInsightsService,
  FeedService,
  NotificationsService,
  ReadingFiltersService,
  RecognitionService,
} from '../gen/kith/feed/v1/feed_pb';
import { DigestService } from '../gen/kith/feed/v1/digests_pb';
import { ListsService } from '../gen/kith/feed/v1/lists_pb';
import { MessagingService } from '../gen/kith/messaging/v1/messaging_pb';
import { LiveService } from '../gen/kith/live/v1/live_pb';

export const identity = createClient(IdentityService, transport);
export const trustAndSafety = createClient(TrustAndSafetyService, transport);
export const graph = createClient(GraphService, transport);
export const communities = createClient(CommunitiesService, transport);
export const content = createClient(ContentService, transport);
export const media = createClient(MediaService, transport);
export const unread = createClient(UnreadService, transport);
export const feed = createClient(FeedService, transport);
export const notifications = createClient(NotificationsService, transport);
export const readingFilters = createClient(ReadingFiltersService, transport);
export const insights = createClient(CommunityInsightsService, transport);
export const recognition = createClient(RecognitionService, transport);
export const digests = createClient(DigestService, transport);
export const lists = createClient(ListsService, transport);
export const messaging = createClient(MessagingService, transport);
export const live = createClient(LiveService, transport);
