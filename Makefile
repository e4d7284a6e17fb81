# The two commands: `make run` (set up and run the portal) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup venv lint messages clean lock

# The venv installs the locked build (requirements/lock-test.txt: runtime + test, every file
# pinned by hash); the project itself is not installed (pyproject.toml has packages = []).
$(STAMP): requirements/lock-test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock-test.txt
	touch $(STAMP)

venv: $(STAMP)

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo

run: setup
	$(PY) manage.py run_portal

# One worker per core (pytest-xdist), whole files per worker; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: venv
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: venv
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

# Re-resolve the locks from pyproject.toml (newest versions its ranges allow) for the production
# image's platform: Python 3.11 on Linux x86_64, and commit both files. uv keeps the pins already in
# the files where pyproject.toml allows them: `make lock UV_LOCK_ARGS=--upgrade` moves everything,
# UV_LOCK_ARGS="--upgrade-package django" one package. (The venv is built first only if missing.)
LOCK_ARGS := --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	--custom-compile-command "make lock" $(UV_LOCK_ARGS)
lock:
	test -x $(VENV)/bin/uv || $(MAKE) venv
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) -o requirements/lock.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra test $(LOCK_ARGS) -o requirements/lock-test.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra bench $(LOCK_ARGS) -o requirements/lock-bench.txt

clean:
	rm -rf var
