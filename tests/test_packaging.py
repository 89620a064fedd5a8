"""Packaged like OCA addons: each addon builds a wheel `odoo-addon-<name>` with
whool, its manifest's dependencies exist, and its README.rst and description page
are the ones its readme/ fragments generate."""

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from manifestoo_core.core_addons import is_core_ce_addon
from manifestoo_core.odoo_series import OdooSeries

REPO = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in REPO.glob("preorder_*/__manifest__.py"))
spec = importlib.util.spec_from_file_location(
    "addon_readme_under_test", REPO / "scripts" / "addon_readme.py"
)
addon_readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(addon_readme)


def test_every_addon_is_packaged():
    assert len(ADDONS) == 5
    for addon in ADDONS:
        assert "whool.buildapi" in (REPO / addon / "pyproject.toml").read_text(), addon


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_builds(addon, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO / addon),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith(f"odoo_addon_{addon}-19.0.")
    with zipfile.ZipFile(wheel) as zipped:
        names = zipped.namelist()
        metadata = next(zipped.read(n).decode() for n in names if n.endswith("METADATA"))
    assert f"odoo/addons/{addon}/__manifest__.py" in names
    assert "Requires-Dist: odoo==19.0.*" in metadata
    assert "This file is generated" in metadata, "the README as long description"


def _found_elsewhere(name):
    """An addon not on the addons path that is still there when installed: Odoo
    Community's own (by manifestoo's list: without an importable Odoo it cannot find
    them on a path) or an OCA one named in requirements.txt."""
    requirements = (REPO / "requirements.txt").read_text().replace("_", "-")
    return (
        is_core_ce_addon(name, OdooSeries("19.0"))
        or f"odoo-addon-{name.replace('_', '-')}" in requirements
    )


def test_manifest_dependencies_exist_and_state_their_status():
    manifestoo = shutil.which("manifestoo") or str(Path(sys.executable).parent / "manifestoo")
    common = [manifestoo, "-d", str(REPO), "--odoo-series", "19.0"]
    missing = subprocess.run(
        [*common, "list-missing"], capture_output=True, text=True, check=True
    ).stdout.split()
    unknown = [name for name in missing if not _found_elsewhere(name)]
    assert unknown == [], "dependencies that are neither Odoo Community's, ours nor required"
    status = subprocess.run(
        [*common, "check-dev-status"], capture_output=True, text=True, check=False
    )
    problems = [
        line
        for line in (status.stdout + status.stderr).splitlines()
        if line.strip()
        and "could not obtain odoo.addons.__path__" not in line
        and not (line.endswith(" not found") and _found_elsewhere(line.split()[0]))
    ]
    assert problems == [], status.stdout + status.stderr


def test_generated_readmes_are_up_to_date():
    stale = addon_readme.stale([REPO / addon for addon in ADDONS])
    assert not stale, (
        f"stale: {[str(p.relative_to(REPO)) for p in stale]}; "
        "run python3 scripts/preorder_dev.py readme"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_is_valid_restructuredtext(addon):
    assert addon_readme.rst_problems(addon_readme.generate_rst(REPO / addon)) == ""


def test_markdown_subset_becomes_restructuredtext():
    rst = addon_readme.markdown_to_rst(
        "## Rules\n\n"
        "Raises `UserError`s, see `a\nb`.\n\n"
        "- one\n  - nested\n- two\n\n"
        "| who | what |\n|---|---|\n| rep | `grid` |\n",
        1,
    )
    assert "Rules\n-----\n" in rst
    assert "``UserError``\\ s" in rst and "``a\nb``" in rst
    assert "- one\n\n  - nested\n\n- two" in rst
    table = ".. list-table::\n   :header-rows: 1\n\n   * - who\n     - what\n"
    assert table + "   * - rep\n     - ``grid``" in rst
    assert addon_readme.rst_problems(rst) == ""
