"""A browser session without the browser: speaks Streamlit's own websocket protocol.

A Streamlit page is a script run on the server. The browser opens one websocket,
``/_stcore/stream``, sends a ``BackMsg`` asking for a run of a page (its URL path and query string)
and draws the ``ForwardMsg`` deltas that come back until ``script_finished``. This module does the
same with the protobuf classes shipped inside streamlit and the ``websockets`` package streamlit
itself depends on, so a deployment can be checked, and loaded with many sessions, from a terminal.

Like a browser it first fetches the page over HTTP and keeps the cookies it is given, so behind the
proxy in ``deploy/`` the websocket and the download links of a session reach the same worker.

    python -m deploy.session http://127.0.0.1:8501 Scenarios "lcw_cost_per_fte=52000"
"""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from types import TracebackType
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

# How a deferred download button's link is recorded: its file id, made into a URL by ``resolve``.
DEFERRED = "deferred:"

STREAM_PATH = "/_stcore/stream"
# Statuses that end a run; FINISHED_EARLY_FOR_RERUN is followed by the rerun, so we keep reading.
_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Environment proxies must never see this loopback and LAN traffic.
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class PageRun:
    """What one run of one page sent back."""

    page: str
    query_string: str
    seconds: float
    messages: int = 0
    bytes: int = 0
    finished: bool = False
    errors: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.finished and not self.errors


def http_get(url: str, cookies: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` with ``cookies``; returns status, headers (last value wins) and body. HTTP errors are returned."""
    request = urllib.request.Request(url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        with _HTTP.open(request, timeout=timeout) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, _headers(exc.headers), exc.read()


def _headers(message: object) -> dict[str, str]:
    items = message.items() if message is not None else []  # type: ignore[attr-defined]
    out: dict[str, str] = {}
    for key, value in items:
        key = key.lower()
        out[key] = f"{out[key]}\n{value}" if key == "set-cookie" and key in out else value
    return out


def _cookies_from(headers: dict[str, str]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for line in headers.get("set-cookie", "").splitlines():
        parsed = SimpleCookie()
        parsed.load(line)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


class Session:
    """One browser tab: ``async with Session(url) as s: await s.run_page("Scenarios")``."""

    def __init__(self, base_url: str, *, open_timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.page_hashes: dict[str, str] = {}
        self.session_id = ""  # the server's id for this session, from its new_session message
        self._open_timeout = open_timeout
        self._ws: ClientConnection | None = None

    async def __aenter__(self) -> Session:
        # The page itself first, as a browser does: behind our proxy this response sets the cookie
        # that keeps the session on one worker.
        status, headers, _ = await asyncio.to_thread(http_get, f"{self.base_url}/", None, self._open_timeout)
        if status != 200:
            raise ConnectionError(f"GET {self.base_url}/ answered {status}")
        self.cookies.update(_cookies_from(headers))
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        headers_out = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self._ws = await connect(
            f"{scheme}://{parts.netloc}{parts.path}{STREAM_PATH}",
            origin=f"{parts.scheme}://{parts.netloc}",  # type: ignore[arg-type]
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers=headers_out,
            max_size=None,
            proxy=None,
            open_timeout=self._open_timeout,
            ping_interval=None,
            compression=None,
        )
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def run_page(self, page: str = "", query_string: str = "", timeout: float = 120) -> PageRun:
        """Ask for a run of ``page`` (its URL path, "" for the main page) and wait for it to finish.

        Once the app has sent its page list, pages are asked for by script hash, as a click on a
        menu link does; the first run goes by URL path, as an opened link does.
        """
        assert self._ws is not None, "use Session in an async with block"
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        if page in self.page_hashes:
            msg.rerun_script.page_script_hash = self.page_hashes[page]
        else:
            msg.rerun_script.page_name = page
        run = PageRun(page, query_string, 0.0)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(timeout):
                while not run.finished:
                    self._read(run, await self._ws.recv())
        except TimeoutError:
            run.errors.append(f"no script_finished within {timeout:g} s")
        run.seconds = time.perf_counter() - start
        return run

    def _read(self, run: PageRun, raw: bytes | str) -> None:
        run.messages += 1
        run.bytes += len(raw)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        kind = fwd.WhichOneof("type")
        if kind == "new_session" and fwd.new_session.initialize.session_id:
            self.session_id = fwd.new_session.initialize.session_id
        elif kind == "navigation":
            self.page_hashes.update({p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages})
        elif kind == "page_not_found":
            run.errors.append(f"page not found: {fwd.page_not_found.page_name!r}")
        elif kind == "script_finished":
            if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.errors.append("the page did not compile")
            run.finished = fwd.script_finished in _DONE
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                run.errors.append(f"{element.exception.type}: {element.exception.message}")
            elif which == "heading":
                run.titles.append(element.heading.body)
            elif which == "metric":
                run.metrics[element.metric.label] = element.metric.body
            elif which == "download_button":
                button = element.download_button
                # A deferred download has no file until it is asked for (see ``resolve``).
                link = DEFERRED + button.deferred_file_id if button.HasField("deferred_file_id") else button.url
                run.downloads[button.label + f" #{len(run.downloads)}"] = link

    async def resolve(self, link: str, timeout: float = 60) -> str:
        """The file URL behind a download link: a deferred download's file is made when the browser
        asks for it over the websocket, as a press of the button does, by the worker that ran the page."""
        if not link.startswith(DEFERRED):
            return link
        assert self._ws is not None, "use Session in an async with block"
        msg = BackMsg()
        msg.backend_operation_request.request_id = uuid.uuid4().hex
        msg.backend_operation_request.session_id = self.session_id
        msg.backend_operation_request.deferred_file.file_id = link.removeprefix(DEFERRED)
        await self._ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                raw = await self._ws.recv()
                fwd.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                if fwd.WhichOneof("type") != "backend_operation_response":
                    continue
                response = fwd.backend_operation_response
                if response.request_id == msg.backend_operation_request.request_id:
                    if response.error_msg:
                        raise RuntimeError(f"deferred download failed: {response.error_msg}")
                    return response.deferred_file.url

    def download(self, url: str, timeout: float = 30) -> tuple[int, bytes]:
        """Fetch a download button's file the way the browser does: same origin, same cookies."""
        status, _, body = http_get(f"{self.base_url}{url}", self.cookies, timeout)
        return status, body


async def _main(base_url: str, page: str, query_string: str) -> int:
    async with Session(base_url) as session:
        run = await session.run_page(page, query_string)
    print(f"{page or 'Overview'}: {run.seconds:.2f} s, {run.messages} messages, {run.bytes / 1e3:.0f} kB, "
          f"titles {run.titles[:3]}, downloads {len(run.downloads)}, errors {run.errors or 'none'}")
    return 0 if run.ok else 1


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 4:
        sys.exit("usage: python -m deploy.session URL [PAGE [QUERY_STRING]]   (PAGE is the URL path; none = the main page)")
    args = sys.argv[1:] + ["", ""]
    sys.exit(asyncio.run(_main(args[0], args[1], args[2])))
