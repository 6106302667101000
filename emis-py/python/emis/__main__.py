"""``python -m emis``: validate operators' files and compare exports from the command line.

    python -m emis validate santri.xlsx [more files] [--gtk] [--lang en] [--out issues.csv]
    python -m emis diff a.csv b.csv [--key nik]
    python -m emis sync --server URL --statistic-num SN --store DIR [--local santri.xlsx] [--dry-run]

``validate`` reads each file with the core spreadsheet reader, validates its rows and writes
one issues table (CSV: file, row, field, code, severity, message, hint) to ``--out`` or
standard output; the exit status is 1 when any issue is invalid. ``diff`` prints the
comparison of two CSV exports as JSON. ``sync`` runs one session of the core sync engine
(credentials from ``EMIS_TOKEN`` or ``EMIS_EMAIL`` + ``EMIS_PASSWORD``), shows a tqdm bar on
standard error when tqdm is installed and prints the report as JSON; Ctrl-C stops cleanly
(exit 130), an expired session exits 3, a server or network failure 4. Messages never
contain a personal value.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib
import json
import sys
from typing import Any, Optional, Sequence

from . import _emis
from .exceptions import EmisError


def _validate(args: argparse.Namespace) -> int:
    from .frames import ISSUE_COLUMNS, _issue_lists

    today = datetime.date.fromisoformat(args.today) if args.today else None
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
    writer = csv.writer(out)
    writer.writerow(["file", *ISSUE_COLUMNS])
    invalid = 0
    record = "gtk" if args.gtk else "santri"
    try:
        for path in args.files:
            res = _emis._read_spreadsheet(path)
            headers = list(res["columns"])
            columns = [res["columns"][h] for h in headers]
            for issue in res["report"]["issues"]:
                writer.writerow([path, "", issue["path"], issue["code"], issue["severity"],
                                 issue["message_en" if args.lang == "en" else "message_id"],
                                 issue["hint_en" if args.lang == "en" else "hint_id"]])
                invalid += issue["severity"] == "invalid"
            found = _issue_lists(_emis._validate_frame(record, headers, columns, today=today, lang=args.lang))
            rows = res["row"]
            for i in range(len(found["code"])):
                r = found["row"][i]
                writer.writerow([path, rows[r] if r is not None else "",
                                 *(found[c][i] for c in ISSUE_COLUMNS[1:])])
                invalid += found["severity"][i] == "invalid"
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if invalid else 0


def _diff(args: argparse.Namespace) -> int:
    result: Any = _emis.diff_exports(args.a, args.b, key=args.key)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0 if result.get("identical") else 1


def _sync(args: argparse.Namespace) -> int:
    from .client import Client, sync

    client = Client(args.server, simpeg_url=args.simpeg_url, gtk_url=args.gtk_url, pacing=not args.no_pacing)
    today = datetime.date.fromisoformat(args.today) if args.today else None
    bar: Any = None
    try:
        tqdm: Any = importlib.import_module("tqdm")
        bar = tqdm.tqdm(file=sys.stderr, disable=not sys.stderr.isatty())
    except ImportError:
        pass
    try:
        res = sync(client, args.statistic_num, args.store, local=args.local, today=today,
                   dry_run=args.dry_run, policy=args.policy, progress=bar)
    except KeyboardInterrupt:
        print("emis: dihentikan; jalankan lagi untuk melanjutkan / stopped; run again to resume", file=sys.stderr)
        return 130
    except PermissionError as e:
        print(f"emis: {e}", file=sys.stderr)
        return 3
    except ConnectionError as e:
        print(f"emis: {e}", file=sys.stderr)
        return 4
    finally:
        if bar is not None:
            bar.close()
    keep = ("session_id", "dry_run", "counts", "pushed", "planned", "write_states", "unsupported")
    json.dump({k: res.report.get(k) for k in keep}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status."""
    p = argparse.ArgumentParser(prog="python -m emis", description="Validasi data EMIS / EMIS data checks")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validasi berkas santri/GTK / validate santri or GTK files")
    v.add_argument("files", nargs="+")
    v.add_argument("--gtk", action="store_true", help="files hold GTK, not santri")
    v.add_argument("--lang", choices=["id", "en"], default="id")
    v.add_argument("--today", help="YYYY-MM-DD (default: today in WIB)")
    v.add_argument("--out", help="issues CSV (default: standard output)")
    v.set_defaults(run=_validate)
    d = sub.add_parser("diff", help="bandingkan dua ekspor CSV / compare two CSV exports")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--key", default="nik")
    d.set_defaults(run=_diff)
    y = sub.add_parser("sync", help="sinkronkan dengan EMIS / sync with EMIS")
    y.add_argument("--server", required=True)
    y.add_argument("--statistic-num", required=True)
    y.add_argument("--store", required=True, help="folder for the outbox and journal")
    y.add_argument("--local", help="santri file (XLSX/CSV...) replacing the store's santri")
    y.add_argument("--dry-run", action="store_true")
    y.add_argument("--policy", choices=["emis_wins", "local_wins", "manual"], default="emis_wins")
    y.add_argument("--today", help="YYYY-MM-DD (default: today in WIB)")
    y.add_argument("--simpeg-url")
    y.add_argument("--gtk-url")
    y.add_argument("--no-pacing", action="store_true", help="local simulator only")
    y.set_defaults(run=_sync)
    args = p.parse_args(argv)
    try:
        return int(args.run(args))
    except (EmisError, OSError, ValueError) as e:
        print(f"emis: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
