"""Cursors a client sends back: anything this API did not hand out is INVALID_ARGUMENT naming
`cursor`, whatever JSON it decodes to."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from kith_platform import cursors
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid


def _forged(parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def test_a_cursor_handed_out_decodes_to_its_parts():
    item = str(uuid.uuid4())
    assert cursors.decode(cursors.encode(7, item), int, lambda u: parse_uuid(u, "cursor")) == (7, item)


@pytest.mark.parametrize("parts", [[0, 1], [0, [1]], [0, {"a": 1}], [0, None], [[], "x"], [0], "x", 5])
def test_parts_of_the_wrong_type_are_invalid_argument(parts):
    with pytest.raises(InvalidArgument) as refused:
        cursors.decode(_forged(parts), int, lambda u: parse_uuid(u, "cursor"))
    assert refused.value.field == "cursor"
    with pytest.raises(InvalidArgument):
        cursors.decode(_forged(parts), float, lambda u: str(uuid.UUID(u)))
