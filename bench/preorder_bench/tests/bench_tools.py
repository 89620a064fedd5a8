"""Measuring and reporting: samples, medians, interleaved runs, BENCH lines.

Every measurement returns a ``Sample`` (milliseconds, SQL queries, response
bytes). Ours and Odoo's runs are interleaved (warm-up ours, warm-up Odoo, then
ours, Odoo, ours, Odoo...) so that drift of a shared 2-core machine hits both.
"""

import collections
import cProfile
import io
import json
import logging
import pstats
import statistics
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from unittest.mock import patch

from odoo.tools import SQL
from odoo.tools.profiler import Profiler

_logger = logging.getLogger("odoo.addons.preorder_bench")


@dataclass
class Sample:
    ms: float
    queries: int | None = None
    bytes: int | None = None


@dataclass
class Side:
    """The median of the timed runs of one side (ours or Odoo's)."""

    ms: float | None = None
    queries: int | None = None
    bytes: int | None = None
    runs_ms: list = field(default_factory=list)
    missing: str = ""  # why there is no measurement (feature not built, error)

    @classmethod
    def from_samples(cls, samples):
        def median(values):
            values = [v for v in values if v is not None]
            return statistics.median(values) if values else None

        return cls(
            ms=median(s.ms for s in samples),
            queries=median(s.queries for s in samples),
            bytes=median(s.bytes for s in samples),
            runs_ms=[round(s.ms, 1) for s in samples],
        )

    def label(self):
        if self.missing:
            return f"n/a ({self.missing})"
        text = f"{self.ms:.0f}ms" if self.ms >= 10 else f"{self.ms:.1f}ms"
        if self.queries is not None:
            text += f"/{self.queries:g}q"
        if self.bytes is not None:
            text += f"/{_size(self.bytes)}"
        return text


def _size(size):
    if size < 1024:
        return f"{size}B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}KB"
    return f"{size / 1024 / 1024:.1f}MB"


class Missing(Exception):
    """A feature of ours the bench needs is not there: reported as n/a, not a crash."""


def interleave(ours, odoo, runs, *others):
    """One warm-up of each, then `runs` timed runs of each, alternating.

    `ours`, `odoo` and any `others` (more sides measured in the same rounds, e.g. a
    second floor) take the run index (warm-up = -1) and return a Sample. `ours` may
    raise Missing: the other sides are still measured.

    :return: ``(ours side, odoo side, *other sides)``"""
    ours_missing = ""
    ours_samples, odoo_samples = [], []
    other_samples = [[] for _other in others]
    for index in range(-1, runs):
        if not ours_missing:
            try:
                sample = ours(index)
                if index >= 0:
                    ours_samples.append(sample)
            except Missing as error:
                ours_missing = str(error)
        for side, samples in ((odoo, odoo_samples), *zip(others, other_samples)):
            sample = side(index)
            if index >= 0:
                samples.append(sample)
    ours_side = Side(missing=ours_missing) if ours_missing else Side.from_samples(ours_samples)
    return (
        ours_side,
        Side.from_samples(odoo_samples),
        *(Side.from_samples(samples) for samples in other_samples),
    )


def measure_only(fn, runs):
    """One warm-up, then `runs` timed runs of a single side."""
    samples = []
    for index in range(-1, runs):
        sample = fn(index)
        if index >= 0:
            samples.append(sample)
    return Side.from_samples(samples)


@contextmanager
def request_profilers():
    """Attach an in-memory SQL profiler to every HTTP request served meanwhile,
    as Odoo's UtilPerf does (HttpCase.profile), without the sampling collector
    that would slow the request down."""
    profilers = []

    def make_profiler(request):
        profiler = Profiler(collectors=["sql"], db=None, description=request.httprequest.full_path)
        profilers.append(profiler)
        return profiler

    with patch("odoo.http.Request._get_profiler_context_manager", make_profiler):
        yield profilers


def count_request_queries(profilers):
    return sum(len(profiler.collectors[0]._entries) for profiler in profilers)


def timer():
    start = time.perf_counter()
    return lambda: (time.perf_counter() - start) * 1000.0


@dataclass
class Result:
    """One BENCH line: a ratio ours / Odoo at one size, with its target."""

    key: str
    n: int | str
    ours: Side
    odoo: Side
    target: float | None = None  # ratio ours/odoo must be <= target
    max_queries: int | None = None
    max_bytes: int | None = None
    verdict_here: bool = True  # False: informative line, the target applies elsewhere
    note: str = ""
    checks: list = field(default_factory=list)  # extra (label, ok) pairs

    @property
    def ratio(self):
        if self.ours.missing or self.odoo.missing or not self.odoo.ms:
            return None
        return self.ours.ms / self.odoo.ms

    def verdict(self):
        if not self.verdict_here:
            return "INFO"
        if self.ratio is None:
            return "N/A"
        ok = self.target is None or self.ratio <= self.target
        if self.max_queries is not None:
            ok = ok and self.ours.queries is not None and self.ours.queries <= self.max_queries
        if self.max_bytes is not None:
            ok = ok and self.ours.bytes is not None and self.ours.bytes <= self.max_bytes
        ok = ok and all(passed for _label, passed in self.checks)
        return "PASS" if ok else "FAIL"

    def line(self):
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.3f}"
        text = (
            f"BENCH {self.key} N={self.n} ours={self.ours.label()} odoo={self.odoo.label()} "
            f"ratio={ratio}"
        )
        targets = []
        if self.target is not None:
            targets.append(f"target<={self.target:g}")
        if self.max_queries is not None:
            targets.append(f"q<={self.max_queries}")
        if self.max_bytes is not None:
            targets.append(f"size<={_size(self.max_bytes)}")
        for label, passed in self.checks:
            targets.append(f"{label}:{'ok' if passed else 'NO'}")
        if targets:
            text += " " + " ".join(targets)
        text += f" {self.verdict()}"
        if self.note:
            text += f"  [{self.note}]"
        return text

    def as_dict(self):
        return {
            "key": self.key,
            "n": self.n,
            "ours": asdict(self.ours),
            "odoo": asdict(self.odoo),
            "ratio": self.ratio,
            "target": self.target,
            "max_queries": self.max_queries,
            "max_bytes": self.max_bytes,
            "checks": [{"label": label, "ok": passed} for label, passed in self.checks],
            "verdict": self.verdict(),
            "note": self.note,
        }


def timed_call(env, call):
    """(Sample, result) of `call()` in process: a cold record cache, the flush
    included in the time, the queries counted by the cursor."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    elapsed = timer()
    result = call()
    env.flush_all()
    return Sample(elapsed(), env.cr.sql_log_count - queries), result


REPORTED = []  # every Result of the run, for the growth lines at its end


def report(result):
    """Log the BENCH line and its JSON twin (bench/run reads both from the log)."""
    REPORTED.append(result)
    _logger.info("%s", result.line())
    _logger.info("BENCHJSON %s", json.dumps(result.as_dict()))


def report_growth(constant_query_keys):
    """One GROWTH note per line measured at N and 10N: how ours and Odoo's times
    grow, and our queries; for `constant_query_keys` the queries must not grow
    (the note's verdict counts in the run's exit code)."""
    measured = collections.defaultdict(dict)
    for result in REPORTED:
        if isinstance(result.n, int) and not result.ours.missing and result.ours.ms:
            measured[result.key][result.n] = result
    for key, by_size in measured.items():
        for small, small_result in sorted(by_size.items()):
            large_result = by_size.get(small * 10)
            if large_result is None:
                continue
            ours = large_result.ours.ms / small_result.ours.ms
            text = f"GROWTH {key} N={small}->{small * 10}: ours time x{ours:.2f}"
            values = {"growth": key, "n": small, "n10": small * 10, "ours_time_factor": ours}
            if large_result.odoo.ms and small_result.odoo.ms and not large_result.odoo.missing:
                odoo = large_result.odoo.ms / small_result.odoo.ms
                text += f", odoo time x{odoo:.2f}"
                values["odoo_time_factor"] = odoo
            queries = (small_result.ours.queries, large_result.ours.queries)
            if None not in queries:
                text += f", ours queries {queries[0]:g}->{queries[1]:g}"
                values["ours_queries"] = list(queries)
                if key in constant_query_keys:
                    values["verdict"] = "PASS" if queries[1] <= queries[0] else "FAIL"
                    text += f" (constant: {values['verdict']})"
            report_note(text, **values)


def report_note(text, **values):
    """Free-form facts for the summary (setup times, guards, missing features)."""
    _logger.info("BENCH NOTE %s", text)
    _logger.info("BENCHJSON %s", json.dumps({"note": text, **values}))


# ----------------------------------------------------------------------
# BENCH_PROFILE=1: where does our time go (cProfile + the SQL of one run)
# ----------------------------------------------------------------------
class ProfileContext:
    """cProfile and Odoo's SQL collector around one request or one call, in the
    thread that runs it (for a request: the server thread)."""

    def __init__(self):
        self.profile = cProfile.Profile()
        self.sql = Profiler(collectors=["sql"], db=None)

    def __enter__(self):
        self.sql.__enter__()
        self.profile.enable()
        return self

    def __exit__(self, *exc):
        self.profile.disable()
        self.sql.__exit__(*exc)

    def report(self, title, top=35, cr=None):
        """Log the profile; with `cr`, also the plan of the slowest query (> 100 ms)."""
        out = io.StringIO()
        stats = pstats.Stats(self.profile, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(20)
        queries = collections.Counter(
            " ".join(entry["query"].split())[:160] for entry in self.sql.collectors[0]._entries
        )
        lines = [f"{count:4d} x {query}" for query, count in queries.most_common(40)]
        _logger.info(
            "BENCHPROF %s\n-- %d queries:\n%s\n%s",
            title,
            sum(queries.values()),
            "\n".join(lines),
            out.getvalue(),
        )
        entries = self.sql.collectors[0]._entries
        slowest = max(entries, key=lambda entry: entry["time"], default=None)
        if cr is not None and slowest and slowest["time"] > 0.1:
            query = slowest["full_query"]
            if query.lstrip().upper().startswith("SELECT"):
                # the query Odoo itself just ran, already formatted with its parameters
                cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", SQL(query.replace("%", "%%"))))
                plan = "\n".join(row[0] for row in cr.fetchall())
                _logger.info(
                    "BENCHPROF %s: slowest query (%.0f ms)\n%s\n%s",
                    title,
                    slowest["time"] * 1000,
                    query,
                    plan,
                )


@contextmanager
def request_profile_contexts():
    contexts = []

    def make(request):
        contexts.append(ProfileContext())
        return contexts[-1]

    with patch("odoo.http.Request._get_profiler_context_manager", make):
        yield contexts
