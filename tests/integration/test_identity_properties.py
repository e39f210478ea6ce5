"""Property-based tests over every identity RPC input: never INTERNAL, bad fields named.

They call the identity service directly (as the gateway would, with a verified caller), so the
gateway's rate limits do not throttle hundreds of generated requests.
"""

from __future__ import annotations

import uuid

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.identity.v1 import identity_pb2, identity_pb2_grpc
from kith_platform.auth import SESSION_ID_METADATA, USER_ID_METADATA
from tests.integration.endpoints import SERVICE_ADDRESSES

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(["", " ", "\x00", "a\x00b", "admin", "x@example.org", "é" * 31, "a" * 10_000]),
)


@pytest.fixture(scope="module")
def identity(platform_up):
    with grpc.insecure_channel(SERVICE_ADDRESSES["identity"]) as channel:
        yield identity_pb2_grpc.IdentityServiceStub(channel), identity_pb2_grpc.IdentityInternalServiceStub(channel)


@pytest.fixture(scope="module")
def caller(identity):
    public, _ = identity
    handle = f"prop_{uuid.uuid4().hex[:10]}"
    password = "property tests password"
    user = public.Register(
        identity_pb2.RegisterRequest(handle=handle, email=f"{handle}@example.org", password=password)
    )
    login = public.Login(identity_pb2.LoginRequest(login=handle, password=password))
    return {
        "user_id": user.user.user_id,
        "refresh_token": login.refresh_token,
        "metadata": ((USER_ID_METADATA, user.user.user_id), (SESSION_ID_METADATA, "")),
    }


def _check(call, request, fields: set[str], metadata=()) -> None:
    try:
        call(request, metadata=metadata, timeout=10)
    except grpc.RpcError as exc:
        assert exc.code() not in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN), (request, exc.details())
        if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
            field = exc.details().split(":", 1)[0]
            assert field in fields, (request, exc.details())


def _fields(message_type) -> set[str]:
    return {f.name for f in message_type.DESCRIPTOR.fields}


@PROPERTY_SETTINGS
@given(handle=text, email=text, password=text, display_name=text)
def test_register(identity, handle, email, password, display_name):
    request = identity_pb2.RegisterRequest(handle=handle, email=email, password=password, display_name=display_name)
    _check(identity[0].Register, request, _fields(identity_pb2.RegisterRequest))


@PROPERTY_SETTINGS
@given(login=text, password=text)
def test_login_and_reactivate(identity, login, password):
    _check(
        identity[0].Login, identity_pb2.LoginRequest(login=login, password=password), _fields(identity_pb2.LoginRequest)
    )
    _check(
        identity[0].ReactivateAccount,
        identity_pb2.ReactivateAccountRequest(login=login, password=password),
        _fields(identity_pb2.ReactivateAccountRequest),
    )


@PROPERTY_SETTINGS
@given(refresh_token=text)
def test_refresh(identity, refresh_token):
    _check(
        identity[0].Refresh,
        identity_pb2.RefreshRequest(refresh_token=refresh_token),
        _fields(identity_pb2.RefreshRequest),
    )


@PROPERTY_SETTINGS
@given(current=text, new=text)
def test_change_password(identity, caller, current, new):
    request = identity_pb2.ChangePasswordRequest(current_password=current, new_password=new)
    _check(identity[0].ChangePassword, request, _fields(identity_pb2.ChangePasswordRequest), caller["metadata"])


@PROPERTY_SETTINGS
@given(password=text)
def test_deactivate(identity, caller, password):
    _check(
        identity[0].DeactivateAccount,
        identity_pb2.DeactivateAccountRequest(password=password),
        _fields(identity_pb2.DeactivateAccountRequest),
        caller["metadata"],
    )


@PROPERTY_SETTINGS
@given(user_id=st.one_of(text, st.uuids().map(str)), session_id=text)
def test_session_rpcs_and_user_lookup(identity, user_id, session_id):
    public, internal = identity
    metadata = ((USER_ID_METADATA, str(uuid.uuid4())), (SESSION_ID_METADATA, session_id.replace("\x00", "")))
    _check(internal.GetUser, identity_pb2.GetUserRequest(user_id=user_id), _fields(identity_pb2.GetUserRequest))
    _check(public.Logout, identity_pb2.LogoutRequest(), set(), _ascii(metadata))
    _check(public.LogoutEverywhere, identity_pb2.LogoutEverywhereRequest(), set(), _ascii(metadata))


def _ascii(metadata):
    # Metadata values must be printable ASCII on the wire; the gateway only ever sends UUIDs.
    return tuple((k, "".join(c for c in v if 32 <= ord(c) < 127)) for k, v in metadata)


@PROPERTY_SETTINGS
@given(
    display_name=st.none() | text,
    bio=st.none() | text,
    avatar_url=st.none() | text | st.just("https://x.org/a"),
    location=st.none() | text,
    language=st.none() | text | st.sampled_from(["en", "pt-BR", "zz-"]),
    interests=st.none() | st.lists(text, max_size=35),
    visibility=st.integers(min_value=-1, max_value=4),
)
def test_update_profile(identity, caller, display_name, bio, avatar_url, location, language, interests, visibility):
    fields = {
        k: v
        for k, v in dict(
            display_name=display_name, bio=bio, avatar_url=avatar_url, location=location, language=language
        ).items()
        if v is not None
    }
    if interests is not None:
        fields["interests"] = identity_pb2.Interests(topics=interests)
    request = identity_pb2.UpdateProfileRequest(visibility=visibility, **fields)
    _check(identity[0].UpdateProfile, request, _fields(identity_pb2.UpdateProfileRequest), caller["metadata"])


@PROPERTY_SETTINGS
@given(query=text, page_size=st.integers(min_value=-5, max_value=80), cursor=text, user_id=text | st.uuids().map(str))
def test_search_and_profile_reads(identity, caller, query, page_size, cursor, user_id):
    public, internal = identity
    _check(
        public.SearchPeople,
        identity_pb2.SearchPeopleRequest(query=query, page_size=page_size, cursor=cursor),
        _fields(identity_pb2.SearchPeopleRequest),
        caller["metadata"],
    )
    _check(
        public.GetProfile,
        identity_pb2.GetProfileRequest(user_id=user_id),
        _fields(identity_pb2.GetProfileRequest),
        caller["metadata"],
    )
    _check(
        internal.BatchGetProfiles,
        identity_pb2.BatchGetProfilesRequest(user_ids=[user_id, caller["user_id"]]),
        _fields(identity_pb2.BatchGetProfilesRequest),
    )
