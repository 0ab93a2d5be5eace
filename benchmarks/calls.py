"""The phone line at a city's scale (issue 16): one month of CDR, imported and pivoted.

python -m benchmarks.calls --config ODOO_CONF --db DB [--calls 300000] [--runs 5]

On a database with municipal_hotline installed (demo data or not):

1. writes a Master.csv of ``--calls`` calls over one month (a queue leg per call, a
   second leg for 4% transfers, 9% abandoned, callers drawn from a pool so that some
   call again), in the PBX's time (Tehran);
2. imports it through the import wizard's code (parse, bulk INSERT ... ON CONFLICT,
   the set-based completion: callers, requests, outcomes, callback list, Jalali
   periods), timed; then imports it again (idempotent: 0 new), timed;
3. times the call analysis pivot as the pivot view asks for it
   (``formatted_read_grouping_sets``): hour of day x weekday with every measure
   (offered, answered, abandoned, answer rate, average and 90th-percentile wait, talk,
   requests, calls per request, first-call resolution), rows, columns and totals;
   then the same by operator and by Jalali month.

Everything is rolled back at the end (the database is left as it was). Results go to
benchmarks/results/calls-<N>.json and .md.
"""

import argparse
import csv
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from odoo import api

from .odoo_env import open_registry

RESULTS = Path(__file__).parent / "results"
MONTH_START = datetime(2026, 1, 21)  # 1 Bahman 1404, Tehran
MONTH_DAYS = 30
MEASURES = [
    "offered_count:sum",
    "answered_count:sum",
    "abandoned_count:sum",
    "answer_rate:avg",
    "answer_wait:avg",
    "answer_wait_p90:max",
    "talk_minutes:sum",
    "request_count:sum",
    "calls_per_request:avg",
    "first_call_resolution:avg",
]


def write_month(path, count, seed=137):
    """A Master.csv of ``count`` calls over MONTH_DAYS days; returns the legs written."""
    rng = random.Random(seed)
    fmt = "%Y-%m-%d %H:%M:%S"
    callers = ["09" + f"{rng.randrange(10**9):09d}" for _ in range(count // 3)]
    legs = 0
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL)
        for i in range(count):
            start = MONTH_START + timedelta(
                days=rng.randrange(MONTH_DAYS),
                seconds=int(rng.triangular(7 * 3600, 21 * 3600, 10 * 3600)),
            )
            src = rng.choice(callers)
            uid = f"17{i:08d}.{i}"
            ext = f"{101 + rng.randrange(40)}"
            if rng.random() < 0.09:
                wait = int(rng.triangular(5, 300, 40))
                end = start + timedelta(seconds=wait)
                out.writerow(
                    ["", src, "137", "from-trunk", src, f"SIP/trunk-{i:08x}", "",
                     "Queue", "137,t", start.strftime(fmt), "", end.strftime(fmt),
                     wait, 0, "NO ANSWER", "DOCUMENTATION", uid, "", uid, 1]
                )  # fmt: skip
                legs += 1
                continue
            wait = int(rng.triangular(2, 180, 15))
            talk = int(rng.triangular(30, 600, 140))
            answer = start + timedelta(seconds=wait)
            end = answer + timedelta(seconds=talk)
            out.writerow(
                ["", src, "137", "from-trunk", src, f"SIP/trunk-{i:08x}",
                 f"SIP/{ext}-{i:08x}", "Queue", "137,t", start.strftime(fmt),
                 answer.strftime(fmt), end.strftime(fmt), wait + talk, talk,
                 "ANSWERED", "DOCUMENTATION", uid, "", uid, 1]
            )  # fmt: skip
            legs += 1
            if rng.random() < 0.04:  # transferred to a colleague
                t_start = end
                t_answer = t_start + timedelta(seconds=5)
                t_end = t_answer + timedelta(seconds=90)
                out.writerow(
                    ["", src, f"{101 + rng.randrange(40)}", "from-internal", src,
                     f"SIP/{ext}-{i:08x}", f"SIP/1{rng.randrange(40) + 50}-{i:08x}",
                     "Dial", "SIP/150", t_start.strftime(fmt), t_answer.strftime(fmt),
                     t_end.strftime(fmt), 95, 90, "ANSWERED", "DOCUMENTATION",
                     f"{uid}.t", "", uid, 2]
                )  # fmt: skip
                legs += 1
    return legs


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def pivot_times(env, sets, runs):
    report = env["hotline.call.report"]
    times = []
    groups = None
    for _run in range(runs):
        env.invalidate_all()
        seconds, groups = timed(
            report.formatted_read_grouping_sets,
            [("jalali_month", "=", "1404-11")],
            sets,
            MEASURES,
        )
        times.append(seconds)
    return times, groups


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls", type=int, default=300000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    registry = open_registry(args.config, args.db)
    result = {"calls": args.calls, "date": datetime.now().isoformat(timespec="seconds")}
    from odoo.addons.municipal_hotline.tools.asterisk_cdr import parse_pbx_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Master.csv"
        result["write_csv_s"], legs = timed(write_month, path, args.calls)
        result["legs"] = legs
        result["csv_mb"] = round(path.stat().st_size / 1e6, 1)
        text = path.read_text()
    print(f"Master.csv: {args.calls} calls, {legs} legs, {result['csv_mb']} MB")
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {"lang": "en_US", "tz": "Asia/Tehran"})
        wizard = env["hotline.call.import.wizard"]
        result["parse_s"], calls = timed(parse_pbx_file, text, "Asia/Tehran")
        result["import_s"], new_ids = timed(wizard._import_calls, calls)
        result["imported"] = len(new_ids)
        env.flush_all()
        cr.execute("ANALYZE hotline_call")
        result["reimport_s"], again = timed(
            wizard._import_calls, parse_pbx_file(text, "Asia/Tehran")
        )
        result["reimported"] = len(again)
        cr.execute(
            "SELECT count(*) FILTER (WHERE outcome = 'transferred'), "
            "count(*) FILTER (WHERE outcome = 'abandoned'), "
            "count(*) FILTER (WHERE callback_state = 'needed') FROM hotline_call "
            "WHERE id = ANY(%s)",
            [new_ids],
        )
        result["transferred"], result["abandoned"], result["callbacks"] = cr.fetchone()
        for name, sets in (
            ("pivot_hour_weekday", [["hour_of_day", "weekday"], ["hour_of_day"], ["weekday"], []]),
            ("pivot_operator", [["user_id"], []]),
            ("pivot_jalali_month", [["jalali_month"], []]),
        ):  # fmt: skip
            times, groups = pivot_times(env, sets, args.runs)
            total = groups[-1][0]
            result[name] = {
                "median_s": round(statistics.median(times), 3),
                "max_s": round(max(times), 3),
                "runs": len(times),
                "cells": len(groups[0]),
            }
            if name == "pivot_hour_weekday":
                result["totals"] = {
                    m: total.get(m) for m in MEASURES if total.get(m) is not None
                }
        cr.rollback()
    for key in ("write_csv_s", "parse_s", "import_s", "reimport_s"):
        result[key] = round(result[key], 2)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"calls-{args.calls}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str))
    lines = [
        f"# Phone line benchmark: {args.calls:,} calls in one month",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| write Master.csv ({legs:,} legs, {result['csv_mb']} MB) | {result['write_csv_s']} |",
        f"| parse | {result['parse_s']} |",
        f"| import ({result['imported']:,} new calls) | {result['import_s']} |",
        f"| import again ({result['reimported']} new) | {result['reimport_s']} |",
    ]
    for name in ("pivot_hour_weekday", "pivot_operator", "pivot_jalali_month"):
        row = result[name]
        lines.append(
            f"| {name} ({row['cells']} cells, median of {row['runs']}) | {row['median_s']} |"
        )
    lines += [
        "",
        "Totals of the month: " + json.dumps(result.get("totals"), default=str),
    ]
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
