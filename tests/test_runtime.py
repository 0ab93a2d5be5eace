"""The runtime `make` builds: Odoo 19 from Debian's package, with what its web client needs."""

import os
from pathlib import Path

from odoo import release
from odoo.modules.module import get_manifest
from odoo.release import version_info

ODOO_DIR = Path(release.__file__).parent


def test_odoo_is_19():
    assert version_info[:2] == (19, 0), version_info


def test_no_broken_symlink_in_web_static():
    """A dangling link (jquery, fonts) makes the web client answer 500."""
    broken = [
        str(path)
        for path in (ODOO_DIR / "addons").glob("*/static/**/*")
        if path.is_symlink() and not path.exists()
    ]
    assert not broken, broken[:10]


def test_stripped_file_is_back():
    """Debian strips this file; the backend bundle lists it."""
    path = (
        ODOO_DIR / "addons/mail/static/lib/selfie_segmentation/selfie_segmentation.js"
    )
    assert path.is_file() and os.path.getsize(path) > 1000


def test_helpdesk_mgmt_is_the_19_wheel():
    manifest = get_manifest("helpdesk_mgmt")
    assert manifest and manifest["version"].startswith("19.0."), manifest


def test_auditlog_is_the_19_wheel():
    """OCA auditlog, installed like helpdesk_mgmt: the audit of personal data."""
    manifest = get_manifest("auditlog")
    assert manifest and manifest["version"].startswith("19.0."), manifest
