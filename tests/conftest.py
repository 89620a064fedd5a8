"""Load ``preorder_campaign/core`` as the standalone package ``preorder_core``.

``preorder_campaign/__init__.py`` imports Odoo models, so the addon itself must
not be imported here; the core only uses relative imports and the stdlib.
"""

import importlib.util
import sys
from pathlib import Path

from hypothesis import settings

CORE_DIR = Path(__file__).resolve().parent.parent / "preorder_campaign" / "core"


def _load_core():
    if "preorder_core" in sys.modules:
        return sys.modules["preorder_core"]
    spec = importlib.util.spec_from_file_location(
        "preorder_core", CORE_DIR / "__init__.py", submodule_search_locations=[str(CORE_DIR)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["preorder_core"] = module
    spec.loader.exec_module(module)
    return module


_load_core()

# No example database in the repository, no flaky deadlines on slow machines.
settings.register_profile("preorder", database=None, deadline=None)
settings.load_profile("preorder")
