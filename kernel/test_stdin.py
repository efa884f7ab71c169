"""System.in in a cell reads lines from the front end (input_request), and is empty when the
front end does not allow stdin (headless runs).

Run with the system Python, after kernel/install:
    /usr/bin/python3 -m unittest discover -s kernel -p 'test_*.py'
"""

import os
import unittest

from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")
TIMEOUT = 60


class LabKernelStdin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=KERNEL_NAME)
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def results(self, code, **kw):
        out = []

        def hook(msg):
            if msg["msg_type"] == "execute_result":
                out.append(msg["content"]["data"]["text/plain"])

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT, **kw)
        self.assertEqual(reply["content"]["status"], "ok")
        return out

    def test_reading_a_line_asks_the_front_end(self):
        prompts = []

        def answer(msg):
            prompts.append(msg)
            self.kc.input("Ada")

        out = self.results(
            'new java.util.Scanner(System.in).nextLine() + "!"',
            allow_stdin=True,
            stdin_hook=answer,
        )
        self.assertEqual(len(prompts), 1)
        self.assertEqual(out, ["Ada!"])

    def test_without_stdin_input_is_at_its_end(self):
        out = self.results("new java.util.Scanner(System.in).hasNextLine()", allow_stdin=False)
        self.assertEqual(out, ["false"])


if __name__ == "__main__":
    unittest.main()
