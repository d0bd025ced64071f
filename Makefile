# PanelApp: `make run` opens the app, `make test` runs the whole suite headless.
# Both create .venv and install what a fresh machine lacks (Python 3.11+ and make assumed).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# Qt's runtime libraries, on Debian/Ubuntu; installed only if missing and we may (root).
QT_SYSTEM_LIBS := libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
# Clients the tests open exports with (LibreOffice Writer and Calc, poppler), and fonts.
TEST_SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-dejavu-core

ANY_DAYS ?= 2026-12-24 2028-02-29 2027-11-29

.PHONY: run test test-any-day lint typecheck bench bench-quick package clean system-libs test-tools

run: $(RUN_STAMP)
	$(BIN)/panelapp init-db --demo
	$(BIN)/panelapp

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 --dist loadgroup

# The suite on other days of the calendar (the real clock moved with libfaketime; the app's
# own "today" stays pinned by tests/conftest.py, so this catches anything reading the clock
# around it). One process per day: pytest-xdist's workers do not shut down under faketime.
test-any-day: $(TEST_STAMP)
	@command -v faketime >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq faketime; } || { echo "install faketime first"; exit 1; }
	for day in $(ANY_DAYS); do \
	  echo "== the suite on $$day"; \
	  QT_QPA_PLATFORM=offscreen faketime -f "@$$day 10:00:00" $(BIN)/python -m pytest -q -p no:xdist \
	    --deselect tests/test_package.py || exit 1; \
	done

lint: $(TEST_STAMP)
	$(BIN)/ruff check panelapp db ui tests bench
	$(BIN)/mypy

typecheck: lint

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench --pg

bench-quick: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench --quick

package: $(TEST_STAMP)
	$(BIN)/pip install -q -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --clean build_installer.spec
	QT_QPA_PLATFORM=offscreen PANELAPP_HOME=$$(mktemp -d) dist/PanelApp/PanelApp selftest

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "PanelApp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python system-libs
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python system-libs test-tools
	$(BIN)/pip install -q -e '.[test]'
	touch $(RUN_STAMP) $@

# Installed only when missing and we may (root with apt-get); otherwise the tests that need
# them say what to install.
test-tools:
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null && \
	  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing the test clients: $(TEST_SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_SYSTEM_PACKAGES); \
	  else echo "Please install: $(TEST_SYSTEM_PACKAGES)"; fi; }

system-libs:
	@missing=0; for lib in libEGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3; do \
	  command -v ldconfig >/dev/null && { ldconfig -p | grep -q "$$lib" || missing=1; }; done; \
	if [ $$missing = 1 ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Qt's system libraries: $(QT_SYSTEM_LIBS)"; \
	  apt-get update -qq && apt-get install -y -qq $(QT_SYSTEM_LIBS); \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
