"""make backup / restore / backup-drill on the test database (issue 19, item 6).

A real pg_dump of the installed test database and its filestore, restored into new
databases with pg_restore; nothing is mocked. The restored databases are dropped.
"""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts/backup.py"


def _db():
    name = config["db_name"]
    return name[0] if isinstance(name, list | tuple) else name


def _run(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--data-dir", config["data_dir"]],
        capture_output=True,
        text=True,
        check=False,
    )


def _drop(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    shutil.rmtree(Path(config["data_dir"]) / "filestore" / db, ignore_errors=True)


@pytest.fixture(scope="module")
def backup_manifest(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups")
    result = _run("backup", "--db", _db(), "--backup-dir", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    (manifest,) = [p for p in folder.glob("*.json")]
    return manifest


@pytest.fixture
def new_db():
    name = f"{_db()}_bk_{int(time.time() * 1000) % 10**9}"
    yield name
    _drop(name)


def test_backup_files_and_manifest(backup_manifest):
    manifest = json.loads(backup_manifest.read_text())
    assert manifest["database"] == _db()
    assert manifest["counts"]["tickets"] > 0
    assert manifest["counts"]["stored_files"] > 0
    for kind in ("dump", "filestore"):
        path = backup_manifest.with_name(manifest[kind]["file"])
        assert path.stat().st_size == manifest[kind]["bytes"]
        assert path.stat().st_mode & 0o077 == 0, (
            "a backup is readable by its owner only"
        )


@pytest.fixture(scope="module")
def drilled(backup_manifest):
    """The drill of the backup, its restored database kept for the tests to damage."""
    result = _run(
        "drill",
        "--db",
        _db(),
        "--backup",
        str(backup_manifest),
        "--backup-dir",
        "/nonexistent",
        "--keep",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(
        backup_manifest.with_name(backup_manifest.stem + ".drill.json").read_text()
    )
    yield report
    _drop(report["target"])


def test_drill_restores_counts_and_every_file(drilled):
    assert drilled["ok"]
    assert drilled["counts_restored"] == drilled["counts_backed_up"]
    assert drilled["files_checked"] == drilled["counts_backed_up"]["stored_files"]
    assert drilled["files_unreadable"] == 0
    assert drilled["kept"]


def test_drill_drops_its_database(backup_manifest, tmp_path):
    """Without --keep, nothing of the drill is left (a checked backup from the fixture)."""
    result = _run(
        "drill",
        "--db",
        _db(),
        "--backup",
        str(backup_manifest),
        "--backup-dir",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(
        backup_manifest.with_name(backup_manifest.stem + ".drill.json").read_text()
    )
    listed = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-Atc",
            f"select 1 from pg_database where datname = '{report['target']}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.strip() == ""
    assert not (Path(config["data_dir"]) / "filestore" / report["target"]).exists()


def test_check_finds_a_missing_file(backup_manifest, drilled):
    restored = drilled["target"]
    store = Path(config["data_dir"]) / "filestore" / restored
    victim = next(p for p in store.rglob("*") if p.is_file())
    victim.unlink()
    result = _run("check", "--db", restored, "--manifest", str(backup_manifest))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    # attachments with the same content share one file: all of them are reported
    sharing = subprocess.run(
        [
            "psql",
            "-d",
            restored,
            "-Atc",
            f"select count(*) from ir_attachment where store_fname like '%{victim.name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert report["files_unreadable"] == int(sharing.stdout) >= 1
    assert all(victim.name in problem for problem in report["problems"])


def test_restore_refuses_an_existing_database(backup_manifest):
    result = _run("restore", "--backup", str(backup_manifest), "--target", _db())
    assert result.returncode == 2
    assert "exists" in result.stdout


def test_restore_refuses_a_damaged_dump(backup_manifest, tmp_path, new_db):
    manifest = json.loads(backup_manifest.read_text())
    for kind in ("dump", "filestore"):
        shutil.copy(backup_manifest.with_name(manifest[kind]["file"]), tmp_path)
    shutil.copy(backup_manifest, tmp_path)
    dump = tmp_path / manifest["dump"]["file"]
    with open(dump, "r+b") as handle:
        handle.seek(dump.stat().st_size // 2)
        handle.write(b"\0" * 64)
    result = _run("restore", "--backup", str(dump), "--target", new_db)
    assert result.returncode == 2
    assert "does not match" in result.stdout
    assert "restore into" not in result.stdout


def test_restore_needs_a_target(backup_manifest):
    result = _run("restore", "--backup", str(backup_manifest))
    assert result.returncode == 2
    assert "--target" in result.stdout
