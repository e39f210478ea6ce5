"""The media bucket over S3 (aiobotocore: SeaweedFS locally, any S3 in production); its objects'
signed URLs are kith_platform.media_urls'."""

from __future__ import annotations

from contextlib import AsyncExitStack

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session

from kith_content.config import ContentSettings
from kith_content.domain.ports import ObjectStore

_S3 = {"addressing_style": "path"}  # SeaweedFS and most S3 servers but AWS's take path style


class S3ObjectStore(ObjectStore):
    def __init__(self, client, bucket: str) -> None:
        self.client, self.bucket = client, bucket

    @classmethod
    async def open(cls, settings: ContentSettings, stack: AsyncExitStack) -> S3ObjectStore:
        client = await stack.enter_async_context(
            get_session().create_client(
                "s3",
                endpoint_url=settings.s3_endpoint,
                region_name=settings.s3_region,
                aws_access_key_id=settings.s3_access_key or None,
                aws_secret_access_key=settings.s3_secret_key or None,
                config=AioConfig(signature_version="s3v4", s3=_S3, retries={"max_attempts": 3, "mode": "standard"}),
            )
        )
        return cls(client, settings.s3_bucket)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    async def get(self, key: str) -> bytes:
        response = await self.client.get_object(Bucket=self.bucket, Key=key)
        async with response["Body"] as body:
            return await body.read()

    async def delete_prefix(self, prefix: str) -> None:
        while True:
            listed = await self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix, MaxKeys=1000)
            keys = [{"Key": o["Key"]} for o in listed.get("Contents", ())]
            if not keys:
                return
            await self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
