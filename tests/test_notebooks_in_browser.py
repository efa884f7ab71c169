"""Every notebook, in the quick profile, run in JupyterLab 4 in headless Chromium as a learner
would, then checked for what the learner sees: every code cell executed, no error, the charts as
visible images, the tables as HTML tables, training progress as one display updated in place.

The saved, executed notebooks and their HTML go to build/notebooks/ (the same place as
`./lab run`), and a screenshot of each to build/ui/. One notebook is also run in Notebook 7.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from browser import (chromium_path, drawn_images, errors, html_tables, launch, run_all,
                     stream_lines, write_notebook)
from labserver import NOTEBOOKS, REPO, LabServer

pytestmark = pytest.mark.skipif(chromium_path() is None,
                                reason="Chromium is not installed (apt-get install chromium)")

BOOKS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
OUT = REPO / "build" / "notebooks"
SHOTS = REPO / "build" / "ui"

# A training cell shows one progress display that updates in place; a cell with more outputs or
# stream lines than this prints progress line by line.
MAX_OUTPUTS_PER_CELL = 12
MAX_STREAM_LINES_PER_CELL = 60


@pytest.fixture(scope="module")
def server():
    with LabServer(profile="quick") as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
    # Each notebook's kernel is shut down before the next starts (2 cores, a JVM each).
    for session in server.api("api/sessions"):
        server.api(f"api/sessions/{session['id']}", method="DELETE")


def check_what_learner_sees(name, result):
    nb = result.notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    problems = [f"{name}: code cell {i} failed: {text}" for i, text in errors(nb)]
    for i, cell in enumerate(code):
        if not cell.get("execution_count"):
            problems.append(f"{name}: code cell {i} has no execution count (it did not run)")
        if len(cell.get("outputs", [])) > MAX_OUTPUTS_PER_CELL:
            problems.append(f"{name}: code cell {i} has {len(cell['outputs'])} outputs; "
                            "progress must be one display updated in place")
        if stream_lines(cell) > MAX_STREAM_LINES_PER_CELL:
            problems.append(f"{name}: code cell {i} printed {stream_lines(cell)} lines")
    page = result.page
    if page.images < drawn_images(nb):
        problems.append(f"{name}: the notebook drew {drawn_images(nb)} images, the page shows {page.images}")
    if page.tables < html_tables(nb):
        problems.append(f"{name}: the notebook has {html_tables(nb)} HTML tables, the page shows {page.tables}")
    for i, n in enumerate(page.outputs_per_cell):
        if n > MAX_OUTPUTS_PER_CELL:
            problems.append(f"{name}: code cell {i} shows {n} output areas in the page")
    assert not problems, "\n".join(problems)


def to_html(ipynb):
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(ipynb.parent),
                    str(ipynb)], check=True, capture_output=True)
    return ipynb.with_suffix(".html").read_text()


@pytest.mark.parametrize("name", BOOKS)
def test_notebook_in_jupyterlab(server, page, name):
    result = run_all(page, server, name, ui="lab", screenshot=SHOTS / f"{Path(name).stem}.png")
    saved = OUT / name
    write_notebook(result.notebook, saved)
    print(f"{name}: {result.seconds:.0f} s in JupyterLab, {result.page.images} images, "
          f"{result.page.tables} tables")
    check_what_learner_sees(name, result)
    # The HTML handout shows what the browser showed.
    html = to_html(saved)
    assert html.count("<img") >= result.page.images, f"{name}: the HTML handout has fewer images than the page"
    assert html.count("<table") >= result.page.tables, f"{name}: the HTML handout has fewer tables than the page"


def test_one_notebook_in_notebook7(server, page):
    name = "05-soft-labels-and-temperature.ipynb"
    result = run_all(page, server, name, ui="notebooks", screenshot=SHOTS / "notebook7-05.png")
    check_what_learner_sees(f"{name} (Notebook 7)", result)
