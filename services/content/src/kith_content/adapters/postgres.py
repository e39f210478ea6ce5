"""The content repository over PostgreSQL: one class put together from the adapter of each
concern (posts, comments, reactions, votes, mirrors, link review, erasure, idempotency keys),
sharing one pool."""

from __future__ import annotations

from kith_content.adapters.postgres_bookmarks import PostgresBookmarks
from kith_content.adapters.postgres_comment_edits import PostgresCommentEdits
from kith_content.adapters.postgres_comments import PostgresComments
from kith_content.adapters.postgres_drafts import PostgresDrafts
from kith_content.adapters.postgres_erasure import PostgresErasures
from kith_content.adapters.postgres_idempotency import PostgresIdempotencyKeys
from kith_content.adapters.postgres_mirrors import PostgresMirrors
from kith_content.adapters.postgres_polls import PostgresPolls
from kith_content.adapters.postgres_posts import PostgresPosts
from kith_content.adapters.postgres_reactions import PostgresReactions
from kith_content.adapters.postgres_review import PostgresReviewQueue
from kith_content.adapters.postgres_votes import PostgresVotes
from kith_content.domain.ports import ContentRepository


class PostgresContentRepository(
    PostgresPosts,
    PostgresComments,
    PostgresCommentEdits,
    PostgresReactions,
    PostgresVotes,
    PostgresPolls,
    PostgresBookmarks,
    PostgresDrafts,
    PostgresMirrors,
    PostgresReviewQueue,
    PostgresErasures,
    PostgresIdempotencyKeys,
    ContentRepository,
):
    """Each change is stored with its events in the same transaction (the outbox)."""
