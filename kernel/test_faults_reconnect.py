"""A front end that disconnects during a long cell and comes back, as a browser tab does on a
flaky network or a laptop lid: through a real Jupyter Server (the one JupyterLab talks to), the
client's websocket closes mid-cell and reopens with the same session; every line the cell printed
arrives exactly once, in order, with its reply, and the kernel kept running meanwhile.

The server keeps the kernel's messages while no websocket is open and replays them to the same
session; the kernel's part is to go on with the cell when nobody listens, and to keep publishing
its output and reply as usual.

    .venv/bin/python -m pytest -v kernel/test_faults_reconnect.py
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
from importlib.util import find_spec

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")
TIMEOUT = 120
LINES = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(
    find_spec("jupyter_server"), "no Jupyter Server (Debian-only set-up): nothing buffers for a front end"
)
class Reconnect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.token = uuid.uuid4().hex
        cls.root = tempfile.mkdtemp(prefix="lab-reconnect-")
        cls.log = open(os.path.join(cls.root, "server.log"), "w", encoding="utf-8")
        cls.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                "--no-browser",
                "--allow-root",
                f"--port={cls.port}",
                "--ip=127.0.0.1",
                f"--IdentityProvider.token={cls.token}",
                f"--ServerApp.root_dir={cls.root}",
            ],
            stdout=cls.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + TIMEOUT
        while True:
            try:
                cls.rest("GET", "/api/status")
                break
            except OSError:
                if time.time() > deadline or cls.server.poll() is not None:
                    raise RuntimeError("the Jupyter server did not start; see " + cls.log.name)
                time.sleep(0.3)
        cls.kernel_id = cls.rest("POST", "/api/kernels", {"name": KERNEL_NAME})["id"]

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rest("DELETE", f"/api/kernels/{cls.kernel_id}")
        finally:
            cls.server.terminate()
            cls.server.wait(30)
            cls.log.close()

    @classmethod
    def rest(cls, method, path, body=None):
        req = urllib.request.Request(
            f"http://127.0.0.1:{cls.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {cls.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read()
        return json.loads(text) if text else None

    async def connect(self, session):
        url = (
            f"ws://127.0.0.1:{self.port}/api/kernels/{self.kernel_id}/channels"
            f"?session_id={session}"
        )
        return await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        )

    @staticmethod
    def execute_request(session, code):
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

    async def receive(self, ws, msg_id, seen, until, timeout):
        """Reads messages of msg_id into `seen` until until(seen) holds; False if the socket closed
        or the time ran out first."""
        deadline = time.time() + timeout
        while not until(seen):
            left = deadline - time.time()
            if left <= 0:
                return False
            try:
                raw = await asyncio.wait_for(ws.read_message(), left)
            except asyncio.TimeoutError:
                return False
            if raw is None:
                return False
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                seen.append(msg)
        return True

    @staticmethod
    def printed(msgs):
        return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")

    @staticmethod
    def finished(msgs):
        replied = any(m["msg_type"] == "execute_reply" for m in msgs)
        idle = any(
            m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in msgs
        )
        return replied and idle

    def test_output_printed_while_the_front_end_was_away_arrives_after_it_reconnects(self):
        asyncio.run(self.disconnect_and_reconnect())

    async def disconnect_and_reconnect(self):
        session = uuid.uuid4().hex
        ws = await self.connect(session)
        msg_id, request = self.execute_request(
            session,
            f"for (int i = 0; i < {LINES}; i++) {{"
            ' System.out.println("line " + i); System.out.flush(); Thread.sleep(200); }',
        )
        await ws.write_message(request)
        seen = []
        got = await self.receive(ws, msg_id, seen, lambda s: "line 3\n" in self.printed(s), TIMEOUT)
        self.assertTrue(got, f"the cell did not start printing: {seen}")
        ws.close()  # the tab goes away mid-cell
        before = len(seen)
        await asyncio.sleep(LINES * 0.2 + 2)  # the cell finishes while nobody listens
        ws = await self.connect(session)  # the same session comes back
        got = await self.receive(ws, msg_id, seen, self.finished, TIMEOUT)
        ws.close()
        self.assertTrue(got, f"no reply after reconnecting: {[m['msg_type'] for m in seen]}")
        text = self.printed(seen)
        self.assertEqual(text, "".join(f"line {i}\n" for i in range(LINES)), text)
        reply = [m for m in seen if m["msg_type"] == "execute_reply"][0]
        self.assertEqual(reply["content"]["status"], "ok")
        print(
            f"\nreconnect: {before} messages before the disconnect, {len(seen) - before} replayed"
            " or sent after it; all lines arrived once, in order"
        )
        # and the kernel is there for the next cell
        ws = await self.connect(session)
        msg_id, request = self.execute_request(session, "6 * 7")
        await ws.write_message(request)
        seen = []
        self.assertTrue(await self.receive(ws, msg_id, seen, self.finished, TIMEOUT))
        ws.close()
        results = [m for m in seen if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
