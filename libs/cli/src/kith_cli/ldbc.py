"""`kith load ldbc`: the LDBC Social Network Benchmark's "vanilla" test data (pipe-separated
CSV files under dynamic/ and static/) as people, friendships, interests, communities, posts,
threaded comments and likes, all through the public gateway.

How LDBC maps onto Kith:
- a person is an account (`<prefix>_<person id>`, display name "first last") whose profile
  gets the first language, the city and country, and the interests (tag names as topics);
- `knows` is a friendship (a request and its acceptance; friends follow each other);
- a "Group for ..." forum is a public community created by its moderator (the owner), with
  the forum's tags as topics; its members join, and so does anyone who posts, comments or
  likes in it (in this data set they all are members already);
- "Wall of ..." and "Album ..." forums are their moderator's own profile: their posts are
  public profile posts;
- posts (oldest first; an image becomes a media attachment, the post's tags hashtags),
  comments level by level so parents exist before replies (with their tags as hashtags),
  likes as LIKE reactions.
LDBC's own dates (creation, join) cannot be set through the API: everything is "now".
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import grpc

from kith.communities.v1 import communities_pb2 as C
from kith.content.v1 import content_pb2 as P
from kith.identity.v1 import identity_pb2
from kith_cli.seeding import Seeder, Skip, by_level
from kith_platform.errors import InvalidArgument
from kith_platform.validation import HASHTAG_MAX, normalise_topics

INTERESTS_MAX, COMMUNITY_TOPICS_MAX, NAME_MAX = 30, 10, 80
PURPOSE = "Imported from the LDBC Social Network Benchmark data set."


def hashtag(tag_name: str) -> str | None:
    """An LDBC tag name as a hashtag word: `Hamid_Karzai` -> `Hamid_Karzai`, `AC/DC` -> `AC_DC`."""
    tag = re.sub(r"\W+", "_", tag_name).strip("_")
    return tag[:HASHTAG_MAX] if tag and not tag.replace("_", "").isdigit() else None


def topic(tag_name: str) -> str | None:
    """An LDBC tag name as a topic (interest, community topic), or None when it has
    characters topics do not allow."""
    try:
        return normalise_topics([tag_name.replace("_", " ")[:40]], "topics", max_count=1)[0]
    except InvalidArgument:
        return None


@dataclass(frozen=True)
class Person:
    id: str
    first_name: str
    last_name: str
    language: str
    location: str
    interests: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()[:NAME_MAX]


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    moderator: str
    members: frozenset[str]  # the moderator included
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    id: str
    creator: str
    forum: str
    text: str  # the content and the hashtags, as sent
    image: str
    created: int


@dataclass(frozen=True)
class Comment:
    id: str
    creator: str
    post: str  # the thread's post
    parent_comment: str  # empty when it answers the post itself
    text: str
    created: int
    depth: int  # 1 for an answer to the post


class LdbcMini:
    """The data set, read and mapped onto Kith's concepts (no I/O beyond reading the files)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        tag_names = {r["id"]: r["name"] for r in self._rows("static", "tag_0_0.csv")}
        places = {r["id"]: r["name"].replace("_", " ") for r in self._rows("static", "place_0_0.csv")}
        part_of = {r[0]: r[1] for r in self._raw("static", "place_isPartOf_place_0_0.csv")}

        def tags_of(name: str, convert) -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for source, tag in self._raw("dynamic", name):
                value = convert(tag_names.get(tag, ""))
                if value and value.casefold() not in {v.casefold() for v in out[source]}:
                    out[source].append(value)
            return out

        interests = tags_of("person_hasInterest_tag_0_0.csv", topic)
        located = dict(self._raw("dynamic", "person_isLocatedIn_place_0_0.csv"))

        def location(person: str) -> str:
            city = located.get(person, "")
            names = [places[p] for p in (city, part_of.get(city, "")) if p in places]
            return ", ".join(names)[:100]

        self.persons: dict[str, Person] = {
            r["id"]: Person(
                r["id"],
                r["firstName"],
                r["lastName"],
                r["language"].split(";")[0],
                location(r["id"]),
                tuple(interests[r["id"]][:INTERESTS_MAX]),
            )
            for r in self._rows("dynamic", "person_0_0.csv")
        }
        self.knows: list[tuple[str, str]] = list(
            dict.fromkeys((a, b) for a, b, *_ in self._raw("dynamic", "person_knows_person_0_0.csv") if a != b)
        )

        forums = {r["id"]: r["title"] for r in self._rows("dynamic", "forum_0_0.csv")}
        moderator = dict(self._raw("dynamic", "forum_hasModerator_person_0_0.csv"))
        forum_of = {post: forum for forum, post in self._raw("dynamic", "forum_containerOf_post_0_0.csv")}
        creator = dict(self._raw("dynamic", "post_hasCreator_person_0_0.csv"))
        creator |= dict(self._raw("dynamic", "comment_hasCreator_person_0_0.csv"))

        post_tags = tags_of("post_hasTag_tag_0_0.csv", hashtag)
        self.posts: dict[str, Post] = {}
        for r in sorted(self._rows("dynamic", "post_0_0.csv"), key=lambda r: (int(r["creationDate"]), r["id"])):
            text = " ".join([r["content"]] + [f"#{t}" for t in post_tags[r["id"]]]).strip()
            self.posts[r["id"]] = Post(
                r["id"], creator[r["id"]], forum_of[r["id"]], text, r["imageFile"], int(r["creationDate"])
            )

        parent = {c: ("comment", p) for c, p in self._raw("dynamic", "comment_replyOf_comment_0_0.csv")}
        parent |= {c: ("post", p) for c, p in self._raw("dynamic", "comment_replyOf_post_0_0.csv")}

        def thread(comment: str) -> tuple[str, int]:
            depth = 1
            while parent[comment][0] == "comment":
                comment, depth = parent[comment][1], depth + 1
            return parent[comment][1], depth

        comment_tags = tags_of("comment_hasTag_tag_0_0.csv", hashtag)
        self.comments: dict[str, Comment] = {}
        for r in sorted(self._rows("dynamic", "comment_0_0.csv"), key=lambda r: (int(r["creationDate"]), r["id"])):
            post, depth = thread(r["id"])
            kind, target = parent[r["id"]]
            text = " ".join([r["content"]] + [f"#{t}" for t in comment_tags[r["id"]]]).strip()
            self.comments[r["id"]] = Comment(
                r["id"],
                creator[r["id"]],
                post,
                target if kind == "comment" else "",
                text,
                int(r["creationDate"]),
                depth,
            )
        self.post_likes = [(p, t) for p, t, *_ in self._raw("dynamic", "person_likes_post_0_0.csv")]
        self.comment_likes = [(p, t) for p, t, *_ in self._raw("dynamic", "person_likes_comment_0_0.csv")]

        group_ids = {f for f, title in forums.items() if title.startswith("Group for")}
        members: dict[str, set[str]] = defaultdict(set)
        for forum, person, *_ in self._raw("dynamic", "forum_hasMember_person_0_0.csv"):
            if forum in group_ids:
                members[forum].add(person)
        # Whoever writes or reacts in a group's threads is a member (content checks it).
        for post in self.posts.values():
            members[post.forum].add(post.creator)
        for comment in self.comments.values():
            members[self.posts[comment.post].forum].add(comment.creator)
        for person, post in self.post_likes:
            members[self.posts[post].forum].add(person)
        for person, comment in self.comment_likes:
            members[self.posts[self.comments[comment].post].forum].add(person)
        forum_topics = tags_of("forum_hasTag_tag_0_0.csv", topic)
        self.groups: dict[str, Group] = {
            f: Group(
                f,
                forums[f][:NAME_MAX],
                moderator[f],
                frozenset(members[f] | {moderator[f]}),
                tuple(forum_topics[f][:COMMUNITY_TOPICS_MAX]),
            )
            for f in sorted(group_ids)
        }

    def _raw(self, kind: str, name: str) -> list[list[str]]:
        with open(self.directory / kind / name, newline="", encoding="utf-8") as f:
            return list(csv.reader(f, delimiter="|"))[1:]

    def _rows(self, kind: str, name: str) -> list[dict[str, str]]:
        with open(self.directory / kind / name, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f, delimiter="|"))


def check_prefix(prefix: str) -> None:
    """Handles `<prefix>_<13-digit person id>` fit in 30 characters; slugs take the prefix too."""
    if not re.fullmatch(r"[a-z0-9_]{1,16}", prefix):
        raise ValueError(f"prefix {prefix!r}: 1 to 16 lower-case letters, digits and underscores")


class LdbcLoader:
    """Loads an `LdbcMini` through a `Seeder`; afterwards maps LDBC ids to Kith ids."""

    def __init__(self, seeder: Seeder, data: LdbcMini, *, prefix: str = "ldbc") -> None:
        check_prefix(prefix)
        self.seeder, self.data, self.prefix = seeder, data, prefix

    def handle(self, person: str) -> str:
        return f"{self.prefix}_{person}"

    def slug(self, forum: str) -> str:
        return f"{self.prefix.replace('_', '-')}-{forum}"

    def user_id(self, person: str) -> str:
        return self.seeder.user_id(self.handle(person))

    def community_id(self, forum: str) -> str:
        return self._id("communities", forum, "community")

    def post_id(self, post: str) -> str:
        return self._id("posts", post, "post")

    def comment_id(self, comment: str) -> str:
        return self._id("comments", comment, "comment")

    def _id(self, phase: str, key: str, what: str) -> str:
        value = self.seeder.state.get(phase, key)
        if not value:
            raise Skip(f"{what} {key} was not loaded")
        return value

    async def auth(self, person: str) -> tuple[tuple[str, str], ...]:
        return await self.seeder.auth(self.handle(person))

    async def load(self) -> None:
        d, s = self.data, self.seeder
        memberships = [(g.id, p) for g in d.groups.values() for p in sorted(g.members) if p != g.moderator]
        comment_levels = by_level(list(d.comments.values()), lambda c: c.depth)
        likes = [(p, t, False) for p, t in d.post_likes] + [(p, t, True) for p, t in d.comment_likes]
        for name, size in (
            ("users", len(d.persons)),
            ("profiles", len(d.persons)),
            ("friendships", len(d.knows)),
            ("communities", len(d.groups)),
            ("memberships", len(memberships)),
            ("posts", len(d.posts)),
            ("comments", len(d.comments)),
            ("likes", len(likes)),
        ):
            s.phase(name, size)

        async def sign_up(person: Person):
            return await s.sign_up(self.handle(person.id), person.display_name)

        await s.run("users", d.persons.values(), key=lambda p: self.handle(p.id), work=sign_up)

        async def profile(person: Person):
            request = identity_pb2.UpdateProfileRequest(
                language=person.language,
                location=person.location,
                interests=identity_pb2.Interests(topics=person.interests),
            )
            await s.call(s.identity.UpdateProfile, request, as_user=self.handle(person.id))
            return True, None

        await s.run("profiles", d.persons.values(), key=lambda p: p.id, work=profile)

        async def befriend(pair: tuple[str, str]):
            return await s.befriend(self.handle(pair[0]), self.handle(pair[1]))

        await s.run("friendships", d.knows, key=lambda pair: f"{pair[0]} {pair[1]}", work=befriend)
        await s.run("communities", d.groups.values(), key=lambda g: g.id, work=self._create_community)

        async def join(membership: tuple[str, str]):
            forum, person = membership
            answer = await s.call(
                s.communities.JoinCommunity,
                C.JoinCommunityRequest(community_id=self.community_id(forum)),
                as_user=self.handle(person),
            )
            return answer.joined, None

        await s.run("memberships", memberships, key=lambda m: f"{m[0]} {m[1]}", work=join)
        await s.run("posts", d.posts.values(), key=lambda p: p.id, work=self._create_post)
        for level in comment_levels:  # parents before their replies
            await s.run("comments", level, key=lambda c: c.id, work=self._add_comment)

        async def like(item: tuple[str, str, bool]):
            person, target, on_comment = item
            request = (
                P.ReactRequest(comment_id=self.comment_id(target))
                if on_comment
                else P.ReactRequest(post_id=self.post_id(target))
            )
            request.kind = P.REACTION_KIND_LIKE
            answer = await s.call(s.content.React, request, as_user=self.handle(person))
            return answer.changed, None

        await s.run("likes", likes, key=lambda item: f"{item[0]} {item[1]}", work=like)

    async def _create_community(self, group: Group):
        s, owner = self.seeder, self.handle(group.moderator)
        try:
            created = await s.call(
                s.communities.CreateCommunity,
                C.CreateCommunityRequest(
                    slug=self.slug(group.id),
                    name=group.title,
                    topics=list(group.topics),
                    purpose=PURPOSE,
                    visibility=C.VISIBILITY_PUBLIC,
                ),
                as_user=owner,
            )
            return True, created.community.community_id
        except grpc.aio.AioRpcError as exc:
            if exc.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
        found = await s.call(s.communities.GetCommunity, C.GetCommunityRequest(slug=self.slug(group.id)), as_user=owner)
        if found.community.viewer_role != C.ROLE_OWNER:
            raise Skip(f"community {self.slug(group.id)} exists and is not {owner}'s")
        return False, found.community.community_id

    async def _create_post(self, post: Post):
        s = self.seeder
        request = P.CreatePostRequest(text=post.text)
        if post.image:
            request.media.append(P.Media(kind=P.MEDIA_KIND_IMAGE, url=f"https://ldbc.example/{post.image}"))
        if post.forum in self.data.groups:
            request.community_id = self.community_id(post.forum)
        created = await s.call(s.content.CreatePost, request, as_user=self.handle(post.creator), idempotent=False)
        return True, created.post.post_id

    async def _add_comment(self, comment: Comment):
        s = self.seeder
        request = P.AddCommentRequest(
            post_id=self.post_id(comment.post),
            text=comment.text,
            parent_comment_id=self.comment_id(comment.parent_comment) if comment.parent_comment else "",
        )
        added = await s.call(s.content.AddComment, request, as_user=self.handle(comment.creator), idempotent=False)
        return True, added.comment.comment_id
