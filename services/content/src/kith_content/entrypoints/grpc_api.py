"""gRPC servicers of the content service."""

from __future__ import annotations

from datetime import UTC, datetime

from kith.content.v1 import content_pb2, content_pb2_grpc
from kith_content.adapters.outbox_events import AUDIENCE_TO_PROTO, FEATURE_TO_PROTO, MEDIA_TO_PROTO, REACTION_TO_PROTO
from kith_content.domain.drafts import Draft
from kith_content.domain.polls import NewPoll
from kith_content.domain.posts import Audience, Comment, Media, Post, ReactionKind
from kith_content.domain.review import ReviewState
from kith_content.entrypoints.export_api import ExportRpc
from kith_content.service_layer.bookmarks import BookmarkHandlers
from kith_content.service_layer.drafts import DraftHandlers
from kith_content.service_layer.exports import ContentExports
from kith_content.service_layer.handlers import ContentHandlers, NewPost
from kith_content.service_layer.moderation import ModerationHandlers
from kith_content.service_layer.reactions import ReactionHandlers
from kith_content.service_layer.threads import ThreadHandlers
from kith_content.service_layer.votes import VoteHandlers
from kith_platform.auth import caller_id
from kith_platform.errors import InvalidArgument
from kith_platform.events import timestamp
from kith_platform.media_urls import SignedMediaUrls
from kith_platform.media_urls import media_message as signed_media
from kith_platform.validation import optional_time

AUDIENCE_FROM_PROTO = {v: k for k, v in AUDIENCE_TO_PROTO.items()}
REACTION_FROM_PROTO = {v: k for k, v in REACTION_TO_PROTO.items()}
MEDIA_FROM_PROTO = {v: k for k, v in MEDIA_TO_PROTO.items()}
REVIEW_TO_PROTO = {
    None: content_pb2.REVIEW_STATE_UNSPECIFIED,
    ReviewState.PENDING: content_pb2.REVIEW_STATE_PENDING,
    ReviewState.REJECTED: content_pb2.REVIEW_STATE_REJECTED,
}
ORDERS = {
    content_pb2.COMMENT_ORDER_UNSPECIFIED: "newest",
    content_pb2.COMMENT_ORDER_NEWEST: "newest",
    content_pb2.COMMENT_ORDER_OLDEST: "oldest",
    content_pb2.COMMENT_ORDER_MOST_REACTED: "most_reacted",
}


def _audience(value: int) -> Audience | None:
    if value == content_pb2.AUDIENCE_UNSPECIFIED:
        return None
    if value not in AUDIENCE_FROM_PROTO:
        raise InvalidArgument("audience", f"unsupported value {value}")
    return AUDIENCE_FROM_PROTO[value]


def _new_poll(request) -> NewPoll | None:
    if not request.HasField("poll"):
        return None
    poll = request.poll
    return NewPoll(tuple(poll.options), poll.multiple_choice, optional_time(poll, "closes_at", "poll.closes_at"))


def _new_post(request) -> NewPost:
    return NewPost(
        text=request.text,
        audience=_audience(request.audience),
        community_id=request.community_id,
        media=tuple(
            (MEDIA_FROM_PROTO.get(m.kind), m.url, m.alt_text, m.media_id) for m in getattr(request, "media", ())
        ),
        link=getattr(request, "link", ""),
        content_warning=getattr(request, "content_warning", ""),
        poll=_new_poll(request) if hasattr(request, "poll") else None,
    )


def new_post_message(new: NewPost) -> content_pb2.CreatePostRequest:
    """The post a draft asks for, as CreatePost takes it."""
    message = content_pb2.CreatePostRequest(
        text=new.text,
        audience=AUDIENCE_TO_PROTO[new.audience] if new.audience else 0,
        community_id=new.community_id,
        media=[
            content_pb2.Media(kind=MEDIA_TO_PROTO.get(k, 0), url=url, alt_text=alt, media_id=media_id)
            for k, url, alt, media_id in new.media
        ],
        link=new.link,
        content_warning=new.content_warning,
    )
    if new.poll is not None:
        message.poll.CopyFrom(
            content_pb2.NewPoll(
                options=list(new.poll.options),
                multiple_choice=new.poll.multiple_choice,
                closes_at=timestamp(new.poll.closes_at) if new.poll.closes_at else None,
            )
        )
    return message


def draft_message(draft: Draft) -> content_pb2.Draft:
    return content_pb2.Draft(
        draft_id=draft.draft_id,
        post=new_post_message(draft.post),
        publish_at=timestamp(draft.publish_at) if draft.publish_at else None,
        created_at=timestamp(draft.created_at),
        updated_at=timestamp(draft.updated_at),
        failure=draft.failure,
    )


def poll_message(post: Post) -> content_pb2.Poll | None:
    poll = post.poll
    if poll is None:
        return None
    shown = post.poll_results_visible
    return content_pb2.Poll(
        options=[
            content_pb2.PollOption(text=text, votes=count if shown else 0)
            for text, count in zip(poll.options, poll.counts, strict=True)
        ],
        multiple_choice=poll.multiple_choice,
        closes_at=timestamp(poll.closes_at) if poll.closes_at else None,
        closed=poll.closed(datetime.now(UTC)),
        results_visible=shown,
        voters=poll.voters if shown else 0,
        viewer_choices=list(post.viewer_choices),
    )


def _reactions(counts: dict[ReactionKind, int]) -> list[content_pb2.ReactionCount]:
    return [content_pb2.ReactionCount(kind=REACTION_TO_PROTO[k], count=n) for k, n in counts.items() if n]


VOTES = {content_pb2.VOTE_UNSPECIFIED: 0, content_pb2.VOTE_UP: 1, content_pb2.VOTE_DOWN: -1}
VOTE_TO_PROTO = {v: k for k, v in VOTES.items()}
FEATURES = {v: k for k, v in FEATURE_TO_PROTO.items()}


def post_message(post: Post, urls: SignedMediaUrls | None) -> content_pb2.Post:
    """The post for a reader who may see it: its uploads behind URLs signed now (`urls`)."""
    message = content_pb2.Post(
        post_id=post.post_id,
        author_id=post.author_id,
        text=post.text,
        audience=AUDIENCE_TO_PROTO[post.audience],
        created_at=timestamp(post.created_at),
        community_id=post.community_id or "",
        media=[media_message(m, urls) for m in post.media],
        link=post.link,
        edited=post.edited_at is not None,
        hashtags=list(post.hashtags),
        mention_ids=list(post.mention_ids),
        reactions=_reactions(post.reactions),
        viewer_reaction=REACTION_TO_PROTO[post.viewer_reaction] if post.viewer_reaction else 0,
        comment_count=post.comment_count,
        share_count=post.share_count,
        shared_post_id=post.shared_post_id or "",
        review_state=REVIEW_TO_PROTO[post.review],
        review_note=post.review_note,
        content_warning=post.content_warning,
        upvotes=post.upvotes,
        downvotes=post.downvotes,
        viewer_vote=VOTE_TO_PROTO[post.viewer_vote],
        feature=FEATURE_TO_PROTO[post.feature],
        poll=poll_message(post),
    )
    if post.edited_at is not None:
        message.edited_at.CopyFrom(timestamp(post.edited_at))
    if post.shared_post is not None:
        message.shared_post.CopyFrom(post_message(post.shared_post, urls))
    return message


def media_message(m: Media, urls: SignedMediaUrls | None) -> content_pb2.Media:
    variants = ((v.name, v.key, v.width, v.height) for v in m.variants)
    return signed_media(
        MEDIA_TO_PROTO[m.kind], m.url, m.alt_text, m.media_id, m.width, m.height, m.blurhash, variants, urls
    )


def comment_message(c: Comment) -> content_pb2.Comment:
    return content_pb2.Comment(
        comment_id=c.comment_id,
        post_id=c.post_id,
        parent_comment_id=c.parent_id or "",
        author_id=c.author_id,
        text=c.text,
        created_at=timestamp(c.created_at),
        depth=c.depth,
        reply_count=c.reply_count,
        reactions=_reactions(c.reactions),
        deleted=c.deleted,
        mention_ids=list(c.mention_ids),
        viewer_reaction=REACTION_TO_PROTO[c.viewer_reaction] if c.viewer_reaction else 0,
        review_state=REVIEW_TO_PROTO[c.review],
        review_note=c.review_note,
        content_warning=c.content_warning,
        edited=c.edited_at is not None,
        edited_at=timestamp(c.edited_at) if c.edited_at else None,
    )


def _kind(value: int) -> ReactionKind | None:
    return REACTION_FROM_PROTO.get(value)


class ContentServicer(content_pb2_grpc.ContentServiceServicer):
    def __init__(
        self,
        posts: ContentHandlers,
        threads: ThreadHandlers,
        reactions: ReactionHandlers,
        moderation: ModerationHandlers,
        votes: VoteHandlers,
        bookmarks: BookmarkHandlers,
        drafts: DraftHandlers,
        urls: SignedMediaUrls | None = None,
    ) -> None:
        self.urls = urls  # signs the URLs of uploaded media in the posts answered
        self.posts = posts
        self.threads = threads
        self.reactions = reactions
        self.moderation = moderation
        self.votes = votes
        self.bookmarks = bookmarks
        self.drafts = drafts

    async def CreatePost(self, request, context):
        post = await self.posts.create_post(
            caller_id(context), _new_post(request), idempotency_key=request.idempotency_key
        )
        return content_pb2.CreatePostResponse(post=post_message(post, self.urls))

    async def GetPost(self, request, context):
        return content_pb2.GetPostResponse(
            post=post_message(await self.posts.get(caller_id(context), request.post_id), self.urls)
        )

    async def EditPost(self, request, context):
        post = await self.posts.edit(caller_id(context), request.post_id, request.text)
        return content_pb2.EditPostResponse(post=post_message(post, self.urls))

    async def ListPostEdits(self, request, context):
        page, cursor = await self.posts.edits(caller_id(context), request.post_id, request.page_size, request.cursor)
        return content_pb2.ListPostEditsResponse(
            edits=[content_pb2.PostEdit(text=t, replaced_at=timestamp(at)) for t, at in page], next_cursor=cursor
        )

    async def DeletePost(self, request, context):
        await self.posts.delete(caller_id(context), request.post_id)
        return content_pb2.DeletePostResponse()

    async def SharePost(self, request, context):
        share = await self.posts.share(caller_id(context), request.post_id, _new_post(request), request.idempotency_key)
        return content_pb2.SharePostResponse(post=post_message(share, self.urls))

    async def ListUserPosts(self, request, context):
        page, cursor = await self.posts.user_posts(
            caller_id(context), request.user_id, request.page_size, request.cursor
        )
        return content_pb2.ListUserPostsResponse(posts=[post_message(p, self.urls) for p in page], next_cursor=cursor)

    async def ListPostsByHashtag(self, request, context):
        page, cursor = await self.posts.hashtag_posts(
            caller_id(context), request.hashtag, request.page_size, request.cursor
        )
        return content_pb2.ListPostsByHashtagResponse(
            posts=[post_message(p, self.urls) for p in page], next_cursor=cursor
        )

    async def SearchPosts(self, request, context):
        page, cursor = await self.posts.search(caller_id(context), request.query, request.page_size, request.cursor)
        return content_pb2.SearchPostsResponse(posts=[post_message(p, self.urls) for p in page], next_cursor=cursor)

    async def AddComment(self, request, context):
        comment = await self.threads.add_comment(
            caller_id(context),
            request.post_id,
            request.parent_comment_id,
            request.text,
            request.content_warning,
            request.idempotency_key,
        )
        return content_pb2.AddCommentResponse(comment=comment_message(comment))

    async def EditComment(self, request, context):
        comment = await self.threads.edit_comment(caller_id(context), request.comment_id, request.text)
        return content_pb2.EditCommentResponse(comment=comment_message(comment))

    async def ListCommentEdits(self, request, context):
        page, cursor = await self.threads.comment_edits(
            caller_id(context), request.comment_id, request.page_size, request.cursor
        )
        return content_pb2.ListCommentEditsResponse(
            edits=[content_pb2.PostEdit(text=t, replaced_at=timestamp(at)) for t, at in page], next_cursor=cursor
        )

    async def DeleteComment(self, request, context):
        await self.threads.delete_comment(caller_id(context), request.comment_id)
        return content_pb2.DeleteCommentResponse()

    async def ListComments(self, request, context):
        if request.order not in ORDERS:
            raise InvalidArgument("order", f"unsupported value {request.order}")
        if request.start_at_comment_id:  # opened at one comment (e.g. the first unread)
            ancestors, page, cursor, previous = await self.threads.thread_from(
                caller_id(context),
                request.post_id,
                request.parent_comment_id,
                ORDERS[request.order],
                request.page_size,
                request.cursor,
                request.start_at_comment_id,
            )
            return content_pb2.ListCommentsResponse(
                comments=[comment_message(c) for c in page],
                next_cursor=cursor,
                ancestors=[comment_message(c) for c in ancestors],
                previous_cursor=previous,
            )
        page, cursor = await self.threads.thread(
            caller_id(context),
            request.post_id,
            request.parent_comment_id,
            ORDERS[request.order],
            request.page_size,
            request.cursor,
        )
        return content_pb2.ListCommentsResponse(comments=[comment_message(c) for c in page], next_cursor=cursor)

    async def React(self, request, context):
        changed, counts = await self.reactions.react(
            caller_id(context), request.post_id, request.comment_id, _kind(request.kind)
        )
        return content_pb2.ReactResponse(changed=changed, reactions=_reactions(counts))

    async def Unreact(self, request, context):
        removed, counts = await self.reactions.unreact(caller_id(context), request.post_id, request.comment_id)
        return content_pb2.UnreactResponse(removed=removed, reactions=_reactions(counts))

    async def ListHeldContent(self, request, context):
        page, cursor = await self.moderation.held(
            caller_id(context), request.community_id, request.page_size, request.cursor
        )
        items = []
        for item in page:
            held = content_pb2.HeldContent(held_at=timestamp(item.held_at), reason=item.reason)
            if item.post is not None:
                held.post.CopyFrom(post_message(item.post, self.urls))
            else:
                held.comment.CopyFrom(comment_message(item.comment))
            items.append(held)
        return content_pb2.ListHeldContentResponse(items=items, next_cursor=cursor)

    async def ApproveHeldContent(self, request, context):
        await self.moderation.approve(caller_id(context), request.post_id, request.comment_id)
        return content_pb2.ApproveHeldContentResponse()

    async def RejectHeldContent(self, request, context):
        await self.moderation.reject(caller_id(context), request.post_id, request.comment_id, request.note)
        return content_pb2.RejectHeldContentResponse()

    async def VotePost(self, request, context):
        if request.vote not in VOTES:
            raise InvalidArgument("vote", f"unsupported value {request.vote}")
        value = VOTES[request.vote]
        upvotes, downvotes = await self.votes.vote(caller_id(context), request.post_id, value)
        return content_pb2.VotePostResponse(upvotes=upvotes, downvotes=downvotes, viewer_vote=request.vote)

    async def VotePoll(self, request, context):
        post = await self.votes.vote_poll(caller_id(context), request.post_id, list(request.choices))
        return content_pb2.VotePollResponse(poll=poll_message(post))

    async def SaveDraft(self, request, context):
        publish_at = optional_time(request, "publish_at")
        draft = await self.drafts.save(caller_id(context), request.draft_id, _new_post(request.post), publish_at)
        return content_pb2.SaveDraftResponse(draft=draft_message(draft))

    async def ListDrafts(self, request, context):
        page, cursor = await self.drafts.page(caller_id(context), request.page_size, request.cursor)
        return content_pb2.ListDraftsResponse(drafts=[draft_message(d) for d in page], next_cursor=cursor)

    async def DeleteDraft(self, request, context):
        await self.drafts.delete(caller_id(context), request.draft_id)
        return content_pb2.DeleteDraftResponse()

    async def PublishDraft(self, request, context):
        post = await self.drafts.publish(caller_id(context), request.draft_id)
        return content_pb2.PublishDraftResponse(post=post_message(post, self.urls))

    async def BookmarkPost(self, request, context):
        await self.bookmarks.save(caller_id(context), request.post_id, request.folder)
        return content_pb2.BookmarkPostResponse()

    async def UnbookmarkPost(self, request, context):
        await self.bookmarks.remove(caller_id(context), request.post_id)
        return content_pb2.UnbookmarkPostResponse()

    async def ListBookmarks(self, request, context):
        folder = request.folder if request.HasField("folder") else None
        page, cursor = await self.bookmarks.page(caller_id(context), folder, request.page_size, request.cursor)
        return content_pb2.ListBookmarksResponse(
            bookmarks=[
                content_pb2.Bookmark(post=post_message(p, self.urls), folder=f, saved_at=timestamp(at))
                for p, f, at in page
            ],
            next_cursor=cursor,
        )

    async def ListBookmarkFolders(self, request, context):
        folders = await self.bookmarks.folders(caller_id(context))
        return content_pb2.ListBookmarkFoldersResponse(
            folders=[content_pb2.BookmarkFolder(name=name, count=n) for name, n in folders]
        )

    async def FeaturePost(self, request, context):
        if request.feature not in FEATURES:
            raise InvalidArgument("feature", f"unsupported value {request.feature}")
        await self.votes.feature(caller_id(context), request.post_id, FEATURES[request.feature])
        return content_pb2.FeaturePostResponse()


class ContentInternalServicer(ExportRpc, content_pb2_grpc.ContentInternalServiceServicer):
    def __init__(
        self, posts: ContentHandlers, exports: ContentExports | None = None, urls: SignedMediaUrls | None = None
    ) -> None:
        self.posts = posts
        self.urls = urls
        self.exports = exports  # ExportUserData (entrypoints/export_api.py)

    async def BatchGetPosts(self, request, context):
        posts = await self.posts.batch(request.viewer_id, list(request.post_ids))
        return content_pb2.BatchGetPostsResponse(posts=[post_message(p, self.urls) for p in posts])
