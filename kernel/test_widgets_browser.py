"""Java widgets in a real JupyterLab, driven by headless Chromium (Playwright): a log-scale T slider
over a chart renders and its drag redraws the chart; a button click adds a row to a table; an
Image widget shows PNG bytes; after a page reload the widgets come back (request_states).

Needs JupyterLab with ipywidgets 8 and Playwright in the running Python, and Chromium
(LAB_CHROMIUM, else /usr/bin/chromium); skipped otherwise. After kernel/install:
    python -m unittest kernel/test_widgets_browser.py
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

KERNEL_NAME = os.environ.get("LAB_KERNEL_NAME", "compression-lab")
CHROMIUM = os.environ.get("LAB_CHROMIUM", "/usr/bin/chromium")
TOKEN = "lab-widgets-test"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import jupyterlab  # noqa: F401
    from playwright.sync_api import sync_playwright

    from lab_server import free_port
except ImportError:
    sync_playwright = None

CELLS = [
    # 0: a T slider over a bar chart of soft labels
    'var t = new FloatLogSlider("T").range(0.1, 20).value(1);\n'
    "double[] logits = {4, 2, 1, 0.5, 0, -1, -2, -2.5, -3, -4};\n"
    "interact(() -> {\n"
    "  double[] p = new double[10]; double z = 0;\n"
    "  for (int i = 0; i < 10; i++) { p[i] = Math.exp(logits[i] / t.value()); z += p[i]; }\n"
    "  var c = new CategoryChartBuilder().width(400).height(240).build();\n"
    '  c.addSeries("p", java.util.stream.IntStream.range(0, 10).boxed().toList(),\n'
    "      java.util.Arrays.stream(p).map(x -> x / 1).boxed().toList());\n"
    "  return c;\n"
    "}, t)",
    # 1: a button that adds a row to a table shown in an Output
    "var tries = tech.tablesaw.api.Table.create(\"tries\", IntColumn.create(\"try\"));\n"
    "var log = new Output();\n"
    'var train = new Button("train").buttonStyle(Emphasis.PRIMARY);\n'
    "train.onClick(log.capturing(() -> {\n"
    "  tries.intColumn(\"try\").append(tries.rowCount() + 1);\n"
    "  log.clear(true);\n"
    "  display(tries);\n"
    "}));\n"
    "VBox.of(train, log)",
    # 2: an Image widget
    "var img = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
    "new Image().show(img)",
    # 3: what Java sees
    "t.value() > 1.5",
]


@unittest.skipIf(sync_playwright is None, "JupyterLab or Playwright is not installed")
@unittest.skipIf(not os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM}")
class WidgetsInJupyterLab(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="lab-widgets-browser-")
        nb = {
            "cells": [
                {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                for c in CELLS
            ],
            "metadata": {"kernelspec": {"name": KERNEL_NAME, "display_name": "Java", "language": "java"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        with open(os.path.join(cls.dir, "widgets.ipynb"), "w") as f:
            json.dump(nb, f)
        cls.port = free_port()
        # As tests/labserver.py does: every cell kept in the page, and no news pop-up (a toast
        # that appears late on a loaded machine can take the key press meant for a cell).
        settings = os.path.join(cls.dir, ".settings")
        for name, value in {
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
                "fetchNews": "false", "checkForUpdates": False},
        }.items():
            os.makedirs(os.path.dirname(os.path.join(settings, name)), exist_ok=True)
            with open(os.path.join(settings, name), "w") as f:
                json.dump(value, f)
        cls.server_log = open(os.path.join(cls.dir, "server.log"), "w")
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
             f"--port={cls.port}", f"--IdentityProvider.token={TOKEN}",
             f"--ServerApp.root_dir={cls.dir}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            stdout=cls.server_log, stderr=subprocess.STDOUT,
            env=dict(os.environ, JUPYTERLAB_SETTINGS_DIR=settings))
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{cls.port}/api?token={TOKEN}", timeout=2)
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        cls.pw = sync_playwright().start()
        cls.browser = cls.pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        cls.page = cls.browser.new_page(viewport={"width": 1300, "height": 1000})
        try:
            cls.open_notebook()
            for i in range(len(CELLS) - 1):
                cls.run_cell(i)
        except Exception:
            cls.page.screenshot(path=os.path.join(tempfile.gettempdir(), "lab-widgets-browser.png"))
            cls.server_log.flush()
            shutil.copy(os.path.join(cls.dir, "server.log"),
                        os.path.join(tempfile.gettempdir(), "lab-widgets-browser-server.log"))
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.pw.stop()
        cls.server.terminate()
        cls.server.wait(30)
        cls.server_log.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def open_notebook(cls):
        cls.page.goto(f"http://127.0.0.1:{cls.port}/lab/tree/widgets.ipynb?token={TOKEN}")
        cls.page.wait_for_selector(".jp-Notebook", timeout=120000)
        cls.page.wait_for_selector(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120000)

    @classmethod
    def cell(cls, i):
        return cls.page.locator(".jp-Notebook .jp-Cell").nth(i)

    @classmethod
    def run_cell(cls, i):
        """Runs cell i (Shift+Enter on its prompt) and waits for its first output. On a loaded
        machine a key press can be lost, or an execution dropped while the kernel connects (the
        prompt goes back to "[ ]:" with no output): the cell is run again then, up to ten times."""
        cell = cls.cell(i)
        prompt = cell.locator(".jp-InputArea-prompt")
        output = cell.locator(".jp-OutputArea-output").first
        deadline = time.time() + 300
        for attempt in range(10):
            prompt.click()
            cls.page.keyboard.press("Shift+Enter")
            while time.time() < deadline:
                if output.count() and output.is_visible():
                    return
                text = prompt.inner_text().strip()
                # neither queued ("[*]") nor run ("[n]") after 10 s: press again
                if text in ("[ ]:", "") and time.time() > deadline - 300 + 10 * (attempt + 1):
                    break
                cls.page.wait_for_timeout(200)
            if time.time() >= deadline:
                break
        raise AssertionError(
            f"cell {i} showed no output after {attempt + 1} runs; prompt {prompt.inner_text()!r}")

    def chart_src(self):
        return self.cell(0).locator(".widget-output img").first.get_attribute("src")

    def test_1_dragging_the_T_slider_redraws_the_chart(self):
        handle = self.cell(0).locator(".widget-slider .noUi-handle").first
        handle.wait_for(timeout=60000)
        self.assertEqual(self.cell(0).locator(".widget-readout").first.inner_text().strip(), "1.00")
        before = self.chart_src()
        self.assertTrue(before.startswith("data:image/png"))
        box = handle.bounding_box()
        track = self.cell(0).locator(".widget-slider .noUi-target").first.bounding_box()
        y = box["y"] + box["height"] / 2
        self.page.mouse.move(box["x"] + box["width"] / 2, y)
        self.page.mouse.down()
        for k in range(1, 11):  # drag most of the way right, in steps, as a hand would
            self.page.mouse.move(box["x"] + (track["x"] + 0.9 * track["width"] - box["x"]) * k / 10, y)
            self.page.wait_for_timeout(30)
        self.page.mouse.up()
        deadline = time.time() + 30
        while self.chart_src() == before and time.time() < deadline:
            self.page.wait_for_timeout(100)
        self.assertNotEqual(self.chart_src(), before)
        self.assertNotEqual(self.cell(0).locator(".widget-readout").first.inner_text().strip(), "1.00")
        self.run_cell(3)
        self.assertIn("true", self.cell(3).locator(".jp-OutputArea-output").first.inner_text())

    def test_2_a_click_adds_a_row(self):
        button = self.cell(1).locator("button.widget-button")
        button.click()
        self.cell(1).locator(".widget-output table").wait_for(timeout=30000)
        rows = lambda: self.cell(1).locator(".widget-output table tbody tr").count()
        self.assertEqual(rows(), 1)
        button.click()
        deadline = time.time() + 30
        while rows() < 2 and time.time() < deadline:
            self.page.wait_for_timeout(100)
        self.assertEqual(rows(), 2)

    def test_3_an_image_widget_shows_its_png(self):
        img = self.cell(2).locator(".jp-OutputArea-output img").first
        img.wait_for(timeout=30000)
        self.assertGreater(img.evaluate("i => i.naturalWidth"), 0)

    def test_4_after_a_reload_the_widgets_come_back(self):
        # the saved outputs hold the widget views; their models come from the kernel
        self.cell(3).locator(".jp-InputArea-prompt").click()
        self.page.keyboard.press("Control+s")
        self.page.wait_for_selector(".jp-mod-dirty", state="detached", timeout=30000)
        self.page.reload()
        self.open_notebook()
        self.cell(0).locator(".widget-slider .noUi-handle").first.wait_for(timeout=60000)
        self.cell(1).locator("button.widget-button").wait_for(timeout=60000)
        self.assertNotEqual(self.cell(0).locator(".widget-readout").first.inner_text().strip(), "1.00")


if __name__ == "__main__":
    unittest.main()
