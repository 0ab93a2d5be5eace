"""make bench: load (or reuse) a city-sized database, measure, print a table, write JSON.

python -m benchmarks.run --config ODOO_CONF --db hotline_bench --size 1000000
python -m benchmarks.run ... --only referrals      (some measures only: a quicker check)
"""

import argparse
import json
import os
import platform
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

from odoo import api

from . import load, measure, peer
from .odoo_env import open_registry

SIZE_KEY = "municipal_hotline.bench_size"
LOAD_KEY = "municipal_hotline.bench_load_seconds"
RESULTS = Path(__file__).parent / "results"


# label, measure(registry, runs): a row, or a list of rows
MEASURES = (
    ("operator save", measure.operator_save),
    ("rollup pivot", measure.rollup_pivot),
    ("rollup dashboard", measure.rollup_dashboard),
    ("rollup workbook", measure.rollup_workbook),
    ("pivot", lambda registry, runs: measure.pivot(registry, max(5, runs // 3))),
    (
        "pivot by Jalali month",
        lambda registry, runs: measure.pivot_jalali(registry, max(5, runs // 3)),
    ),
    ("queue", measure.manager_queue),
    ("portal", measure.portal_list),
    ("referrals", lambda registry, runs: measure.referral_followups(registry)),
    ("workbook", lambda registry, runs: measure.monthly_workbook(registry)),
    ("sms notice", lambda registry, runs: measure.sms_notice(registry)),
    ("duplicates", lambda registry, runs: measure.duplicate_lookup(registry)),
)


def machine():
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    try:
        pg = subprocess.run(
            ["psql", "-d", "postgres", "-Atqc", "SHOW server_version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        pg = "?"
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "postgresql": pg,
        "python": platform.python_version(),
        "loadavg": os.getloadavg()[0],
    }


def ensure_loaded(registry, size):
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {"lang": "en_US"})
        params = env["ir.config_parameter"].sudo()
        if params.get_param(SIZE_KEY) == str(size):
            seconds = float(params.get_param(LOAD_KEY) or 0)
            print(
                f"reusing the loaded database ({size} tickets, loaded in {seconds:.0f}s)"
            )
            if load.load_optional(env):
                cr.commit()
                load.analyze(env)
            return seconds, False
        cr.execute("SELECT count(*) FROM helpdesk_ticket")
        if cr.fetchone()[0]:
            raise SystemExit(
                "the database holds other tickets: drop it (bench.sh does)"
            )
        seconds = load.load(env, size)
        params.set_param(SIZE_KEY, str(size))
        params.set_param(LOAD_KEY, f"{seconds:.0f}")
    # ANALYZE outside the load transaction so the planner sees the committed rows
    with registry.cursor() as cr:
        load.analyze(api.Environment(cr, 1, {}))
    with registry.cursor() as cr:
        load.check(api.Environment(cr, 1, {"lang": "en_US"}))
    return seconds, True


def vacuum(db):
    """What autovacuum keeps on a live database (this machine's PostgreSQL may run
    without it): the rows the loader and earlier runs updated cleared away, the
    planner's statistics fresh, on both sides of every comparison."""
    t0 = time.perf_counter()
    subprocess.run(["psql", "-d", db, "-qc", "VACUUM ANALYZE"], check=True)
    print(f"VACUUM ANALYZE {db} in {time.perf_counter() - t0:.0f}s")


def fmt_ms(s):
    return f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f}" if s else ""


def table(results):
    m = results["machine"]
    header = (
        f"size {results['size']:,} tickets, load {results['load_seconds']:.0f}s "
        f"({m['nproc']} cores, {m['ram_gb']} GB RAM, PostgreSQL {m['postgresql']}, "
        f"load average {m['loadavg']:.1f})"
    )
    columns = (
        "measure | ORM p50 / p95 ms | queries | reference | ref p50 / p95 ms | ratio"
    )
    lines = [
        header,
        "",
        f"| {columns} | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        if "orm" not in row:
            lines.append(f"| {row['name']} | {row['note']} | | | | | | |")
            continue
        met = {True: "yes", False: "**no**", None: ""}[row.get("met")]
        ratio = f"{row['ratio']:.2f}x" if row.get("ratio") else ""
        lines.append(
            f"| {row['name']} | {fmt_ms(row['orm'])} | {row['orm']['queries']} | "
            f"{row.get('reference_label', '') if row.get('reference') else row.get('note', '')} | "
            f"{fmt_ms(row.get('reference'))} | {ratio} | {row.get('target', '')} | {met} |"
        )
    settings = results.get("postgresql_settings")
    if settings:
        lines += [
            "",
            "PostgreSQL settings: "
            + ", ".join(
                f"{k}={v}" for k, v in settings.items() if k != "server_version"
            ),
        ]
    return "\n".join(lines)


def scaling(results):
    """Compare with the other size's results: how time grows against result size."""
    lines = []
    for other in sorted(RESULTS.glob("size-*.json")):
        prev = json.loads(other.read_text())
        if prev["size"] >= results["size"]:
            continue  # show growth from the smaller sizes only
        lines.append(
            f"\nscaling {prev['size']:,} -> {results['size']:,} tickets "
            f"(x{results['size'] / prev['size']:.0f} data):"
        )
        before = {r["name"].split(" (")[0]: r for r in prev["rows"] if "orm" in r}
        for row in results["rows"]:
            old = before.get(row["name"].split(" (")[0])
            if "orm" in row and old:
                before_ms, now_ms = old["orm"]["p50_ms"], row["orm"]["p50_ms"]
                lines.append(
                    f"  {row['name'].split(' (')[0]}: p50 {before_ms:.1f} -> {now_ms:.1f} ms "
                    f"(x{now_ms / before_ms:.2f})"
                )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", default="hotline_bench")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--peer-db",
        help="a database with only helpdesk_mgmt installed: the same requests are "
        "copied into it and the operator's save is compared with a save there",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[label for label, _fn in MEASURES],
        help="run these measures only (the results files are then left as they are)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: replace those rows in results/latest.* and size-<N>.json "
        "(same size), keeping the others",
    )
    args = parser.parse_args()

    registry = open_registry(args.config, args.db)
    load_seconds, fresh = ensure_loaded(registry, args.size)
    peer_registry = None
    if args.peer_db:
        peer_registry = open_registry(args.config, args.peer_db)
        peer.ensure_peer(registry, peer_registry, args.size)
    vacuum(args.db)
    if args.peer_db:
        vacuum(args.peer_db)
    print("measuring...")
    rows = []
    for label, fn in MEASURES:
        if args.only and label not in args.only:
            continue
        t0 = time.perf_counter()
        if fn is measure.operator_save:
            result = fn(registry, args.runs, peer_registry)
        else:
            result = fn(registry, args.runs)
        if result is None:  # the feature is not installed
            continue
        rows.extend(result if isinstance(result, list) else [result])
        print(f"  {label}: {time.perf_counter() - t0:.1f}s")
    results = {
        "size": args.size,
        "load_seconds": load_seconds,
        "loaded_this_run": fresh,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "postgresql_settings": measure.pg_settings(registry),
        "peer_db": args.peer_db,
        "rows": rows,
    }
    if args.only and args.merge:
        previous = json.loads((RESULTS / f"size-{args.size}.json").read_text())
        fresh_names = {row["name"].split(" (")[0] for row in rows}
        kept = [
            row
            for row in previous["rows"]
            if row["name"].split(" (")[0] not in fresh_names
        ]
        # in the order of MEASURES: the fresh rows where the old ones were
        merged, placed = [], False
        for row in previous["rows"]:
            if row in kept:
                merged.append(row)
            elif not placed:
                merged.extend(rows)
                placed = True
        results = {**previous, **{k: results[k] for k in ("machine", "date")}}
        results["rows"] = merged if placed else kept + rows
        results["merged"] = sorted(fresh_names)
    text = table(results)
    print()
    print(text)
    if args.only and not args.merge:
        # a partial run: its own files (e.g. results/duplicates-1000000.md)
        _write_partial(results, args.only, text)
        return
    print(scaling(results))
    RESULTS.mkdir(exist_ok=True)
    data = json.dumps(results, indent=2, ensure_ascii=False, default=str)
    (RESULTS / "latest.json").write_text(data)
    (RESULTS / f"size-{args.size}.json").write_text(data)
    (RESULTS / "latest.md").write_text(text + "\n" + scaling(results) + "\n")


def _write_partial(results, labels, text):
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{'-'.join(labels).replace(' ', '_')}-{results['size']}"
    data = json.dumps(results, indent=2, ensure_ascii=False, default=str)
    stem.with_suffix(".json").write_text(data)
    plans = [
        f"\n{row['name']}: EXPLAIN (ANALYZE, BUFFERS)\n\n```\n{row['explain']}\n```"
        for row in results["rows"]
        if row.get("explain")
    ]
    stem.with_suffix(".md").write_text(text + "\n" + "\n".join(plans) + "\n")


if __name__ == "__main__":
    main()
