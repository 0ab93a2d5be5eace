"""`make run`'s served configuration and the production example (issue 17, finding 8)."""

import configparser
import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_conf(tmp_path, db="citydb"):
    base = tmp_path / "odoo-test.conf"
    if not base.exists():
        base.write_text(
            "[options]\naddons_path = /x\nlist_db = True\nhttp_port = 8069\n"
        )
    env = dict(os.environ, ODOO_CONF=str(base), CACHE=str(tmp_path), DB=db)
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/run_conf.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    parser = configparser.ConfigParser()
    parser.read(tmp_path / "odoo-test-run.conf")
    return parser["options"], result.stdout


def test_run_conf_locks_the_database_manager(tmp_path):
    options, output = _run_conf(tmp_path)
    master = (tmp_path / "master-password").read_text().strip()
    assert len(master) >= 24
    assert options["admin_passwd"] == master
    assert options["admin_passwd"] not in ("admin", "")
    assert options["list_db"] == "False"
    assert options["dbfilter"] == "^citydb$"
    assert options["addons_path"] == "/x", "the checkout's settings are kept"
    for path in (tmp_path / "master-password", tmp_path / "odoo-test-run.conf"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # it says what it changed, for development
    assert "list_db = False" in output and "master-password" in output
    # the password is made once and kept
    options_again, _output = _run_conf(tmp_path, db="other")
    assert options_again["admin_passwd"] == master
    assert options_again["dbfilter"] == "^other$"
    # building the bundles on a busy machine must not restart the server
    assert int(options["limit_time_real"]) >= 300


def test_launcher_survives_a_server_reload(tmp_path):
    """Odoo re-executes ``sys.executable`` with its ``sys.argv`` when a request
    outlives limit_time_real: the command line the scripts start must run again as
    it is (``python -m odoo`` came back as ``python .../odoo/__main__.py`` and died)."""
    cache = Path(os.environ.get("HOTLINE_CACHE") or ROOT / ".cache")
    env = dict(os.environ, HOTLINE_CACHE=str(cache))
    launcher = subprocess.run(
        [
            "bash",
            "-c",
            f'source {ROOT}/scripts/env.sh && printf "%s\\n" "${{ODOO_BIN[@]}}"',
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert launcher[0].endswith("python") and launcher[1].endswith("odoo-bin")
    # what the re-execution runs: the interpreter and the launcher's path, as argv[0]
    result = subprocess.run(
        [*launcher, "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert "19.0" in result.stdout


def test_make_run_serves_the_locked_conf():
    run = (ROOT / "scripts/run.sh").read_text()
    assert "run_conf.sh" in run
    assert '-c "$RUN_CONF"' in run


def test_production_example():
    parser = configparser.ConfigParser()
    parser.read(ROOT / "docs/production.conf.example")
    options = parser["options"]
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert options["admin_passwd"].startswith("<")
    assert int(options["workers"]) > 0
    assert options["dbfilter"]
