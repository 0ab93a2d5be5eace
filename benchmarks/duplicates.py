"""The duplicate look-up at city scale (issue 18), on its own: quicker than `make bench`.

python -m benchmarks.duplicates --config ODOO_CONF --db DB --size 1000000

DB has municipal_hotline installed (any database: a copy of a test database will do).
Requests are added in one plain-SQL INSERT ... SELECT generate_series until the table
holds `size`: points over the demo city (the eight illustrative districts around
34.31 N, 47.07 E, 14 x 9 km), 30% of them in clusters of ~30 m around 5,000 hot spots
(a broken light, a pothole reported again and again), categories drawn over the
leaves of the seed tree, two years of dates, 5% still open (the open ones from the last
30 days). Then ANALYZE and measure.duplicate_lookup (1,000 look-ups at random points),
written to results/duplicates-<size>.md (with the EXPLAIN) and .json.
"""

import argparse
import json
import time
from datetime import datetime, timezone

from odoo import api

from . import measure
from .odoo_env import open_registry
from .run import RESULTS, machine, table

# the demo city's extent (demo/hotline_district_demo.xml)
LAT0, LAT1, LON0, LON1 = 34.28, 34.36, 46.99, 47.15
HOT_SPOTS = 5000
OPEN_SHARE = 0.05


def fill(env, size):
    cr = env.cr
    cr.execute("SELECT count(*) FROM helpdesk_ticket")
    missing = size - cr.fetchone()[0]
    if missing <= 0:
        return 0.0
    categories = env["helpdesk.ticket.category"].search([])
    leaves = (categories - categories.parent_id).ids
    stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id
    stage_done = env.ref("municipal_hotline.helpdesk_ticket_stage_resolved").id
    t0 = time.perf_counter()
    cr.execute("SELECT setseed(0.18)")
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (
            name, description, request_kind, company_id, category_id, stage_id, closed,
            active, priority, latitude, longitude, create_date, write_date)
        WITH src AS MATERIALIZED (
            SELECT g, random() < %(open)s AS is_open, random() AS r_cat,
                   random() < 0.3 AS clustered,
                   floor(random() * %(spots)s) AS spot,
                   random() AS r1, random() AS r2, random() AS r_age
              FROM generate_series(1, %(n)s) g
        ), pts AS MATERIALIZED (
            SELECT s.*,
                   CASE WHEN s.clustered
                        THEN %(lat0)s + (%(lat1)s - %(lat0)s) * mod((s.spot * 0.618034)::numeric, 1)
                             + (s.r1 - 0.5) * 0.0006
                        ELSE %(lat0)s + (%(lat1)s - %(lat0)s) * s.r1 END AS lat,
                   CASE WHEN s.clustered
                        THEN %(lon0)s + (%(lon1)s - %(lon0)s) * mod((s.spot * 0.754878)::numeric, 1)
                             + (s.r2 - 0.5) * 0.0007
                        ELSE %(lon0)s + (%(lon1)s - %(lon0)s) * s.r2 END AS lon
              FROM src s
        )
        SELECT 'Bench request ' || g, '<p>bench</p>', 'request', %(company)s,
               (%(leaves)s::int[])[1 + floor(r_cat * %(n_leaves)s)::int],
               CASE WHEN is_open THEN %(new)s ELSE %(done)s END, NOT is_open, TRUE, '1',
               round(lat::numeric, 7), round(lon::numeric, 7),
               (now() at time zone 'UTC') - CASE WHEN is_open THEN r_age * interval '30 days'
                                                  ELSE r_age * interval '730 days' END,
               now() at time zone 'UTC'
          FROM pts
        """,
        {
            "open": OPEN_SHARE,
            "spots": HOT_SPOTS,
            "n": missing,
            "lat0": LAT0,
            "lat1": LAT1,
            "lon0": LON0,
            "lon1": LON1,
            "company": env.company.id,
            "leaves": leaves,
            "n_leaves": len(leaves),
            "new": stage_new,
            "done": stage_done,
        },
    )
    cr.commit()
    seconds = time.perf_counter() - t0
    print(f"  inserted {missing:,} requests in {seconds:.0f}s")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=measure.DUPLICATE_RUNS)
    args = parser.parse_args()
    registry = open_registry(args.config, args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {"lang": "en_US"})
        load_seconds = fill(env, args.size)
    with registry.cursor() as cr:
        cr.execute("ANALYZE helpdesk_ticket")
    row = measure.duplicate_lookup(registry, args.runs)
    results = {
        "size": args.size,
        "load_seconds": load_seconds,
        "loaded_this_run": bool(load_seconds),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "rows": [row],
    }
    text = table(results)
    print(text)
    print(row.get("explain", ""))
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"duplicates-{args.size}"
    stem.with_suffix(".json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str)
    )
    stem.with_suffix(".md").write_text(
        f"{text}\n\nEXPLAIN (ANALYZE, BUFFERS) of one look-up:\n\n```\n"
        f"{row.get('explain', '')}\n```\n"
    )


if __name__ == "__main__":
    main()
