"""bench/report.py renders docs/benchmarks.md, its SVG plots and docs/capacity.md from a latest.json
as bench/run_all.py writes it (made by run_all's own main() with fake steps: sample_run.py), and
run_all keeps its steps at full length when the Reed98 load ran."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.bench import sample_run

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import report  # bench/, put on sys.path above

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench")
    result = sample_run.build(out)
    assert result["code"] == 0
    return {**result, "docs": out / "docs"}


def test_run_all_writes_every_step_of_both_searches(run):
    latest = json.loads(run["json"].read_text())
    m = latest["mixed_workload"]
    assert len(m["steps"]) == 6 and len(m["baseline"]["steps"]) == 7
    for s in m["steps"] + m["baseline"]["steps"]:
        assert {"rate_per_second", "p50_ms", "p99_ms", "completed_per_second", "passed"} <= s.keys()
    assert latest["post_to_feed"]["p999_ms"] is not None
    assert latest["footprint"]["redis"]["bytes_per_feed_entry"] == 104.0
    assert latest["timings_seconds"]["budget_extended_by_load"] == 0


def test_make_bench_writes_the_docs(run):
    docs = run["docs"]
    md = (docs / "benchmarks.md").read_text()
    for name in ("latency-vs-rate", "fanout", "post-to-feed"):
        assert f"(benchmarks/{name}.svg)" in md
        ET.parse(docs / "benchmarks" / f"{name}.svg")  # well-formed
    assert "## Mixed workload, step by step" in md and "## Machine and versions" in md
    assert "| 675 | 675 |" in md  # a platform step's row
    assert "# Capacity model" in (docs / "capacity.md").read_text()


def test_latency_plot_has_both_curves_and_every_step(run):
    root = ET.parse(run["docs"] / "benchmarks" / "latency-vs-rate.svg").getroot()
    assert len(root.findall(f"{SVG}polyline")) == 4  # platform and echo, p50 and p99
    points = [c for c in root.findall(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    assert len(points) == 2 * (6 + 7)
    hollow = [c for c in points if c.get("fill") == "white"]
    assert len(hollow) == 2 * (3 + 2)  # the failed steps
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "p99 bound 50 ms" in texts


def test_report_cli_on_a_sample(run, tmp_path):
    report.main(["--results", str(run["json"]), "--out", str(tmp_path)])
    assert (tmp_path / "benchmarks.md").read_text().startswith("# Benchmarks")
    assert sorted(p.name for p in (tmp_path / "benchmarks").iterdir()) == [
        "fanout.svg",
        "latency-vs-rate.svg",
        "post-to-feed.svg",
    ]
    assert (tmp_path / "capacity.md").exists()
    # The same figures give the same bytes (the docs are committed: no churn).
    first = (tmp_path / "benchmarks" / "latency-vs-rate.svg").read_bytes()
    report.main(["--results", str(run["json"]), "--out", str(tmp_path)])
    assert (tmp_path / "benchmarks" / "latency-vs-rate.svg").read_bytes() == first


def test_a_report_missing_parts_still_renders(run, tmp_path):
    latest = json.loads(run["json"].read_text())
    for key in ("fanout", "post_to_feed", "footprint", "live", "messaging", "graph"):
        latest.pop(key)
    latest["mixed_workload"]["baseline"]["steps"] = []
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(latest))
    written = report.generate(path, tmp_path / "docs")
    assert [p.name for p in written] == ["benchmarks.md", "latency-vs-rate.svg", "capacity.md"]
    assert "**assumed**" in (tmp_path / "docs" / "capacity.md").read_text()


def test_steps_keep_their_length_after_a_load(tmp_path):
    loaded = sample_run.build(tmp_path, load_seconds=510, extra_argv=["--no-docs"])
    assert loaded["code"] == 0
    assert loaded["calls"]["fanout_short"] is False
    opts = loaded["calls"]["mixed_options"]
    assert (opts.warmup, opts.duration, opts.post_to_feed_duration) == (3.0, 15.0, 15.0)
    assert loaded["calls"]["mixed_budget"] >= 330
    latest = json.loads(loaded["json"].read_text())
    assert latest["timings_seconds"]["budget_extended_by_load"] == 510
    assert not (tmp_path / "docs").exists()  # --no-docs


def test_quick_run_leaves_the_docs(tmp_path):
    assert sample_run.build(tmp_path, extra_argv=["--quick"])["code"] == 0
    assert not (tmp_path / "docs").exists()
