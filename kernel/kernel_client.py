"""What the kernel tests share: a test class with one kernel of its own (the kernelspec in
LAB_KERNEL_NAME, default compression-lab), its stderr kept in a temporary log, and the way a
cell is run and its outputs collected."""

import os
import tempfile
import unittest

from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")


class KernelTestCase(unittest.TestCase):
    """One kernel per test class, started before its tests and shut down after them."""

    TIMEOUT = 60
    LOG_PREFIX = "lab-kernel-"
    # a cell run once the kernel is ready, whose variable the fault tests check survives; or None
    WARM_UP = "int keep = 41;"

    @classmethod
    def setUpClass(cls):
        cls.log = tempfile.NamedTemporaryFile(prefix=cls.LOG_PREFIX, suffix=".log", delete=False)
        cls.km = KernelManager(kernel_name=KERNEL_NAME)
        cls.km.start_kernel(stderr=cls.log)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=cls.TIMEOUT)
        if cls.WARM_UP:
            status, _, _ = cls.run_cell(cls.WARM_UP)
            assert status == "ok", status

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log.close()
        os.unlink(cls.log.name)

    @classmethod
    def run_cell(cls, code, timeout=None):
        """Runs code; returns (status, stream text, list of other output messages)."""
        text = []
        outputs = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                text.append(msg["content"]["text"])
            elif msg["msg_type"] in ("execute_result", "display_data", "error"):
                outputs.append(msg)

        reply = cls.kc.execute_interactive(code, output_hook=hook, timeout=timeout or cls.TIMEOUT)
        return reply["content"]["status"], "".join(text), outputs
