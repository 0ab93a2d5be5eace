"""make load: Locust on the cluster, one node then two, then the fault drill (issue 19).

Run by scripts/load.sh once `cluster.sh up` answers; standard library only (the database
is read through `cluster.sh psql`, Locust runs from its own venv).

1. seed: referrals of the water company to answer (as admin, over JSON-RPC);
2. phase "one": HAProxy's node-1-only port, USERS users for PHASE_SECONDS;
3. phase "two": both nodes, same load;
4. phase "fault": both nodes; node 2 is killed (kill -9 of its process group) and started
   again, then the primary PostgreSQL is restarted (pg_ctl restart -m fast);
5. checks: every request the clients were told was saved exists exactly once (by the
   unique token in its subject), tracking codes are unique, the replica has them too;
   the error rate in each fault window.

Figures go to benchmarks/results/cluster-load.{json,md}.
"""

import argparse
import csv
import json
import os
import subprocess
import threading
import time
import urllib.request
import uuid
from collections import defaultdict
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ["bash", str(ROOT / "scripts/cluster.sh")]


def log(message):
    print(f"[load] {time.strftime('%H:%M:%S')} {message}", flush=True)


def cluster(*args, check=True):
    return subprocess.run(
        [*CLUSTER, *args], check=check, capture_output=True, text=True
    ).stdout


def sql(db, query, replica=False):
    """Rows of a query on the primary (or the replica), as lists of strings."""
    out = cluster(
        "psql-replica" if replica else "psql", "-d", db, "-AtF", "\t", "-c", query
    )
    return [line.split("\t") for line in out.splitlines() if line]


class Rpc:
    """JSON-RPC as the web client does it, with a session cookie."""

    def __init__(self, base, db, login, password):
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )
        self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            self.base + path,
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=300) as response:
            payload = json.loads(response.read())
        if "error" in payload:
            raise RuntimeError(payload["error"].get("data", {}).get("message"))
        return payload["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def xmlid(rpc, name):
    rows = rpc.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "municipal_hotline"), ("name", "=", name)],
        fields=["res_id"],
    )
    return rows[0]["res_id"]


def seed_referrals(base, db, count, batch=10):
    """`count` referrals sent to the water company, for the agency users to answer
    (in batches: sending renders a mail per referral, a request has 120 s at most)."""
    rpc = Rpc(base, db, "admin", "admin")
    agency = xmlid(rpc, "partner_agency_water")
    category = xmlid(rpc, "category_water_leak")
    district = rpc.call("hotline.district", "search", [], limit=1)[0]
    for start in range(0, count, batch):
        ticket_ids = rpc.call(
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": f"نشت آب (بار {i})",
                    "description": "<p>لوله آب ترکیده است</p>",
                    "category_id": category,
                    "district_id": district,
                    "caller_phone": "09120000000",
                    "partner_name": "شهروند آزمون بار",
                }
                for i in range(start, min(count, start + batch))
            ],
        )
        referral_ids = rpc.call(
            "hotline.referral",
            "create",
            [{"ticket_id": ticket_id, "agency_id": agency} for ticket_id in ticket_ids],
        )
        rpc.call("hotline.referral", "action_send", referral_ids)


def open_sessions(base, db):
    """One session per demo login, for the Locust users of the phase to share."""
    sessions = {}
    for login in ("operator", "citizen", "agency", "manager1"):
        rpc = Rpc(base, db, login, login)
        sessions[login] = next(c.value for c in rpc.cookies if c.name == "session_id")
    return json.dumps(sessions)


def run_phase(args, phase, host, seconds, out, run_id, during=None):
    """One Locust run; `during` (a function) runs in a thread meanwhile."""
    env = dict(
        os.environ,
        LOAD_DB=args.db,
        LOAD_RUN=run_id,
        LOAD_PHASE=phase,
        LOAD_LEDGER=str(out / "ledger.jsonl"),
        LOAD_EVENTS=str(out / "events.jsonl"),
        LOAD_SESSIONS=args.sessions,
    )
    command = [
        args.locust,
        "-f",
        str(ROOT / "benchmarks/locust_hotline.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(max(1, args.users // 5)),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(out / phase),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    log(f"phase {phase}: {args.users} users for {seconds}s on {host}")
    started = time.time()
    thread = None
    if during:
        thread = threading.Thread(target=during, args=(started,), daemon=True)
        thread.start()
    with open(out / f"{phase}.log", "w", encoding="utf-8") as handle:
        subprocess.run(
            command, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False
        )
    if thread:
        thread.join()
    return started, time.time()


def read_stats(path):
    """Per action: requests, failures, throughput (req/s), p50 and p95 (ms)."""
    stats = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": _int(row.get("50%")),
                "p95_ms": _int(row.get("95%")),
            }
    return stats


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def window_errors(events, start, end):
    """Requests that ended in [start, end]: those in flight when the fault struck too."""
    inside = [e for e in events if start <= e["t"] + e["ms"] / 1000 <= end]
    failed = sum(1 for e in inside if not e["ok"])
    return {
        "start": round(start, 1),
        "seconds": round(end - start, 1),
        "requests": len(inside),
        "failed": failed,
        "error_rate": round(failed / len(inside), 4) if inside else None,
    }


def check_ledger(args, out, run_id):
    """Every saved request exists exactly once; tracking codes unique; replica has them."""
    ledger = [
        json.loads(line)
        for line in (out / "ledger.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows = sql(
        args.db,
        "SELECT id, coalesce(number, ''), substring(name from 'LT-[0-9a-f]+-[0-9a-f]+') "
        f"FROM helpdesk_ticket WHERE name LIKE '%LT-{run_id}-%'",
    )
    by_token = defaultdict(list)
    for ticket_id, number, token in rows:
        by_token[token].append((int(ticket_id), number))
    missing, duplicated, wrong_id = [], [], []
    for entry in ledger:
        found = by_token.get(entry["token"], [])
        if not found:
            missing.append(entry)
        elif len(found) > 1:
            duplicated.append(entry)
        elif found[0][0] != entry["id"] or (
            entry["number"] and found[0][1] != entry["number"]
        ):
            wrong_id.append(entry)
    told = {entry["token"] for entry in ledger}
    unconfirmed = [token for token in by_token if token not in told]
    duplicate_codes = sql(
        args.db,
        "SELECT number, count(*) FROM helpdesk_ticket "
        "WHERE number IS NOT NULL AND number <> '/' GROUP BY number HAVING count(*) > 1",
    )
    no_code = sql(
        args.db,
        "SELECT count(*) FROM helpdesk_ticket "
        f"WHERE name LIKE '%LT-{run_id}-%' AND (number IS NULL OR number = '/')",
    )[0][0]
    # the replica replays the primary's WAL: give it a few seconds
    replica_count = None
    for _attempt in range(30):
        replica_count = int(
            sql(
                args.db,
                f"SELECT count(*) FROM helpdesk_ticket WHERE name LIKE '%LT-{run_id}-%'",
                replica=True,
            )[0][0]
        )
        if replica_count == len(rows):
            break
        time.sleep(1)
    return {
        "saved_told": len(ledger),
        "saved_told_by_kind": {
            kind: sum(1 for e in ledger if e["kind"] == kind)
            for kind in sorted({e["kind"] for e in ledger})
        },
        "in_database": len(rows),
        "missing": len(missing),
        "duplicated": len(duplicated),
        "wrong_id_or_code": len(wrong_id),
        "saved_but_client_told_error": len(unconfirmed),
        "duplicate_tracking_codes": len(duplicate_codes),
        "without_tracking_code": int(no_code),
        "on_replica": replica_count,
        "ok": not (missing or duplicated or wrong_id or duplicate_codes)
        and int(no_code) == 0
        and replica_count == len(rows),
    }


def fault_drill(timeline):
    """Restart the primary PostgreSQL at 15 s, kill node 2 at 40 s, start it at 55 s.

    The database first: it is back in seconds, while a node's start (loading the
    registry) takes a minute on a busy machine, and the two windows must not overlap.
    """

    def during(started):
        def at(second):
            time.sleep(max(0, started + second - time.time()))

        at(15)
        timeline["pg_restart"] = time.time()
        cluster("pg-restart")
        timeline["pg_back"] = time.time()
        log(
            f"primary PostgreSQL restarted in {timeline['pg_back'] - timeline['pg_restart']:.1f}s"
        )
        at(40)
        timeline["node_kill"] = time.time()
        cluster("node-kill", "2")
        log("node 2 killed (kill -9 of its process group)")
        at(55)
        timeline["node_start"] = time.time()
        cluster("node-start", "2")
        timeline["node_healthy"] = time.time()
        log(
            f"node 2 healthy again after {timeline['node_healthy'] - timeline['node_start']:.1f}s"
        )

    return during


def markdown(result):
    lines = [
        "# Cluster load (make load)",
        "",
        (
            f"{result['date']}, {result['machine']}; {result['users']} Locust users "
            f"(operators 4 : citizens 4 : agency 2 : managers 2), "
            f"{result['phase_seconds']} s per phase, wait 1-3 s between tasks; two Odoo "
            f"nodes with workers={result['workers']} behind HAProxy, PostgreSQL primary "
            "+ streaming replica, all on 127.0.0.1."
        ),
        "",
        "## Throughput and p95 per action, one node vs two",
        "",
        "| action | one node req/s | one node p95 ms | two nodes req/s | two nodes p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    one, two = result["phases"]["one"], result["phases"]["two"]
    for name in sorted(set(one) | set(two), key=lambda n: (n == "Aggregated", n)):
        a, b = one.get(name, {}), two.get(name, {})
        lines.append(
            f"| {name} | {a.get('rps', '')} | {a.get('p95_ms', '')} "
            f"| {b.get('rps', '')} | {b.get('p95_ms', '')} |"
        )
    fault = result["fault"]
    agg = result["phases"]["fault"].get("Aggregated", {})
    lines += [
        "",
        "## Fault drill (both nodes, same load)",
        "",
        (
            "A window counts the requests that ended between the fault and 3 s (node: "
            "HAProxy's rise) or 5 s (database) after it was over, the ones in flight when "
            "it struck included. The database first, at 15 s; node 2 killed at 40 s, "
            "started at 55 s."
        ),
        "",
        f"- whole phase: {agg.get('requests')} requests, {agg.get('failures')} failed",
        (
            "- node 2 killed (kill -9 of the node's processes) and started again: "
            "back healthy after "
            f"{fault['node_restart_seconds']} s; window {fault['node']['seconds']} s: "
            f"{fault['node']['requests']} requests, {fault['node']['failed']} failed "
            f"(error rate {fault['node']['error_rate']})"
        ),
        (
            "- primary PostgreSQL restarted (pg_ctl restart -m fast) in "
            f"{fault['pg_restart_seconds']} s; window {fault['pg']['seconds']} s: "
            f"{fault['pg']['requests']} requests, {fault['pg']['failed']} failed "
            f"(error rate {fault['pg']['error_rate']})"
        ),
        "",
        "## Saved requests after the run",
        "",
    ]
    check = result["check"]
    lines += [
        f"- clients told saved: {check['saved_told']} {check['saved_told_by_kind']}",
        (
            "- found in the database exactly once: "
            f"{check['saved_told'] - check['missing'] - check['duplicated']}; missing "
            f"{check['missing']}, duplicated {check['duplicated']}, wrong id/code "
            f"{check['wrong_id_or_code']}"
        ),
        f"- saved although the client got an error: {check['saved_but_client_told_error']}",
        (
            "- duplicate tracking codes in the whole table: "
            f"{check['duplicate_tracking_codes']}; requests without a code: "
            f"{check['without_tracking_code']}"
        ),
        f"- on the replica: {check['on_replica']} of {check['in_database']}",
        f"- verdict: {'OK' if check['ok'] else 'FAILED'}",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--locust", required=True)
    parser.add_argument("--db", default=os.environ.get("CLUSTER_DB", "hotline"))
    parser.add_argument("--lb", default="http://127.0.0.1:8180")
    parser.add_argument("--lb-one", default="http://127.0.0.1:8185")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--phase-seconds", type=int, default=60)
    parser.add_argument("--fault-seconds", type=int, default=150)
    parser.add_argument("--referrals", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results"))
    parser.add_argument(
        "--run-dir", help="the run's raw files (Locust CSV, ledger, events)"
    )
    args = parser.parse_args()

    run_id = uuid.uuid4().hex[:6]
    results = Path(args.out)
    out = Path(args.run_dir) if args.run_dir else results / "cluster-load-run"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    log(f"run {run_id}: seeding {args.referrals} referrals for the agency")
    seed_referrals(args.lb, args.db, args.referrals)
    args.sessions = open_sessions(args.lb, args.db)

    # both nodes' workers compile their assets and fill their caches: not measured
    run_phase(args, "warmup", args.lb, 20, out, run_id)
    run_phase(args, "one", args.lb_one, args.phase_seconds, out, run_id)
    run_phase(args, "two", args.lb, args.phase_seconds, out, run_id)
    timeline = {}
    run_phase(
        args, "fault", args.lb, args.fault_seconds, out, run_id, fault_drill(timeline)
    )

    events = [
        json.loads(line)
        for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    fault_events = [e for e in events if e["phase"] == "fault"]
    if (
        "node_healthy" not in timeline
        or timeline["node_healthy"] > fault_events[-1]["t"]
    ):
        log("the fault drill outlasted the phase: raise LOAD_FAULT_SECONDS")
    # a window lasts until the fault is over plus HAProxy's rise (2 checks of 1 s) or
    # Odoo's pooled connections being replaced
    node = window_errors(
        fault_events, timeline["node_kill"], timeline["node_healthy"] + 3
    )
    pg = window_errors(fault_events, timeline["pg_restart"], timeline["pg_back"] + 5)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPU cores",
        "run": run_id,
        "users": args.users,
        "phase_seconds": args.phase_seconds,
        "fault_seconds": args.fault_seconds,
        "workers": args.workers,
        "phases": {
            phase: read_stats(out / f"{phase}_stats.csv")
            for phase in ("one", "two", "fault")
        },
        "fault": {
            "node": node,
            "pg": pg,
            "node_restart_seconds": round(
                timeline["node_healthy"] - timeline["node_start"], 1
            ),
            "pg_restart_seconds": round(
                timeline["pg_back"] - timeline["pg_restart"], 1
            ),
        },
        "check": check_ledger(args, out, run_id),
    }
    (results / "cluster-load.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (results / "cluster-load.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    if not result["check"]["ok"]:
        raise SystemExit("[load] the saved requests do not check out")


if __name__ == "__main__":
    main()
