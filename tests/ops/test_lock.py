"""The locked build: every dependency in pyproject.toml is pinned with hashes in the locks, the
runtime lock agrees with the test lock, and the Dockerfile and make venv install from them.
(CI also re-runs `make lock` and fails on any difference.)"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """name -> version, checking that each pin is followed by at least one sha256 hash."""
    lines = path.read_text().splitlines()
    found = {}
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            assert lines[index + 1].strip().startswith("--hash=sha256:"), f"{path.name}: {line} has no hash"
            found[canonical(match[1])] = match[2]
    return found


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_dependency_is_pinned_with_hashes():
    runtime, test = pins(ROOT / "requirements/lock.txt"), pins(ROOT / "requirements/lock-test.txt")
    for spec in project()["dependencies"]:
        requirement = Requirement(spec)
        name = canonical(requirement.name)
        assert name in runtime and name in test, spec
        assert requirement.specifier.contains(runtime[name]), (spec, runtime[name])
    for spec in project()["optional-dependencies"]["test"]:
        requirement = Requirement(spec)
        assert requirement.specifier.contains(test[canonical(requirement.name)]), spec
    # The test lock is the runtime lock plus the test tools, at the same versions.
    assert {name: test[name] for name in runtime} == runtime


def test_the_image_and_the_venv_install_the_lock_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes --no-deps -r requirements/lock.txt" in dockerfile
    assert "pip install --no-cache-dir ." not in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements/lock-test.txt" in makefile
    assert "\nlock:" in makefile
