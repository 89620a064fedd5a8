"""The demo in containers (docker-compose.yml, docker/): Odoo's official image and
PostgreSQL, the addons mounted, the demo database created on the first start only."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
START = REPO / "docker" / "preorder-demo-start"


def test_compose_runs_odoo_19_community_with_the_addons_mounted():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    odoo, db = compose["services"]["odoo"], compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    dockerfile = (REPO / odoo["build"] / "Dockerfile").read_text()
    assert "FROM odoo:19\n" in dockerfile, "Odoo's official image"
    assert "odoo-addon-product-brand" in dockerfile, "the OCA dependency"
    assert ".:/mnt/preorder:ro" in odoo["volumes"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    assert odoo["command"] == ["preorder-demo-start"]


def test_compose_file_validates():
    """`docker compose config` (or docker-compose) accepts it, where installed."""
    if shutil.which("docker-compose"):
        cmd = ["docker-compose", "config", "-q"]
    elif (
        shutil.which("docker")
        and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        cmd = ["docker", "compose", "config", "-q"]
    else:
        cmd = None
    if cmd:
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    # without a compose tool, the YAML and its references must still hold together
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    named = set(compose["volumes"])
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith(".") or source in named, volume


@pytest.fixture
def container(tmp_path):
    """The start script with stand-ins for the image's commands: they log their
    arguments; `psql` answers whether the demo database exists."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("odoo", "wait-for-psql.py"):
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n')
    (bin_dir / "psql").write_text('#!/bin/sh\n[ -f "$DB_EXISTS" ] && echo 1\nexit 0\n')
    for path in bin_dir.iterdir():
        path.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DB_EXISTS": str(tmp_path / "db_exists"),
        "HOST": "db",
        "USER": "odoo",
        "PASSWORD": "odoo",
    }

    def start():
        log.unlink(missing_ok=True)
        subprocess.run(["bash", str(START)], env=env, check=True, capture_output=True)
        return log.read_text().splitlines()

    start.db_exists = tmp_path / "db_exists"
    return start


def test_first_start_creates_the_demo_database_then_serves_it(container):
    calls = container()
    assert calls[0].startswith("wait-for-psql.py --db_host db")
    install, serve = calls[1], calls[2]
    assert "-d preorder_demo -i preorder_campaign,preorder_website" in install
    assert "--with-demo --stop-after-init" in install
    assert "/mnt/preorder,/opt/oca/odoo/addons" in install
    assert "--stop-after-init" not in serve and "-i " not in serve
    assert "--db-filter ^preorder_demo$" in serve


def test_later_starts_only_serve(container):
    container.db_exists.touch()
    calls = container()
    assert len(calls) == 2
    assert "-i " not in calls[1] and "-d preorder_demo" in calls[1]
