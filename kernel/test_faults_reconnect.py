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
import sys
import time
import unittest
import uuid
from importlib.util import find_spec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lab_server import JupyterServer, execute_request  # noqa: E402

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")
TIMEOUT = 120
LINES = 30


@unittest.skipUnless(
    find_spec("jupyter_server"), "no Jupyter Server (Debian-only set-up): nothing buffers for a front end"
)
class Reconnect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = JupyterServer(timeout=TIMEOUT).__enter__()
        cls.kernel_id = cls.server.rest("POST", "/api/kernels", {"name": KERNEL_NAME})["id"]

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.rest("DELETE", f"/api/kernels/{cls.kernel_id}")
        finally:
            cls.server.__exit__(None, None, None)

    async def connect(self, session):
        return await self.server.connect(self.kernel_id, session)

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
        msg_id, request = execute_request(
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
        msg_id, request = execute_request(session, "6 * 7")
        await ws.write_message(request)
        seen = []
        self.assertTrue(await self.receive(ws, msg_id, seen, self.finished, TIMEOUT))
        ws.close()
        results = [m for m in seen if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
