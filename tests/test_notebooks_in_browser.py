"""Every notebook, in the quick profile, run in JupyterLab 4 in headless Chromium as a learner
would, then checked for what the learner sees: every code cell executed, no error, the charts as
visible images, the tables as HTML tables, training progress as one display updated in place.
Then the notebooks' widget panels are used as a learner uses them: the T slider of notebook 05 is
dragged and its chart must change; the train button of notebook 06 is clicked and its table of
tries must grow by a row.

The saved, executed notebooks and their HTML go to build/notebooks/ (the same place as
`./lab run`), and a screenshot of each to build/ui/. One notebook is also run in Notebook 7.

A panel cell shows a widget: the page draws its charts and tables inside the widget's output
area, and the saved notebook keeps a static copy of them (the widget's text/html) beside the
widget view, so the counts of images and tables below hold for panels as for any other cell.
"""

import json
import subprocess
import sys
import time
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


# --- the widget panels ------------------------------------------------------------------------


def panel_notebook(server, name, which=0, tag="panel"):
    """A copy of notebook `name` in the server's root that ends with its `which`-th code cell
    tagged `tag` (the panels), so a panel test runs only what the panel needs. Its path."""
    nb = json.loads((NOTEBOOKS / name).read_text())
    cells, seen = [], -1
    for cell in nb["cells"]:
        cells.append(cell)
        if cell["cell_type"] == "code" and tag in cell.get("metadata", {}).get("tags", []):
            seen += 1
            if seen == which:
                break
    assert seen == which, f"{name} has no code cell {which} tagged {tag!r}"
    nb["cells"] = cells
    path = f"panel-{which}-{name}"
    write_notebook(nb, server.root / path)
    return path


def wait_until(page, predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_05_dragging_the_T_slider_redraws_the_soft_label_chart(server, page):
    path = panel_notebook(server, "05-soft-labels-and-temperature.ipynb")
    result = run_all(page, server, path, ui="lab", screenshot=SHOTS / "panel-05.png")
    assert not errors(result.notebook), errors(result.notebook)
    cell = page.locator(".jp-Notebook .jp-CodeCell").last
    handle = cell.locator(".widget-slider .noUi-handle").first
    handle.wait_for(timeout=60_000)
    readout = lambda: cell.locator(".widget-readout").first.inner_text().strip()
    chart = lambda: cell.locator(".widget-output img").first.get_attribute("src")
    before, at = chart(), readout()
    assert before.startswith("data:image/png"), before[:40]
    handle.scroll_into_view_if_needed()  # the mouse only reaches what is in view
    box = handle.bounding_box()
    track = cell.locator(".widget-slider .noUi-target").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    for k in range(1, 11):  # most of the way right, in steps, as a hand drags
        page.mouse.move(box["x"] + (track["x"] + 0.9 * track["width"] - box["x"]) * k / 10, y)
        page.wait_for_timeout(40)
    page.mouse.up()
    wait_until(page, lambda: chart() != before, 60, "the chart to be redrawn after the drag")
    assert readout() != at, f"the T readout still says {at}"


def test_06_the_train_button_adds_a_row_to_the_tries(server, page):
    path = panel_notebook(server, "06-distillation-loss.ipynb", which=1)
    result = run_all(page, server, path, ui="lab", screenshot=SHOTS / "panel-06.png")
    assert not errors(result.notebook), errors(result.notebook)
    cell = page.locator(".jp-Notebook .jp-CodeCell").last
    button = cell.locator("button.widget-button", has_text="train a student")
    button.wait_for(timeout=60_000)
    rows = lambda: cell.locator(".widget-output table tbody tr").count()
    assert rows() == 1, f"before a click the tries table has {rows()} rows, not 1 (section 4's student)"
    chart = cell.locator(".widget-output img").first.get_attribute("src")
    button.click()
    wait_until(page, lambda: rows() == 2, 300, "a second row in the tries table after the click")
    assert cell.locator(".widget-output img").first.get_attribute("src") != chart, "the chart did not change"
