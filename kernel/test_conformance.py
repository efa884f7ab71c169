"""Jupyter's kernel conformance suite (jupyter_kernel_test) against the installed kernel.

Run with the system Python, after kernel/install:
    /usr/bin/python3 -m unittest discover -s kernel -p 'test_*.py'
LAB_KERNEL_NAME picks another kernelspec (default: compression-lab).
"""

import os
import unittest

import jupyter_kernel_test

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")


class LabKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.absE", "matches": {"absExact("}},
        {"text": "Syste"},
    ]

    complete_code_samples = ["1 + 1", "int x = 3;", "import java.util.*;", "%time 1 + 1"]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        'String s = "a" +',
        "int[] a = {1, 2",
    ]
    invalid_code_samples = ["}", "int x = ;", ")"]

    code_generate_error = 'throw new IllegalStateException("expected by the test");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"compression".length()', "result": "11"},
        {
            "code": 'Table.create("t", DoubleColumn.create("a", 1, 2))',
            "mime": "text/html",
        },
        {
            "code": "new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB)",
            "mime": "image/png",
        },
    ]

    code_display_data = [
        {"code": 'display("shown as text");', "mime": "text/plain"},
        {
            "code": 'display(Charts.lines("loss", "epoch", "loss", '
            'java.util.Map.of("train", new double[] {3, 2, 1})));',
            "mime": "image/png",
        },
        {
            "code": 'display(Charts.bars("acc", "model", "accuracy", java.util.List.of("a", "b"), '
            'java.util.Map.of("test", new double[] {0.9, 0.8})), "image/svg+xml");',
            "mime": "image/svg+xml",
        },
    ]

    code_inspect_sample = "Math.max"

    def test_completion_offers_system(self):
        self.flush_channels()
        self.kc.complete("Syste")
        reply = self.get_non_kernel_info_reply(timeout=15)
        self.assertIn("System", reply["content"]["matches"])


if __name__ == "__main__":
    unittest.main()
