import type { Timestamp } from '@bufbuild/protobuf/wkt';
import type { Media, Post, ReactionCount } from '../gen/kith/content/v1/content_pb';
import { ReviewState } from '../gen/kith/content/v1/content_pb';
import type { FeedItem } from '../gen/kith/feed/v1/feed_pb';
import { audienceLabel } from '../lib/format';

/** One shape for a post, whether it comes from content (Post) or from a feed (FeedItem), so
 * PostCard shows both the same way. */
export interface PostView {
  postId: string;
  authorId: string;
  /** Known for feed items; otherwise UserLink looks the author up. */
  authorHandle?: string;
  authorDisplayName?: string;
  text: string;
  createdAt?: Timestamp;
  audience: string;
  communityId: string;
  hashtags: string[];
  reactionTotal: bigint;
  reactionsByKind: ReactionCount[];
  comments: bigint;
  shares: bigint;
  sharedPostId: string;
  /** The original of a share, when the caller may see it (Post only). */
  sharedPost?: PostView;
  contentWarning: string;
  media: Media[];
  link: string;
  edited: boolean;
  reviewState: ReviewState;
  reviewNote: string;
}

export function fromPost(post: Post): PostView {
  return {
    postId: post.postId,
    authorId: post.authorId,
    text: post.text,
    createdAt: post.createdAt,
    audience: audienceLabel(post.audience),
    communityId: post.communityId,
    hashtags: post.hashtags,
    reactionTotal: post.reactions.reduce((sum, r) => sum + r.count, 0n),
    reactionsByKind: post.reactions,
    comments: post.commentCount,
    shares: post.shareCount,
    sharedPostId: post.sharedPostId,
    sharedPost: post.sharedPost ? fromPost(post.sharedPost) : undefined,
    contentWarning: post.contentWarning,
    media: post.media,
    link: post.link,
    edited: post.edited,
    reviewState: post.reviewState,
    reviewNote: post.reviewNote,
  };
}

export function fromFeedItem(item: FeedItem): PostView {
  return {
    postId: item.postId,
    authorId: item.authorId,
    authorHandle: item.authorHandle,
    authorDisplayName: item.authorDisplayName,
    text: item.text,
    createdAt: item.createdAt,
    audience: audienceLabel(item.audience),
    communityId: item.communityId,
    hashtags: item.hashtags,
    reactionTotal: item.reactions,
    reactionsByKind: item.reactionsByKind,
    comments: item.comments,
    shares: item.shares,
    sharedPostId: item.sharedPostId,
    contentWarning: item.contentWarning,
    media: item.media,
    link: '',
    edited: false,
    reviewState: ReviewState.UNSPECIFIED,
    reviewNote: '',
  };
}
