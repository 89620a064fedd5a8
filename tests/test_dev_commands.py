"""The developer commands pick a Python that may install the test requirements:
on Debian's externally managed python3 (PEP 668) they run again in the project's
own virtual environment instead of failing on `pip install`."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "preorder_dev.py"


@pytest.fixture
def dev(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("preorder_dev_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    calls = {"execv": [], "run": []}

    def fake_execv(path, args):
        calls["execv"].append((path, args))
        raise SystemExit(0)  # execv never returns

    def fake_run(args, **kwargs):
        calls["run"].append(args)
        python = tmp_path / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.touch()
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(module.os, "execv", fake_execv)
    monkeypatch.setattr(module.subprocess, "run", fake_run)
    module.calls = calls
    return module


def _python(dev, *, managed, venv):
    dev.is_externally_managed = lambda: managed
    dev.in_virtualenv = lambda: venv


def test_a_pip_friendly_python_is_kept(dev):
    _python(dev, managed=False, venv=False)
    dev.ensure_project_python(["preorder_dev.py", "test"])
    _python(dev, managed=True, venv=True)  # an active virtualenv on Debian
    dev.ensure_project_python(["preorder_dev.py", "test"])
    assert dev.calls == {"execv": [], "run": []}


def test_debian_python_creates_the_project_venv_then_runs_in_it(dev):
    _python(dev, managed=True, venv=False)
    with pytest.raises(SystemExit):
        dev.ensure_project_python(["scripts/preorder_dev.py", "test", "--keep-db"])
    [create] = dev.calls["run"]
    assert create == [sys.executable, "-m", "venv", "--system-site-packages", str(dev.VENV)]
    python = str(dev.VENV / "bin" / "python")
    assert dev.calls["execv"] == [
        (python, [python, "scripts/preorder_dev.py", "test", "--keep-db"])
    ]


def test_the_project_venv_is_reused(dev):
    _python(dev, managed=True, venv=False)
    (dev.VENV / "bin").mkdir(parents=True)
    (dev.VENV / "bin" / "python").touch()
    with pytest.raises(SystemExit):
        dev.ensure_project_python(["scripts/preorder_dev.py", "demo"])
    assert dev.calls["run"] == []
    assert len(dev.calls["execv"]) == 1


def test_without_python3_venv_it_says_what_to_install(dev, monkeypatch, capsys):
    _python(dev, managed=True, venv=False)
    monkeypatch.setattr(
        dev.subprocess, "run", lambda args, **kw: subprocess.CompletedProcess(args, 1)
    )
    with pytest.raises(SystemExit) as exit_info:
        dev.ensure_project_python(["scripts/preorder_dev.py", "test"])
    assert exit_info.value.code == 2
    assert "python3-venv" in capsys.readouterr().out
    assert dev.calls["execv"] == []
