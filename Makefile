# Two commands: `make run` and `make test`. Each sets up everything it needs from python3 alone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
STORE := data/leaving_care.duckdb
STORE_INPUTS := $(wildcard data/sources/*.csv) data/schema.sql data/build.py data/synthetic.py config/authority.toml
PORT ?= 8501

.PHONY: run test setup store browser bench clean

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

test: setup browser
	$(PY) -m pytest

setup: $(INSTALLED) $(STORE)

store: $(STORE)

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Rebuilt when missing or older than any of its sources; the build swaps the file in atomically.
$(STORE): $(STORE_INPUTS) $(INSTALLED)
	$(PY) -m data.build --out $@

# The browser tests drive Debian's chromium (a downloaded browser does not work here).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "Install Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver) for the browser tests." >&2; exit 1; fi; }

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(STORE) $(STORE).tmp
