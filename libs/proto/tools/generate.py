"""Regenerates the kith-proto library from proto/ (run via `make proto`; `--check` fails when it is stale)."""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[3]
PROTO_DIR = ROOT / "proto"
OUT_DIR = ROOT / "libs" / "proto" / "src"
DESCRIPTOR_SET = "kith/descriptor_set.binpb"


def _protos() -> list[str]:
    return sorted(str(p.relative_to(PROTO_DIR)) for p in PROTO_DIR.rglob("*.proto"))


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    protos = _protos()
    include = str(Path(protoc.__file__).parent / "_proto")
    args = [
        "protoc",
        f"-I{PROTO_DIR}",
        f"-I{include}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        f"--descriptor_set_out={out / DESCRIPTOR_SET}",
        "--include_imports",
        "--include_source_info",
        *protos,
    ]
    (out / "kith").mkdir(exist_ok=True)
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    # Every generated directory is a regular package so tools and type checkers find it.
    for directory in [out / "kith", *(p for p in (out / "kith").rglob("*") if p.is_dir())]:
        if directory.name != "__pycache__":
            (directory / "__init__.py").touch()


def _tree(base: Path) -> set[str]:
    return {
        str(p.relative_to(base))
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        generate(fresh)
        want, have = _tree(fresh), _tree(OUT_DIR)
        stale = sorted(want ^ have)
        stale += sorted(
            f for f in want & have if not filecmp.cmp(fresh / f, OUT_DIR / f, shallow=False)
        )
    if stale:
        print("generated code is stale; run `make proto`. Differs:", *stale, sep="\n  ")
        return 1
    print(f"generated code is up to date ({len(want)} files)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed code is stale")
    if parser.parse_args().check:
        return check()
    shutil.rmtree(OUT_DIR / "kith", ignore_errors=True)
    generate(OUT_DIR)
    print(f"generated {len(_tree(OUT_DIR))} files in {OUT_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
