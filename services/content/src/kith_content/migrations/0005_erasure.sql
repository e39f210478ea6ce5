-- Erasure (identity's UserErased): `erased_users` is the tombstone list, the only place an erased
-- id stays; the mirrors ignore events naming an id in it, and the outbox rows that still mention
-- it are deleted once sent (`outbox_purged` once none is left). A share keeps pointing at an
-- erased original (reads show the original as unavailable), so shared_post_id is no longer a
-- foreign key. The indexes find a person's comments and reactions.
-- depends: 0004_deactivated_authors
CREATE TABLE erased_users (
    user_id       UUID        PRIMARY KEY,
    erased_at     TIMESTAMPTZ NOT NULL,
    outbox_purged BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX erased_users_outbox ON erased_users (user_id) WHERE NOT outbox_purged;

ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_shared_post_id_fkey;
CREATE INDEX comments_author ON comments (author_id);
CREATE INDEX reactions_user ON reactions (user_id);
