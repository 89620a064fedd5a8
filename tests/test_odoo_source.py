"""The project's own Odoo for users who have none (scripts/odoo_source.py): where
ODOO_SOURCE points, what is unpacked, what the user is told when nothing works."""

import importlib.util
import tarfile
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "odoo_source.py"
spec = importlib.util.spec_from_file_location("odoo_source_under_test", SCRIPT)
odoo_source = importlib.util.module_from_spec(spec)
spec.loader.exec_module(odoo_source)


def fake_odoo(folder, major=19):
    """A source tree as far as the fetch looks: odoo/release.py, addons/web."""
    (folder / "odoo").mkdir(parents=True)
    (folder / "odoo" / "release.py").write_text(f"version_info = ({major}, 0, 0, 'final', 0, '')\n")
    (folder / "addons" / "web").mkdir(parents=True)
    (folder / "addons" / "web" / "__manifest__.py").write_text("{}\n")
    (folder / "requirements.txt").write_text("")
    return folder


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        (odoo_source.OFFICIAL_ARCHIVE, "url"),
        (odoo_source.OFFICIAL_GIT, "git"),
        ("git@github.com:odoo/odoo.git", "git"),
    ],
)
def test_remote_sources(source, kind):
    assert odoo_source.source_kind(source) == kind


def test_local_sources(tmp_path):
    archive = tmp_path / "odoo.tar.gz"
    archive.write_bytes(b"")
    assert odoo_source.source_kind(str(archive)) == "archive"
    assert odoo_source.source_kind(str(tmp_path)) == "folder"
    with pytest.raises(odoo_source.SourceError, match="neither a URL"):
        odoo_source.source_kind(str(tmp_path / "missing"))


def test_default_source_is_odoo_official_archive(monkeypatch):
    monkeypatch.delenv("ODOO_SOURCE", raising=False)
    assert odoo_source.configured_source() == (odoo_source.OFFICIAL_ARCHIVE, False)
    assert odoo_source.OFFICIAL_ARCHIVE.startswith("https://nightly.odoo.com/19.0/")
    monkeypatch.setenv("ODOO_SOURCE", "/somewhere/odoo.tar.gz")
    assert odoo_source.configured_source() == ("/somewhere/odoo.tar.gz", True)


def _tar_gz(tree, target):
    with tarfile.open(target, "w:gz") as tarred:
        tarred.add(tree, arcname="odoo-19.0.post20261201")
    return target


def _zip(tree, target):
    with zipfile.ZipFile(target, "w") as zipped:
        for path in tree.rglob("*"):
            zipped.write(path, Path("odoo-19.0") / path.relative_to(tree))
    return target


@pytest.mark.parametrize("pack", [_tar_gz, _zip])
def test_an_archive_is_unpacked_into_the_home(tmp_path, pack):
    tree = fake_odoo(tmp_path / "tree")
    archive = pack(tree, tmp_path / ("odoo.zip" if pack is _zip else "odoo.tar.gz"))
    home = tmp_path / "home"
    home.mkdir()
    root = odoo_source.fetch(str(archive), home, lambda message: None)
    assert root == home / "src"
    assert (root / "odoo" / "release.py").is_file()
    assert odoo_source.addons_paths(root) == [root / "addons"]
    assert [p.name for p in home.iterdir()] == ["src"], "nothing left behind"


def test_a_folder_is_copied_and_replaces_an_older_copy(tmp_path):
    tree = fake_odoo(tmp_path / "tree")
    home = tmp_path / "home"
    (home / "src" / "stale").mkdir(parents=True)
    root = odoo_source.fetch(str(tree), home, lambda message: None)
    assert not (root / "stale").exists()
    assert (root / "addons" / "web").is_dir()


def test_another_odoo_version_is_refused(tmp_path):
    tree = fake_odoo(tmp_path / "tree", major=18)
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(odoo_source.SourceError, match="Odoo 18, Odoo 19 is required"):
        odoo_source.fetch(str(tree), home, lambda message: None)
    assert not (home / "src").exists()


def test_a_broken_archive_says_so(tmp_path):
    archive = tmp_path / "odoo.tar.gz"
    archive.write_bytes(b"not an archive")
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(odoo_source.SourceError, match="not a readable archive"):
        odoo_source.fetch(str(archive), home, lambda message: None)


def test_an_unreachable_url_says_so(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(odoo_source.SourceError, match="could not be downloaded"):
        odoo_source.fetch("http://127.0.0.1:9/odoo.tar.gz", home, lambda message: None)


def test_a_pin_without_a_build_is_relaxed_to_a_newer_release():
    assert (
        odoo_source.relaxed("cbor2==5.4.2 ; python_version < '3.12'")
        == "cbor2>=5.4.2 ; python_version < '3.12'"
    )


def test_declined_download_tells_exactly_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("ODOO_SOURCE", raising=False)
    monkeypatch.setenv("PREORDER_ODOO_HOME", str(tmp_path / "home"))
    questions = []

    def ask(question, chosen):
        questions.append((question, chosen))
        return False

    odoo, help_text = odoo_source.ensure(tmp_path, lambda message: None, ask)
    assert odoo is None
    assert questions[0][1] is False and odoo_source.OFFICIAL_ARCHIVE in questions[0][0]
    assert "ODOO_SOURCE=/path/to/odoo_19.0.latest.tar.gz ./scripts/demo --download" in help_text
    assert "ODOO_PATH" in help_text and "docker compose up" in help_text
    assert not (tmp_path / "home").exists(), "nothing written"
