"""The platform's object store (SeaweedFS's S3 API, started by `make up`; docs/object-storage.md),
used the way the media service will use it: aiobotocore, path-style addressing, Signature V4,
presigned URLs. Settings from the environment, with deploy/local/env.sh's defaults."""

from __future__ import annotations

import asyncio
import hashlib
import os
import urllib.error
import urllib.request
import uuid

import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("KITH_S3_ENDPOINT", "http://127.0.0.1:18333")
REGION = os.environ.get("KITH_S3_REGION", "us-east-1")
BUCKET = os.environ.get("KITH_S3_BUCKET", "kith-media")
ACCESS_KEY = os.environ.get("KITH_S3_ACCESS_KEY", "kith-local")
SECRET_KEY = os.environ.get("KITH_S3_SECRET_KEY", "kith-local-secret-not-for-production")

# No proxy: an http_proxy in the environment must not see 127.0.0.1.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def s3_client(secret_key: str = SECRET_KEY):
    return get_session().create_client(
        "s3",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=secret_key,
        config=AioConfig(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


@pytest.fixture(scope="module")
async def s3(platform_up):
    async with s3_client() as client:
        yield client


@pytest.fixture
async def key(s3):
    """A fresh object key under tests/, deleted afterwards."""
    name = f"tests/{uuid.uuid4()}"
    yield name
    await s3.delete_object(Bucket=BUCKET, Key=name)


def http_get(url: str) -> bytes:
    with HTTP.open(url, timeout=10) as response:
        return response.read()


def refused(url: str) -> tuple[int, bytes]:
    """The status and the S3 error document of a refused GET."""
    with pytest.raises(urllib.error.HTTPError) as refusal:
        http_get(url)
    return refusal.value.code, refusal.value.read()


async def test_an_object_comes_back_byte_for_byte(s3, key):
    # 5 MiB of random bytes: more than one of the filer's 4 MiB chunks.
    body = os.urandom(5 * 1024 * 1024 + 17)
    put = await s3.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType="application/octet-stream")
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    got = await s3.get_object(Bucket=BUCKET, Key=key)
    async with got["Body"] as stream:
        assert await stream.read() == body
    assert got["ContentLength"] == len(body) and got["ContentType"] == "application/octet-stream"
    assert got["ETag"].strip('"') == hashlib.md5(body).hexdigest() == put["ETag"].strip('"')
    listed = await s3.list_objects_v2(Bucket=BUCKET, Prefix=key)
    assert [o["Key"] for o in listed["Contents"]] == [key]


async def test_a_presigned_get_works_over_plain_http_until_it_expires(s3, key):
    body = b"presigned " + os.urandom(1000)
    await s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    url = await s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=60)
    assert url.startswith(f"{ENDPOINT}/{BUCKET}/{key}?"), "path-style"
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    assert await asyncio.to_thread(http_get, url) == body

    short = await s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=1)
    await asyncio.sleep(2)
    status, error = await asyncio.to_thread(refused, short)
    assert status == 403 and b"<Code>AccessDenied</Code>" in error and b"expired" in error, error
    # The same object without any signature: no anonymous reads.
    status, error = await asyncio.to_thread(refused, f"{ENDPOINT}/{BUCKET}/{key}")
    assert status == 403 and b"<Code>AccessDenied</Code>" in error, error


async def test_a_wrong_secret_is_refused(s3, key):
    await s3.put_object(Bucket=BUCKET, Key=key, Body=b"kept")
    async with s3_client(secret_key=SECRET_KEY + "-wrong") as impostor:
        with pytest.raises(ClientError) as read:
            await impostor.get_object(Bucket=BUCKET, Key=key)
        with pytest.raises(ClientError) as write:
            await impostor.put_object(Bucket=BUCKET, Key=key, Body=b"overwritten")
        forged = await impostor.generate_presigned_url(
            "get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=60
        )
    for refusal in (read.value, write.value):
        assert refusal.response["ResponseMetadata"]["HTTPStatusCode"] == 403, refusal.response
        assert refusal.response["Error"]["Code"] == "SignatureDoesNotMatch", refusal.response
    status, error = await asyncio.to_thread(refused, forged)
    assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in error, error
    got = await s3.get_object(Bucket=BUCKET, Key=key)
    async with got["Body"] as stream:
        assert await stream.read() == b"kept"


async def test_kiths_key_may_not_create_buckets(s3):
    # Buckets are made by the platform (kithctl, docker-compose's one-shot, dev's postStart hook;
    # in production by its operators), not by the services' key.
    with pytest.raises(ClientError) as refusal:
        await s3.create_bucket(Bucket=f"kith-test-{uuid.uuid4().hex[:12]}")
    assert refusal.value.response["Error"]["Code"] == "AccessDenied", refusal.value.response
