"""The kernel's magics through a real Jupyter client: %time and %%time, %load of a Java file
and of a notebook (with or without .ipynb), %classpath, %lsmagic, and a one-line error for a
magic that fails. (%maven needs the network and is left to manual runs.)

Run with the system Python, after kernel/install:
    /usr/bin/python3 -m unittest discover -s kernel -p 'test_*.py'
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")
TIMEOUT = 60


class LabKernelMagics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="lab-magics-")
        cls.km = KernelManager(kernel_name=KERNEL_NAME)
        cls.km.start_kernel(cwd=cls.dir)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_cell(self, code):
        text, results, errors = [], [], []

        def hook(msg):
            kind = msg["msg_type"]
            if kind == "stream":
                text.append(msg["content"]["text"])
            elif kind == "execute_result":
                results.append(msg["content"]["data"]["text/plain"])
            elif kind == "error":
                errors.append(msg["content"])

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT)
        return reply["content"]["status"], "".join(text), results, errors

    def test_time_line_and_cell(self):
        status, text, results, _ = self.run_cell("%time 6 * 7")
        self.assertEqual(status, "ok")
        self.assertIn("Wall time:", text)
        self.assertEqual(results, ["42"])
        status, text, results, _ = self.run_cell("%%time\nint t = 20;\nt + 1")
        self.assertEqual(status, "ok")
        self.assertIn("Wall time:", text)
        self.assertEqual(results, ["21"])

    def test_load_java_file_and_notebook(self):
        path = os.path.join(self.dir, "Greeting.java")
        with open(path, "w") as f:
            f.write('String greet(String who) { return "hello " + who; }\n')
        status, _, _, _ = self.run_cell(f"%load {path}")
        self.assertEqual(status, "ok")
        self.assertEqual(self.run_cell('greet("lab")')[2], ["hello lab"])

        nb = {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": "# setup"},
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": ["int fromNotebook = 6;\n", "fromNotebook * 7"],
                },
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        with open(os.path.join(self.dir, "setup.ipynb"), "w") as f:
            json.dump(nb, f)
        # without the extension, as IJava allows
        status, _, results, _ = self.run_cell(f"%load {os.path.join(self.dir, 'setup')}")
        self.assertEqual(status, "ok")
        self.assertEqual(results, ["42"])

    def test_classpath_adds_a_folder_of_classes(self):
        src = os.path.join(self.dir, "src")
        out = os.path.join(self.dir, "classes")
        os.makedirs(os.path.join(src, "demo"))
        os.makedirs(out)
        with open(os.path.join(src, "demo", "Answer.java"), "w") as f:
            f.write("package demo; public class Answer { public static int get() { return 42; } }\n")
        subprocess.run(
            ["javac", "-d", out, os.path.join(src, "demo", "Answer.java")], check=True
        )
        status, text, _, _ = self.run_cell(f"%classpath {out}")
        self.assertEqual(status, "ok")
        self.assertIn("Added 1 class path entry", text)
        self.assertEqual(self.run_cell("demo.Answer.get()")[2], ["42"])

    def test_lsmagic_lists_the_magics(self):
        status, text, _, _ = self.run_cell("%lsmagic")
        self.assertEqual(status, "ok")
        for name in ("%maven", "%jars", "%classpath", "%load", "%time", "%%time"):
            self.assertIn(name, text)

    def test_failing_magic_gives_a_one_line_error(self):
        status, _, _, errors = self.run_cell("%load /no/such/File.java")
        self.assertEqual(status, "error")
        self.assertEqual(errors[0]["ename"], "MagicException")
        self.assertIn("no file", errors[0]["evalue"])
        self.assertEqual(len(errors[0]["traceback"]), 1)
        status, _, _, errors = self.run_cell("%nosuchmagic")
        self.assertEqual(status, "error")
        self.assertEqual(errors[0]["ename"], "MagicException")
        self.assertIn("%maven", errors[0]["evalue"])


if __name__ == "__main__":
    unittest.main()
