"""The user guides per role show the screenshots the screenshot script takes of the
demo (scripts/screenshots.py), each one of them, and nothing else."""

import importlib.util
import re
import struct
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDES = REPO / "docs" / "guides"
spec = importlib.util.spec_from_file_location(
    "screenshots_under_test", REPO / "scripts" / "screenshots.py"
)
screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshots)


def _png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    return struct.unpack(">II", header[16:24])


def test_every_role_has_a_guide():
    assert {p.stem for p in GUIDES.glob("*.md")} == {
        "campaign-manager",
        "customer",
        "rep",
        "purchaser",
    }


def test_each_shot_is_committed_at_its_screen_size():
    for shot in screenshots.SHOTS:
        path = REPO / shot.file
        assert re.match(r"preorder_\w+/static/description/guide_\w+\.png$", shot.file)
        assert _png_size(path) == ((390, 844) if shot.phone else (1280, 900)), shot.file


def test_guides_show_exactly_the_shots():
    shown = set()
    for guide in [*GUIDES.glob("*.md"), REPO / "README.md"]:
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide.read_text()):
            path = (guide.parent / target).resolve()
            assert path.is_file(), f"{guide.name}: {target}"
            shown.add(str(path.relative_to(REPO)))
    assert shown == {shot.file for shot in screenshots.SHOTS}
    committed = {
        str(p.relative_to(REPO)) for p in REPO.glob("preorder_*/static/description/guide_*.png")
    }
    assert committed == shown, "no picture left over"


def test_each_shot_waits_for_demo_data():
    for shot in screenshots.SHOTS:
        assert shot.wait_for and shot.shows, shot.file
        assert shot.login in {"admin", "customer", "rep"}
