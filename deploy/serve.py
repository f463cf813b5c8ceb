"""Serve the dashboard on every core: N Streamlit workers on consecutive ports behind nginx.

One Streamlit process runs every session's script on one interpreter, so one process uses one core
however many the machine has. This starts N workers (``--port`` + 1 ... ``--port`` + N, loopback
only) and Debian's nginx on ``--port``, which keeps each browser on one worker (a session's
websocket, state and downloads live in one process) and spreads browsers over the workers. Every
worker opens the same store read-only; ``analytics/db.py`` reopens it when a build or a load
renames a new file over it, so a swapped store is served without a restart.

    python -m deploy.serve run --workers 4 [--port 8501] [--address 127.0.0.1] [--store PATH]
    python -m deploy.serve stop [--port 8501]
    python -m deploy.serve proxy --upstream app:8501 --listen 0.0.0.0:8080   # containers: nginx only

nginx runs as the current user: its configuration, pid, logs and temporary files live in the run
directory (``.serve/<port>/`` in the repository). ``make serve WORKERS=4`` runs the first command.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
RUN_ROOT = ROOT / ".serve"
COOKIE = "lci_route"
HEALTH = "/_stcore/health"
NGINX_MISSING = (
    "nginx is not installed: install Debian's nginx (sudo apt-get install nginx); "
    "`make serve` and `make test` install it when run as root."
)


class ServeError(RuntimeError):
    """A worker or the proxy could not be started; the message says which and where its log is."""


def nginx_binary() -> str:
    """Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        raise ServeError(NGINX_MISSING)
    return found


def render_nginx_conf(listen: str, upstreams: list[str], run_dir: Path, max_body_mb: int = 200) -> str:
    """The nginx configuration for ``upstreams`` ("host:port") published on ``listen``."""
    servers = "\n".join(f"        server {upstream} max_fails=1 fail_timeout=5s;" for upstream in upstreams)
    values = {
        "LISTEN": listen,
        "UPSTREAM_SERVERS": servers,
        "RUN_DIR": str(run_dir),
        "COOKIE": COOKIE,
        "MAX_BODY_MB": str(max_body_mb),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise ServeError(f"{TEMPLATE}: a placeholder was left unfilled")
    return text


def _max_upload_mb() -> int:
    from streamlit import config

    return int(config.get_option("server.maxUploadSize"))


def healthy(url: str) -> bool:
    """Whether the server at ``url`` answers its health check."""
    from deploy.session import http_get

    try:
        return http_get(url + HEALTH, timeout=2)[0] == 200
    except OSError:
        return False


def stop_processes(procs: list[subprocess.Popen[bytes]], nginx: subprocess.Popen[bytes] | None = None) -> None:
    """Stop ``procs`` (``nginx`` among them, if given) and wait for each; kill any still running after 20 s."""
    for proc in procs:
        if proc.poll() is None:
            # SIGQUIT lets nginx finish its open requests; Streamlit stops cleanly on SIGTERM.
            proc.send_signal(signal.SIGQUIT if proc is nginx else signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if healthy(url):
            return
        if proc.poll() is not None:
            raise ServeError(f"{what} exited with status {proc.returncode}; see {log}")
        if time.monotonic() > deadline:
            raise ServeError(f"{what} did not answer {HEALTH} within {timeout:g} s; see {log}")
        time.sleep(0.3)


@dataclass
class Cluster:
    """``workers`` Streamlit processes behind nginx on ``port``; with ``proxy=False``, one process
    serving ``port`` itself (the load benchmark's one-process baseline)."""

    workers: int
    port: int
    address: str = "127.0.0.1"
    store: Path | None = None
    proxy: bool = True
    run_dir: Path | None = None
    worker_procs: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None
    _env: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def worker_ports(self) -> list[int]:
        return [self.port + i for i in range(1, self.workers + 1)] if self.proxy else [self.port]

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "::", "") else self.address
        return f"http://{host}:{self.port}"

    def pids(self) -> list[int]:
        procs = [*self.worker_procs.values(), *([self.nginx] if self.nginx else [])]
        return [p.pid for p in procs if p.poll() is None]

    def start(self) -> Cluster:
        from analytics import db

        store = (self.store or db.store_path()).resolve()
        if not store.exists():
            raise ServeError(f"no store at {store}: run `make store` or `python -m data.build --out {store}`")
        self.store = store
        self.run_dir = (self.run_dir or RUN_ROOT / str(self.port)).resolve()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # Started as root, nginx's own workers run as nobody and must reach their temporary files.
        self.run_dir.chmod(0o755)
        nginx = nginx_binary() if self.proxy else None
        # One secret for all workers, so a signed cookie (uploads' XSRF token) is valid on any of them.
        self._env = {**os.environ, db.STORE_ENV: str(store), "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        try:
            for port in self.worker_ports:
                self._start_worker(port)
            for port in self.worker_ports:
                _wait_healthy(f"http://127.0.0.1:{port}", self.worker_procs[port], f"worker on port {port}", self._log(port))
            if nginx:
                self._start_nginx(nginx)
        except BaseException:
            self.stop()
            raise
        return self

    def _log(self, port: int) -> Path:
        assert self.run_dir is not None
        return self.run_dir / f"worker-{port}.log"

    def _start_worker(self, port: int) -> None:
        # Workers listen on loopback only when behind the proxy; alone, the one worker is the server.
        address = "127.0.0.1" if self.proxy else self.address
        with open(self._log(port), "ab") as log:
            self.worker_procs[port] = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                 "--server.address", address, "--server.headless", "true", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )

    def _start_nginx(self, nginx: str) -> None:
        assert self.run_dir is not None
        conf = self.run_dir / "nginx.conf"
        upstreams = [f"127.0.0.1:{port}" for port in self.worker_ports]
        listen = f"[{self.address}]:{self.port}" if ":" in self.address else f"{self.address}:{self.port}"
        conf.write_text(render_nginx_conf(listen, upstreams, self.run_dir, _max_upload_mb()))
        log = self.run_dir / "error.log"
        self.nginx = start_nginx(nginx, conf, self.run_dir)
        _wait_healthy(self.url, self.nginx, "nginx", log)

    def restart_dead_workers(self) -> list[int]:
        """Start again any worker that has exited; nginx sends its browsers elsewhere meanwhile."""
        dead = [port for port, proc in self.worker_procs.items() if proc.poll() is not None]
        for port in dead:
            self._start_worker(port)
        return dead

    def stop(self) -> None:
        stop_processes([*([self.nginx] if self.nginx else []), *self.worker_procs.values()], self.nginx)
        self.nginx = None
        self.worker_procs.clear()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_nginx(nginx: str, conf: Path, run_dir: Path) -> subprocess.Popen[bytes]:
    """nginx in the foreground (its master is our child), with its prefix and logs in ``run_dir``."""
    test = subprocess.run([nginx, "-t", "-q", "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True)
    if test.returncode != 0:
        raise ServeError(f"nginx refused {conf}: {test.stderr.strip()}")
    with open(run_dir / "nginx.stderr", "ab") as err:
        return subprocess.Popen(
            [nginx, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf), "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
        )


def _run(args: argparse.Namespace) -> int:
    cluster = Cluster(args.workers, args.port, args.address, args.store, proxy=True)
    stopping = False

    def _stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        cluster.start()
    except ServeError as exc:
        print(exc, file=sys.stderr)
        return 1
    assert cluster.run_dir is not None
    (cluster.run_dir / "serve.pid").write_text(str(os.getpid()))
    print(f"Leaving Care Insight: {args.workers} workers (ports {cluster.worker_ports[0]}-{cluster.worker_ports[-1]}) "
          f"behind nginx at {cluster.url}, store {cluster.store}; logs in {cluster.run_dir}. Ctrl-C stops.", flush=True)
    try:
        while not stopping:
            for port in cluster.restart_dead_workers():
                print(f"worker on port {port} had stopped: started again (see {cluster._log(port)})", file=sys.stderr, flush=True)
            if cluster.nginx is not None and cluster.nginx.poll() is not None:
                print(f"nginx stopped; see {cluster.run_dir / 'error.log'}", file=sys.stderr)
                return 1
            time.sleep(1)
    finally:
        cluster.stop()
        (cluster.run_dir / "serve.pid").unlink(missing_ok=True)
    return 0


def _stop_cmd(args: argparse.Namespace) -> int:
    pid_file = RUN_ROOT / str(args.port) / "serve.pid"
    if not pid_file.exists():
        print(f"nothing is being served on port {args.port} from this checkout ({pid_file} is absent)", file=sys.stderr)
        return 1
    try:
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
    except ProcessLookupError:
        pid_file.unlink()
        print(f"the server on port {args.port} had already stopped without cleaning up; removed {pid_file}", file=sys.stderr)
        return 1
    return 0


def _proxy(args: argparse.Namespace) -> int:
    """nginx alone, in front of workers elsewhere (compose: the app service's replicas)."""
    run_dir = Path(args.run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(render_nginx_conf(args.listen, args.upstream.split(","), run_dir, _max_upload_mb()))
    nginx = nginx_binary()
    # Replace this process, so nginx receives the container's stop signal itself.
    os.execv(nginx, [nginx, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf), "-g", "daemon off;"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start N workers and nginx; Ctrl-C (or `stop`) stops them all")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    run.add_argument("--port", type=int, default=8501, help="the public port; workers take the next N")
    run.add_argument("--address", default="127.0.0.1", help="where nginx listens (0.0.0.0 opens it to the network)")
    run.add_argument("--store", type=Path, default=None, help="the store every worker reads (default: the app's)")
    stop = sub.add_parser("stop", help="stop what `run` started on --port")
    stop.add_argument("--port", type=int, default=8501)
    proxy = sub.add_parser("proxy", help="only nginx, for workers on other hosts or containers")
    proxy.add_argument("--upstream", required=True, help="comma-separated host:port of the workers")
    proxy.add_argument("--listen", default="0.0.0.0:8080")
    proxy.add_argument("--run-dir", default="/tmp/lci-nginx")
    args = parser.parse_args(argv)
    if args.command == "run" and args.workers < 1:
        parser.error("--workers must be at least 1")
    return {"run": _run, "stop": _stop_cmd, "proxy": _proxy}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
