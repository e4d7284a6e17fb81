"""No project file grows past 600 lines: a Python module (outside migrations) or a template
that long holds more than one concern and is split by what it is about."""

from pathlib import Path

from tests.architecture.project_files import ROOT, project_paths

MAX_LINES = 600


def _python_files() -> list[Path]:
    return [path for path in project_paths(ROOT, skip=frozenset({"migrations"})) if path.suffix == ".py"]


def _templates() -> list[Path]:
    """Every file under a templates/ folder (the project's and any app's): HTML, e-mail text, iCalendar."""
    return [path for path in project_paths(ROOT) if "templates" in path.relative_to(ROOT).parts[:-1]]


def _too_long(paths: list[Path]) -> list[str]:
    lengths = ((path, len(path.read_text(encoding="utf-8").splitlines())) for path in paths)
    return [f"  {path.relative_to(ROOT)}: {lines} lines" for path, lines in lengths if lines > MAX_LINES]


def test_the_scan_sees_python_files_and_templates():
    python = {str(p.relative_to(ROOT)) for p in _python_files()}
    templates = {str(p.relative_to(ROOT)) for p in _templates()}
    assert "manage.py" in python and "tests/architecture/test_file_size.py" in python
    assert not any("/migrations/" in p for p in python)
    assert {"templates/base.html", "templates/applications/email/receipt.txt"} <= templates


def test_no_python_file_over_600_lines():
    too_long = _too_long(_python_files())
    assert not too_long, f"Python files over {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_no_template_over_600_lines():
    too_long = _too_long(_templates())
    assert not too_long, f"Templates over {MAX_LINES} lines:\n" + "\n".join(too_long)
