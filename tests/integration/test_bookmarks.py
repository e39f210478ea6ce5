"""Bookmarks through the gateway: private saved posts in folders, which leave the list when the
saver may no longer see the post."""

from __future__ import annotations

import grpc

from kith.content.v1 import content_pb2 as P
from kith.graph.v1 import graph_pb2 as G
from kith_platform.testing import SignedUpUser, expect_status, found, wait_until


async def _saved(api, person: SignedUpUser, **folder) -> list[tuple[str, str]]:
    listed = await api.content.ListBookmarks(P.ListBookmarksRequest(**folder), metadata=person.auth)
    return [(b.post.post_id, b.folder) for b in listed.bookmarks]


async def test_bookmarks_are_private_sorted_in_folders_and_follow_visibility(api):
    saver, author, other = await api.sign_up("saver"), await api.sign_up("author"), await api.sign_up("other")
    await api.follow(saver, author)
    public = await api.post(author, "a recipe worth keeping")
    followers_only = (
        await api.content.CreatePost(
            P.CreatePostRequest(text="for my followers", audience=P.AUDIENCE_FOLLOWERS), metadata=author.auth
        )
    ).post

    def save(post: P.Post, folder: str = ""):
        return api.content.BookmarkPost(P.BookmarkPostRequest(post_id=post.post_id, folder=folder), metadata=saver.auth)

    async def saved_once_the_follow_arrived() -> bool:
        # A new follow reaches content's mirror through Kafka (only the safety changes, unfollow,
        # block, ..., are held until every mirror has them when the call returns).
        return await found(save(followers_only)) is not None

    await save(public, "Recipes")
    await wait_until(saved_once_the_follow_arrived, what="the follow to reach content's mirror")
    assert await _saved(api, saver) == [(followers_only.post_id, ""), (public.post_id, "Recipes")]
    assert await _saved(api, saver, folder="Recipes") == [(public.post_id, "Recipes")]
    assert await _saved(api, saver, folder="") == [(followers_only.post_id, "")]
    folders = await api.content.ListBookmarkFolders(P.ListBookmarkFoldersRequest(), metadata=saver.auth)
    assert [(f.name, f.count) for f in folders.folders] == [("", 1), ("Recipes", 1)]
    assert await _saved(api, other) == []  # private

    # A post the saver may no longer see leaves their bookmarks at once; one they never could is NOT_FOUND.
    await api.graph.Unfollow(G.UnfollowRequest(user_id=author.user_id), metadata=saver.auth)
    assert await _saved(api, saver) == [(public.post_id, "Recipes")]
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        api.content.BookmarkPost(P.BookmarkPostRequest(post_id=followers_only.post_id), metadata=other.auth),
    )
    await expect_status(
        grpc.StatusCode.INVALID_ARGUMENT,
        api.content.BookmarkPost(P.BookmarkPostRequest(post_id=public.post_id, folder="x" * 51), metadata=saver.auth),
        "folder",
    )
    await api.content.UnbookmarkPost(P.UnbookmarkPostRequest(post_id=public.post_id), metadata=saver.auth)
    await expect_status(
        grpc.StatusCode.NOT_FOUND,
        api.content.UnbookmarkPost(P.UnbookmarkPostRequest(post_id=public.post_id), metadata=saver.auth),
    )
