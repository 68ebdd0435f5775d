"""`make bench` / `python -m tools.bench`: Debrief against its floor at 1k, 10k and 100k debriefs.

Prints a table and writes bench-results.json (figures, floors, ratios, machine info).
`--smoke` runs every measurement once on a tiny archive (the test suite does that).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tools.bench import measure
from tools.bench.archive import GENERATOR_VERSION, ensure_archive
from tools.bench.measure import QUERIES, Figure

# (debriefs, note scale): 100k full-size debriefs would take ~16 min and ~11 GB to build here
# (10k full-size: 96 s, 1.07 GB), so the 100k archive carries a fifth of the words.
SIZES = [(1_000, 1.0), (10_000, 1.0), (100_000, 0.2)]


def machine() -> dict[str, Any]:
    from PySide6 import __version__ as pyside

    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": pyside,
        "load_average_at_start": os.getloadavg(),
    }


def _ids(path: Path, n: int) -> list[str]:
    with sqlite3.connect(path) as conn:
        total = conn.execute("SELECT COUNT(*) FROM debriefs").fetchone()[0]
        step = max(1, total // n)
        return [
            r[0]
            for r in conn.execute(
                "SELECT id FROM debriefs WHERE rowid % ? = 0 LIMIT ?", [step, n]
            ).fetchall()
        ]


def run(sizes: list[tuple[int, float]], runs: int, queries: list[str], typing_s: float) -> dict:
    results: dict[str, Any] = {"machine": machine(), "generator": GENERATOR_VERSION, "sizes": {}}
    started = time.perf_counter()
    for count, scale in sizes:
        archive = ensure_archive(count, scale)
        print(f"measuring {count:,} debriefs ({archive.words_per_debrief:,} words each) …")
        figures: list[Figure] = []
        start, memory, _ = measure.startup(archive.path, runs)
        figures += [start, memory]
        with measure.main_window(archive.path) as window:
            figures += measure.search_as_you_type(window, queries)
            figures.append(measure.open_debrief(window, _ids(archive.path, max(5, runs * 2))))
        results["sizes"][str(count)] = {
            "scale": scale,
            "words_per_debrief": archive.words_per_debrief,
            "file_mib": archive.size_bytes / 2**20,
            "build_s": archive.build_s or None,
            "figures": [_plain(f) for f in figures],
        }
    smallest = ensure_archive(*sizes[0])
    one = _ids(smallest.path, 1)[0]
    extra = [measure.letter_render(smallest.path, one, max(5, runs * 2))]
    extra.append(measure.letter_command(smallest.path, one, runs))
    extra += measure.autosave(smallest.path, one, typing_s)
    results["once"] = {"archive": sizes[0][0], "figures": [_plain(f) for f in extra]}
    results["growth"] = _growth(results, [str(c) for c, _ in sizes])
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["elapsed_s"] = time.perf_counter() - started
    return results


def _plain(figure: Figure) -> dict[str, Any]:
    return {**asdict(figure), "ratio": figure.ratio}


def _growth(results: dict[str, Any], sizes: list[str]) -> dict[str, Any]:
    """How start-up, search, opening and memory grow from the smallest archive to the largest."""
    first, last = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    out: dict[str, Any] = {}
    for a, b in zip(first["figures"], last["figures"], strict=True):
        key = "p95" if a["key"].startswith("search") else "value"
        if a[key] and b[key]:
            out[a["key"]] = {
                "by_size": {s: _find(results, s, a["key"])[key] for s in sizes},
                "ratio": b[key] / a[key],
                "of": key,
            }
    return out


def _find(results: dict[str, Any], size: str, key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in results["sizes"][size]["figures"] if f["key"] == key)
    return found


def _num(x: float | None, unit: str = "") -> str:
    if x is None:
        return "–"
    if unit == "s":
        return f"{x:.2f} s"
    if unit == "MiB":
        return f"{x:.0f} MiB"
    return f"{x:.1f} {unit}".strip()


def table(results: dict[str, Any]) -> str:
    lines = [
        "| what | archive | Debrief p50 | p95 | floor p50 | floor p95 | ratio (p50) | floor is |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def line(f: dict[str, Any], where: str) -> None:
        ratio = f"{f['ratio']:.1f}×" if f["ratio"] else "–"
        p95v = _num(f["p95"], f["unit"]) if f["p95"] is not None else "–"
        fp95 = _num(f["floor_p95"], f["unit"]) if f["floor_p95"] is not None else "–"
        lines.append(
            f"| {f['what']} | {where} | {_num(f['value'], f['unit'])} | {p95v} |"
            f" {_num(f['floor'], f['unit'])} | {fp95} | {ratio} | {f['floor_what'] or '–'} |"
        )

    for size, data in results["sizes"].items():
        where = f"{int(size):,}" + ("" if data["scale"] == 1 else f" (×{data['scale']:g} words)")
        for f in data["figures"]:
            line(f, where)
    once = results["once"]
    for f in once["figures"]:
        line(f, f"{once['archive']:,}")
    lines.append("")
    lines.append("| grows from smallest to largest archive | by size | ratio |")
    lines.append("|---|---|---|")
    for key, g in results["growth"].items():
        sizes = ", ".join(f"{float(v):.3g}" for v in g["by_size"].values())
        lines.append(f"| {key} ({g['of']}) | {sizes} | {g['ratio']:.2f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repeats of each process figure")
    parser.add_argument("--sizes", default="", help="e.g. 1000:1,10000:1 (debriefs:scale)")
    parser.add_argument("--smoke", action="store_true", help="one quick run on a tiny archive")
    parser.add_argument("--out", default="bench-results.json")
    args = parser.parse_args(argv)
    sizes = SIZES
    if args.sizes:
        sizes = [(int(c), float(s)) for c, s in (p.split(":") for p in args.sizes.split(","))]
    queries, typing_s, runs = QUERIES, 4.0, args.runs
    if args.smoke:
        sizes = sizes if args.sizes else [(60, 0.05)]
        queries, typing_s, runs = ["lodz", "mi"], 0.5, 1
    results = run(sizes, runs, queries, typing_s)
    text = table(results)
    print(text)
    Path(args.out).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    load = results["machine"]["load_average_at_start"]
    print(f"\nwritten to {args.out}; machine load average at the start {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
