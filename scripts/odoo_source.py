"""The project's own Odoo 19 Community, for users who have none: fetched from
``ODOO_SOURCE`` into ``PREORDER_ODOO_HOME`` (default ``.odoo/``, git-ignored), with a
virtual environment holding its requirements.

``ODOO_SOURCE`` is Odoo's official nightly source archive by default; it also takes
the official git repository (a shallow clone of branch 19.0), any archive URL, a local
archive (``.tar.gz``, ``.tgz``, ``.tar``, ``.zip``) or a local Odoo source folder.
Standard library only: the demo runs it before anything is installed.
"""

import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
import venv
import zipfile
from pathlib import Path

OFFICIAL_ARCHIVE = "https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz"
OFFICIAL_GIT = "https://github.com/odoo/odoo.git"
BRANCH = "19.0"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")


class SourceError(Exception):
    """The source could not be read: the message says why, for the user."""


def default_home(repo):
    return Path(os.environ.get("PREORDER_ODOO_HOME") or repo / ".odoo").expanduser().resolve()


def configured_source():
    """``(source, chosen)``: ``ODOO_SOURCE`` when set (the user chose it), else the
    official nightly archive."""
    source = os.environ.get("ODOO_SOURCE", "").strip()
    return (source, True) if source else (OFFICIAL_ARCHIVE, False)


def source_kind(source):
    """'git', 'url' (an archive to download), 'archive' or 'folder' (local)."""
    if re.match(r"^(https?|git|ssh)://", source) or source.startswith("git@"):
        if source.endswith(".git") or source.startswith(("git@", "git://", "ssh://")):
            return "git"
        return "url"
    path = Path(source).expanduser()
    if path.is_dir():
        return "folder"
    if path.is_file() and source.lower().endswith(ARCHIVE_SUFFIXES):
        return "archive"
    raise SourceError(
        f"ODOO_SOURCE={source} is neither a URL, an archive ({', '.join(ARCHIVE_SUFFIXES)}) "
        "nor a folder"
    )


def find_source_root(folder):
    """The folder holding the ``odoo`` package (``odoo/release.py``) of Odoo 19: the
    folder itself or one level below it (archives hold one top folder)."""
    folder = Path(folder)
    for candidate in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        release = candidate / "odoo" / "release.py"
        if release.is_file():
            match = re.search(r"version_info\s*=\s*\((\d+)", release.read_text())
            if not match or match.group(1) != "19":
                found = match.group(1) if match else "an unknown version"
                raise SourceError(f"{folder} holds Odoo {found}, Odoo 19 is required")
            return candidate
    raise SourceError(f"no Odoo source (odoo/release.py) in {folder}")


def addons_paths(root):
    """Odoo's addons folders: ``addons/`` of a git tree; a source archive keeps them
    inside ``odoo/addons``, which Odoo always reads."""
    addons = root / "addons"
    return [addons] if (addons / "web" / "__manifest__.py").is_file() else []


def _extract(archive, target):
    name = str(archive).lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(target)
    else:
        with tarfile.open(archive) as tarred:
            # the "data" filter (no absolute paths, no links out of the target) where
            # this Python has it (3.11.4 and later)
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tarred.extractall(target, **safe)


def _download(url, target, say):
    say(f"downloading {url}")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out, length=1 << 20)
    except OSError as error:
        raise SourceError(f"{url} could not be downloaded ({error})") from error


def fetch(source, home, say):
    """Bring the Odoo source of `source` into ``home/src`` (replacing what was there)
    and return its root."""
    kind = source_kind(source)
    src = home / "src"
    staging = Path(tempfile.mkdtemp(prefix="odoo-src-", dir=home))
    try:
        if kind == "git":
            say(f"cloning {source} (branch {BRANCH}, depth 1)")
            result = subprocess.run(
                [
                    "git",
                    "clone",
                    "-q",
                    "--depth",
                    "1",
                    "--branch",
                    BRANCH,
                    source,
                    str(staging / "odoo"),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise SourceError(f"{source} could not be cloned: {result.stderr.strip()[-500:]}")
        elif kind == "folder":
            say(f"copying the Odoo source of {source}")
            root = find_source_root(Path(source).expanduser())
            shutil.copytree(root, staging / "odoo", symlinks=True)
        else:
            archive = Path(source).expanduser()
            if kind == "url":
                archive = staging / "odoo-archive"
                _download(source, archive, say)
            say(f"unpacking {source}")
            try:
                _extract(archive, staging / "odoo")
            except (OSError, tarfile.TarError, zipfile.BadZipFile) as error:
                raise SourceError(f"{source} is not a readable archive ({error})") from error
        root = find_source_root(staging / "odoo")
        if src.exists():
            shutil.rmtree(src)
        root.rename(src)
        return src
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def venv_python(home):
    return home / "venv" / "bin" / "python"


def create_venv(home, root, say):
    """A virtual environment for Odoo, seeing the system's packages (a compiled
    package already there is not built again), with the source on its path."""
    python = venv_python(home)
    if not python.is_file():
        say(f"creating the virtual environment {home / 'venv'}")
        venv.EnvBuilder(with_pip=True, system_site_packages=True).create(home / "venv")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "preorder-odoo-source.pth").write_text(f"{root}\n")
    return python


def relaxed(requirement):
    """``pkg==1.2 ; marker`` -> ``pkg>=1.2 ; marker``: a newer release of a pin that
    has no build for this Python."""
    return re.sub(r"==", ">=", requirement, count=1)


def install_requirements(python, root, say):
    """Odoo's ``requirements.txt`` in the environment. All at once first; if pip
    refuses, line by line, a pin without a build here relaxed to a newer release.
    Returns the requirements that could not be installed."""
    requirements = root / "requirements.txt"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    say("installing Odoo's requirements (a few minutes the first time)")
    if (
        subprocess.run([*pip, "-r", str(requirements)], capture_output=True, check=False).returncode
        == 0
    ):
        return []
    failed = []
    for line in requirements.read_text().splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        for attempt in (requirement, relaxed(requirement)):
            with tempfile.NamedTemporaryFile("w", suffix=".txt") as one:
                one.write(attempt + "\n")
                one.flush()
                result = subprocess.run([*pip, "-r", one.name], capture_output=True, check=False)
            if result.returncode == 0:
                if attempt != requirement:
                    say(f"  {requirement}: no build here, installed {attempt}")
                break
        else:
            failed.append(requirement)
    for requirement in failed:
        say(f"  could not install {requirement}")
    return failed


def odoo_version(python, source=None):
    """The major version of the Odoo `python` imports (from the `source` tree when
    given), or None when it imports none."""
    probe = subprocess.run(
        [
            str(python),
            "-c",
            (
                "import sys; sys.path[:0] = sys.argv[1:]; "
                "from odoo.release import version_info as v; print(v[0])"
            ),
            *([str(source)] if source else []),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def installed(home):
    """``(command, addons paths)`` of the project's own Odoo when it is there."""
    python = venv_python(home)
    root = home / "src"
    if (
        python.is_file()
        and (root / "odoo" / "release.py").is_file()
        and odoo_version(python) == "19"
    ):
        return [str(python), "-m", "odoo"], addons_paths(root)
    return None


def help_without_odoo(source, reason):
    """What to do, exactly, when no Odoo 19 is there and none could be fetched."""
    return "\n".join(
        [
            f"No Odoo 19 was found, and {reason}.",
            "Any of these gets the demo going:",
            "  1. on a machine with internet access: ./scripts/demo, which downloads",
            f"     {OFFICIAL_ARCHIVE}",
            "  2. download that archive elsewhere, copy it here, then:",
            "       ODOO_SOURCE=/path/to/odoo_19.0.latest.tar.gz ./scripts/demo --download",
            f"     (or a clone of {OFFICIAL_GIT}, branch {BRANCH}: ODOO_SOURCE=/path/to/odoo)",
            "  3. point ODOO_PATH to an Odoo 19 source tree whose requirements are installed",
            "  4. with Docker: docker compose up (see the README)",
        ]
    )


def ensure(repo, say, ask):
    """The project's own Odoo: reused when there, else fetched from ``ODOO_SOURCE``
    when `ask(question)` agrees. Returns ``(odoo, None)`` or ``(None, help text)``."""
    home = default_home(repo)
    found = installed(home)
    if found:
        return found, None
    source, chosen = configured_source()
    if not ask(
        f"Download Odoo {BRANCH} Community from {source} into {home} and install its "
        "requirements in a virtual environment there?",
        chosen,
    ):
        return None, help_without_odoo(source, "downloading it was declined")
    home.mkdir(parents=True, exist_ok=True)
    try:
        root = fetch(source, home, say)
    except SourceError as error:
        return None, help_without_odoo(source, str(error))
    python = create_venv(home, root, say)
    install_requirements(python, root, say)
    found = installed(home)
    if not found:
        return None, help_without_odoo(
            source, f"Odoo does not start from {home} (see pip's messages)"
        )
    return found, None
