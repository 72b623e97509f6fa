"""Reads an Odoo test run's log and tells whether it passed.

``follow LOG``: copies the log from stdin into LOG and shows the part a person needs
(tests starting, warnings, errors with their tracebacks, the statistics).

``report LOG --odoo-status N``: prints the counts of Odoo's own test result, the
problems found, and as the last line ``N passed, M failed`` (also written to
LOG.summary); exits 1 unless everything passed.
A run fails when a test fails or errors, when a test is skipped (a skipped browser test
means Chromium or websocket-client is missing, never a pass), when anything else logs an
error, when no test ran at all, or when Odoo itself exits non-zero.
"""

import argparse
import re
import sys

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$"
)
RESULT = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) "
    r"of (?P<run>\d+) tests when loading database"
)
TEST_PROBLEM = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>.*)$")
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")
SHOWN_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


def follow(log_path):
    showing_continuation = False
    with open(log_path, "w", encoding="utf-8") as log:
        for line in sys.stdin:
            log.write(line)
            record = RECORD.match(line)
            if record:
                msg = record["msg"]
                shown = (
                    record["level"] in SHOWN_LEVELS
                    or record["logger"] == "odoo.tests.stats"
                    or msg.startswith(("Starting ", "skipped "))
                    or "post-tests in" in msg
                )
                showing_continuation = record["level"] in SHOWN_LEVELS
            else:
                shown = showing_continuation
            if shown:
                sys.stdout.write(line)
                sys.stdout.flush()


def analyse(log_path):
    total = failed_or_errors = 0
    problems, skipped, other_errors = [], [], []
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            record = RECORD.match(line.rstrip("\n"))
            if not record:
                continue
            msg = record["msg"]
            result = RESULT.match(msg)
            if record["logger"] == "odoo.tests.result" and result:
                # Odoo's own counts for the whole run (at_install and post_install).
                total = int(result["run"])
                failed_or_errors = int(result["failed"]) + int(result["errors"])
            elif record["level"] == "INFO" and SKIPPED.match(msg):
                skipped.append(msg)
            elif record["level"] in ("ERROR", "CRITICAL"):
                if TEST_PROBLEM.match(msg):
                    problems.append(msg)
                elif ".tests." not in record["logger"]:
                    # Errors logged by a test (e.g. its browser) already fail that test.
                    other_errors.append(f"{record['logger']}: {msg}")
    return total, failed_or_errors, problems, skipped, other_errors


def report(log_path, odoo_status):
    total, failed_or_errors, problems, skipped, other_errors = analyse(log_path)
    reasons = []
    if problems:
        reasons.append(f"{len(problems)} test(s) failed or raised an error:")
        reasons.extend(f"    {p}" for p in problems)
    if skipped:
        reasons.append(
            f"{len(skipped)} test(s) were skipped, which counts as a failure:"
        )
        reasons.extend(f"    {s}" for s in skipped)
    if other_errors:
        reasons.append(
            f"{len(other_errors)} error(s) were logged outside test results:"
        )
        reasons.extend(f"    {e[:300]}" for e in other_errors)
    if total == 0:
        reasons.append("no test ran (did the addon install?)")
    if odoo_status != 0:
        reasons.append(f"Odoo exited with status {odoo_status}")
    failed_tests = max(failed_or_errors, len(problems))
    failed = failed_tests + len(skipped) + len(other_errors) + (1 if total == 0 else 0)
    if odoo_status != 0 and failed == 0:
        failed = 1
    passed = max(total - failed_tests - len(skipped), 0)
    print(f"\nLog: {log_path}")
    for reason in reasons:
        print(reason)
    summary = f"{passed} passed, {failed} failed"
    with open(f"{log_path}.summary", "w", encoding="utf-8") as summary_file:
        summary_file.write(summary + "\n")
    print(summary)
    return 0 if not reasons else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    follow_parser = sub.add_parser("follow")
    follow_parser.add_argument("log")
    report_parser = sub.add_parser("report")
    report_parser.add_argument("log")
    report_parser.add_argument("--odoo-status", type=int, required=True)
    args = parser.parse_args()
    if args.command == "follow":
        follow(args.log)
        return 0
    return report(args.log, args.odoo_status)


if __name__ == "__main__":
    sys.exit(main())
