"""No project file grows past 600 lines: a Python module (outside migrations) or a template
that long holds more than one concern and is split by what it is about."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 600
SKIPPED_DIRS = {"migrations", ".venv", "var", "node_modules", "locale", "static"}


def _files(pattern: str) -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob(pattern)
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in path.relative_to(ROOT).parts[:-1])
    )


def _too_long(paths: list[Path]) -> list[str]:
    lengths = ((path, len(path.read_text(encoding="utf-8").splitlines())) for path in paths)
    return [f"  {path.relative_to(ROOT)}: {lines} lines" for path, lines in lengths if lines > MAX_LINES]


def _templates() -> list[Path]:
    """Every file under a templates/ folder (the project's and any app's): HTML, e-mail text, iCalendar."""
    return [path for path in _files("*") if path.is_file() and "templates" in path.relative_to(ROOT).parts[:-1]]


def test_the_scan_sees_python_files_and_templates():
    python = {str(p.relative_to(ROOT)) for p in _files("*.py")}
    templates = {str(p.relative_to(ROOT)) for p in _templates()}
    assert "manage.py" in python and "tests/architecture/test_file_size.py" in python
    assert not any("/migrations/" in p for p in python)
    assert {"templates/base.html", "templates/applications/email/receipt.txt"} <= templates


def test_no_python_file_over_600_lines():
    too_long = _too_long(_files("*.py"))
    assert not too_long, f"Python files over {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_no_template_over_600_lines():
    too_long = _too_long(_templates())
    assert not too_long, f"Templates over {MAX_LINES} lines:\n" + "\n".join(too_long)
