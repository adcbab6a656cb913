"""Run every benchmark (`bench/bench_*.py`) on SQLite and on PostgreSQL, print figures side by side.

Usage: python bench/run.py [--scale 10] [--repeat 15] [--only lists,ranking] [--backends sqlite,postgres]
Each backend runs in its own process (Django is configured once per process).
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def modules(only: list[str] | None) -> list[str]:
    names = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    return [n for n in names if not only or n.removeprefix("bench_") in only]


def run_backend(backend: str, scale: float, repeat: int, names: list[str]) -> None:
    """Child process: set up Django on `backend` and print one JSON line per result."""
    sys.path.insert(0, str(ROOT / "bench"))
    import harness

    harness.setup(backend, scale)
    ctx = harness.Context(backend=backend, scale=scale, repeat=repeat)
    for name in names:
        module = importlib.import_module(name)
        for result in module.run(ctx):
            print(json.dumps({"backend": backend, **result.as_dict()}), flush=True)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    )


def save(results: list[dict], scale: float) -> None:
    """Merge into bench/results/latest.json: a partial run (--only) replaces only what it measured."""
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / "latest.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    key = lambda r: (r["backend"], r["area"], r["name"])  # noqa: E731
    merged = {key(r): r for r in previous.get("results", []) if previous.get("scale") == scale}
    merged.update({key(r): r for r in results})
    path.write_text(json.dumps({"machine": machine(), "scale": scale, "results": list(merged.values())}, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", default="")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    only = [s for s in args.only.split(",") if s]
    names = modules(only)
    if args.child:
        run_backend(args.child, args.scale, args.repeat, names)
        return 0
    print(f"# machine: {machine()}")
    print(f"# scale {args.scale}, {args.repeat} repetitions, medians")
    results = []
    for backend in args.backends.split(","):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                backend,
                "--scale",
                str(args.scale),
                "--repeat",
                str(args.repeat),
                "--only",
                args.only,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            print(f"# {backend}: failed (exit {proc.returncode})")
            continue
        results += [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    print(f"{'area':<10} {'measure':<58} {'backend':<9} {'value':>12} {'unit':<8} goal")
    for r in results:
        print(f"{r['area']:<10} {r['name']:<58} {r['backend']:<9} {r['value']:>12.2f} {r['unit']:<8} {r['goal']}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps({"machine": machine(), "scale": args.scale, "results": results}, indent=1)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
