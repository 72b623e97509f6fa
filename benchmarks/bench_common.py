# Copyright 2026 b2b_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the benchmarks share: their command line, Odoo's configuration, the
timed runs' samples and the JSON file of results."""

import argparse
import gc
import json
import statistics
import sys
import time
from dataclasses import dataclass, field

import odoo
from odoo.release import version as odoo_version


@dataclass
class Run:
    """One timed run."""

    seconds: float  # wall time, what the tables show
    cpu_seconds: float  # this process only (no PostgreSQL): less sensitive to load
    queries: int


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    def add(self, run):
        self.seconds.append(run.seconds)
        self.cpu_seconds.append(run.cpu_seconds)
        self.queries.append(run.queries)

    @property
    def median_seconds(self):
        return statistics.median(self.seconds)

    @property
    def median_cpu_seconds(self):
        return statistics.median(self.cpu_seconds)

    @property
    def median_queries(self):
        return round(statistics.median(self.queries))


def compare(plain, addon):
    """Plain Odoo's and the addon's Samples side by side: their medians, the
    addon's ratios and extra queries, and every sample."""
    return {
        "repeats": len(plain.seconds),
        "plain_seconds": plain.median_seconds,
        "addon_seconds": addon.median_seconds,
        "time_ratio": addon.median_seconds / plain.median_seconds,
        "cpu_time_ratio": addon.median_cpu_seconds / plain.median_cpu_seconds,
        "plain_queries": plain.median_queries,
        "addon_queries": addon.median_queries,
        "extra_queries": addon.median_queries - plain.median_queries,
        "plain_samples_seconds": plain.seconds,
        "addon_samples_seconds": addon.seconds,
        "plain_samples_cpu_seconds": plain.cpu_seconds,
        "addon_samples_cpu_seconds": addon.cpu_seconds,
        "plain_samples_queries": plain.queries,
        "addon_samples_queries": addon.queries,
    }


def measure_sizes(sizes, unit, measure_size):
    """{size: measure_size(size)} for each of ``sizes``, telling stderr as
    each is done (``unit``: what a size counts, e.g. "lines")."""
    samples = {}
    for size in sizes:
        samples[size] = measure_size(size)
        print(f"  {size} {unit} done", file=sys.stderr, flush=True)
    return samples


def timed(function, *args):
    """Call ``function(*args)``: its result, and its Run."""
    gc.collect()  # no collection of an earlier run's garbage in the timing
    queries_before = odoo.sql_db.sql_counter
    start, cpu_start = time.perf_counter(), time.process_time()
    result = function(*args)
    run = Run(
        seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu_start,
        queries=odoo.sql_db.sql_counter - queries_before,
    )
    return result, run


def argument_parser(description, with_plain_db=True):
    """The options every benchmark takes (scripts/bench.sh gives them)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    if with_plain_db:
        parser.add_argument("--plain-db", required=True)
    parser.add_argument("--addon-db", required=True)
    parser.add_argument("--json", required=True, help="file to write the results to")
    return parser


def configure_odoo(args):
    odoo.tools.config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--data-dir={args.data_dir}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ]
    )


def superuser_env(cr):
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def write_json(path, results, total_seconds):
    """Write ``results`` with the versions they were measured with."""
    results = {
        "odoo_version": odoo_version,
        "python_version": sys.version.split()[0],
        **results,
        "benchmark_seconds": total_seconds,
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(results, file, indent=2)
        file.write("\n")
    print(f"Results written to {path}")


def print_columns(header, rows, width, note):
    """A table: the ``header`` titles, then ``rows`` of cells (texts), right
    aligned in columns of ``width`` characters, then ``note`` below it."""
    print(" | ".join(f"{title:>{width}}" for title in header))
    print("-+-".join("-" * width for _title in header))
    for cells in rows:
        print(" | ".join(f"{cell:>{width}}" for cell in cells))
    print(note)
