"""Faults the kernel must survive with its variables intact, through a real Jupyter client:
a cell that throws, fails to compile, prints 10 MB, or loops until interrupted; and a message
with a wrong HMAC signature, which is rejected and logged, never executed.

Run with the system Python, after kernel/install:
    /usr/bin/python3 -m unittest discover -s kernel -p 'test_*.py'
"""

import os
import sys
import time
import unittest

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_client import KERNEL_NAME, KernelTestCase  # noqa: E402

TIMEOUT = 60


class LabKernelFaults(KernelTestCase):
    TIMEOUT = TIMEOUT

    def wait_for_stream(self, msg_id, text):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "stream"
                and text in msg["content"]["text"]
            ):
                return
        self.fail(f"no output {text!r} from the cell")

    def assert_intact(self):
        status, _, outputs = self.run_cell("keep + 1")
        self.assertEqual(status, "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_throwing_cell_reports_exception_trimmed_to_user_code(self):
        status, _, outputs = self.run_cell(
            'void fail() { throw new IllegalArgumentException("bad input"); }\nfail();'
        )
        self.assertEqual(status, "error")
        error = outputs[-1]["content"]
        self.assertEqual(error["ename"], "IllegalArgumentException")
        self.assertEqual(error["evalue"], "bad input")
        trace = "\n".join(error["traceback"])
        self.assertIn("fail(<cell>)", trace)
        self.assertNotIn("jdk.jshell", trace)
        self.assertNotIn("LabKernel", trace)
        self.assert_intact()

    def test_compile_error_shows_message_and_span(self):
        status, _, outputs = self.run_cell("int broken = undefinedName + 1;")
        self.assertEqual(status, "error")
        error = outputs[-1]["content"]
        self.assertEqual(error["ename"], "CompilationException")
        trace = "\n".join(error["traceback"])
        self.assertIn("cannot find symbol", trace)
        self.assertIn("undefinedName", trace)
        self.assertIn("^", trace)
        self.assert_intact()

    def test_ten_megabytes_of_output_arrive_and_kernel_survives(self):
        # 100,000 lines of 99 characters and a newline: 10,000,000 characters.
        status, text, _ = self.run_cell(
            'for (int i = 0; i < 100_000; i++) System.out.println("x".repeat(99));',
            timeout=180,
        )
        self.assertEqual(status, "ok")
        self.assertEqual(len(text), 10_000_000)
        self.assert_intact()

    def test_loop_that_ignores_interrupts_is_stopped(self):
        self.run_cell("long spins = 0;")
        # One snippet that says it started, then spins without ever checking for interrupts.
        msg_id = self.kc.execute('{ System.out.println("spinning"); while (true) { spins++; } }')
        self.wait_for_stream(msg_id, "spinning")
        time.sleep(0.5)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "EvaluationInterruptedException")
        status, _, outputs = self.run_cell("spins > 0")
        self.assertEqual(status, "ok")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "true")
        self.assert_intact()

    def test_sleeping_cell_is_interrupted(self):
        msg_id = self.kc.execute('{ System.out.println("sleeping"); Thread.sleep(600_000); }')
        self.wait_for_stream(msg_id, "sleeping")
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assert_intact()

    def test_message_with_wrong_signature_is_rejected_and_logged(self):
        forged = Session(key=b"not-the-kernel-key", username="intruder")
        socket = self.km.connect_shell()
        try:
            forged.send(
                socket,
                "execute_request",
                content={
                    "code": "keep = 0;",
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            )
            time.sleep(1.5)
        finally:
            socket.close(linger=0)
        self.assert_intact()  # keep is still 41: the forged cell never ran
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn("rejected a message", log)


class LabKernelRestart(unittest.TestCase):
    def test_restart_gives_fresh_state(self):
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            quiet = {"output_hook": lambda msg: None, "timeout": TIMEOUT}
            kc.execute_interactive("int before = 1;", **quiet)
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=TIMEOUT)
            reply = kc.execute_interactive("before", **quiet)
            self.assertEqual(reply["content"]["status"], "error")
            reply = kc.execute_interactive("1 + 1", **quiet)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
            self.assertFalse(km.is_alive())


if __name__ == "__main__":
    unittest.main()
