"""`make walkthrough` and `make screenshots` stay runnable (issue 14); no browser here."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["hotline_browser.mjs", "screenshots.mjs", "walkthrough.mjs"]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
@pytest.mark.parametrize("script", SCRIPTS)
def test_browser_scripts_parse(script):
    result = subprocess.run(
        ["node", "--check", str(ROOT / "scripts" / script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_walkthrough_target_and_checks():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^walkthrough:", makefile, re.MULTILINE)
    assert "scripts/walkthrough.mjs" in makefile
    walk = (ROOT / "scripts/walkthrough.mjs").read_text()
    # one family: the login and browser set-up come from the shared module
    assert 'from "./hotline_browser.mjs"' in walk
    assert (
        'from "./hotline_browser.mjs"' in (ROOT / "scripts/screenshots.mjs").read_text()
    )
    for role in (
        "operator",
        "expert",
        "district_manager",
        "supervisor",
        "agency",
        "citizen",
    ):
        assert re.search(rf"^    {role}: {{", walk, re.MULTILINE), role
    for string in (
        "Write a message...",
        "Month to Date",
        "Mitchell Admin",
        "سپاسگذاریم",
    ):
        assert string in walk, string
    assert "scrollWidth" in walk
    assert "process.exit(failures.length ? 1 : 0)" in walk
