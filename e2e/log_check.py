"""Checks an Odoo log: no error, no traceback, no 5xx answer.

Two kinds of logged errors are Odoo working as designed, counted and shown but
not failed: serialization conflicts between workers (Odoo retries the request
or the cron job), and, with --uninstall, the SQL refusals of an uninstallation
that keeps the records other data still use.
"""

import argparse
import re
import sys

RECORD_START = re.compile(r"^[0-9-]+ [0-9:,]+ [0-9]+ (?P<level>[A-Z]+) ")
SERVER_ERROR = re.compile(r'"[A-Z]+ (?P<path>\S+) HTTP/[0-9.]+" 5[0-9][0-9] ')
CONFLICT = "could not serialize access due to concurrent update"
SQL_REFUSAL = " odoo.sql_db: bad query: "
TRACEBACK = "Traceback (most recent call last)"


def records(lines):
    """Log records with their continuation lines (tracebacks, SQL details)."""
    record = []
    for line in lines:
        if RECORD_START.match(line) and record:
            yield "".join(record)
            record = []
        record.append(line)
    if record:
        yield "".join(record)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log")
    parser.add_argument("--uninstall", action="store_true")
    args = parser.parse_args()
    conflicts, refusals, failures = 0, 0, []
    with open(args.log, encoding="utf-8", errors="replace") as log:
        for record in records(log):
            level = RECORD_START.match(record)
            if SERVER_ERROR.search(record.splitlines()[0]):
                failures.append(record)
            elif CONFLICT in record:
                conflicts += 1
            elif args.uninstall and SQL_REFUSAL in record:
                refusals += 1
            elif TRACEBACK in record or (
                level and level.group("level") in ("ERROR", "CRITICAL")
            ):
                # A traceback printed by a child process follows another record.
                failures.append(record)
    for failure in failures[:10]:
        print(f"FAILED: {failure.strip()[:2000]}")
    print(
        f"{args.log}: {len(failures)} errors or 5xx, {conflicts} serialization "
        f"conflicts retried by Odoo"
        + (f", {refusals} deletions refused by PostgreSQL" if args.uninstall else "")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
