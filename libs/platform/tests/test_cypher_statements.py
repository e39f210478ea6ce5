"""Which constants of a Cypher module are statements to plan at start-up (neo4j_store.cypher_statements)."""

from __future__ import annotations

from types import ModuleType

from kith_platform.neo4j_store import cypher_statements


def _module(name: str, **constants: object) -> ModuleType:
    module = ModuleType(f"kith_example.adapters.{name}")
    vars(module).update(constants)
    return module


def test_public_statements_and_those_in_dicts_and_tuples_are_taken():
    module = _module(
        "cypher",
        HAS_USER="MATCH (u:User {id: $id}) RETURN count(u) > 0 AS present",
        CREATE={"FOLLOWS": "\nMATCH (a:User {id: $a}), (b:User {id: $b}) CREATE (a)-[:FOLLOWS]->(b)"},
        READS=("OPTIONAL MATCH (u:User {id: $id}) RETURN u", "UNWIND $ids AS id RETURN id"),
        SET_ONE="MERGE (m:Migration {name: $name})",
        PURGE="WITH $ids AS ids MATCH (u:User) WHERE u.id IN ids DETACH DELETE u",
        NOW="RETURN timestamp() AS now",
        CALLED="CALL () { RETURN 1 AS one } RETURN one",
    )
    assert cypher_statements(module) == {
        "cypher.HAS_USER": module.HAS_USER,
        "cypher.CREATE[FOLLOWS]": module.CREATE["FOLLOWS"],
        "cypher.READS[0]": module.READS[0],
        "cypher.READS[1]": module.READS[1],
        "cypher.SET_ONE": module.SET_ONE,
        "cypher.PURGE": module.PURGE,
        "cypher.NOW": module.NOW,
        "cypher.CALLED": module.CALLED,
    }


def test_fragments_templates_schema_commands_and_other_strings_are_left_out():
    module = _module(
        "cypher",
        _PRIVATE="MATCH (u:User) RETURN u",
        NOT_ERASED="NOT EXISTS {{ MATCH (:ErasedUser {{id: {id}}}) }}",
        BY_LABEL="MATCH (n:{label}) RETURN n",
        SCHEMA=(
            "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
            "CREATE INDEX erased IF NOT EXISTS FOR (e:ErasedUser) ON (e.id)",
            "CREATE TEXT INDEX keys IF NOT EXISTS FOR (i:Interaction) ON (i.key)",
        ),
        TYPES=("FOLLOWS", "BLOCKS"),
        SQL="SELECT id FROM outbox WHERE sent_at IS NULL",
        LIMIT=100,
        MAPS="MATCH (c:Counter {name: 'outbox'}) RETURN c.value AS value",
    )
    assert cypher_statements(module) == {"cypher.MAPS": module.MAPS}


def test_names_carry_each_modules_own_name():
    first = _module("cypher", ONE="RETURN 1 AS one")
    second = _module("outbox", ONE="RETURN 2 AS two")
    assert cypher_statements(first, second) == {"cypher.ONE": "RETURN 1 AS one", "outbox.ONE": "RETURN 2 AS two"}
