"""The project's own files, for the architecture tests: walked from the repository root,
never into the virtualenv, runtime data (var/), VCS folders, locale or static assets."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEVER = {".venv", "venv", "var", "node_modules", "locale", "static", "__pycache__"}


def project_paths(root: Path, *, skip: frozenset[str] = frozenset()):
    """Every file under `root`, pruning hidden folders, NEVER and `skip` folder names."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in NEVER and d not in skip)
        for name in sorted(files):
            yield Path(folder) / name
