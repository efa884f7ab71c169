"""A Compression Lab workshop server: JupyterHub on this machine, every learner with the lab's
kernel, a copy of the notebooks and the instructor's pre-seeded model cache, shared read-only.

    ./lab workshop serve [--port 8000] [--auth shared-password|system] [--users a,b,c]
    ./lab workshop seed [--profile full|quick] [NOTEBOOK...]   fill the shared cache once
    ./lab bench workshop [--profile quick|full]                memory and start-up figures

(`./lab workshop` is `./lab workshop serve`.) The same Hub, users and REST calls serve the tests
(tests/test_workshop.py). docs/workshop.md tells the whole recipe.
"""

import argparse
import asyncio
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "environment" / "jupyterhub_config.py"
DEFAULT_STATE = REPO / "build" / "workshop"
DEFAULT_SHARED_CACHE = Path(os.environ.get("LAB_SHARED_CACHE_DIR", "/var/cache/compression-lab/models"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port, ip="127.0.0.1"):
    with socket.socket() as s:
        try:
            s.bind((ip, port))
            return True
        except OSError:
            return False


def tree_digest(root):
    """SHA-256 of every file's path, size and bytes under root (to prove nothing changed)."""
    h = hashlib.sha256()
    root = Path(root)
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


class Hub:
    """A JupyterHub started from the project's venv (use `with Hub(...) as hub:`)."""

    def __init__(self, state_dir, shared_cache, auth="shared-password", users=(), port=None,
                 profile="full", password=None, ip="127.0.0.1"):
        self.state = Path(state_dir)
        self.shared_cache = Path(shared_cache)
        self.auth = auth
        self.users = list(users)
        self.port = port or free_port()
        self.ip = ip
        self.profile = profile
        self.password = password or secrets.token_urlsafe(12)
        self.admin_token = secrets.token_hex(32)
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self):
        env = dict(os.environ)
        env.update(
            LAB_HOME=str(REPO), LAB_HUB_STATE_DIR=str(self.state), LAB_HUB_AUTH=self.auth,
            LAB_HUB_PORT=str(self.port), LAB_HUB_IP=self.ip,
            LAB_HUB_INTERNAL_PORT=str(free_port()), LAB_HUB_PROXY_API_PORT=str(free_port()),
            LAB_HUB_USERS=",".join(self.users), LAB_HUB_PASSWORD=self.password,
            LAB_HUB_ADMIN_TOKEN=self.admin_token, LAB_SHARED_CACHE_DIR=str(self.shared_cache),
            LAB_PROFILE=self.profile,
        )
        return env

    def __enter__(self):
        chp = Path(sys.prefix) / "node_modules" / ".bin" / "configurable-http-proxy"
        if not chp.exists():
            raise SystemExit(f"JupyterHub's proxy is missing ({chp}); run ./lab test once, or "
                             f"npm install --prefix {sys.prefix} configurable-http-proxy")
        if not port_is_free(self.port, self.ip):
            raise SystemExit(f"port {self.port} is in use; pick another with --port")
        if self.auth == "system" and os.getuid() != 0:
            raise SystemExit("--auth system runs each learner's server as their own account: start it as root")
        self.state.mkdir(parents=True, exist_ok=True)
        self.log_path = self.state / "jupyterhub.log"
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [str(Path(sys.prefix) / "bin" / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.state, env=self.env(), stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited at start-up; see {self.log_path}:\n"
                                   + self.log_path.read_text()[-3000:])
            try:
                self.api("GET", "")
                return self
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"JupyterHub did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub, its proxy and the learners' servers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if getattr(self, "log", None):
            self.log.close()

    # --- REST ---------------------------------------------------------------------------------

    def api(self, method, path, body=None, token=None):
        """The hub's REST API, as the lab's admin service, as a learner (`token`), or with no token
        at all (`token=False`)."""
        return _json(method, f"{self.url}/hub/api/{path}", body,
                     None if token is False else token or self.admin_token)

    def login(self, user):
        """Logs `user` in through the REST API (their name and the room's password) and returns
        an API token of theirs."""
        reply = self.api("POST", f"users/{user}/tokens", token=False,
                         body={"auth": {"username": user, "password": self.password},
                               "note": "compression-lab workshop", "expires_in": 86400})
        return reply["token"]

    def start_server(self, user, token, timeout=180):
        """Starts `user`'s single-user server (as they would by logging in) and waits for it."""
        try:
            self.api("POST", f"users/{user}/server", token=token)
        except urllib.error.HTTPError as e:
            if e.code != 400:  # 400: already running
                raise
        deadline = time.time() + timeout
        while time.time() < deadline:
            model = self.api("GET", f"users/{user}", token=token)
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return server["url"]
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not start within {timeout} s; see {self.log_path}")

    def user_api(self, user, token, method, path, body=None):
        """The REST API of `user`'s own Jupyter server, through the hub's proxy."""
        return _json(method, f"{self.url}/user/{user}/api/{path}", body, token)


def _json(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(req, timeout=60) as r:
        text = r.read()
        return json.loads(text) if text else None


# --- running a notebook through the hub ------------------------------------------------------


class RemoteKernel:
    """A kernel of a learner's server, driven over its websocket as JupyterLab does."""

    def __init__(self, hub, user, token, path):
        self.hub, self.user, self.token, self.path = hub, user, token, path
        self.session = uuid.uuid4().hex

    async def __aenter__(self):
        from tornado.websocket import websocket_connect
        from tornado.httpclient import HTTPRequest

        model = self.hub.user_api(self.user, self.token, "POST", "sessions",
                                  {"path": self.path, "type": "notebook", "name": Path(self.path).name,
                                   "kernel": {"name": "compression-lab"}})
        self.session_id = model["id"]
        self.kernel_id = model["kernel"]["id"]
        ws_url = (self.hub.url.replace("http", "ws", 1)
                  + f"/user/{self.user}/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {self.token}"}),
                                          max_message_size=256 * 1024 * 1024)
        await self.request("kernel_info_request", {}, timeout=180)
        return self

    async def __aexit__(self, *exc):
        self.ws.close()
        self.hub.user_api(self.user, self.token, "DELETE", f"sessions/{self.session_id}")

    def _msg(self, msg_type, content, channel="shell"):
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                           "username": self.user, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                "buffers": []}

    async def request(self, msg_type, content, timeout=600):
        """Sends a shell request; returns (reply content, iopub outputs) once the kernel is idle."""
        msg = self._msg(msg_type, content)
        self.ws.write_message(json.dumps(msg))
        reply, outputs, idle = None, [], False
        deadline = time.time() + timeout
        while reply is None or not idle:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"{self.user}: no answer to {msg_type} within {timeout} s")
            raw = await asyncio.wait_for(self.ws.read_message(), left)
            if raw is None:
                raise ConnectionError(f"{self.user}: the kernel's websocket closed")
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                continue
            if m["channel"] == "shell":
                reply = m["content"]
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle = True
            elif m["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append(m)
        return reply, outputs

    async def run_notebook(self, nb, timeout=1800):
        """Runs every code cell of `nb` in order; returns [(status, outputs)] per code cell."""
        results = []
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            reply, outputs = await self.request("execute_request",
                                                {"code": source, "silent": False, "store_history": True,
                                                 "user_expressions": {}, "allow_stdin": False,
                                                 "stop_on_error": True}, timeout=timeout)
            results.append((reply["status"], outputs))
            if reply["status"] != "ok":
                break
        return results


def _processes():
    """(pid, argv bytes, environment bytes) of every process this user may read."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                yield int(proc.name), (proc / "cmdline").read_bytes(), (proc / "environ").read_bytes()
            except OSError:
                continue


def kernel_pid(kernel_id):
    """The pid of the JVM of a kernel (found by its connection file's name), or None."""
    for pid, cmd, _ in _processes():
        if f"kernel-{kernel_id}.json".encode() in cmd and b"LabKernel" in cmd:
            return pid
    return None


def server_pid(user):
    """The pid of `user`'s single-user server, or None."""
    for pid, cmd, env in _processes():
        if b"jupyterhub-singleuser" in cmd and f"JUPYTERHUB_USER={user}\0".encode() in env:
            return pid
    return None


def rss_mib(pid, field="VmRSS"):
    """Resident memory of a process in MiB (VmHWM: its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def kernel_xmx():
    """The heap the installed kernelspec gives the kernel (-Xmx...)."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "compression-lab" / "kernel.json"
    for arg in json.loads(spec.read_text())["argv"]:
        if arg.startswith("-Xmx"):
            return arg[4:]
    return "?"


def total_memory_mib():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- commands ----------------------------------------------------------------------------------


def seed(args):
    """Fills the shared cache by running the notebooks that train what the others load, with the
    cache pointed at the shared directory; then makes it read-only."""
    import nbformat
    from nbclient import NotebookClient

    shared = Path(args.cache)
    shared.mkdir(parents=True, exist_ok=True)
    books = args.notebooks or ["00-the-big-idea.ipynb", "01-neural-architecture-search.ipynb",
                               "02-pruning.ipynb", "04-teacher-student.ipynb"]
    os.environ.update(LAB_PROFILE=args.profile, LAB_CACHE_DIR=str(shared))
    os.environ.pop("LAB_SHARED_CACHE_DIR", None)
    for name in books:
        start = time.time()
        nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
        NotebookClient(nb, kernel_name="compression-lab", timeout=3600).execute()
        print(f"[workshop] seeded from {name} ({time.time() - start:.0f} s)")
    for p in shared.rglob("*"):
        if p.is_file():
            p.chmod(0o444)
    print(f"[workshop] the shared cache {shared} holds {sum(1 for p in shared.rglob('*') if p.is_file())} "
          f"files, read-only; serve it with ./lab workshop serve --cache {shared}")


def serve(args):
    shared = Path(args.cache)
    if not shared.is_dir() or not any(shared.iterdir()):
        print(f"[workshop] the shared cache {shared} is empty: every learner would train the teacher. "
              f"Seed it first: ./lab workshop seed --cache {shared}", file=sys.stderr)
    users = [u for u in args.users.split(",") if u]
    hub = Hub(args.state, shared, auth=args.auth, users=users, port=args.port, profile=args.profile,
              password=args.password, ip=args.ip)
    with hub:
        print(f"[workshop] JupyterHub is at http://{args.ip}:{hub.port}/ (log: {hub.log_path})")
        if args.auth == "shared-password":
            print(f"[workshop] learners log in with any name{' of ' + args.users if users else ''} "
                  f"and the room's password: {hub.password}")
        else:
            print("[workshop] learners log in with their account on this machine")
        print("[workshop] Ctrl+C stops the hub and every learner's server")
        try:
            hub.proc.wait()
        except KeyboardInterrupt:
            pass


async def _measure(hub, user, path, nb):
    t0 = time.time()
    token = hub.login(user)
    hub.start_server(user, token)
    async with RemoteKernel(hub, user, token, path) as k:
        started = time.time() - t0
        kpid, spid = kernel_pid(k.kernel_id), server_pid(user)
        await asyncio.sleep(5)  # let the kernel's start-up warm-up settle
        idle_kernel, idle_server = rss_mib(kpid), rss_mib(spid)
        results = await k.run_notebook(nb)
        failed = [i for i, (status, _) in enumerate(results) if status != "ok"]
        if failed:
            raise RuntimeError(f"{path} failed at code cell {failed[0]}: {results[failed[0]][1][-1:]}")
        after_kernel, after_server = rss_mib(kpid), rss_mib(spid)
        peak_kernel = rss_mib(kpid, "VmHWM")
        _, outs = await k.request("execute_request", {"code": HEAP_CELL, "silent": False}, timeout=120)
        heap = "".join("".join(m["content"].get("data", {}).get("text/plain", "")) for m in outs).strip('"')
        heap += f"; resident then {rss_mib(kpid):.0f} MiB"
    return started, idle_kernel, idle_server, after_kernel, after_server, peak_kernel, heap


# What the kernel's JVM holds after a full collection: its heap, and ND4J's native buffers
# (JavaCPP counts them).
HEAP_CELL = """System.gc();
var rt = Runtime.getRuntime();
String.format("heap %d MiB live, %d MiB committed of %d MiB; ND4J native buffers %d MiB",
    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20, rt.maxMemory() >> 20,
    org.bytedeco.javacpp.Pointer.totalBytes() >> 20)"""


def bench(args):
    import nbformat

    nb = nbformat.read(REPO / "notebooks" / "04-teacher-student.ipynb", as_version=4)
    state = Path(args.state) / f"bench-{os.getpid()}"
    shutil.rmtree(state, ignore_errors=True)
    hub = Hub(state, args.cache, users=["learner"], profile=args.profile)
    with hub:
        hub_rss = rss_mib(hub.proc.pid)
        started, idle_k, idle_s, after_k, after_s, peak_k, heap = asyncio.run(
            _measure(hub, "learner", "compression-lab/04-teacher-student.ipynb", nb))
    shutil.rmtree(state, ignore_errors=True)
    total = total_memory_mib()
    reserve = 2048 + hub_rss + 100  # the system, the hub and its proxy
    per_learner = after_k + after_s
    per_learner_peak = peak_k + after_s
    xmx = kernel_xmx()
    print(f"workshop bench ({args.profile} profile, kernel heap -Xmx{xmx}, {total / 1024:.1f} GiB machine)")
    print(f"  login to a running kernel:            {started:6.1f} s")
    print(f"  kernel RSS idle:                      {idle_k:6.0f} MiB (server {idle_s:.0f} MiB)")
    print(f"  kernel RSS after notebook 04:         {after_k:6.0f} MiB (server {after_s:.0f} MiB), peak {peak_k:.0f} MiB")
    print(f"  kernel after a full GC:               {heap}")
    print(f"  hub RSS:                              {hub_rss:6.0f} MiB")
    free = total - reserve
    print(f"  memory for learners:                  {free / 1024:6.1f} GiB (2 GiB kept for the system, and the hub)")
    print(f"  learners that fit, everyone at peak:  {int(free // per_learner_peak):6d} ({per_learner_peak:.0f} MiB each)")
    print(f"  learners that fit, after notebook 04: {int(free // per_learner):6d} ({per_learner:.0f} MiB each)")


def main(argv=None):
    p = argparse.ArgumentParser(prog="./lab workshop", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache", default=str(DEFAULT_SHARED_CACHE),
                        help="the shared, read-only model cache (default: %(default)s)")
    common.add_argument("--state", default=str(DEFAULT_STATE),
                        help="the hub's database, log and (shared-password) homes (default: %(default)s)")
    common.add_argument("--profile", default=os.environ.get("LAB_PROFILE", "full"), choices=["full", "quick"])
    s = sub.add_parser("serve", parents=[common], help="start the hub (the default)")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--ip", default="127.0.0.1", help="0.0.0.0 to let the room in")
    s.add_argument("--auth", choices=["shared-password", "system"], default="shared-password")
    s.add_argument("--users", default="", help="comma-separated learner names allowed (default: any)")
    s.add_argument("--password", default=None, help="the room's password (default: a random one, printed)")
    s.set_defaults(func=serve)
    d = sub.add_parser("seed", parents=[common], help="fill the shared cache once, then make it read-only")
    d.add_argument("notebooks", nargs="*")
    d.set_defaults(func=seed)
    b = sub.add_parser("bench", parents=[common], help="a learner's memory and start-up time")
    b.set_defaults(func=bench)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-"):
        argv.insert(0, "serve")
    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
