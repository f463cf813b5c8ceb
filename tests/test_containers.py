"""deploy/compose.yaml and deploy/Dockerfile, without a container engine (none runs on this machine):
the files lay out what the README promises, and the commands they give the containers work when
started as the containers start them (two workers with the image's command, nginx with the proxy
service's command, the store read-only) and are checked through the proxy."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import serve
from deploy.session import Session, http_get
from tests.test_serve import _free_block

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
COMPOSE = (ROOT / "deploy" / "compose.yaml").read_text()


def _image_command() -> list[str]:
    """The image's CMD (JSON form, continued over lines with a backslash)."""
    joined = DOCKERFILE.replace("\\\n", " ")
    return json.loads(re.search(r"^CMD (\[.*\])$", joined, re.MULTILINE).group(1))


def _proxy_command() -> list[str]:
    """The proxy service's command in compose.yaml."""
    commands = [json.loads(" ".join(m.split())) for m in re.findall(r"command: (\[[^\]]*\])", COMPOSE)]
    [proxy] = [c for c in commands if "proxy" in c]
    return proxy


def _swap(command: list[str], values: dict[str, str]) -> list[str]:
    """``command`` with the value after each option in ``values`` replaced, and our own Python."""
    out = [sys.executable if command[0] == "python" else command[0]]
    for before, item in zip(command, command[1:]):
        out.append(values.get(before, item))
    return out


def _service(name: str) -> str:
    """The text of one service in compose.yaml, up to the next service or the volumes."""
    return re.search(rf"^  {name}:\n(.*?)(?=^  \S|^\S)", COMPOSE, re.MULTILINE | re.DOTALL).group(1)


def test_the_layout_is_the_one_the_readme_describes() -> None:
    app, proxy, build_store = _service("app"), _service("proxy"), _service("build-store")
    # The store is built once onto a volume, which every app replica mounts read-only.
    assert "data.build" in build_store and "store:/store" in build_store
    assert "- store:/store:ro" in app and "LCI_STORE: /store/leaving_care.duckdb" in app
    assert "condition: service_completed_successfully" in app
    # N replicas (two by default), each with the image's health check, sharing one cookie secret.
    assert "replicas: ${LCI_REPLICAS:-2}" in app
    assert "STREAMLIT_SERVER_COOKIE_SECRET: ${LCI_COOKIE_SECRET:?" in app
    assert re.search(r"^HEALTHCHECK .*\n\s+CMD .*/_stcore/health", DOCKERFILE, re.MULTILINE)
    # The proxy waits for healthy apps, checks its own health and publishes on loopback by default.
    assert "condition: service_healthy" in proxy and "/_stcore/health" in proxy
    assert "${LCI_BIND:-127.0.0.1}" in proxy


def test_the_image_holds_what_the_app_imports_and_its_settings() -> None:
    copied = set(re.findall(r"^COPY (\S+?)/? ", DOCKERFILE, re.MULTILINE))
    imported = set()
    for script in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        imported |= set(re.findall(r"^(?:from|import) (\w+)", script.read_text(), re.MULTILINE))
    ours = {name for name in imported if (ROOT / name).is_dir()}
    assert ours and ours <= copied, ours - copied
    # The settings (among them no garbage collection after every run) and the packs go in too.
    assert {".streamlit", "config", "app.py", "pages", "requirements.txt"} <= copied
    assert "--server.fileWatcherType" in _image_command()


@pytest.fixture(scope="module")
def containers(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two workers and the proxy, started with the containers' own commands on loopback ports."""
    try:
        serve.nginx_binary()
    except serve.ServeError as exc:
        pytest.fail(str(exc))
    work = tmp_path_factory.mktemp("containers")
    shutil.copy(store, work / "leaving_care.duckdb")
    (work / "leaving_care.duckdb").chmod(0o444)  # the volume is mounted read-only
    port = _free_block(3)
    workers = [port + 1, port + 2]
    env = {**os.environ, "LCI_STORE": str(work / "leaving_care.duckdb"), "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    procs = [
        subprocess.Popen(_swap(_image_command(), {"--server.port": str(p), "--server.address": "127.0.0.1"}), cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=(work / f"worker-{p}.log").open("wb"))
        for p in workers
    ]
    # nginx resolves "app:8501" to every replica; here the replicas are the two loopback ports.
    proxy = _swap(_proxy_command(), {
        "--upstream": ",".join(f"127.0.0.1:{p}" for p in workers), "--listen": f"127.0.0.1:{port}", "--run-dir": str(work / "nginx"),
    })
    procs.append(subprocess.Popen(proxy, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(work / "proxy.log").open("wb")))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not all(serve.healthy(f"http://127.0.0.1:{p}") for p in [*workers, port]):
            assert time.monotonic() < deadline, f"not healthy within 90 s; logs in {work}"
            assert all(p.poll() is None for p in procs), f"a process exited; logs in {work}"
            time.sleep(0.3)
        yield url
    finally:
        serve.stop_processes(procs, nginx=procs[-1])  # the proxy command becomes nginx itself


def test_the_containers_commands_serve_pages_through_the_proxy(containers: str) -> None:
    status, headers, body = http_get(f"{containers}/Scenarios?arrivals_at_16=150")
    assert status == 200 and b'<div id="root">' in body
    assert f"{serve.COOKIE}=" in headers.get("set-cookie", "")

    async def walk() -> list:
        async with Session(containers) as session:
            return [await session.run_page(page, timeout=120) for page in ("", "Performance", "Scenarios")]

    for run in asyncio.run(walk()):
        assert run.finished and run.errors == [], run.errors
        assert run.titles


def test_the_data_pages_templates_download_through_the_proxy(containers: str) -> None:
    # Made only when asked for (a callable behind each button): each still arrives whole, as its own kind.
    async def fetch() -> dict[str, tuple[int, bytes]]:
        async with Session(containers) as session:
            run = await session.run_page("Data", timeout=120)
            assert run.finished and run.errors == [], run.errors
            return {name: await asyncio.to_thread(session.download, await session.resolve(link)) for name, link in run.downloads.items()}

    files = asyncio.run(fetch())
    csv_heads = sorted(body.split(b"\n", 1)[0] for name, (status, body) in files.items() if name.startswith("CSV") and status == 200)
    assert csv_heads == [b"kpi_id,period,value", b"line_id,option,item,amount", b"snapshot_date,child,dob,sex,ethnic,disabled,uasc,care_start,"
                         b"legal_status,location,in_custody,at_university,in_touch,activ,accom,pathway_plan_up_to_date"]
    assert all(status == 200 and body.startswith(b"PK") for name, (status, body) in files.items() if name.startswith("XLSX"))
