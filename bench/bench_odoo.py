"""What bench/replica and bench/load share: installing a demo database, running
Odoo with several workers on 127.0.0.1, stopping it, the commit measured."""

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import preorder_dev  # from scripts/, which the callers put on sys.path

REPO = Path(__file__).resolve().parent.parent


def git_commit():
    result = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def install_database(cmd, addons, db, modules, install_log):
    """A fresh `db` with `modules` and their demo data; RuntimeError when it fails."""
    preorder_dev.drop_database(cmd, db)
    args = preorder_dev.odoo_base_args(cmd, addons, db) + [
        "-i", ",".join(modules), "--with-demo", "--stop-after-init", "--workers", "0",
        "--max-cron-threads", "0", "--http-port", str(preorder_dev.free_port()),
    ]  # fmt: skip
    with open(install_log, "w") as log:
        result = subprocess.run(
            args, stdout=log, stderr=subprocess.STDOUT, cwd=tempfile.gettempdir(), check=False
        )
    if result.returncode:
        raise RuntimeError(f"the install failed, see {install_log}")


def start_odoo(
    cmd, addons, db, port, workers, workdir, log_path, extra=(), limit_time_real=300, env=None
):
    """Odoo with `workers` prefork workers on 127.0.0.1:`port`, no cron, its log
    (INFO: one line per request) in `log_path`; returns the process once it listens.
    `env`: environment variables to add."""
    if cmd[1:] == ["-m", "odoo"]:
        # The multi-worker server re-runs sys.argv[0] for its websocket process,
        # which `python -m odoo` leaves unusable: start it from a script file.
        launcher = Path(workdir) / "odoo-server.py"
        launcher.write_text("from odoo.cli.command import main\n\nmain()\n")
        cmd = [cmd[0], str(launcher)]
    args = preorder_dev.odoo_base_args(cmd, addons, db) + [
        *extra,
        "--workers", str(workers), "--max-cron-threads", "0",
        "--http-port", str(port), "--gevent-port", str(preorder_dev.free_port()),
        "--db-filter", f"^{re.escape(db)}$", "--limit-time-real", str(limit_time_real),
        "--log-level", "info",
    ]  # fmt: skip
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tempfile.gettempdir(),
            env={**os.environ, **(env or {})},
        )
    for _ in range(120):
        if server.poll() is not None or preorder_dev.port_open("127.0.0.1", port):
            break
        time.sleep(1)
    if server.poll() is not None:
        raise RuntimeError(f"Odoo did not start, see {log_path}")
    return server


def stop_odoo(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
