"""Vote use cases on community posts (up, down, taken back) and featured posts (the community's
announcement and pins, set by its moderators). The rules are domain/posts.py; the sorts they feed
are the feed's (docs/community-sorts.md)."""

from __future__ import annotations

from dataclasses import dataclass

from kith_content.domain import posts as rules
from kith_content.domain.polls import validate_choices
from kith_content.domain.ports import ContentRepository
from kith_content.domain.posts import Feature, Post
from kith_content.service_layer.handlers import ContentHandlers, now
from kith_platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied


@dataclass
class VoteHandlers:
    posts: ContentHandlers
    content: ContentRepository

    async def vote(self, caller_id: str, post_id: str, value: int) -> tuple[int, int]:
        """The post's (upvotes, downvotes) after the caller's vote (1, -1, or 0 to take it back).
        Voting is taking part: those who may comment in the community may vote."""
        if value not in rules.VOTES:
            raise InvalidArgument("vote", "must be VOTE_UP, VOTE_DOWN or VOTE_UNSPECIFIED")
        post = await self.posts.get(caller_id, post_id)
        rules.check_votable(post)
        await self.posts.community_rights(post.community_id or "", caller_id, commenting=True)
        return await self.content.vote(post, caller_id, value, now())

    async def feature(self, caller_id: str, post_id: str, feature: Feature | None) -> None:
        post = await self.posts.get(caller_id, post_id)
        rules.check_featurable(post, None, {})  # a published community post
        rights = await self.posts.communities.posting_rights(post.community_id or "", caller_id, True)
        if not rights.moderates:
            raise PermissionDenied("only the community's moderators and above feature its posts")
        await self.content.feature(
            post, feature, caller_id, now(), lambda featured: rules.check_featurable(post, feature, featured)
        )

    async def vote_poll(self, caller_id: str, post_id: str, choices: list[int]) -> Post:
        """The post with its poll after the caller's vote (a vote is final: the same choices again
        are a retry, others are refused)."""
        post = await self.posts.get(caller_id, post_id)
        if post.poll is None:
            raise FailedPrecondition("post_id: the post has no poll")
        rules.require_published(post.review, "post_id")
        chosen = validate_choices(post.poll, choices, now())
        stored = await self.content.vote_poll(post, caller_id, chosen, now())
        if stored != chosen:
            raise FailedPrecondition("choices: you voted in this poll already; a vote is final")
        return await self.posts.get(caller_id, post_id)
