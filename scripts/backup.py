#!/usr/bin/env python3
"""Backup, restore and the restore drill of a hotline database and its filestore (issue 19).

    backup.py backup --db hotline                  BACKUP_DIR/hotline-<UTC time>.dump,
                                                   .filestore.tar.gz and .json (manifest)
    backup.py restore --backup PATH --target NEW   (refuses an existing database)
    backup.py check --db NEW --manifest PATH.json  counts and every attachment's file
    backup.py drill --db hotline                   backup, restore into a new database,
                                                   check, drop it (--keep to keep it)

The database goes through pg_dump -Fc / pg_restore (libpq's PGHOST, PGPORT, PGUSER,
PGPASSWORD say which server), the filestore (DATA_DIR/filestore/<db>) through tar. The
manifest next to them holds the counts taken just before the dump and the sha256 of both
files; restore checks those first. Standard library only.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

# what the drill counts: the city's requests, their files, and what hangs on them
COUNTED = {
    "tickets": "SELECT count(*) FROM helpdesk_ticket",
    "referrals": "SELECT count(*) FROM hotline_referral",
    "partners": "SELECT count(*) FROM res_partner",
    "messages": "SELECT count(*) FROM mail_message",
    "attachments": "SELECT count(*) FROM ir_attachment",
    "stored_files": "SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL",
    "tracking_codes": "SELECT count(DISTINCT number) FROM helpdesk_ticket "
    "WHERE number IS NOT NULL AND number <> '/'",
}


def log(message):
    print(f"[backup] {message}", flush=True)


class BackupError(Exception):
    pass


def psql(db, query):
    result = subprocess.run(
        ["psql", "-X", "-d", db, "-AtF", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"psql on {db}: {result.stderr.strip()}")
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def db_exists(db):
    rows = psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    return bool(rows)


def counts(db):
    return {name: int(psql(db, query)[0][0]) for name, query in COUNTED.items()}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def filestore(data_dir, db):
    return Path(data_dir) / "filestore" / db


def backup(db, data_dir, backup_dir):
    """pg_dump -Fc and a tar of the filestore; returns the manifest's path."""
    if not db_exists(db):
        raise BackupError(f"no database {db}")
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    backup_dir.chmod(0o700)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    base = backup_dir / f"{db}-{stamp}"
    dump, tar = Path(f"{base}.dump"), Path(f"{base}.filestore.tar.gz")
    started = time.time()
    before = counts(db)
    # the dump first: files written after it are harmless extras in the tar
    subprocess.run(["pg_dump", "-Fc", "-d", db, "-f", str(dump)], check=True)
    store = filestore(data_dir, db)
    with tarfile.open(tar, "w:gz") as archive:
        if store.is_dir():
            archive.add(store, arcname="filestore")
    manifest = {
        "database": db,
        "created": stamp,
        "counts": before,
        "dump": {
            "file": dump.name,
            "sha256": sha256(dump),
            "bytes": dump.stat().st_size,
        },
        "filestore": {
            "file": tar.name,
            "sha256": sha256(tar),
            "bytes": tar.stat().st_size,
        },
        "seconds": round(time.time() - started, 1),
    }
    path = Path(f"{base}.json")
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.chmod(dump, 0o600)
    os.chmod(tar, 0o600)
    log(
        f"{db}: {dump.name} ({manifest['dump']['bytes'] // 1024} KiB), {tar.name} "
        f"({manifest['filestore']['bytes'] // 1024} KiB) in {manifest['seconds']} s"
    )
    return path


def newest_manifest(backup_dir, db):
    found = sorted(Path(backup_dir).glob(f"{db}-*.json"))
    found = [p for p in found if not p.name.endswith(".drill.json")]
    if not found:
        raise BackupError(f"no backup of {db} in {backup_dir}")
    return found[-1]


def load_manifest(path):
    path = Path(path)
    if path.suffix != ".json":
        # the dump or the tar was named: its manifest sits next to it
        name = path.name.removesuffix(".dump").removesuffix(".filestore.tar.gz")
        path = path.with_name(name + ".json")
    if not path.is_file():
        raise BackupError(f"no manifest {path}")
    return path, json.loads(path.read_text(encoding="utf-8"))


def restore(manifest_path, target, data_dir):
    """A new database `target` and its filestore from a backup."""
    manifest_path, manifest = load_manifest(manifest_path)
    folder = manifest_path.parent
    dump = folder / manifest["dump"]["file"]
    tar = folder / manifest["filestore"]["file"]
    for path, kind in ((dump, "dump"), (tar, "filestore")):
        if not path.is_file():
            raise BackupError(f"the {kind} {path} is missing")
        if sha256(path) != manifest[kind]["sha256"]:
            raise BackupError(
                f"the {kind} {path} does not match its manifest (damaged?)"
            )
    if db_exists(target):
        raise BackupError(f"the database {target} exists: restore into a new one")
    store = filestore(data_dir, target)
    if store.exists():
        raise BackupError(f"the filestore {store} exists: restore into a new one")
    started = time.time()
    subprocess.run(["createdb", "-T", "template0", target], check=True)
    try:
        restore = ["pg_restore", "--no-owner", "--exit-on-error"]
        for section in ("pre-data", "data"):
            subprocess.run(
                [*restore, f"--section={section}", "-d", target, str(dump)], check=True
            )
        # Indexes last, with the extensions' schema on the search path: earthdistance's
        # ll_to_earth() calls earth() unqualified, and pg_restore's empty search_path
        # makes the duplicate look-up's GiST index fail to build ("type earth does not
        # exist").
        post_data = subprocess.run(
            [*restore, "--section=post-data", "-f", "-", str(dump)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.replace(
            "set_config('search_path', '', false)",
            "set_config('search_path', 'public', false)",
        )
        subprocess.run(
            ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", target],
            input=post_data,
            check=True,
            text=True,
            stdout=subprocess.DEVNULL,
        )
        store.parent.mkdir(parents=True, exist_ok=True)
        staging = store.with_name(store.name + ".restoring")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        with tarfile.open(tar, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        inner = staging / "filestore"
        if inner.is_dir():
            inner.rename(store)
        else:
            store.mkdir()
        shutil.rmtree(staging, ignore_errors=True)
    except Exception:
        subprocess.run(["dropdb", "--if-exists", target], check=False)
        shutil.rmtree(store, ignore_errors=True)
        raise
    log(
        f"restored {manifest['database']} ({manifest['created']}) into {target} in "
        f"{time.time() - started:.1f} s"
    )


def check(db, manifest_path, data_dir):
    """The restored database against its manifest: counts, and every stored file there,
    readable, and with the checksum Odoo recorded. Returns (ok, report)."""
    _path, manifest = load_manifest(manifest_path)
    restored = counts(db)
    problems = [
        f"{name}: {restored.get(name)} restored, {expected} backed up"
        for name, expected in manifest["counts"].items()
        if restored.get(name) != expected
    ]
    store = filestore(data_dir, db)
    rows = psql(
        db,
        "SELECT id, store_fname, coalesce(checksum, '') FROM ir_attachment "
        "WHERE store_fname IS NOT NULL",
    )
    unreadable = []
    for attachment_id, fname, checksum in rows:
        path = store / fname
        try:
            content = path.read_bytes()
        except OSError as error:
            unreadable.append(f"attachment {attachment_id}: {fname}: {error.strerror}")
            continue
        if checksum and hashlib.sha1(content).hexdigest() != checksum:
            unreadable.append(f"attachment {attachment_id}: {fname}: checksum differs")
    problems += unreadable
    report = {
        "database": db,
        "backup": manifest["created"],
        "counts_backed_up": manifest["counts"],
        "counts_restored": restored,
        "files_checked": len(rows),
        "files_unreadable": len(unreadable),
        "problems": problems[:50],
        "ok": not problems,
    }
    return report["ok"], report


def drop(db, data_dir):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    shutil.rmtree(filestore(data_dir, db), ignore_errors=True)


def drill(db, data_dir, backup_dir, manifest_path=None, keep=False):
    started = time.time()
    manifest_path = Path(manifest_path or backup(db, data_dir, backup_dir))
    target = f"{db}_drill_{time.strftime('%Y%m%d%H%M%S', time.gmtime())}"
    restore(manifest_path, target, data_dir)
    try:
        ok, report = check(target, manifest_path, data_dir)
    finally:
        if not keep:
            drop(target, data_dir)
    report["target"] = target
    report["kept"] = keep
    report["seconds"] = round(time.time() - started, 1)
    out = manifest_path.with_name(manifest_path.stem + ".drill.json")
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    c = report["counts_restored"]
    log(
        f"drill {'OK' if ok else 'FAILED'}: {c['tickets']} tickets, {c['attachments']} "
        f"attachments, {report['files_checked']} files read and checksummed in "
        f"{report['seconds']} s ({out})"
    )
    for problem in report["problems"]:
        log(f"  {problem}")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["backup", "restore", "check", "drill"])
    parser.add_argument("--db", default=os.environ.get("DB", "hotline"))
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--backup-dir", default=os.environ.get("BACKUP_DIR"))
    parser.add_argument(
        "--backup", help="a manifest (.json), dump or tar; default: the newest"
    )
    parser.add_argument("--target", help="the new database of a restore")
    parser.add_argument("--manifest", help="check: the manifest to compare with")
    parser.add_argument(
        "--keep", action="store_true", help="drill: keep the restored database"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            backup(args.db, args.data_dir, args.backup_dir)
        elif args.command == "restore":
            if not args.target:
                raise BackupError(
                    "restore needs --target (RESTORE_DB=...): a new database"
                )
            restore(
                args.backup or newest_manifest(args.backup_dir, args.db),
                args.target,
                args.data_dir,
            )
        elif args.command == "check":
            ok, report = check(args.db, args.manifest, args.data_dir)
            print(json.dumps(report, indent=1))
            return 0 if ok else 1
        else:
            return (
                0
                if drill(
                    args.db, args.data_dir, args.backup_dir, args.backup, args.keep
                )
                else 1
            )
    except (BackupError, subprocess.CalledProcessError) as error:
        log(f"ERROR: {error}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
