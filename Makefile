# Two commands: `make run` and `make test`. Each sets up everything it needs from python3 alone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# The authority pack in use: a folder of config/authorities (make run AUTHORITY=northshire).
AUTHORITY ?= lincolnshire
export AUTHORITY
PACK := config/authorities/$(AUTHORITY)
STORE := data/$(AUTHORITY).duckdb
STORE_INPUTS := $(wildcard $(PACK)/*) data/schema.sql data/build.py data/synthetic.py analytics/sql/build_snapshot_aggregates.sql $(wildcard data/national/*.parquet data/national/*.sql)
PORT ?= 8501
# make serve: WORKERS Streamlit processes (default one per core) behind nginx on ADDRESS:PORT.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
ADDRESS ?= 127.0.0.1

.PHONY: run test setup store browser nginx serve load bench clean

# Listens on this machine only unless ADDRESS opens it (make run ADDRESS=0.0.0.0): see README, Deployment.
run: setup
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true

test: setup browser nginx
	$(PY) -m pytest

setup: $(INSTALLED) $(STORE)

store: $(STORE)

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Rebuilt when missing or older than any of its sources; the build swaps the file in atomically.
$(STORE): $(STORE_INPUTS) $(INSTALLED)
	@test -f $(PACK)/authority.toml || { echo "No authority pack '$(AUTHORITY)': the packs are $$(ls config/authorities | tr '\n' ' ')" >&2; exit 2; }
	$(PY) -m data.build --authority $(AUTHORITY) --out $@

# The browser tests drive Debian's chromium (a downloaded browser does not work here).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "Install Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver) for the browser tests." >&2; exit 1; fi; }

# The proxy of `make serve` and of its test: Debian's nginx, run as the current user.
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx >/dev/null; \
	  else echo "Install Debian's nginx (sudo apt-get install nginx) for make serve and its test." >&2; exit 1; fi; }

serve: setup nginx
	$(PY) -m deploy.serve run --workers $(WORKERS) --port $(PORT) --address $(ADDRESS) --store $(STORE)

# Many sessions at once over Streamlit's websocket protocol (benchmarks/load.py); LOAD_ARGS=--help for options.
load: setup nginx
	$(PY) benchmarks/load.py $(LOAD_ARGS)

# Every page at 1x and 100x (AppTest and Chromium) against floors, the KPI query against pandas, sizes, memory.
bench: setup browser
	$(PY) benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.tmp
