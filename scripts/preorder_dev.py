#!/usr/bin/env python3
"""Developer commands for the Pre-Order addons: run the demo, run every test.

Odoo 19 is required and is not shipped here. It is found, in this order, through
``ODOO_PATH`` (an Odoo 19 source tree holding ``odoo-bin``), an importable ``odoo``
package (``pip install -e <odoo tree>``) or the project's own Odoo that the demo
downloads from ``ODOO_SOURCE`` into ``.odoo/`` (``odoo_source.py``). PostgreSQL is
expected on 127.0.0.1:5432; it is started when it is installed but not running.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import addon_readme  # beside this script, as the next
import odoo_source  # beside this script, standard library only
import screenshots  # beside this script, as the previous

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"  # git-ignored: the project's own Python where the system's refuses pip
# preorder_mrp brings Odoo's mrp and preorder_mass_mailing its mass_mailing (both in
# every Odoo 19 Community): the test, demo, install check and i18n commands cover
# them like the others.
ADDONS = [
    "preorder_campaign",
    "preorder_website",
    "preorder_purchase",
    "preorder_mrp",
    "preorder_mass_mailing",
]
DB_HOST = os.environ.get("PGHOST", "127.0.0.1")
DB_PORT = os.environ.get("PGPORT", "5432")
PY = sys.executable

DEMO_LOGINS = [
    ("Administrator (backoffice)", "admin", "admin"),
    ("Sales rep (Pre-Order user)", "rep", "rep"),
    ("Customer, portal", "customer", "customer"),
    ("Customer branch Antwerp, portal", "branch_antwerp", "branch_antwerp"),
    ("Customer branch Ghent, portal", "branch_ghent", "branch_ghent"),
    ("Own shop Bruges manager, portal", "shop", "shop"),
]


def say(message):
    print(f"[preorder] {message}", flush=True)


# ----------------------------------------------------------------------------
# The Python the commands run with
# ----------------------------------------------------------------------------
def is_externally_managed():
    """PEP 668: Debian's python3 refuses `pip install` outside a virtual environment."""
    return (Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").is_file()


def in_virtualenv():
    return sys.prefix != sys.base_prefix


def ensure_project_python(argv=None):
    """Run the command with a Python that may install the test requirements: the
    current one, unless it is an externally managed system Python outside a virtual
    environment. Then the command runs again in the project's virtual environment
    (created once, reused), which also sees the system's packages, so that an Odoo
    installed with the system Python stays importable."""
    if in_virtualenv() or not is_externally_managed():
        return
    python = VENV / "bin" / "python"
    if not python.is_file():
        say(f"creating the project's virtual environment {VENV} (this Python refuses pip)")
        result = subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(VENV)], check=False
        )
        if result.returncode or not python.is_file():
            say("could not create it: install Debian's python3-venv, or activate a virtualenv")
            sys.exit(2)
    argv = sys.argv if argv is None else argv
    os.execv(str(python), [str(python), *argv])


# ----------------------------------------------------------------------------
# Environment: PostgreSQL, Python packages, Chromium, Odoo
# ----------------------------------------------------------------------------
def port_open(host, port):
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


def ensure_postgres():
    if port_open(DB_HOST, DB_PORT):
        return True
    clusters = Path("/etc/postgresql")
    if shutil.which("pg_ctlcluster") and clusters.is_dir():
        for version in sorted(p.name for p in clusters.iterdir()):
            say(f"starting PostgreSQL {version}")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )
        for _ in range(30):
            if port_open(DB_HOST, DB_PORT):
                return True
            time.sleep(1)
    say(f"PostgreSQL is not reachable on {DB_HOST}:{DB_PORT}")
    return False


def pip_install(*args, python=PY):
    cmd = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode:
        say("pip could not install " + " ".join(args) + ":\n" + result.stderr[-2000:])
    return result.returncode == 0


def ensure_test_packages():
    pip_install("-r", str(REPO / "requirements-test.txt"))


def ensure_chromium():
    """Tours run in Debian's chromium; without it Odoo skips them silently."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing chromium for the browser tests (tours)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(
            ["apt-get", "update", "-qq"], env=env, check=False, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return bool(shutil.which("chromium") or shutil.which("chromium-browser"))


def find_odoo():
    """Return (command prefix, addons paths of Odoo, version) or None with a reason."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        root = Path(odoo_path).expanduser().resolve()
        if not (root / "odoo-bin").is_file():
            return None, f"ODOO_PATH={odoo_path} holds no odoo-bin"
        major = odoo_source.odoo_version(PY, root)
        cmd = [PY, str(root / "odoo-bin")]
        addons = [root / "addons"]
    else:
        major = odoo_source.odoo_version(PY)
        cmd = [PY, "-m", "odoo"]
        addons = []
    if major is None:
        own = odoo_source.installed(odoo_source.default_home(REPO))
        if own:
            return own, None
        return None, "no importable odoo package, no ODOO_PATH and no Odoo in .odoo/"
    if major != "19":
        return None, f"found Odoo {major}, but Odoo 19 is required"
    if not addons:
        for base in odoo_package_paths(PY):
            # a source tree installed with `pip install -e` keeps its addons beside odoo/
            candidate = base.parent / "addons"
            if (candidate / "web" / "__manifest__.py").is_file():
                addons.append(candidate)
    return (cmd, addons), None


def odoo_package_paths(python):
    """The folders of the ``odoo`` package `python` imports."""
    probe = subprocess.run(
        [python, "-c", "import odoo, os; print(os.pathsep.join(odoo.__path__))"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    return [Path(path) for path in probe.stdout.strip().split(os.pathsep) if path]


def ensure_addon_dependencies(python=PY):
    """OCA product_brand comes from PyPI (odoo-addon-product-brand); install
    without dependencies because `odoo` itself is not on PyPI. Into the Python that
    runs Odoo."""
    return pip_install("--no-deps", "-r", str(REPO / "requirements.txt"), python=python)


def odoo_base_args(cmd, addons, db):
    addons_path = ",".join(str(p) for p in [REPO, *addons])
    return [
        *cmd,
        "-d",
        db,
        "--db_host",
        DB_HOST,
        "--db_port",
        DB_PORT,
        "--addons-path",
        addons_path,
        "--http-interface",
        "127.0.0.1",
    ]


@contextlib.contextmanager
def odoo_config_file(addons):
    """Odoo's `module` and `i18n` commands take connection details only from a file."""
    addons_path = ",".join(str(p) for p in [REPO, *addons])
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as conf:
        conf.write(
            f"[options]\ndb_host = {DB_HOST}\ndb_port = {DB_PORT}\naddons_path = {addons_path}\n"
        )
        conf.flush()
        yield conf.name


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drop_database(cmd, db):
    subprocess.run(
        [*cmd, "db", "--db_host", DB_HOST, "--db_port", DB_PORT, "drop", db],
        capture_output=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------
def run_core_tests(workdir):
    report = workdir / "core.xml"
    say("core tests (pytest + hypothesis, no Odoo)")
    subprocess.run(
        [
            PY,
            "-m",
            "pytest",
            str(REPO / "tests"),
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
        ],
        cwd=REPO,
        check=False,
    )
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    if not report.is_file():
        counts["failed"] = 1
        return counts
    for suite in ET.parse(report).getroot().iter("testsuite"):
        total = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        counts["failed"] += failed
        counts["skipped"] += skipped
        counts["passed"] += total - failed - skipped
    return counts


LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL|WARNING) (\S+) (\S+): (.*)")
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
PROGRESS = re.compile(
    r"odoo\.modules\.loading: (\d+ modules loaded|Modules loaded)|"
    r"odoo\.service\.server: Starting post tests"
)
# OdooTestResult.addSkip logs "skipped <test> : <reason>" on the test module's logger.
SKIPPED = re.compile(r" INFO \S+ odoo\.addons\.\S+: skipped (.* : .*)")
# Noise that is not about our code: the dev server's own notices.
IGNORED_WARNINGS = (
    "odoo.tools.config",
    "odoo.service.server",
)


def run_odoo(args, log_path, echo=True):
    """Run an Odoo command, keep its whole log, echo the important lines."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=tempfile.gettempdir(),
        )
        for line in proc.stdout:
            log.write(line)
            if echo and (
                " ERROR " in line
                or " CRITICAL " in line
                or "FAIL:" in line
                or "when loading database" in line
                or "Traceback" in line
                or PROGRESS.search(line)
            ):
                print("    " + line.rstrip(), flush=True)
        return proc.wait()


def log_problems(log_path):
    problems = []
    for line in Path(log_path).read_text(errors="replace").splitlines():
        match = LOG_PROBLEM.match(line)
        if not match:
            continue
        level, _db, logger, _msg = match.groups()
        if level == "WARNING" and logger.startswith(IGNORED_WARNINGS):
            continue
        if level == "ERROR" and (logger.startswith("odoo.tests.result") or ".tests." in logger):
            continue  # a failing test: counted through the result line
        problems.append(line)
    return problems


def run_odoo_tests(odoo, workdir):
    """Run the Odoo suites; return (counts, database, whether the modules installed).
    The caller drops the database."""
    cmd, addons = odoo
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    db = f"preorder_test_{os.getpid()}"
    drop_database(cmd, db)
    tags = ",".join(f"/{name}" for name in ADDONS)
    log_path = workdir / "odoo-tests.log"
    say(f"Odoo suites: fresh database {db} with demo data, tests {tags}")
    args = odoo_base_args(cmd, addons, db) + [
        "-i",
        ",".join(ADDONS),
        "--with-demo",
        "--test-enable",
        "--test-tags",
        tags,
        "--stop-after-init",
        "--http-port",
        str(free_port()),
        "--workers",
        "0",
        "--log-level",
        "info",
    ]
    rc = run_odoo(args, log_path)
    text = log_path.read_text(errors="replace")
    result = RESULT.search(text)
    skipped = SKIPPED.findall(text)
    if result:
        failed, errors, total = (int(x) for x in result.groups())
        counts["failed"] += failed + errors
        counts["skipped"] += len(skipped)
        counts["passed"] += total - failed - errors - len(skipped)
    else:
        say("Odoo gave no test result line: the modules did not install")
        counts["failed"] += 1
    for reason in skipped:
        # A skipped tour usually means chromium or websocket-client is missing.
        say(f"skipped Odoo test counted as a failure: {reason}")
        counts["failed"] += 1
        counts["skipped"] -= 1
    problems = log_problems(log_path)
    if problems:
        say(f"{len(problems)} error/warning line(s) in the Odoo log count as one failure:")
        for line in problems[:40]:
            print("    " + line[:400])
        counts["failed"] += 1
    if rc and not counts["failed"]:
        say(f"Odoo exited with code {rc}")
        counts["failed"] += 1
    say(f"full Odoo log: {log_path}")
    return counts, db, bool(result)


def run_install_checks(odoo, workdir):
    """Install without demo data, then uninstall: both must be clean."""
    cmd, addons = odoo
    db = f"preorder_nodemo_{os.getpid()}"
    drop_database(cmd, db)
    failures = 0
    say(f"install check: fresh database {db} without demo data, then uninstall")
    base = odoo_base_args(cmd, addons, db)
    log_install = workdir / "odoo-install.log"
    rc = run_odoo(
        base
        + [
            "-i",
            ",".join(ADDONS),
            "--stop-after-init",
            "--http-port",
            str(free_port()),
            "--workers",
            "0",
        ],
        log_install,
        echo=False,
    )
    problems = log_problems(log_install)
    if rc or problems:
        failures += 1
        say(f"install without demo data is not clean (exit {rc}):")
        for line in problems[:40]:
            print("    " + line[:400])
    log_uninstall = workdir / "odoo-uninstall.log"
    with odoo_config_file(addons) as conf:
        rc = run_odoo(
            [*cmd, "module", "uninstall", "-c", conf, "-d", db, *ADDONS], log_uninstall, echo=False
        )
    problems = log_problems(log_uninstall)
    if rc or problems:
        failures += 1
        say(f"uninstall is not clean (exit {rc}):")
        for line in problems[:40]:
            print("    " + line[:400])
    drop_database(cmd, db)
    return {"passed": 2 - failures, "failed": failures, "skipped": 0}


@contextlib.contextmanager
def odoo_server(args, port, log_path):
    """Odoo started with `args` (its output in `log_path`), waited for on `port`:
    yields the process, or None when it stopped before listening. Stopped on exit."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, cwd=tempfile.gettempdir()
        )
    try:
        for _ in range(120):
            if server.poll() is not None or port_open("127.0.0.1", port):
                break
            time.sleep(1)
        yield server if server.poll() is None else None
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def run_contention_check(odoo, db, workdir):
    """Three sessions editing one pre-order against a server with two workers
    (scripts/preorder_contention.py): nothing lost, nothing duplicated, no visible
    failure. Needs a database with the demo data."""
    cmd, addons = odoo
    if cmd[1:] == ["-m", "odoo"]:
        # The multi-worker server re-runs sys.argv[0] for its websocket process,
        # which `python -m odoo` leaves unusable: start it from a script file.
        launcher = workdir / "odoo-server.py"
        launcher.write_text("from odoo.cli.command import main\n\nmain()\n")
        cmd = [cmd[0], str(launcher)]
    port = free_port()
    log_path = workdir / "odoo-contention.log"
    say(f"contention check: three sessions on one pre-order, Odoo with 2 workers on {db}")
    args = odoo_base_args(cmd, addons, db) + [
        "--http-port",
        str(port),
        "--gevent-port",
        str(free_port()),
        "--workers",
        "2",
        "--max-cron-threads",
        "0",
        "--db-filter",
        f"^{re.escape(db)}$",
        "--limit-time-real",
        "300",
        "--log-level",
        "warn",
        # Odoo's retries of a request that lost a race, counted below.
        "--log-handler",
        "odoo.service.model:INFO",
    ]
    with odoo_server(args, port, log_path) as server:
        if server is None:
            say(f"the server did not start, see {log_path}")
            return {"passed": 0, "failed": 1, "skipped": 0}
        # Imported here: it needs requests, an Odoo requirement.
        import preorder_contention

        try:
            passed, lines = preorder_contention.run(f"http://127.0.0.1:{port}", db)
        except Exception as error:  # noqa: BLE001 (reported as a failed check)
            passed, lines = False, [f"the check could not run: {error!r}"]
    retried = log_path.read_text(errors="replace").count("tries left, try again")
    lines.append(f"requests Odoo retried after a lost race (server side, invisible): {retried}")
    for line in lines:
        say(f"  {line}")
    say(f"contention check {'passed' if passed else 'FAILED'} (server log: {log_path})")
    return {"passed": int(passed), "failed": int(not passed), "skipped": 0}


def command_contention(options):
    odoo, reason = find_odoo()
    if odoo is None or not ensure_postgres():
        say(f"cannot run the contention check: {reason or 'PostgreSQL unreachable'}")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="preorder-contention-"))
    counts = run_contention_check(odoo, options.database, workdir)
    return 1 if counts["failed"] else 0


# Odoo's own suites that our overrides touch: they must still pass with our addons.
ODOO_SUITES = ["sale", "sale_stock", "purchase", "purchase_stock", "sale_purchase", "website_sale"]
FULL_REGISTRY_LAUNCHER = """
# Run Odoo with its at_install tests among the post-install ones: with every module
# loaded, as on a database that has our addons installed, not while modules load.
from odoo.tests import loader

make_suite = loader.make_suite


def make_suite_full_registry(module_names, position="at_install"):
    if position == "at_install":
        # Asked while the modules load, with part of the registry: run them later.
        return loader.OdooSuite([])
    at_install = make_suite(module_names, "at_install")
    post_install = make_suite(module_names, "post_install")
    return loader.OdooSuite([*at_install, *post_install])


loader.make_suite = make_suite_full_registry

from odoo.cli.command import main  # noqa: E402

main()
"""


def command_odoo_suites(options):
    """Odoo's own suites (sale, purchase, website_sale, ...) on a database with our
    addons, in the full registry. Long (tens of minutes): not part of `test`."""
    odoo, reason = find_odoo()
    if odoo is None or not ensure_postgres():
        say(f"cannot run Odoo's suites: {reason or 'PostgreSQL unreachable'}")
        return 2
    ensure_addon_dependencies(python=odoo[0][0])
    ensure_test_packages()
    ensure_chromium()
    cmd, addons = odoo
    workdir = Path(tempfile.mkdtemp(prefix="preorder-odoo-suites-"))
    modules = options.modules.split(",") if options.modules else ODOO_SUITES
    ours = [] if options.without_ours else ADDONS
    tags = options.tags or ",".join(f"/{m}" for m in modules)
    db = f"preorder_odoo_suites_{os.getpid()}"
    drop_database(cmd, db)
    say(f"installing {', '.join([*ours, *modules])} on {db} (demo data)")
    rc = run_odoo(
        odoo_base_args(cmd, addons, db)
        + ["-i", ",".join([*ours, *modules]), "--with-demo", "--stop-after-init"]
        + ["--workers", "0", "--http-port", str(free_port()), "--log-level", "warn"],
        workdir / "install.log",
    )
    if rc:
        say(f"the install failed, see {workdir / 'install.log'}")
        return rc
    launcher = workdir / "odoo-full-registry.py"
    launcher.write_text(FULL_REGISTRY_LAUNCHER)
    log_path = workdir / "odoo-suites.log"
    say(f"running the tests {tags} in the full registry (log: {log_path})")
    run_odoo(
        [PY, str(launcher), *odoo_base_args([], addons, db)]
        + ["--test-enable", "--test-tags", tags]
        + ["--stop-after-init", "--workers", "0", "--http-port", str(free_port())],
        log_path,
    )
    text = log_path.read_text(errors="replace")
    match = re.search(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text)
    drop_database(cmd, db)
    if not match:
        say("Odoo gave no test result line")
        return 1
    failed, errors, total = (int(x) for x in match.groups())
    print(f"{total - failed - errors} passed, {failed + errors} failed")
    return 1 if failed or errors else 0


def run_screenshot_check(odoo, db, workdir):
    """The user guides' screenshots, taken again on the test database (demo data):
    each page must show the demo data its picture shows."""
    say(f"screenshots of the user guides on {db}")
    problems = take_screenshots(odoo, db, workdir / "screenshots", workdir / "odoo-screenshots.log")
    for problem in problems:
        say(f"screenshot failed: {problem}")
    return {"passed": int(not problems), "failed": int(bool(problems)), "skipped": 0}


def odoo_source_root(odoo):
    """The source tree of the Odoo found (holding ``requirements.txt``)."""
    cmd, _addons = odoo
    if cmd[-1].endswith("odoo-bin"):
        return Path(cmd[-1]).parent
    for path in odoo_package_paths(cmd[0]):
        if (path.parent / "requirements.txt").is_file():
            return path.parent
    return None


def run_demo_download_check(odoo, workdir):
    """The demo of a user without Odoo: ``./scripts/demo --download --no-serve`` with
    ``ODOO_SOURCE`` at an archive of the Odoo found here (built now, in the work
    folder), into an empty ``.odoo`` home: unpack, virtual environment, requirements,
    demo database with every addon installed."""
    root = odoo_source_root(odoo)
    if root is None:
        say("demo-from-an-archive check: no Odoo source tree found to archive")
        return {"passed": 0, "failed": 1, "skipped": 0}
    archive = workdir / "odoo-19-source.tar"
    home = workdir / "odoo-home"
    db = f"preorder_demo_download_{os.getpid()}"
    say(f"demo from an archive: ODOO_SOURCE={archive} (of {root}), database {db}")
    subprocess.run(
        [
            "tar",
            "-cf",
            str(archive),
            "--exclude=__pycache__",
            "--exclude=*.pyc",
            "-C",
            str(root.parent),
            root.name,
        ],
        check=True,
    )
    log_path = workdir / "demo-download.log"
    env = dict(os.environ, ODOO_SOURCE=str(archive), PREORDER_ODOO_HOME=str(home))
    with open(log_path, "w") as log:
        rc = subprocess.run(
            [str(REPO / "scripts" / "demo"), "--download", "--no-serve", "--database", db],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        ).returncode
    own = odoo_source.installed(home)
    modules = psql_values(
        db, "SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'preorder%'"
    )
    ok = rc == 0 and own is not None and sorted(modules) == sorted(ADDONS)
    if own:
        drop_database(own[0], db)
    archive.unlink(missing_ok=True)
    shutil.rmtree(home, ignore_errors=True)
    if not ok:
        say(f"demo from an archive failed (exit {rc}, installed {modules}); log: {log_path}")
        print(log_path.read_text()[-3000:])
    return {"passed": int(ok), "failed": int(not ok), "skipped": 0}


def command_test(options):
    workdir = Path(tempfile.mkdtemp(prefix="preorder-tests-"))
    ensure_test_packages()
    total = {"passed": 0, "failed": 0, "skipped": 0}
    core = run_core_tests(workdir)
    odoo_counts = {"passed": 0, "failed": 0, "skipped": 0}
    odoo, reason = find_odoo()
    odoo_note = ""
    if odoo is None:
        odoo_note = (
            f"Odoo suites skipped: {reason} (Odoo 19 is required: set ODOO_PATH "
            "to an Odoo 19 source tree, or pip install one)"
        )
        say(odoo_note)
    elif not ensure_postgres():
        odoo_counts["failed"] += 1
        odoo_note = "Odoo suites not run: PostgreSQL unreachable"
    else:
        ensure_addon_dependencies(python=odoo[0][0])
        if not ensure_chromium():
            say("chromium is missing: the tours will be reported as failures")
        odoo_counts, db, installed = run_odoo_tests(odoo, workdir)
        if installed:
            for check in (run_contention_check, run_screenshot_check):
                checks = check(odoo, db, workdir)
                for key in odoo_counts:
                    odoo_counts[key] += checks[key]
        if not options.keep_db:
            drop_database(odoo[0], db)
        if not options.skip_install_check:
            for check in (run_install_checks, run_demo_download_check):
                checks = check(odoo, workdir)
                for key in odoo_counts:
                    odoo_counts[key] += checks[key]
    for part in (core, odoo_counts):
        for key in total:
            total[key] += part[key]
    (workdir / "summary.json").write_text(
        json.dumps({"core": core, "odoo": odoo_counts, "total": total, "note": odoo_note}, indent=2)
    )
    print()
    say(
        f"core: {core['passed']} passed, {core['failed']} failed, {core['skipped']} skipped; "
        f"odoo: {odoo_counts['passed']} passed, {odoo_counts['failed']} failed, "
        f"{odoo_counts['skipped']} skipped" + (f" ({odoo_note})" if odoo_note else "")
    )
    print(f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 1 if total["failed"] else 0


# ----------------------------------------------------------------------------
# Demo
# ----------------------------------------------------------------------------
def psql_values(db, sql):
    """The values `sql` answers in `db`, one per line (none when it cannot run)."""
    probe = subprocess.run(
        ["psql", "-h", DB_HOST, "-p", DB_PORT, "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.split()


def database_exists(db):
    return psql_values("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == ["1"]


def consent(question, chosen, options):
    """Download Odoo? Yes when asked for (--download, ODOO_SOURCE set), else the
    user's answer at a terminal; no answer, no download."""
    if options.download or chosen:
        return True
    if not sys.stdin.isatty():
        return False
    answer = input(f"[preorder] {question} [Y/n] ").strip().lower()
    return answer in ("", "y", "yes")


def ensure_demo_database(base, db):
    """Create the demo database `db` (every addon, demo data) unless it exists."""
    if database_exists(db):
        return 0
    say(f"creating demo database {db} (takes a few minutes)")
    rc = subprocess.run(
        base
        + [
            "-i",
            ",".join(ADDONS),
            "--with-demo",
            "--stop-after-init",
            "--workers",
            "0",
            "--log-level",
            "warn",
        ],
        cwd=tempfile.gettempdir(),
        check=False,
    ).returncode
    if rc:
        say("the demo database could not be created")
    return rc


def command_demo(options):
    odoo, reason = (None, "") if options.download else find_odoo()
    if odoo is None:
        if reason:
            say(f"no Odoo 19 here: {reason}.")
        odoo, help_text = odoo_source.ensure(
            REPO, say, lambda question, chosen: consent(question, chosen, options)
        )
        if odoo is None:
            print(help_text, flush=True)
            return 2
    if not ensure_postgres():
        return 2
    cmd, addons = odoo
    ensure_addon_dependencies(python=cmd[0])
    db = options.database
    if options.reset:
        drop_database(cmd, db)
    base = odoo_base_args(cmd, addons, db)
    rc = ensure_demo_database(base, db)
    if rc:
        return rc
    if options.no_serve:
        say(f"demo database {db} is ready (--no-serve: Odoo not started)")
        return 0
    url = f"http://127.0.0.1:{options.port}"
    print()
    say(f"Odoo 19 with the pre-order addons on database {db}: {url}")
    say(
        f"  backoffice: {url}/odoo/preorder-campaigns   website: {url}/preorder  "
        f"outlet: {url}/outlet"
    )
    for label, login, password in DEMO_LOGINS:
        say(f"  {label:34} login: {login:15} password: {password}")
    say("press Ctrl+C to stop")
    print(flush=True)
    return subprocess.run(
        base + ["--http-port", str(options.port), "--workers", "0", "--log-level", "warn"],
        cwd=tempfile.gettempdir(),
        check=False,
    ).returncode


# ----------------------------------------------------------------------------
# Translations
# ----------------------------------------------------------------------------
LANGUAGES = ("nl", "fr")


def command_i18n(options):
    """Export each addon's .pot from a fresh database and merge it into the
    shipped .po files, keeping existing translations."""
    import polib  # an Odoo requirement, only needed here

    odoo, reason = find_odoo()
    if odoo is None or not ensure_postgres():
        say(f"cannot export translations: {reason or 'PostgreSQL unreachable'}")
        return 2
    ensure_addon_dependencies(python=odoo[0][0])
    cmd, addons = odoo
    db = f"preorder_i18n_{os.getpid()}"
    drop_database(cmd, db)
    base = odoo_base_args(cmd, addons, db)
    subprocess.run(
        base
        + ["-i", ",".join(ADDONS), "--stop-after-init", "--workers", "0", "--log-level", "warn"],
        cwd=tempfile.gettempdir(),
        check=True,
    )
    with odoo_config_file(addons) as conf:
        subprocess.run(
            [*cmd, "i18n", "export", "-c", conf, "-d", db, *ADDONS],
            cwd=tempfile.gettempdir(),
            check=True,
        )
    drop_database(cmd, db)
    for addon in ADDONS:
        pot = polib.pofile(str(REPO / addon / "i18n" / f"{addon}.pot"))
        for lang in LANGUAGES:
            path = REPO / addon / "i18n" / f"{lang}.po"
            po = polib.pofile(str(path)) if path.exists() else polib.POFile()
            po.metadata = {
                **pot.metadata,
                "Language": lang,
                **{k: v for k, v in po.metadata.items() if k == "Plural-Forms"},
            }
            po.merge(pot)
            po.save(str(path))
            say(
                f"{addon}/i18n/{lang}.po: {po.percent_translated()}% translated, "
                f"{len(po.untranslated_entries())} untranslated, "
                f"{len(po.fuzzy_entries())} fuzzy"
            )
    return 0


# ----------------------------------------------------------------------------
# Generated documentation
# ----------------------------------------------------------------------------
def take_screenshots(odoo, db, out_dir, log_path):
    """Serve the demo database `db` on a free port (its log in `log_path`) and take
    the guides' shots into `out_dir`. Returns the problems (a page that never showed
    its demo data)."""
    cmd, addons = odoo
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return ["chromium is missing"]
    port = free_port()
    args = odoo_base_args(cmd, addons, db) + [
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--log-level",
        "warn",
        "--db-filter",
        f"^{re.escape(db)}$",
    ]
    with odoo_server(args, port, log_path) as server:
        if server is None:
            return [f"the server did not start, see {log_path}"]
        return screenshots.take(
            screenshots.SHOTS, f"http://127.0.0.1:{port}", db, chromium, out_dir, say
        )


def command_screenshots(options):
    """The user guides' screenshots, from the demo database (created if missing),
    written under each addon's static/description/."""
    odoo, reason = find_odoo()
    if odoo is None or not ensure_postgres():
        say(f"cannot take the screenshots: {reason or 'PostgreSQL unreachable'}")
        return 2
    cmd, addons = odoo
    ensure_addon_dependencies(python=cmd[0])
    ensure_test_packages()  # websocket-client drives Chromium
    rc = ensure_demo_database(odoo_base_args(cmd, addons, options.database), options.database)
    if rc:
        return rc
    log_path = Path(tempfile.mkdtemp(prefix="preorder-screenshots-")) / "odoo.log"
    problems = take_screenshots(odoo, options.database, Path(options.out or REPO), log_path)
    for problem in problems:
        say(f"screenshot failed: {problem}")
    return 1 if problems else 0


def command_readme(options):
    """Write each addon's README.rst and static/description/index.html from its
    readme/ fragments, or with --check only say which are stale (exit 1)."""
    addon_dirs = [REPO / addon for addon in ADDONS]
    if options.check:
        stale = addon_readme.stale(addon_dirs)
        for path in stale:
            say(f"stale: {path.relative_to(REPO)} (run: python3 scripts/preorder_dev.py readme)")
        return 1 if stale else 0
    for path in addon_readme.write(addon_dirs):
        say(f"wrote {path.relative_to(REPO)}")
    return 0


def main():
    ensure_project_python()
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    test = sub.add_parser("test", help="run the core tests and the Odoo suites")
    test.add_argument("--keep-db", action="store_true", help="keep the test database")
    test.add_argument(
        "--skip-install-check",
        action="store_true",
        help="skip the install-without-demo, uninstall and demo-from-an-archive checks",
    )
    demo = sub.add_parser("demo", help="start Odoo with the addons on a demo database")
    demo.add_argument("--database", default="preorder_demo")
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--reset", action="store_true", help="drop and rebuild the database")
    demo.add_argument(
        "--download",
        action="store_true",
        help="use the project's own Odoo in .odoo/, fetched from ODOO_SOURCE (default: "
        "Odoo's official nightly source archive) when not there yet",
    )
    demo.add_argument(
        "--no-serve", action="store_true", help="create the demo database, do not start Odoo"
    )
    sub.add_parser("i18n", help="export the .pot files and merge them into the nl/fr .po files")
    readme = sub.add_parser(
        "readme", help="generate each addon's README.rst and index.html from readme/"
    )
    readme.add_argument("--check", action="store_true", help="only report stale files")
    shots = sub.add_parser(
        "screenshots", help="the user guides' screenshots from the demo database"
    )
    shots.add_argument("--database", default="preorder_demo")
    shots.add_argument("--out", help="write under this folder instead of the repository")
    suites = sub.add_parser(
        "odoo-suites", help="Odoo's own sale/purchase/website_sale suites with our addons"
    )
    suites.add_argument(
        "--without-ours",
        action="store_true",
        help="the same without our addons: the baseline a failure is compared with",
    )
    suites.add_argument("--tags", help="Odoo test tags to run instead of the modules' suites")
    suites.add_argument(
        "--modules", help="comma-separated modules (default: " + ",".join(ODOO_SUITES) + ")"
    )
    contention = sub.add_parser(
        "contention", help="three sessions edit one pre-order on a server with 2 workers"
    )
    contention.add_argument("--database", required=True, help="a database with the demo data")
    options = parser.parse_args()
    commands = {
        "test": command_test,
        "demo": command_demo,
        "i18n": command_i18n,
        "readme": command_readme,
        "screenshots": command_screenshots,
        "contention": command_contention,
        "odoo-suites": command_odoo_suites,
    }
    return commands[options.command](options)


if __name__ == "__main__":
    sys.exit(main())
