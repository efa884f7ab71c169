"""Drive a notebook in JupyterLab 4 or Notebook 7 through headless Chromium (Playwright, with
Debian's /usr/bin/chromium: a test tool's own browser download is not used), the way a learner
does: open it, Run > Run All Cells, wait for the kernel, save, and read back what the page shows."""

import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path


def chromium_path():
    """The system Chromium, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageCounts:
    """What the page shows after a run: visible images, rendered HTML tables, and per code cell
    its prompt and number of output elements."""

    images: int
    tables: int
    prompts: list = field(default_factory=list)
    outputs_per_cell: list = field(default_factory=list)


@dataclass
class RunResult:
    notebook: dict  # the notebook as saved by the front end after the run
    page: PageCounts
    seconds: float


def launch(playwright):
    exe = chromium_path()
    if exe is None:
        raise RuntimeError(
            "Chromium is not installed; the browser tests need it (Debian/Ubuntu: apt-get install chromium, "
            "or run ./lab test, which installs it)"
        )
    # --no-sandbox: Chromium's sandbox needs user namespaces, which containers run as root lack.
    return playwright.chromium.launch(executable_path=exe, args=["--no-sandbox"])


def _menu(page, menu, item):
    exact = lambda text: re.compile(f"^{re.escape(text)}$")  # "Save Notebook", not "... As…"
    page.locator(".lm-MenuBar-itemLabel", has_text=exact(menu)).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=exact(item)).first.click()


def _status(page):
    """The kernel status as the notebook toolbar shows it ('Idle', 'Busy', ...)."""
    return page.evaluate(
        """() => {
          const s = document.querySelector('.jp-Notebook-ExecutionIndicator');
          return s ? (s.getAttribute('data-status') || '') : '';
        }"""
    )


def _prompts(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
              .map(c => (c.querySelector('.jp-InputPrompt')?.textContent || '').trim())"""
    )


def count_page(page):
    data = page.evaluate(
        """() => {
          const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'));
          const imgs = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img'))
              .filter(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0);
          const tables = document.querySelectorAll('.jp-Notebook .jp-OutputArea-output table');
          return {
            images: imgs.length,
            tables: tables.length,
            outputs: cells.map(c => c.querySelectorAll('.jp-OutputArea-child').length),
          };
        }"""
    )
    return PageCounts(data["images"], data["tables"], _prompts(page), data["outputs"])


def run_all(page, server, path, ui="lab", timeout=1800, screenshot=None):
    """Opens `path` (relative to the server's root) in JupyterLab (`ui="lab"`) or Notebook 7
    (`ui="notebooks"`), runs every cell through the Run menu, saves, and returns what was seen."""
    start = time.time()
    # A workspace of its own per notebook, so JupyterLab restores no tab of an earlier run.
    workspace = "ui-" + "".join(ch if ch.isalnum() else "-" for ch in path)
    page.goto(server.url(f"lab/workspaces/{workspace}/tree/{path}?reset" if ui == "lab"
                         else f"notebooks/{path}"))
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
    # The kernel has started when the server says it is idle and the page says so too.
    _wait(page, lambda: _kernel_state(server, path) == "idle" and _status(page) == "idle", 300,
          "the kernel to start")
    before = _prompts(page)
    # Started once a prompt has changed (queued cells show [*]).

    def run_all_cells():
        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        _menu(page, "Run", "Run All Cells")

    _until(page, run_all_cells, lambda: _prompts(page) != before, 3, 30, f"{path} to start running",
           screenshot and Path(screenshot).with_name(Path(screenshot).stem + "-stuck.png"))
    # Done when the kernel is idle and no cell is queued or running.

    def done():
        prompts = _prompts(page)
        return _status(page) == "idle" and not any("*" in p for p in prompts)

    _wait(page, done, timeout, f"{path} to finish running")
    # Let the last images load before counting.
    page.wait_for_load_state("networkidle")
    counts = count_page(page)
    if screenshot:
        _screenshot(page, screenshot)
    # Save as a learner would, and read the saved file back.

    def save():
        page.keyboard.press("Escape")
        _menu(page, "File", "Save Notebook")

    saved = []
    _until(page, save, lambda: _saved(server, path, counts, saved), 5, 60, f"{path} to be saved",
           screenshot and Path(screenshot).with_name(Path(screenshot).stem + "-unsaved.png"))
    return RunResult(saved[-1], counts, time.time() - start)


def _until(page, action, predicate, attempts, timeout, what, screenshot=None):
    """Does `action` until `predicate` holds within `timeout` s of it. On a loaded machine a menu
    click can be lost while the page lays out its outputs; the last failure leaves a screenshot."""
    for attempt in range(attempts):
        action()
        try:
            _wait(page, predicate, timeout, what)
            return
        except AssertionError:
            if attempt == attempts - 1:
                if screenshot:
                    _screenshot(page, screenshot)
                raise


def _kernel_state(server, path):
    for session in server.api("api/sessions"):
        if session.get("path") == path and session.get("kernel"):
            return session["kernel"].get("execution_state")
    return None


def _saved(server, path, counts, into):
    """True once the file on the server has every cell the page ran; the file is put in `into`."""
    try:
        nb = server.api(f"api/contents/{path}")["content"]
    except OSError:  # read while the server was writing it, or slow to answer on a busy machine
        return False
    numbered = sum(1 for c in nb["cells"] if c["cell_type"] == "code" and c.get("execution_count"))
    if numbered != sum(1 for p in counts.prompts if any(ch.isdigit() for ch in p)):
        return False
    into.append(nb)
    return True


def _screenshot(page, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # The notebook scrolls inside its panel: make the window as tall as the notebook to catch it all.
    height = page.evaluate(
        """() => { const n = document.querySelector('.jp-WindowedPanel-outer') ||
                              document.querySelector('.jp-Notebook');
                   return n ? n.scrollHeight : 1000; }"""
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 200, 800), 16000)})
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def _wait(page, predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- what the saved notebook says -------------------------------------------------------------


def errors(nb):
    """(code cell index, error text) for every error output in the notebook."""
    found = []
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                text = f"{out.get('ename', '')}: {out.get('evalue', '')}"
                found.append((i, text.strip()))
    return found


def drawn_images(nb):
    """Image outputs in the notebook (PNG, JPEG or SVG bundles)."""
    n = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if any(k in data for k in ("image/png", "image/jpeg", "image/svg+xml")):
                n += 1
            elif "<img" in "".join(data.get("text/html", "")):
                n += "".join(data["text/html"]).count("<img")
    return n


def html_tables(nb):
    n = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                n += "".join(html).count("<table")
    return n


def stream_lines(cell):
    return sum("".join(o.get("text", "")).count("\n") for o in cell.get("outputs", [])
               if o.get("output_type") == "stream")


def write_notebook(nb, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
