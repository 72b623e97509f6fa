"""Odoo's own test suites, in the full registry, with and without the addon.

``run OUTPUT ODOO-ARGS...``: runs Odoo (as ``odoo-bin``) with ODOO-ARGS, on a database
that is already installed, with the at_install tests of the modules run together with
their post_install tests, once the whole registry is loaded. Odoo itself runs at_install
tests while it is still loading the modules, in a registry that does not yet hold the
modules installed after them (this addon among them): run that way, they would not test
the database as its users get it. Every test's outcome is written to OUTPUT (JSON):
``{test id: "pass" | "fail" | "error" | "skip"}``.

``tags PLAIN ADDON``: prints the Odoo test tags of the tests that fail only with
the addon (``/module:Class.method``), for a second run of those alone.

``compare PLAIN ADDON [PLAIN-RERUN ADDON-RERUN]``: tells which tests fail only with
the addon: a test that passes without it and fails, errors, is skipped or does not run
with it. Tests that fail in both databases are listed, not counted. A test that failed
only with the addon and was run a second time in both databases, alone (the RERUN
results: browser tours time out on a loaded machine), counts only if it fails only with
the addon again. Exits 1 if a test fails only with the addon, or if a run is missing.
"""

import argparse
import json
import sys
from collections import Counter

OUTCOME_RANK = {"pass": 0, "skip": 1, "fail": 2, "error": 3}


def _test_id(test):
    """The test's id; a subtest counts as its test, a class set-up error
    (unittest's _ErrorHolder) as its description."""
    test = getattr(test, "test_case", None) or test
    test_id = getattr(test, "id", None)
    return test_id() if callable(test_id) else str(test)


def _install_recorder(outcomes):
    from odoo.tests import result as odoo_result

    result_class = odoo_result.OdooTestResult

    def record(test, outcome):
        test_id = _test_id(test)
        previous = outcomes.get(test_id, "pass")
        # A test that fails in one subtest and passes in the others fails.
        if OUTCOME_RANK[outcome] >= OUTCOME_RANK[previous]:
            outcomes[test_id] = outcome

    def wrap(method_name, outcome):
        method = getattr(result_class, method_name)

        def wrapper(self, test, *args):
            record(test, outcome)
            return method(self, test, *args)

        setattr(result_class, method_name, wrapper)

    wrap("startTest", "pass")
    wrap("addError", "error")
    wrap("addFailure", "fail")
    wrap("addSkip", "skip")


def _run_at_install_tests_after_loading():
    """Odoo runs each module's at_install tests while it loads the modules, in
    the registry of the modules loaded so far, then the post_install tests once
    every module is loaded: run none while loading, and the at_install tests
    with the post_install ones."""
    from odoo.tests import loader
    from odoo.tests.suite import OdooSuite

    make_suite = loader.make_suite

    def make_full_registry_suite(module_names, position="at_install"):
        if position == "at_install":
            return OdooSuite()
        tests = [
            *make_suite(module_names, "at_install"),
            *make_suite(module_names, "post_install"),
        ]
        return OdooSuite(sorted(tests, key=lambda test: test.test_sequence))

    loader.make_suite = make_full_registry_suite


def run(output, odoo_args):
    import odoo
    import odoo.cli

    outcomes = {}
    _install_recorder(outcomes)
    _run_at_install_tests_after_loading()
    sys.argv = ["odoo-bin", *odoo_args]
    try:
        odoo.cli.main()
    finally:
        with open(output, "w", encoding="utf-8") as file:
            json.dump(outcomes, file, indent=0, sort_keys=True)


def _load(path):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def _only_with_addon(plain, addon):
    """[(test id, outcome with the addon)] of the tests that pass without the
    addon and not with it (or do not run with it)."""
    return [
        (test_id, addon.get(test_id, "not run"))
        for test_id in sorted(plain.keys() | addon.keys())
        if plain.get(test_id, "pass") == "pass" and addon.get(test_id) != "pass"
    ]


def _test_tag(test_id):
    """odoo.addons.sale.tests.test_x.TestX.test_y -> /sale:TestX.test_y"""
    parts = test_id.split(".")
    if len(parts) < 6 or parts[:2] != ["odoo", "addons"]:
        return None  # a class set-up error: rerun with its class
    return f"/{parts[2]}:{parts[-2]}.{parts[-1]}"


def tags(plain_path, addon_path):
    plain, addon = _load(plain_path), _load(addon_path)
    if not plain or not addon:
        return 1
    found = {_test_tag(test_id) for test_id, _outcome in _only_with_addon(plain, addon)}
    print(",".join(sorted(tag for tag in found if tag)))
    return 0


def compare(plain_path, addon_path, plain_rerun_path=None, addon_rerun_path=None):
    plain, addon = _load(plain_path), _load(addon_path)
    if not plain or not addon:
        missing = plain_path if not plain else addon_path
        print(f"odoo-tests: no test result in {missing}: the run failed (see its log)")
        return 1
    counts = Counter(addon.values())
    print(
        f"Odoo's tests with the addon: {len(addon)} run, {counts['pass']} passed, "
        f"{counts['fail']} failed, {counts['error']} errors, {counts['skip']} skipped"
    )
    counts = Counter(plain.values())
    print(
        f"Odoo's tests without it:     {len(plain)} run, {counts['pass']} passed, "
        f"{counts['fail']} failed, {counts['error']} errors, {counts['skip']} skipped"
    )
    both = [
        (test_id, plain[test_id], addon.get(test_id, "not run"))
        for test_id in sorted(plain)
        if plain[test_id] != "pass" and addon.get(test_id) != "pass"
    ]
    if both:
        print(f"\nNot passing without the addon either (not counted): {len(both)}")
        for test_id, without, with_addon in both:
            print(f"  {test_id}: {without} without, {with_addon} with the addon")
    only_addon = _only_with_addon(plain, addon)
    plain_rerun = _load(plain_rerun_path) if plain_rerun_path else None
    addon_rerun = _load(addon_rerun_path) if addon_rerun_path else None
    if only_addon and plain_rerun is not None and addon_rerun is not None:
        again = dict(_only_with_addon(plain_rerun, addon_rerun))
        passed_again = [
            test_id for test_id, _outcome in only_addon if test_id not in again
        ]
        if passed_again:
            print(
                f"\nFailed only with the addon, then passed in both when run again "
                f"alone (not counted): {len(passed_again)}"
            )
            for test_id in passed_again:
                print(f"  {test_id}")
        only_addon = [item for item in only_addon if item[0] in again]
    if only_addon:
        print(f"\nFailing only with the addon: {len(only_addon)}")
        for test_id, with_addon in only_addon:
            print(f"  {test_id}: {with_addon}")
    print(f"\n{len(only_addon)} fail only with the addon, of {len(addon)} tests run")
    return 1 if only_addon else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("output")
    run_parser.add_argument("odoo_args", nargs=argparse.REMAINDER)
    for name in ("compare", "tags"):
        command = commands.add_parser(name)
        command.add_argument("plain")
        command.add_argument("addon")
        if name == "compare":
            command.add_argument("reruns", nargs="*")
    args = parser.parse_args()
    if args.command == "run":
        run(args.output, args.odoo_args)
        return 0
    if args.command == "tags":
        return tags(args.plain, args.addon)
    return compare(args.plain, args.addon, *args.reruns[:2])


if __name__ == "__main__":
    sys.exit(main())
