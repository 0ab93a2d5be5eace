"""Open the benchmark database through Odoo's registry (no HTTP server)."""

import contextlib
import logging

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def open_registry(conf, db):
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"], setup_logging=True)
    # the benchmark prints its own table; Odoo's per-request info logs would drown it
    logging.getLogger("odoo").setLevel(logging.WARNING)
    odoo.tools.config["workers"] = 0
    return Registry(db)


@contextlib.contextmanager
def environment(registry, uid=SUPERUSER_ID, context=None):
    """A cursor and an environment; commits on success, like a web request."""
    with registry.cursor() as cr:
        ctx = {"lang": "en_US", "tz": "Asia/Tehran"}
        ctx.update(context or {})
        yield api.Environment(cr, uid, ctx)
