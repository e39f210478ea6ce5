"""Benchmark: upload throughput through the gateway beside a direct S3 PUT to the same server.

One signed-up person uploads --size-mib of random bytes, alternating in --rounds rounds:

  gateway          BeginUpload, UploadChunk of --chunk-kib each in order (as a client sends them,
                   each waiting for its answer), CompleteUpload: through the gateway (token check,
                   rate limit, routing) to content, which stores each chunk in the bucket and
                   records it in PostgreSQL
  s3_put           one PutObject of the same bytes to the same SeaweedFS (aiobotocore), the
                   fastest a client could store them with the bucket's own credentials
  s3_put_chunked   the same bytes as PutObjects of --chunk-kib each, in order: the object
                   store's share of the gateway path

Medians (and the slowest round) of MB/s per path, and the gateway's share of the direct PUT.
Random bytes are not a picture: the media worker refuses them quickly, which is not measured.

  uv run python bench/media_upload.py [--size-mib 8] [--chunk-kib 1024] [--rounds 7]

Needs the platform (`make up`). Prints a table and writes bench/results/media_upload.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import grpc
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session

from kith.content.v1 import media_pb2 as M
from kith.content.v1 import media_pb2_grpc
from kith_platform.testing import GatewayClient

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "media_upload.json"
GATEWAY = os.environ.get("KITH_GATEWAY_ADDR", "127.0.0.1:50050")
BUCKET = os.environ.get("KITH_S3_BUCKET", "kith-media")
S3 = {
    "endpoint_url": os.environ.get("KITH_S3_ENDPOINT", "http://127.0.0.1:18333"),
    "region_name": os.environ.get("KITH_S3_REGION", "us-east-1"),
    "aws_access_key_id": os.environ.get("KITH_S3_ACCESS_KEY", "kith-local"),
    "aws_secret_access_key": os.environ.get("KITH_S3_SECRET_KEY", "kith-local-secret-not-for-production"),
}


async def through_gateway(media, auth, data: bytes, chunk: int) -> None:
    begun = await media.BeginUpload(M.BeginUploadRequest(size_bytes=len(data)), metadata=auth)
    upload_id = begun.upload.upload_id
    for offset in range(0, len(data), chunk):
        await media.UploadChunk(
            M.UploadChunkRequest(upload_id=upload_id, offset=offset, data=data[offset : offset + chunk]),
            metadata=auth,
        )
    await media.CompleteUpload(M.CompleteUploadRequest(upload_id=upload_id), metadata=auth)


async def s3_put(s3, data: bytes, chunk: int, keys: list[str]) -> None:
    key = f"bench/{uuid.uuid4()}"
    keys.append(key)
    await s3.put_object(Bucket=BUCKET, Key=key, Body=data)


async def s3_put_chunked(s3, data: bytes, chunk: int, keys: list[str]) -> None:
    for offset in range(0, len(data), chunk):
        key = f"bench/{uuid.uuid4()}"
        keys.append(key)
        await s3.put_object(Bucket=BUCKET, Key=key, Body=data[offset : offset + chunk])


def _mb_per_s(size: int, seconds: float) -> float:
    return size / seconds / 1e6


async def main(args) -> dict:
    data = os.urandom(args.size_mib * 1024 * 1024)
    chunk = args.chunk_kib * 1024
    options = [("grpc.max_send_message_length", 8 * 1024 * 1024)]
    samples: dict[str, list[float]] = {"gateway": [], "s3_put": [], "s3_put_chunked": []}
    keys: list[str] = []
    async with grpc.aio.insecure_channel(GATEWAY, options=options) as channel:
        api = GatewayClient(channel)
        person = await api.sign_up("benchmedia")
        media = media_pb2_grpc.MediaServiceStub(channel)
        config = AioConfig(signature_version="s3v4", s3={"addressing_style": "path"})
        async with get_session().create_client("s3", config=config, **S3) as s3:
            paths = {
                "gateway": lambda: through_gateway(media, person.auth, data, chunk),
                "s3_put": lambda: s3_put(s3, data, chunk, keys),
                "s3_put_chunked": lambda: s3_put_chunked(s3, data, chunk, keys),
            }
            for path in paths.values():  # warm-up: connections, caches
                await path()
            for _ in range(args.rounds):
                for name, path in paths.items():
                    started = time.perf_counter()
                    await path()
                    samples[name].append(_mb_per_s(len(data), time.perf_counter() - started))
            for key in keys:
                await s3.delete_object(Bucket=BUCKET, Key=key)
    result = {
        "what": "upload throughput: through the gateway (chunked, resumable) beside direct S3 PUTs",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "size_bytes": len(data),
        "chunk_bytes": chunk,
        "rounds": args.rounds,
        "paths": {
            name: {
                "median_mb_per_s": round(statistics.median(values), 1),
                "slowest_mb_per_s": round(min(values), 1),
            }
            for name, values in samples.items()
        },
    }
    direct = result["paths"]["s3_put"]["median_mb_per_s"]
    result["gateway_share_of_direct_put"] = round(result["paths"]["gateway"]["median_mb_per_s"] / direct, 2)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=8)
    parser.add_argument("--chunk-kib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=7)
    result = asyncio.run(main(parser.parse_args()))
    print(f"{'path':<16} {'median MB/s':>12} {'slowest':>9}")
    for name, row in result["paths"].items():
        print(f"{name:<16} {row['median_mb_per_s']:>12} {row['slowest_mb_per_s']:>9}")
    print(f"gateway / direct PUT: {result['gateway_share_of_direct_put']}")
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
