"""A slice of the LDBC SNB mini data set for the integration tests: the first people (by LDBC
id) and what they moderate, write, join and like among themselves, with every reference kept
whole, in the data set's own file layout. Loading all of it through the API takes minutes; the
slice keeps each kind of row (walls and groups, threads several levels deep, likes of posts and
of comments) in seconds. `kith load ldbc` and `make demo` load the whole set."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

PEOPLE = 40
POSTS_PER_FORUM = 3


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="|"))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter="|", lineterminator="\n").writerows([header, *rows])


def write_slice(source: Path, target: Path, people: int = PEOPLE, posts_per_forum: int = POSTS_PER_FORUM) -> Path:
    """Write the slice of `source` into `target` (static/ copied whole); returns `target`."""
    dyn = source / "dynamic"

    def rows(name: str) -> list[list[str]]:
        return _read(dyn / name)[1]

    persons = {r[0] for r in sorted(rows("person_0_0.csv"), key=lambda r: int(r[0]))[:people]}
    titles = {r[0]: r[1] for r in rows("forum_0_0.csv")}
    moderator = {f: p for f, p, *_ in rows("forum_hasModerator_person_0_0.csv")}
    forums = {
        f for f, title in titles.items() if moderator.get(f) in persons and title.startswith(("Wall of", "Group for"))
    }
    forum_of = {post: forum for forum, post, *_ in rows("forum_containerOf_post_0_0.csv")}
    creator = {a: b for a, b, *_ in rows("post_hasCreator_person_0_0.csv") + rows("comment_hasCreator_person_0_0.csv")}
    posts: set[str] = set()
    by_forum: dict[str, list[tuple[int, str]]] = {}
    for r in rows("post_0_0.csv"):
        if forum_of.get(r[0]) in forums and creator.get(r[0]) in persons:
            by_forum.setdefault(forum_of[r[0]], []).append((int(r[2]), r[0]))
    for items in by_forum.values():
        posts.update(post for _, post in sorted(items)[:posts_per_forum])
    parent = {c: p for c, p, *_ in rows("comment_replyOf_post_0_0.csv") + rows("comment_replyOf_comment_0_0.csv")}
    comments: set[str] = set()
    while True:  # a reply is kept once what it replies to is
        more = {
            c
            for c, p in parent.items()
            if c not in comments and creator.get(c) in persons and (p in posts or p in comments)
        }
        if not more:
            break
        comments |= more

    # Which rows each file keeps, by its first and second column (None: any value).
    keep: dict[str, tuple[set[str] | None, set[str] | None]] = {
        "person_0_0.csv": (persons, None),
        "person_hasInterest_tag_0_0.csv": (persons, None),
        "person_isLocatedIn_place_0_0.csv": (persons, None),
        "person_studyAt_organisation_0_0.csv": (persons, None),
        "person_workAt_organisation_0_0.csv": (persons, None),
        "person_knows_person_0_0.csv": (persons, persons),
        "person_likes_post_0_0.csv": (persons, posts),
        "person_likes_comment_0_0.csv": (persons, comments),
        "forum_0_0.csv": (forums, None),
        "forum_hasModerator_person_0_0.csv": (forums, None),
        "forum_hasMember_person_0_0.csv": (forums, persons),
        "forum_hasTag_tag_0_0.csv": (forums, None),
        "forum_containerOf_post_0_0.csv": (forums, posts),
        "post_0_0.csv": (posts, None),
        "post_hasCreator_person_0_0.csv": (posts, None),
        "post_hasTag_tag_0_0.csv": (posts, None),
        "post_isLocatedIn_place_0_0.csv": (posts, None),
        "comment_0_0.csv": (comments, None),
        "comment_hasCreator_person_0_0.csv": (comments, None),
        "comment_hasTag_tag_0_0.csv": (comments, None),
        "comment_isLocatedIn_place_0_0.csv": (comments, None),
        "comment_replyOf_post_0_0.csv": (comments, None),
        "comment_replyOf_comment_0_0.csv": (comments, None),
    }
    (target / "dynamic").mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "static", target / "static", dirs_exist_ok=True)
    for name, (first, second) in keep.items():
        header, body = _read(dyn / name)
        _write(
            target / "dynamic" / name,
            header,
            [r for r in body if (first is None or r[0] in first) and (second is None or r[1] in second)],
        )
    missing = {p.name for p in dyn.iterdir()} - set(keep)
    assert not missing, f"files the slice does not know: {missing}"
    return target
