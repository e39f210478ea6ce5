"""Who may see a post: the one case table that every implementation of the rule runs (issue 18).

The rule is written in four places, and each runs every row of CASES it can hold:

  content  content's SQL (`kith_content.adapters.sql.may_see` in `VISIBLE`, behind GetPost and
           every content read), through the gateway: tests/integration/test_visibility_content.py;
           and content's domain copy (`kith_content.domain.posts.may_see`, which its in-memory
           fakes apply): services/content/tests/test_visibility_rule.py
  feed     the feed's read check (`kith_feed.domain.model.may_see`; the posts of away authors
           are dropped before it, by `RedisFeedStore.readable`): test_visibility_may_see.py
  home     the fan-out (`lua/fan_out.lua` and its pipeline twin): whether a new post lands in
           the viewer's home feed: test_visibility_fan_out.py (both in services/feed/tests)

A row is one post (POSTS), one viewer (VIEWERS: how they stand to the post's author and its
community), the author's state, and what each path must answer. Where the paths answer
differently the row names a note (NOTES) saying why; None means the path never holds the post.
A difference that is a leak (one path shows what another hides for no reason a note gives) is
not written down as expected: it stays a failing row until the code is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    """A kind of post: its audience (content.v1.Audience, the feed's PostSummary.audience), the
    visibility of its community and whether it waits for a moderator."""

    audience: str  # public | followers | friends | community (there is no "only me" audience)
    community: str = ""  # the community's visibility (communities.v1.Visibility): public | private | hidden
    members_only: bool = False  # what content stores for it: the community is private or hidden
    review: str = ""  # "" published | pending (held for a moderator) | rejected (domain.review)


POSTS = {
    "public": Post("public"),
    "followers": Post("followers"),
    "friends": Post("friends"),
    "public community": Post("community", "public"),
    "private community": Post("community", "private", members_only=True),
    "hidden community": Post("community", "hidden", members_only=True),
    # A link by a newcomer in a public community that holds links below trust level 1.
    "held": Post("community", "public", review="pending"),
    "rejected": Post("community", "public", review="rejected"),
}


@dataclass(frozen=True)
class Viewer:
    """How the viewer stands to the post's author, and to the communities the author posts in
    (every community of the test; for a post outside communities, one they share)."""

    is_author: bool = False
    follows: bool = False  # the viewer follows the author
    friends: bool = False
    member: bool = False
    moderator: bool = False  # owns the communities (reviews held posts); the author is a plain member
    blocks_author: bool = False
    blocked_by_author: bool = False
    mutes_author: bool = False
    muted_by_author: bool = False


# A block ends the follows and the friendship between the two (graph): the content test asks for
# them first and then blocks, so content sees a former follower and friend; the feed tests keep
# them beside the block, as a follow whose end has not reached the read model yet.
VIEWERS = {
    "self": Viewer(is_author=True, member=True),
    "follower": Viewer(follows=True),
    "friend": Viewer(friends=True),  # a friend who does not also follow
    "stranger": Viewer(),
    "member": Viewer(member=True),
    "moderator": Viewer(member=True, moderator=True),
    "blocker": Viewer(follows=True, friends=True, member=True, blocks_author=True),
    "blocked": Viewer(follows=True, friends=True, member=True, blocked_by_author=True),
    "muter": Viewer(follows=True, friends=True, member=True, mutes_author=True),
    "muted": Viewer(follows=True, friends=True, member=True, muted_by_author=True),
}

AUTHORS = ("active", "deactivated", "erased")

NOTES = {
    "not pushed": (
        "Home feeds get what the reader chose: their own posts, posts of those they follow or are "
        "friends with, and posts in their communities. Anyone may read a public post or a public "
        "community's (content; the feed's hashtag, popular, community and timeline reads), but "
        "the fan-out does not push it to everyone."
    ),
    "mute": (
        "A mute is the muter's own filter, not the author's privacy: the feed hides the author from "
        "every feed read (may_see) and the fan-out skips muters, but content's GetPost (a link "
        "opened directly) and ListUserPosts still answer."
    ),
    "away": (
        "A deactivated author: content and every feed read hide their posts. The fan-out does not "
        "look, and deactivation takes nothing out of home feeds, so the posts are back whole on "
        "reactivation."
    ),
    "erased": (
        "An erased author is deactivated at once, then their posts are deleted (content) and "
        "tombstoned (feed). The fan-out itself does not look at the erased list: the stream "
        "worker drops an erased author's PostPublished before it (kith_feed.domain.erasure.scrub)."
    ),
    "held": (
        "Held for review: only its author and the community's moderators (GetPost's review read) "
        "see it. Content publishes no PostPublished until a moderator approves, so the feed never "
        "has it."
    ),
    "rejected": "Rejected by a moderator: only its author sees it, and it is never published.",
}


@dataclass(frozen=True)
class Case:
    post: str  # POSTS
    viewer: str  # VIEWERS
    author: str  # AUTHORS
    content: bool  # GetPost answers the post (else NOT_FOUND)
    feed: bool | None  # the feed's reads show it (None: the feed never has the post)
    home: bool | None  # the fan-out puts it in the viewer's home feed (None: never fanned out)
    note: str = ""  # NOTES: why the paths differ

    @property
    def id(self) -> str:
        return f"{self.post} post, {self.viewer}, {self.author} author"


Y, N, NEVER = True, False, None

# fmt: off
CASES = [Case(*row) for row in [
    # post                 viewer       author         content feed   home   note
    ("public",             "self",      "active",      Y,      Y,     Y),
    ("public",             "follower",  "active",      Y,      Y,     Y),
    ("public",             "friend",    "active",      Y,      Y,     Y),
    ("public",             "stranger",  "active",      Y,      Y,     N,     "not pushed"),
    ("public",             "member",    "active",      Y,      Y,     N,     "not pushed"),
    ("public",             "blocker",   "active",      N,      N,     N),
    ("public",             "blocked",   "active",      N,      N,     N),
    ("public",             "muter",     "active",      Y,      N,     N,     "mute"),
    ("public",             "muted",     "active",      Y,      Y,     Y),

    ("followers",          "self",      "active",      Y,      Y,     Y),
    ("followers",          "follower",  "active",      Y,      Y,     Y),
    ("followers",          "friend",    "active",      Y,      Y,     Y),  # friends count as followers
    ("followers",          "stranger",  "active",      N,      N,     N),
    ("followers",          "member",    "active",      N,      N,     N),
    ("followers",          "blocker",   "active",      N,      N,     N),
    ("followers",          "blocked",   "active",      N,      N,     N),
    ("followers",          "muter",     "active",      Y,      N,     N,     "mute"),
    ("followers",          "muted",     "active",      Y,      Y,     Y),

    ("friends",            "self",      "active",      Y,      Y,     Y),
    ("friends",            "follower",  "active",      N,      N,     N),
    ("friends",            "friend",    "active",      Y,      Y,     Y),
    ("friends",            "stranger",  "active",      N,      N,     N),
    ("friends",            "member",    "active",      N,      N,     N),
    ("friends",            "blocker",   "active",      N,      N,     N),
    ("friends",            "blocked",   "active",      N,      N,     N),
    ("friends",            "muter",     "active",      Y,      N,     N,     "mute"),
    ("friends",            "muted",     "active",      Y,      Y,     Y),

    ("public community",   "self",      "active",      Y,      Y,     Y),
    ("public community",   "follower",  "active",      Y,      Y,     Y),  # fanned out to followers too
    ("public community",   "friend",    "active",      Y,      Y,     Y),
    ("public community",   "stranger",  "active",      Y,      Y,     N,     "not pushed"),
    ("public community",   "member",    "active",      Y,      Y,     Y),
    ("public community",   "blocker",   "active",      N,      N,     N),
    ("public community",   "blocked",   "active",      N,      N,     N),
    ("public community",   "muter",     "active",      Y,      N,     N,     "mute"),
    ("public community",   "muted",     "active",      Y,      Y,     Y),

    ("private community",  "self",      "active",      Y,      Y,     Y),
    ("private community",  "follower",  "active",      N,      N,     N),
    ("private community",  "friend",    "active",      N,      N,     N),
    ("private community",  "stranger",  "active",      N,      N,     N),
    ("private community",  "member",    "active",      Y,      Y,     Y),
    ("private community",  "blocker",   "active",      N,      N,     N),
    ("private community",  "blocked",   "active",      N,      N,     N),
    ("private community",  "muter",     "active",      Y,      N,     N,     "mute"),
    ("private community",  "muted",     "active",      Y,      Y,     Y),

    ("hidden community",   "self",      "active",      Y,      Y,     Y),
    ("hidden community",   "follower",  "active",      N,      N,     N),
    ("hidden community",   "friend",    "active",      N,      N,     N),
    ("hidden community",   "stranger",  "active",      N,      N,     N),
    ("hidden community",   "member",    "active",      Y,      Y,     Y),
    ("hidden community",   "blocker",   "active",      N,      N,     N),
    ("hidden community",   "blocked",   "active",      N,      N,     N),
    ("hidden community",   "muter",     "active",      Y,      N,     N,     "mute"),
    ("hidden community",   "muted",     "active",      Y,      Y,     Y),

    ("held",               "self",      "active",      Y,      NEVER, NEVER, "held"),
    ("held",               "moderator", "active",      Y,      NEVER, NEVER, "held"),
    ("held",               "member",    "active",      N,      NEVER, NEVER, "held"),
    ("held",               "follower",  "active",      N,      NEVER, NEVER, "held"),
    ("held",               "stranger",  "active",      N,      NEVER, NEVER, "held"),
    ("rejected",           "self",      "active",      Y,      NEVER, NEVER, "rejected"),
    ("rejected",           "moderator", "active",      N,      NEVER, NEVER, "rejected"),
    ("rejected",           "member",    "active",      N,      NEVER, NEVER, "rejected"),

    # Each row below would be Y, Y, Y (or Y, Y, N for the stranger) were the author active.
    ("public",             "follower",  "deactivated", N,      N,     Y,     "away"),
    ("public",             "stranger",  "deactivated", N,      N,     N,     "away"),
    ("followers",          "follower",  "deactivated", N,      N,     Y,     "away"),
    ("friends",            "friend",    "deactivated", N,      N,     Y,     "away"),
    ("public community",   "member",    "deactivated", N,      N,     Y,     "away"),
    ("private community",  "member",    "deactivated", N,      N,     Y,     "away"),

    ("public",             "follower",  "erased",      N,      N,     N,     "erased"),
    ("public",             "stranger",  "erased",      N,      N,     N,     "erased"),
    ("followers",          "follower",  "erased",      N,      N,     N,     "erased"),
    ("friends",            "friend",    "erased",      N,      N,     N,     "erased"),
    ("public community",   "member",    "erased",      N,      N,     N,     "erased"),
    ("private community",  "member",    "erased",      N,      N,     N,     "erased"),
]]
# fmt: on


def twin(case: Case) -> Case:
    """The same post and viewer with an active author: what a deactivated or erased author's row
    would answer before they went (the content test waits for it before they go)."""
    return next(c for c in CASES if (c.post, c.viewer, c.author) == (case.post, case.viewer, "active"))
