-- Conversations, members with their read state, messages with edits and reactions, people's
-- messaging settings, the mirrors of follows, friendships, blocks and deactivated accounts
-- (graph and identity events) that who-may-write and every read are filtered with, and the
-- tombstone list of erased people.
CREATE TABLE conversations (
    id              UUID PRIMARY KEY,
    kind            TEXT        NOT NULL CHECK (kind IN ('direct', 'group')),
    name            TEXT        NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    -- The newest sequence number; a send takes the next one in its transaction (gap-free).
    last_seq        BIGINT      NOT NULL DEFAULT 0,
    last_message_at TIMESTAMPTZ,
    -- Direct conversations: the pair (sorted), one conversation per pair.
    user_a          UUID,
    user_b          UUID,
    direct_key      TEXT UNIQUE
);

-- A member sees the messages after joined_seq (those sent since they joined).
CREATE TABLE members (
    conversation_id UUID        NOT NULL REFERENCES conversations (id),
    user_id         UUID        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('active', 'pending', 'request', 'declined', 'left')),
    admin           BOOLEAN     NOT NULL DEFAULT false,
    joined_at       TIMESTAMPTZ NOT NULL,
    joined_seq      BIGINT      NOT NULL DEFAULT 0,
    last_read_seq   BIGINT      NOT NULL DEFAULT 0,
    read_at         TIMESTAMPTZ,
    state_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX members_user ON members (user_id, state);

CREATE TABLE messages (
    id              UUID PRIMARY KEY,
    conversation_id UUID        NOT NULL REFERENCES conversations (id),
    seq             BIGINT      NOT NULL,
    sender_id       UUID,
    client_id       TEXT        NOT NULL,
    text            TEXT        NOT NULL,
    reply_to        UUID,
    mention_ids     UUID[]      NOT NULL DEFAULT '{}',
    has_link        BOOLEAN     NOT NULL DEFAULT false,
    sent_at         TIMESTAMPTZ NOT NULL,
    edited_at       TIMESTAMPTZ,
    deleted_at      TIMESTAMPTZ,
    search          TSVECTOR    NOT NULL DEFAULT ''::tsvector,
    UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_client ON messages (conversation_id, sender_id, client_id);
CREATE INDEX messages_search ON messages USING gin (search);
CREATE INDEX messages_sender ON messages (sender_id);

CREATE TABLE message_edits (
    id          BIGSERIAL PRIMARY KEY,
    message_id  UUID        NOT NULL REFERENCES messages (id),
    text        TEXT        NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_edits_page ON message_edits (message_id, id DESC);

-- One reaction per person per message.
CREATE TABLE reactions (
    message_id UUID        NOT NULL REFERENCES messages (id),
    user_id    UUID        NOT NULL,
    emoji      TEXT        NOT NULL,
    reacted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX reactions_user ON reactions (user_id);

CREATE TABLE settings (
    user_id         UUID PRIMARY KEY,
    who_may_message TEXT    NOT NULL CHECK (who_may_message IN ('everyone', 'following', 'friends', 'nobody')),
    read_receipts   BOOLEAN NOT NULL
);

-- Mirrors: the latest fact per pair wins (`at` is the event's time), so redelivered and
-- reordered events leave the right state.
CREATE TABLE mirror_follows (
    follower_id UUID NOT NULL, followee_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE TABLE mirror_friends (
    user_id UUID NOT NULL, friend_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);
CREATE TABLE mirror_blocks (
    blocker_id UUID NOT NULL, blocked_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE TABLE mirror_users (
    user_id     UUID        PRIMARY KEY,
    deactivated BOOLEAN     NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);

-- Erasure (identity's UserErased): the only place an erased id stays; the mirrors ignore
-- events naming it, and the outbox rows that still mention it are deleted once sent.
CREATE TABLE erased_users (
    user_id       UUID        PRIMARY KEY,
    erased_at     TIMESTAMPTZ NOT NULL,
    outbox_purged BOOLEAN     NOT NULL DEFAULT false
);
