"""Content warnings on posts and comments: the notice an author sets is one short line, stored with
what it warns about and handed on (the feed shows it, or hides the post for readers who hide them)."""

from __future__ import annotations

import pytest

from kith_content.domain.posts import validate_content_warning
from kith_content.service_layer.handlers import NewPost
from kith_platform.errors import InvalidArgument
from services.content.tests.fakes import content_service, new_id

ANA, BO = new_id(), new_id()


def test_a_content_warning_is_one_short_line_or_none():
    assert validate_content_warning("  spoilers   for the\nfinale ") == "spoilers for the finale"
    assert validate_content_warning("") == ""
    for bad in ("x" * 101, "a\x00b"):
        with pytest.raises(InvalidArgument, match="^content_warning: "):
            validate_content_warning(bad)


async def test_posts_and_comments_keep_their_content_warning():
    service = content_service({})
    post = await service.posts.create_post(ANA, NewPost("The butler did it", content_warning=" spoilers "))
    assert post.content_warning == "spoilers"
    assert service.store.posts[post.post_id].content_warning == "spoilers"
    comment = await service.threads.add_comment(BO, post.post_id, "", "No way!", "more spoilers")
    assert comment.content_warning == "more spoilers"
    with pytest.raises(InvalidArgument, match="^content_warning: "):
        await service.posts.create_post(ANA, NewPost("text", content_warning="x" * 101))
    with pytest.raises(InvalidArgument, match="^content_warning: "):
        await service.threads.add_comment(BO, post.post_id, "", "text", "x" * 101)
