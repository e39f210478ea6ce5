"""The plot of a soak run (bench/soak.py), from its soak.json alone: drawing is kept apart from
measuring, so a plot can be made again, and tested, without a platform.

Two panels over the minutes of the run, the warm-up shaded:
- memory: each platform process's memory as growth from its first window after the warm-up, in
  percent, net of the data it holds (Redis's dataset, PostgreSQL's shared buffers), which is what
  the memory verdict judges, with the +5% bound; the legend gives each process's MiB at the start
  and the end of what was judged;
- latency: each minute's p99 after the warm-up (the calls of six 10-s windows pooled, what the
  verdict judges) with the spike line (twice the median minute's), each 10-s window's own p99 and
  p50 beneath it (left axis, ms), the echo baseline's p99 of each minute (the same run's bare
  gRPC server beside the load), and the calls completed per second (right axis); the 10-s windows
  in which the hypervisor took soak.HOST_STOLEN_PCT of the CPUs or more shaded.

SVG written by hand with bench/report.py's axes (no plotting library, the same bytes for the same
figures).

  uv run python bench/soak_plot.py [bench/results/soak.json] [--out bench/results/soak.svg]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import ECHO, FONT, GRID, INK, PLATFORM, Axes, _num  # the sibling module: its SVG axes

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 980
RIGHT = 270  # legend (and the rate axis' labels) right of the plots
MEMORY_HEIGHT, LATENCY_HEIGHT = 430, 340
RATE, WARMUP = "#7f8c8d", "#f2f2f2"
STOLEN = "#e4dcef"  # a window in which the hypervisor took the CPUs (soak.HOST_STOLEN_PCT or more)
WINDOW_P99 = "#e6a39b"  # each 10-s window's own p99, pale beneath the minutes' judged one
# Distinct colours for up to 20 processes (then they repeat, dashed).
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
)  # fmt: skip


def nice_ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """Round ticks from at or below lo to at or above hi (about n steps)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _polylines(
    ax: Axes, points: list[tuple[float, float] | None], colour: str, series: str, dash: str = ""
) -> list[str]:
    """One polyline per unbroken run of points (None breaks the line: a process not running)."""
    out, run = [], []
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    for p in [*points, None]:
        if p is not None:
            run.append(f"{ax.x(p[0])},{ax.y(p[1])}")
            continue
        if run:
            out.append(
                f'<polyline data-series="{escape(series)}" points="{" ".join(run)}" fill="none" '
                f'stroke="{colour}" stroke-width="1.6"{dashed}/>'
            )
        run = []
    return out


def _legend(x: float, y: float, entries: list[tuple[str, str, str]], step: float = 16) -> list[str]:
    out = []
    for i, (label, colour, dash) in enumerate(entries):
        yy = y + step * i
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{yy}" x2="{x + 22}" y2="{yy}" stroke="{colour}" stroke-width="2"{dashed}/>')
        out.append(f'<text x="{x + 28}" y="{yy + 4}" font-size="10.5" fill="{INK}" {FONT}>{escape(label)}</text>')
    return out


def _warmup(ax: Axes, warmup_minutes: float) -> list[str]:
    if warmup_minutes <= 0:
        return []
    x1 = ax.x(min(warmup_minutes, ax.x_range[1]))
    return [
        f'<rect x="{ax.x0}" y="{ax.y1}" width="{round(x1 - ax.x0, 1)}" height="{ax.y0 - ax.y1}" fill="{WARMUP}"/>',
        f'<text x="{ax.x0 + 4}" y="{ax.y1 + 14}" font-size="10.5" fill="{INK}" {FONT}>warm-up</text>',
    ]


def _clamp(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


def _judged_growth(result: dict) -> dict[str, list[tuple[float, float] | None]]:
    """Per process, (minute, growth %) at each sample, from the reference the verdict used (its
    first window's median memory and data) or, lacking one, its first sample."""
    verdicts = ((result.get("verdicts") or {}).get("memory") or {}).get("processes") or {}
    names = sorted({n for s in result["samples"] for n in s["processes"]})
    out: dict[str, list[tuple[float, float] | None]] = {}
    for name in names:
        v = verdicts.get(name) or {}
        seen = [p for s in result["samples"] if (p := s["processes"].get(name))]
        ref = v.get("first_kib") or (seen[0]["memory_kib"] if seen else None)
        data_ref = v.get("first_data_kib")
        points: list[tuple[float, float] | None] = []
        for s in result["samples"]:
            p = s["processes"].get(name)
            if not p or not ref:
                points.append(None)
                continue
            data = p.get("data_kib")
            held = data - data_ref if data is not None and data_ref is not None else 0
            points.append((s["t"] / 60, 100 * (p["memory_kib"] - held - ref) / ref))
        out[name] = points
    return out


def memory_panel(result: dict, x_range: tuple[float, float], x_ticks: list[float]) -> list[str]:
    settings = result["settings"]
    bound = 100 * settings.get("criteria", {}).get("memory_growth_bound", 0.05)
    growth = _judged_growth(result)
    values = [p[1] for pts in growth.values() for p in pts if p]
    lo = _clamp(min([-2 * bound, *values]), -50, 0)
    hi = _clamp(max([2 * bound, *values]), 0, 100)
    ticks = nice_ticks(lo, hi)
    y_range = (ticks[0], ticks[-1])
    ax = Axes(width=WIDTH, height=MEMORY_HEIGHT, right=RIGHT, x_range=x_range, y_range=y_range)
    body = ax.frame(
        "Memory per process: growth from its first window after the warm-up, net of data held",
        "minutes since the load started",
        "memory growth (%)",
    )[:2]  # the background and title: the rest is drawn over the warm-up band below
    body += _warmup(ax, settings["warmup_seconds"] / 60)
    body += ax.frame("", "minutes since the load started", "memory growth (%)", x_ticks, ticks)[2:]
    body.append(
        f'<line x1="{ax.x0}" y1="{ax.y(bound)}" x2="{ax.x1}" y2="{ax.y(bound)}" stroke="{INK}" stroke-dasharray="2 3"/>'
    )
    body.append(
        f'<text x="{ax.x1 - 4}" y="{ax.y(bound) - 4}" font-size="10.5" text-anchor="end" fill="{INK}" {FONT}>'
        f"+{_num(bound)}% bound</text>"
    )
    verdicts = ((result.get("verdicts") or {}).get("memory") or {}).get("processes") or {}
    legend = []
    for i, (name, points) in enumerate(growth.items()):
        colour = PALETTE[i % len(PALETTE)]
        dash = "5 3" if i >= len(PALETTE) else ""
        clamped = [(p[0], _clamp(p[1], *y_range)) if p else None for p in points]
        body += _polylines(ax, clamped, colour, f"memory:{name}", dash)
        v = verdicts.get(name) or {}
        if "growth" in v:
            net = " net" if v.get("data_growth_kib") is not None else ""
            label = (
                f"{name} {v['first_kib'] / 1024:,.0f}->{v['last_kib'] / 1024:,.0f} MiB {100 * v['growth']:+.1f}%{net}"
            )
        else:  # the reason is in soak.json and the verdict printed
            reason = v.get("reason", "")
            state = "restarted" if "restarted" in reason else "down" if "not running" in reason else "not judged"
            label = f"{name}: {state}"
        legend.append((label, colour, dash))
    body += _legend(ax.x1 + 14, ax.y1 + 6, legend, step=min(16, (ax.y0 - ax.y1) / max(1, len(legend))))
    return body


def latency_panel(result: dict, x_range: tuple[float, float], x_ticks: list[float]) -> list[str]:
    windows = [w for w in result["windows"] if w.get("p99_ms") is not None]
    p99 = (result.get("verdicts") or {}).get("p99") or {}
    spike = p99.get("spike_above_ms")
    minutes = [m for m in p99.get("minutes", []) if m.get("p99_ms") is not None]
    warmup = result["settings"]["warmup_seconds"]
    # scaled to what was judged: a cold start's seconds-long warm-up would flatten the rest
    judged = [w["p99_ms"] for w in windows if w["t_start"] >= warmup] or [w["p99_ms"] for w in windows]
    top = max(judged + [spike or 0, 1.0])
    ticks = nice_ticks(0, top * 1.05)
    ax = Axes(width=WIDTH, height=LATENCY_HEIGHT, right=RIGHT, x_range=x_range, y_range=(0, ticks[-1]))
    rates = [w["completed_per_second"] for w in result["windows"]]
    rate_ticks = nice_ticks(0, max(rates + [1]) * 1.15, 4)
    rate_ax = Axes(width=WIDTH, height=LATENCY_HEIGHT, right=RIGHT, x_range=x_range, y_range=(0, rate_ticks[-1]))
    body = ax.frame("Latency and rate" + (": p99 judged by the minute" if minutes else " per 10-s window"), "", "")[:2]
    body += _warmup(ax, warmup / 60)
    off_scale = max((w["p99_ms"] for w in windows if w["p99_ms"] > ticks[-1]), default=None)
    if off_scale is not None:  # warm-up windows drawn at the top
        body.append(
            f'<text x="{ax.x0 + 4}" y="{ax.y1 + 28}" font-size="10.5" fill="{INK}" {FONT}>'
            f"off the scale: up to {_num(off_scale)} ms</text>"
        )
    stolen = p99.get("stolen_windows", [])
    body += [  # beneath the grid and the lines
        f'<rect data-series="host stole" x="{ax.x(w["t_start"] / 60)}" y="{ax.y1}" '
        f'width="{round(ax.x(w["t_end"] / 60) - ax.x(w["t_start"] / 60), 1)}" height="{ax.y0 - ax.y1}" '
        f'fill="{STOLEN}"><title>the host took {_num(w["steal_pct"])}% of the CPUs</title></rect>'
        for w in stolen
    ]
    body += ax.frame("", "minutes since the load started", "latency from intended start (ms)", x_ticks, ticks)[2:]
    for t in rate_ticks:
        body.append(
            f'<text x="{ax.x1 + 6}" y="{rate_ax.y(t) + 4}" font-size="11" fill="{RATE}" {FONT}>{_num(t)}/s</text>'
        )
    if spike:
        body.append(
            f'<line x1="{ax.x0}" y1="{ax.y(spike)}" x2="{ax.x1}" y2="{ax.y(spike)}" stroke="{INK}" '
            f'stroke-dasharray="2 3"/>'
        )
        body.append(
            f'<text x="{ax.x1 - 4}" y="{ax.y(spike) - 4}" font-size="10.5" text-anchor="end" fill="{INK}" {FONT}>'
            f"spike: {_num(spike)} ms (2x the median {'minute' if minutes else 'window'}'s p99)</text>"
        )

    def mid(w: dict) -> float:
        return (w["t_start"] + w["t_end"]) / 120

    body += _polylines(rate_ax, [(mid(w), w["completed_per_second"]) for w in result["windows"]], RATE, "rate", "1 2")

    def level(ms: float) -> float:
        return min(ms, ticks[-1])

    body += _polylines(ax, [(mid(w), level(w["p50_ms"])) for w in windows], PLATFORM, "p50", "6 4")
    body += _polylines(ax, [(mid(w), level(w["p99_ms"])) for w in windows], WINDOW_P99 if minutes else PLATFORM, "p99")

    def minute_levels(spans: list[dict], series: str, colour: str, at, about: str = "") -> list[str]:
        """One level across each minute at its p99 (`at`: ms -> the height drawn)."""
        return [
            f'<line data-series="{series}" x1="{ax.x(m["t_start"] / 60)}" y1="{ax.y(at(m["p99_ms"]))}" '
            f'x2="{ax.x(m["t_end"] / 60)}" y2="{ax.y(at(m["p99_ms"]))}" stroke="{colour}" stroke-width="2.5">'
            f"<title>{about}{_num(m['p99_ms'])} ms over {m['n']:,} calls</title></line>"
            for m in spans
        ]

    echo_minutes = (p99.get("baseline") or {}).get("minutes", [])  # the host's: the echo beside the load
    body += minute_levels(minutes, "minute p99", PLATFORM, lambda ms: ms)  # the p99 judged
    body += minute_levels(echo_minutes, "baseline minute p99", ECHO, level, "echo baseline: ")
    for w in result["windows"]:
        if w["errors"]:  # a window with errors: a mark at its p99 (or the floor), its codes on hover
            body.append(
                f'<circle data-series="errors" cx="{ax.x(mid(w))}" cy="{ax.y(level(w.get("p99_ms") or 0))}" r="3.5" '
                f'fill="white" stroke="{INK}"><title>{w["errors"]} errors: '
                f"{escape(json.dumps(w['errors_by_code']))}</title></circle>"
            )
    legend = [("p99", PLATFORM, ""), ("p50", PLATFORM, "6 4"), ("completed/s (right axis)", RATE, "1 2")]
    if minutes:
        legend[:1] = [("p99 of each minute", PLATFORM, ""), ("p99 of each 10 s", WINDOW_P99, "")]
    if echo_minutes:
        legend.insert(2, ("echo baseline's minute p99", ECHO, ""))
    body += _legend(ax.x1 + 60, ax.y1 + 6, legend, step=18)
    y = ax.y1 + 6 + 18 * len(legend)
    if any(w["errors"] for w in result["windows"]):
        body.append(f'<circle cx="{ax.x1 + 71}" cy="{y}" r="3.5" fill="white" stroke="{INK}"/>')
        body.append(
            f'<text x="{ax.x1 + 88}" y="{y + 4}" font-size="10.5" fill="{INK}" {FONT}>window with errors</text>'
        )
        y += 18
    if stolen:
        body.append(f'<rect x="{ax.x1 + 60}" y="{y - 6}" width="22" height="12" fill="{STOLEN}"/>')
        body.append(
            f'<text x="{ax.x1 + 88}" y="{y + 4}" font-size="10.5" fill="{INK}" {FONT}>'
            f"host took {_num(p99['stolen_at_least_pct'])}%+ of the CPUs</text>"
        )
    return body


def title(result: dict) -> str:
    rate = result.get("rate") or {}
    verdicts = result.get("verdicts") or {}
    judged = ", ".join(
        f"{k} {'pass' if verdicts[k]['passed'] else 'host unsteady' if verdicts[k].get('inconclusive') else 'FAIL'}"
        for k in ("memory", "p99", "errors")
        if k in verdicts
    )
    minutes = result["settings"]["minutes"]
    done = "" if result.get("complete", not result.get("aborted")) else " (stopped early)"
    return (
        f"make soak {str(result.get('at', ''))[:10]}: the mixed workload at {_num(rate.get('per_second') or 0)}/s "
        f"for {_num(minutes)} min{done}" + (f"; {judged}" if judged else "")
    )


def plot(result: dict) -> str:
    """The SVG (text) of a soak run, from its soak.json."""
    ends = [w["t_end"] for w in result["windows"]] + [s["t"] for s in result["samples"]] + [60.0]
    x_range = (0.0, max(ends) / 60)
    x_ticks = nice_ticks(*x_range, n=8)
    x_range = (0.0, x_ticks[-1])
    head = 34
    height = head + MEMORY_HEIGHT + LATENCY_HEIGHT
    text = title(result)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img">',
            f"<title>{escape(text)}</title>",
            f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
            f'<text x="16" y="22" font-size="15" font-weight="bold" fill="{INK}" {FONT}>{escape(text)}</text>',
            f'<line x1="0" y1="{head - 4}" x2="{WIDTH}" y2="{head - 4}" stroke="{GRID}"/>',
            f'<g data-panel="memory" transform="translate(0 {head})">',
            *memory_panel(result, x_range, x_ticks),
            "</g>",
            f'<g data-panel="latency" transform="translate(0 {head + MEMORY_HEIGHT})">',
            *latency_panel(result, x_range, x_ticks),
            "</g>",
            "</svg>",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", nargs="?", type=Path, default=ROOT / "bench" / "results" / "soak.json")
    p.add_argument("--out", type=Path, default=None, help="default: the results' path with .svg")
    args = p.parse_args(argv)
    out = args.out or args.results.with_suffix(".svg")
    out.write_text(plot(json.loads(args.results.read_text())))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
