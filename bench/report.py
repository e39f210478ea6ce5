"""docs/benchmarks.md, its plots and docs/capacity.md from bench/results/latest.json.

`make bench` (bench/run_all.py) calls it after each full run; `make bench-report` runs it alone
on the latest.json there is. The plots are SVG written here by hand (a few lines per shape, no
plotting library, the same bytes for the same figures), in <out>/benchmarks/:

- latency-vs-rate.svg: p50 and p99 against the offered rate of every step of the mixed workload's
  search (through the gateway) and of the echo baseline's, log-log, with the 50 ms p99 bound;
  steps that failed (p99 over the bound or errors over 0.1%) are hollow;
- fanout.svg: feed entries per second from Kafka to Redis with one and two stream workers, beside
  redis-benchmark's ZADD rate on the same Redis (each run a dot, the bar the median);
- post-to-feed.svg: post-to-feed p50 / p99 / p99.9 with no other load and under the mixed load.

  uv run python bench/report.py [--results bench/results/latest.json] [--out docs]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import capacity  # the sibling module, as run_all.py imports its siblings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "latest.json"
DOCS = ROOT / "docs"
PLOTS = "benchmarks"  # under DOCS

PLATFORM, ECHO, BASELINE, GRID, INK = "#c0392b", "#2471a3", "#7f8c8d", "#dddddd", "#222222"
FONT = 'font-family="Helvetica, Arial, sans-serif"'


# --- SVG ---------------------------------------------------------------------------------------------


def _num(x: float) -> str:
    """A tick or value label: 1,500 / 20 / 2.5 / 0.25."""
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.0f}"
    return f"{x:.2g}"


def _log_ticks(lo: float, hi: float) -> list[float]:
    ticks = []
    for k in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        for m in (1, 2, 5):
            t = m * 10**k
            if lo <= t <= hi:
                ticks.append(t)
    return ticks


def _linear_ticks(hi: float, n: int = 5) -> list[float]:
    raw = hi / n
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(hi / step) + 2) if i * step <= hi * 1.0001]


class Axes:
    """A plot area with a linear or log x and y axis, turning data into SVG coordinates."""

    def __init__(
        self,
        *,
        width: int = 860,
        height: int = 440,
        left: int = 78,
        right: int = 200,
        top: int = 48,
        bottom: int = 58,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        x_log: bool = False,
        y_log: bool = False,
    ) -> None:
        self.width, self.height = width, height
        self.x0, self.x1, self.y0, self.y1 = left, width - right, height - bottom, top
        self.x_range, self.y_range, self.x_log, self.y_log = x_range, y_range, x_log, y_log

    def _frac(self, v: float, rng: tuple[float, float], log: bool) -> float:
        lo, hi = rng
        if log:
            return (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
        return (v - lo) / (hi - lo)

    def x(self, v: float) -> float:
        return round(self.x0 + self._frac(v, self.x_range, self.x_log) * (self.x1 - self.x0), 1)

    def y(self, v: float) -> float:
        return round(self.y0 - self._frac(v, self.y_range, self.y_log) * (self.y0 - self.y1), 1)

    def frame(
        self,
        title: str,
        x_label: str,
        y_label: str,
        x_ticks: list[float] | None = None,
        y_ticks: list[float] | None = None,
    ) -> list[str]:
        out = [
            f'<rect width="{self.width}" height="{self.height}" fill="white"/>',
            f'<text x="{self.x0}" y="26" font-size="16" font-weight="bold" fill="{INK}" {FONT}>{escape(title)}</text>',
        ]
        for t in y_ticks or []:
            out.append(f'<line x1="{self.x0}" y1="{self.y(t)}" x2="{self.x1}" y2="{self.y(t)}" stroke="{GRID}"/>')
            out.append(
                f'<text x="{self.x0 - 6}" y="{self.y(t) + 4}" font-size="11" text-anchor="end" fill="{INK}" '
                f"{FONT}>{_num(t)}</text>"
            )
        for t in x_ticks or []:
            out.append(f'<line x1="{self.x(t)}" y1="{self.y0}" x2="{self.x(t)}" y2="{self.y1}" stroke="{GRID}"/>')
            out.append(
                f'<text x="{self.x(t)}" y="{self.y0 + 16}" font-size="11" text-anchor="middle" fill="{INK}" '
                f"{FONT}>{_num(t)}</text>"
            )
        out.append(
            f'<rect x="{self.x0}" y="{self.y1}" width="{self.x1 - self.x0}" height="{self.y0 - self.y1}" '
            f'fill="none" stroke="{INK}"/>'
        )
        out.append(
            f'<text x="{(self.x0 + self.x1) / 2}" y="{self.height - 16}" font-size="12" text-anchor="middle" '
            f'fill="{INK}" {FONT}>{escape(x_label)}</text>'
        )
        mid = (self.y0 + self.y1) / 2
        out.append(
            f'<text x="18" y="{mid}" font-size="12" text-anchor="middle" fill="{INK}" {FONT} '
            f'transform="rotate(-90 18 {mid})">{escape(y_label)}</text>'
        )
        return out

    def legend(self, entries: list[tuple[str, str, str]]) -> list[str]:
        """(label, colour, dash) each, right of the plot."""
        out = []
        for i, (label, colour, dash) in enumerate(entries):
            y = self.y1 + 10 + 20 * i
            x = self.x1 + 14
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{colour}" stroke-width="2"'
                f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}/>"
            )
            out.append(f'<text x="{x + 30}" y="{y + 4}" font-size="11" fill="{INK}" {FONT}>{escape(label)}</text>')
        return out


def svg(width: int, height: int, body: list[str], title: str) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img">',
            f"<title>{escape(title)}</title>",
            *body,
            "</svg>",
            "",
        ]
    )


def _steps(search: dict | None) -> list[dict]:
    """The steps of a search that have latencies, by offered rate."""
    steps = [s for s in (search or {}).get("steps") or [] if s.get("p50_ms") and s.get("p99_ms")]
    return sorted(steps, key=lambda s: s["rate_per_second"])


def latency_plot(report: dict) -> str | None:
    m = report.get("mixed_workload") or {}
    platform, echo = _steps(m), _steps(m.get("baseline"))
    if not platform and not echo:
        return None
    bound = (m.get("workload") or {}).get("p99_bound_ms", 50.0)
    rates = [s["rate_per_second"] for s in platform + echo]
    values = [s[k] for s in platform + echo for k in ("p50_ms", "p99_ms")] + [bound]
    x_range = (10 ** (math.log10(min(rates)) - 0.1), 10 ** (math.log10(max(rates)) + 0.1))  # a margin
    y_range = (10 ** math.floor(math.log10(min(values))), 10 ** math.ceil(math.log10(max(values))))
    ax = Axes(x_range=x_range, y_range=y_range, x_log=True, y_log=True)
    title = "Latency against offered rate: the platform beside a gRPC echo server"
    body = ax.frame(
        title,
        "offered rate (requests/s, open loop; log scale)",
        "latency from intended start (ms, log)",
        _log_ticks(*x_range),
        _log_ticks(*y_range),
    )
    body.append(
        f'<line x1="{ax.x0}" y1="{ax.y(bound)}" x2="{ax.x1}" y2="{ax.y(bound)}" stroke="{INK}" stroke-dasharray="2 3"/>'
    )
    body.append(
        f'<text x="{ax.x0 + 6}" y="{ax.y(bound) - 5}" font-size="11" fill="{INK}" {FONT}>'
        f"p99 bound {_num(bound)} ms</text>"
    )
    legend = []
    for steps, colour, name in ((platform, PLATFORM, "platform"), (echo, ECHO, "echo baseline")):
        for key, dash, label in (("p99_ms", "", "p99"), ("p50_ms", "6 4", "p50")):
            if not steps:
                continue
            points = " ".join(f"{ax.x(s['rate_per_second'])},{ax.y(s[key])}" for s in steps)
            body.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}/>"
            )
            for s in steps:
                fill = colour if s.get("passed") else "white"
                body.append(
                    f'<circle cx="{ax.x(s["rate_per_second"])}" cy="{ax.y(s[key])}" r="3.5" fill="{fill}" '
                    f'stroke="{colour}" stroke-width="1.5"><title>{escape(name)} {label} at '
                    f"{s['rate_per_second']}/s: {s[key]} ms ({'pass' if s.get('passed') else 'fail'})"
                    f"</title></circle>"
                )
            legend.append((f"{name} {label}", colour, dash))
    body += ax.legend(legend)
    y = ax.y1 + 10 + 20 * len(legend) + 8
    body.append(f'<circle cx="{ax.x1 + 26}" cy="{y}" r="3.5" fill="white" stroke="{INK}" stroke-width="1.5"/>')
    body.append(f'<text x="{ax.x1 + 44}" y="{y + 4}" font-size="11" fill="{INK}" {FONT}>step failed</text>')
    return svg(ax.width, ax.height, body, title)


def bar_plot(
    title: str,
    y_label: str,
    groups: list[str],
    series: list[tuple[str, str | list[str], list[float | None]]],
    dots: list[list[list[float]]] | None = None,
    unit: str = "",
) -> str:
    """Grouped vertical bars: `series` (label, colour or one colour per group, one value per
    group); `dots` the runs behind each bar (per series, per group). A legend when there are
    several series."""
    values = [v for _, _, vs in series for v in vs if v is not None]
    values += [d for per_series in dots or [] for per_group in per_series for d in per_group]
    top = max(values) * 1.15 if values else 1.0
    ax = Axes(
        x_range=(0, len(groups)),
        y_range=(0, top),
        width=860 if len(series) > 1 else 700,
        right=200 if len(series) > 1 else 40,
    )
    body = ax.frame(title, "", y_label, None, _linear_ticks(top))
    slot = (ax.x1 - ax.x0) / len(groups)
    bar = slot * 0.7 / len(series)
    for g, group in enumerate(groups):
        cx = ax.x0 + slot * (g + 0.5)
        body.append(
            f'<text x="{cx:.1f}" y="{ax.y0 + 16}" font-size="11" text-anchor="middle" fill="{INK}" '
            f"{FONT}>{escape(group)}</text>"
        )
        for k, (label, colour, vs) in enumerate(series):
            v = vs[g]
            if v is None:
                continue
            x = cx - slot * 0.35 + k * bar
            fill = colour[g] if isinstance(colour, list) else colour
            body.append(
                f'<rect x="{x:.1f}" y="{ax.y(v)}" width="{bar * 0.92:.1f}" height="{ax.y0 - ax.y(v):.1f}" '
                f'fill="{fill}"><title>{escape(label)}, {escape(group)}: {_num(v)}{unit}</title></rect>'
            )
            runs = dots[k][g] if dots else []
            body.append(
                f'<text x="{x + bar * 0.46:.1f}" y="{ax.y(max([v, *runs])) - 6}" font-size="11" '
                f'text-anchor="middle" fill="{INK}" {FONT}>{_num(v)}{escape(unit)}</text>'
            )
            for d in runs:
                body.append(f'<circle cx="{x + bar * 0.46:.1f}" cy="{ax.y(d)}" r="2.5" fill="white" stroke="{INK}"/>')
    if len(series) > 1:
        body += ax.legend([(label, colour, "") for label, colour, _ in series])
    return svg(ax.width, ax.height, body, title)


def fanout_plot(report: dict) -> str | None:
    f = report.get("fanout")
    if not f:
        return None
    by = sorted((f.get("by_worker_count") or {}).items(), key=lambda kv: int(kv[0].rsplit("_", 1)[-1]))
    groups = [f"{k.rsplit('_', 1)[-1]} stream worker{'s' if k != 'workers_1' else ''}" for k, _ in by]
    groups.append("redis-benchmark ZADD -P 64")
    colours = [PLATFORM] * len(by) + [BASELINE]
    values = [v["entries_per_second"] for _, v in by] + [f["baseline"]["per_second"]]
    runs = [v.get("runs") or [] for _, v in by] + [f["baseline"].get("runs_per_second") or []]
    return bar_plot(
        "Fan-out, Kafka to Redis, beside redis-benchmark on the same Redis",
        "feed entries (ZADDs) per second",
        groups,
        [("fan-out", colours, values)],
        [runs],
        "/s",
    )


def post_to_feed_plot(report: dict) -> str | None:
    p = report.get("post_to_feed")
    if not p:
        return None
    idle = p.get("baseline") or {}
    keys = [("p50_ms", "p50"), ("p99_ms", "p99"), ("p999_ms", "p99.9")]
    keys = [(k, label) for k, label in keys if idle.get(k) is not None or p.get(k) is not None]
    if not keys:
        return None
    rate = p.get("at_mixed_rate_per_second")
    return bar_plot(
        "Post-to-feed latency, with no other load and under the mixed load",
        "milliseconds",
        [label for _, label in keys],
        [
            ("no other load", BASELINE, [idle.get(k) for k, _ in keys]),
            (f"mixed load, {_num(rate)}/s" if rate else "under the mixed load", PLATFORM, [p.get(k) for k, _ in keys]),
        ],
        unit=" ms",
    )


# --- markdown ----------------------------------------------------------------------------------------


def f(x, unit: str = "") -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int) or abs(x) >= 100:
        return f"{x:,.0f}{unit}"
    return f"{x:.3g}{unit}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows),
        "",
    ]


def steps_table(steps: list[dict]) -> list[str]:
    rows = [
        [
            f(s["rate_per_second"]),
            f(s.get("completed_per_second")),
            f(s.get("p50_ms")),
            f(s.get("p99_ms")),
            f(s.get("p999_ms")),
            f(s.get("errors")),
            "pass" if s.get("passed") else "fail: " + "; ".join(s.get("failed_because") or []),
            f((s.get("generator") or {}).get("lag_p99_ms")),
        ]
        for s in steps
    ]
    return table(
        ["offered /s", "completed /s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "verdict", "generator lag p99 ms"],
        rows,
    )


# The headline row of the mixed workload; `make soak` reads its rate from the published page.
MIXED_HEADLINE = "mixed 60/30/10, highest rate with p99 < 50 ms"


def headline(report: dict) -> list[str]:
    rows = []
    fo = report.get("fanout")
    if fo:
        rows.append(
            [
                "fan-out, Kafka to Redis",
                f"{f(fo['entries_per_second'])} entries/s ({fo['stream_workers']} "
                f"worker{'s' if fo['stream_workers'] > 1 else ''})",
                f"redis-benchmark ZADD -P 64: {f(fo['baseline']['per_second'])}/s",
                f(fo.get("ratio")),
                f">= {fo.get('target_ratio')}: {'met' if fo.get('meets_target') else 'missed'}",
            ]
        )
    m = report.get("mixed_workload")
    if m:
        b = m["baseline"]
        rows.append(
            [
                MIXED_HEADLINE,
                f"{f(m['rate_per_second'])}/s",
                f"grpc.aio echo: {f(b.get('rate_per_second'))}/s",
                f(m.get("ratio")),
                f">= {f(m.get('target_rate_per_second'))}/s: {'met' if m.get('meets_target') else 'missed'}",
            ]
        )
        rows.append(
            [
                "at that rate: p50 / p99 / p99.9",
                f"{f(m.get('p50_ms'))} / {f(m.get('p99_ms'))} / {f(m.get('p999_ms'))} ms",
                f"echo: {f(b.get('p50_ms'))} / {f(b.get('p99_ms'))} / {f(b.get('p999_ms'))} ms",
                "",
                f"errors {f(m.get('errors'))}",
            ]
        )
        cpu = m.get("platform_cpu_ms_per_request") or {}
        if cpu:
            rows.append(
                ["at that rate: CPU per request, all platform processes", f"{f(cpu.get('total'))} ms", "", "", ""]
            )
    p = report.get("post_to_feed")
    if p:
        base = p.get("baseline") or {}
        rows.append(
            [
                f"post-to-feed under the mixed load ({f(p.get('at_mixed_rate_per_second'))}/s): p50 / p99",
                f"{f(p.get('p50_ms'))} / {f(p.get('p99_ms'))} ms",
                f"no other load: {f(base.get('p50_ms'))} / {f(base.get('p99_ms'))} ms",
                f"{f(p.get('ratio_p50'))} / {f(p.get('ratio_p99'))}",
                "",
            ]
        )
    lv = report.get("live")
    if lv:
        idle, lat = lv["idle_streams"], lv["append_to_arrival"]
        rows.append(
            [
                "live: idle streams on one edge process",
                f"{f(idle['streams'])} ({f(idle['memory_per_stream_kib'])} KiB each)",
                "",
                "",
                "",
            ]
        )
        rows.append(
            [
                "live: append to arrival, p50 / p99",
                f"{f(lat['p50_ms'])} / {f(lat['p99_ms'])} ms",
                f"Redis PUBLISH to subscriber: {f(lat['baseline']['p50_ms'])} / {f(lat['baseline']['p99_ms'])} ms",
                f"{f(lat.get('ratio_p50'))} / {f(lat.get('ratio_p99'))}",
                "",
            ]
        )
    ms = report.get("messaging")
    if ms:
        b = ms.get("baseline") or {}
        rows.append(
            [
                f"messaging: SendMessage returned to the recipient's stream, p50 / p99 (at "
                f"{f(ms.get('at_rate_per_second'))}/s)",
                f"{f(ms.get('p50_ms'))} / {f(ms.get('p99_ms'))} ms",
                f"Redis PUBLISH to subscriber, same rate: {f(b.get('p50_ms'))} / {f(b.get('p99_ms'))} ms",
                f"{f(ms.get('ratio_p50'))} / {f(ms.get('ratio_p99'))}",
                f"p99 <= {f(ms.get('target_p99_ms'))} ms at {f(ms.get('target_rate_per_second'))}/s: "
                f"{'met' if ms.get('meets_target') else 'missed'}",
            ]
        )
        gr = ms.get("group") or {}
        if gr:
            rows.append(
                [
                    f"messaging: {gr.get('members')}-member group, last member: median / max",
                    f"{f(gr.get('last_member_median_ms'))} / {f(gr.get('last_member_max_ms'))} ms",
                    "",
                    "",
                    "",
                ]
            )
    g = report.get("graph")
    if g:
        for name, label in (
            ("suggest_people", "graph SuggestPeople: p50 / p99"),
            ("connection_path", "graph GetConnectionPath: p50 / p99"),
        ):
            q = g.get(name)
            if q:
                rows.append(
                    [
                        label,
                        f"{f(q['p50_ms'])} / {f(q['p99_ms'])} ms",
                        f"gRPC health: {f(q['baseline']['p50_ms'])} / {f(q['baseline']['p99_ms'])} ms",
                        f"{f(q.get('ratio_p50'))} / {f(q.get('ratio_p99'))}",
                        "",
                    ]
                )
    return table(["figure", "value", "baseline (same run)", "ratio", "target"], rows)


def markdown(report: dict, plots: dict[str, str], source: str) -> str:
    mach, ver = report.get("machine") or {}, report.get("versions") or {}
    commit = str(ver.get("kith_commit"))[:10]
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` from `{source}` of {report.get('at', '?')}, commit `{commit}`"
        f"{' (with uncommitted changes)' if ver.get('kith_worktree_changed') else ''}"
        f"{' — a --quick smoke run, not figures to quote' if report.get('quick') else ''}. "
        "Do not edit: `make bench` writes it again, `make bench-report` from the existing latest.json. "
        "The capacity model built on these figures is in [capacity.md](capacity.md).",
        "",
    ]
    captions = {
        "latency-vs-rate": "Every step of the two searches (open loop, latency from each request's intended start): "
        "the platform's mixed workload through the gateway and a bare grpc.aio echo server driven "
        "by the same generator. Hollow points failed (p99 over the bound or errors over 0.1%).",
        "fanout": "Feed entries written per second from Kafka to Redis by the stream worker(s), beside "
        "redis-benchmark's pipelined ZADD on the same Redis; bars are medians, dots the runs.",
        "post-to-feed": "CreatePost returned until the post is on a follower's home feed (polled every 5 ms), "
        "with no other load and during a step of the mixed workload at the rate found.",
    }
    alts = {
        "latency-vs-rate": "Latency against offered rate, platform and echo",
        "fanout": "Fan-out beside redis-benchmark",
        "post-to-feed": "Post-to-feed percentiles",
    }
    for name, path in plots.items():
        lines += [f"![{alts.get(name, name)}]({path})", "", captions.get(name, ""), ""]
    lines += ["## Figures", ""] + headline(report)
    lines += ["## Machine and versions", ""]
    lines += table(
        ["", ""],
        [
            ["CPU", f"{mach.get('cpu_model')} ({mach.get('cores')} cores)"],
            ["memory", f"{mach.get('memory_gib')} GiB"],
            ["OS, kernel", f"{mach.get('os')}, {mach.get('kernel')}"],
            ["load average at start / end", f"{mach.get('load_average_at_start')} / {mach.get('load_average_at_end')}"],
            *[[k, str(v)] for k, v in ver.items() if k not in ("kith_commit", "kith_worktree_changed")],
            [
                "data set",
                ", ".join(
                    f"{k}: {f(v.get('accounts'))} accounts, {f(v.get('follow_pairs'))} follow pairs"
                    for k, v in (report.get("dataset") or {}).items()
                ),
            ],
        ],
    )
    m = report.get("mixed_workload")
    if m:
        wl = m.get("workload") or {}
        st = wl.get("step") or {}
        lines += [
            "## Mixed workload, step by step",
            "",
            "Open loop through the gateway: "
            + ", ".join(f"{int(v * 100)}% {k}" for k, v in (wl.get("mix") or {}).items())
            + f"; steps of {f(st.get('warmup_seconds'))} + {f(st.get('seconds'))} s from "
            f"{f(st.get('start_rate'))}/s up by x{st.get('factor')}, then {st.get('bisect_steps')} bisection "
            f"steps; a step passes with p99 < {f(wl.get('p99_bound_ms'))} ms and errors under "
            f"{f(100 * (wl.get('max_error_share') or 0))}%"
            + (
                f", and a rate by the majority of up to {st['repeats_per_rate']} steps at it"
                if (st.get("repeats_per_rate") or 1) > 1
                else ""
            )
            + f". Search stopped: {m.get('search_stopped')}.",
            "",
            "### Platform (gateway, 60/30/10)",
            "",
        ]
        lines += steps_table(m.get("steps") or [])
        b = m.get("baseline") or {}
        lines += ["### Echo baseline", "", f"{b.get('what', '')}. Search stopped: {b.get('search_stopped')}.", ""]
        lines += steps_table(b.get("steps") or [])
        by_op = m.get("by_operation") or {}
        if by_op:
            lines += [f"### By operation, at {f(m.get('rate_per_second'))}/s", ""]
            lines += table(
                ["operation", "n", "p50 ms", "p99 ms", "p99.9 ms"],
                [
                    [op, f(s.get("n")), f(s.get("p50_ms")), f(s.get("p99_ms")), f(s.get("p999_ms"))]
                    for op, s in by_op.items()
                ],
            )
        cpu = m.get("platform_cpu_ms_per_request") or {}
        pct = m.get("platform_cpu_percent") or {}
        if cpu:
            lines += [
                f"### CPU per request by process, at {f(m.get('rate_per_second'))}/s",
                "",
                "Each process's CPU over the step (percent of one core) and per request offered "
                "(ms = percent x 10 / rate).",
                "",
            ]
            lines += table(
                ["process", "CPU % of a core", "CPU ms per request"],
                [[k, f(pct.get(k)), f(v)] for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if k != "total"]
                + [["total", "", f(cpu.get("total"))]],
            )
    fo = report.get("fanout")
    if fo:
        lines += [
            "## Fan-out",
            "",
            f"{f(fo.get('posts'))} posts by random socfb-Reed98 users, "
            f"{f(fo.get('feed_entries'))} feed entries ({f(fo.get('avg_followers'))} followers per post on "
            f"average), {fo.get('repeats')} run(s) per worker count; baseline: `{fo['baseline']['what']}`.",
            "",
        ]
        lines += table(
            ["stream workers", "entries/s (median)", "runs", "ratio to baseline", "CPU s (median run)"],
            [
                [
                    k.rsplit("_", 1)[-1],
                    f(v.get("entries_per_second")),
                    "; ".join(f(r) for r in v.get("runs") or []),
                    f(v.get("ratio")),
                    ", ".join(f"{p} {f(c)}" for p, c in (v.get("cpu_seconds") or {}).items()),
                ]
                for k, v in (fo.get("by_worker_count") or {}).items()
            ]
            + [
                [
                    "baseline",
                    f(fo["baseline"]["per_second"]),
                    "; ".join(f(r) for r in fo["baseline"].get("runs_per_second") or []),
                    "1",
                    "",
                ]
            ],
        )
    p = report.get("post_to_feed")
    if p:
        base = p.get("baseline") or {}
        lines += ["## Post-to-feed", ""]
        lines += table(
            ["", "n", "p50 ms", "p99 ms", "p99.9 ms", "max ms"],
            [
                [
                    "no other load",
                    f(base.get("n")),
                    f(base.get("p50_ms")),
                    f(base.get("p99_ms")),
                    f(base.get("p999_ms")),
                    f(base.get("max_ms")),
                ],
                [
                    f"under the mixed load at {f(p.get('at_mixed_rate_per_second'))}/s",
                    f(p.get("n")),
                    f(p.get("p50_ms")),
                    f(p.get("p99_ms")),
                    f(p.get("p999_ms")),
                    f(p.get("max_ms")),
                ],
            ],
        )
        if p.get("note"):
            lines += [p["note"], ""]
    fp = report.get("footprint")
    if fp:
        r, k, pg, n4 = (fp.get(x) or {} for x in ("redis", "kafka", "postgres", "neo4j"))
        rows = [
            [
                "Redis bytes per home feed entry",
                f(r.get("bytes_per_feed_entry")),
                f"{f(r.get('large_home_feeds_sampled'))} feeds over {f(r.get('zset_max_listpack_entries'))} entries "
                f"(all {f(r.get('home_feeds_sampled'))} sampled: {f(r.get('bytes_per_feed_entry_all_sampled'))})",
            ],
            [
                "Redis bytes per user (besides the home feed)",
                f(r.get("bytes_per_user")),
                f"{f(r.get('users_sampled'))} users",
            ],
            [
                "Redis bytes per post summary",
                f(r.get("bytes_per_post_summary")),
                f"{f(r.get('post_summaries_sampled'))} posts",
            ],
            [
                "Kafka bytes per event (disk, one replica)",
                f(k.get("bytes_per_event")),
                f"{f(k.get('records'))} records; content.posts.v1: {f(k.get('bytes_per_post_event'))}",
            ],
            *[
                [
                    f"PostgreSQL bytes per {row} ({db})",
                    f((pg.get(db) or {}).get(f"bytes_per_{row}")),
                    f"{f((pg.get(db) or {}).get('rows'))} rows"
                    if "error" not in (pg.get(db) or {})
                    else (pg.get(db) or {}).get("error", ""),
                ]
                for db, (_, row) in (
                    ("identity", ("", "user")),
                    ("content", ("", "post")),
                    ("messaging", ("", "message")),
                )
            ],
            [
                "Neo4j bytes per relationship",
                f(n4.get("bytes_per_relationship")),
                f"{f(n4.get('relationships'))} relationships, {f(n4.get('nodes'))} nodes",
            ],
        ]
        lines += [
            "## Storage footprint",
            "",
            "Read after the run (bench/footprint.py); inputs of the capacity model.",
            "",
        ] + table(["", "bytes", "from"], rows)
        errors = [f"{name}: {part['error']}" for name, part in fp.items() if isinstance(part, dict) and "error" in part]
        if errors:
            lines += ["Not measured: " + "; ".join(errors) + ".", ""]
    t = report.get("timings_seconds")
    if t:
        lines += ["## Time taken", "", ", ".join(f"{k} {f(v)} s" for k, v in t.items()) + ".", ""]
    return "\n".join(lines)


def generate(results: Path = RESULTS, out: Path = DOCS) -> list[Path]:
    """Writes <out>/benchmarks.md, <out>/benchmarks/*.svg and <out>/capacity.md; returns their paths."""
    report = json.loads(results.read_text())
    where = results.resolve()
    source = str(where.relative_to(ROOT)) if where.is_relative_to(ROOT) else str(results)
    (out / PLOTS).mkdir(parents=True, exist_ok=True)
    written, plots = [], {}
    for name, make in (("latency-vs-rate", latency_plot), ("fanout", fanout_plot), ("post-to-feed", post_to_feed_plot)):
        text = make(report)
        path = out / PLOTS / f"{name}.svg"
        if text is None:
            path.unlink(missing_ok=True)  # no stale plot beside new figures
            continue
        path.write_text(text)
        written.append(path)
        plots[name] = f"{PLOTS}/{name}.svg"
    md = out / "benchmarks.md"
    md.write_text(markdown(report, plots, source))
    cap = out / "capacity.md"
    cap.write_text(capacity.render(report, source=source))
    return [md, *written, cap]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", type=Path, default=RESULTS, help="a latest.json of bench/run_all.py")
    p.add_argument("--out", type=Path, default=DOCS, help="benchmarks.md, benchmarks/*.svg and capacity.md go here")
    args = p.parse_args(argv)
    if not args.results.exists():
        raise SystemExit(f"{args.results} not found: run `make bench` first")
    for path in generate(args.results, args.out):
        print(f"written to {path}")


if __name__ == "__main__":
    main()
