"""A Jupyter Server on a free loopback port, for the tests and benches that go through it the way
JupyterLab does: REST for kernels, one websocket per client session.

    with JupyterServer() as server:
        kernel_id = server.rest("POST", "/api/kernels", {"name": "compression-lab"})["id"]
        ws = await server.connect(kernel_id, session_id)
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    def __init__(self, timeout=120, env=None):
        self.timeout = timeout
        self.env = env
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.root = tempfile.mkdtemp(prefix="lab-server-")
        self.log_path = os.path.join(self.root, "server.log")

    def __enter__(self):
        self.log = open(self.log_path, "w", encoding="utf-8")
        env = dict(os.environ)
        env.update(self.env or {})
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                "--no-browser",
                "--allow-root",
                f"--port={self.port}",
                "--ip=127.0.0.1",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.time() + self.timeout
        while True:
            try:
                self.rest("GET", "/api/status")
                return self
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"the Jupyter server did not start; see {self.log_path}")
                time.sleep(0.3)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def rest(self, method, path, body=None):
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            text = r.read()
        return json.loads(text) if text else None

    async def connect(self, kernel_id, session):
        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels?session_id={session}"
        return await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"}),
            max_message_size=256 << 20,
        )


def execute_request(session, code):
    """(msg_id, the JSON text of an execute_request on the shell channel)."""
    msg_id = uuid.uuid4().hex
    return msg_id, json.dumps(
        {
            "channel": "shell",
            "header": {
                "msg_id": msg_id,
                "msg_type": "execute_request",
                "session": session,
                "username": "learner",
                "version": "5.3",
                "date": "",
            },
            "parent_header": {},
            "metadata": {},
            "content": {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            "buffers": [],
        }
    )
