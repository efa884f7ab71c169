"""The instructor kit's commands (environment/course.py, behind ./lab run and ./lab reset): run times
recorded in notebooks/times.json and in each notebook's first cell, the handouts' index page, and a
reset that restores the committed notebooks while keeping the learner's changed copies."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "environment" / "course.py"


def course(root, *args, check=True):
    # course.py works on the checkout it lives in: run the copy inside `root`
    r = subprocess.run([sys.executable, str(root / "environment" / "course.py"), *args],
                       capture_output=True, text=True, cwd=root)
    if check and r.returncode != 0:
        raise AssertionError(f"course.py {args} failed: {r.stderr}")
    return r


@pytest.fixture
def checkout(tmp_path):
    """A git checkout with the environment script and two notebooks."""
    root = tmp_path / "lab"
    (root / "environment").mkdir(parents=True)
    shutil.copy(COURSE, root / "environment" / "course.py")
    (root / "notebooks").mkdir()
    for name in ("00-the-big-idea.ipynb", "05-soft-labels-and-temperature.ipynb"):
        shutil.copy(REPO / "notebooks" / name, root / "notebooks" / name)
    git = lambda *a: subprocess.run(["git", "-C", str(root), *a], check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "course")
    return root


def test_a_run_time_goes_into_times_json_and_the_first_cell(checkout):
    nb = checkout / "notebooks" / "05-soft-labels-and-temperature.ipynb"
    course(checkout, "time", str(nb), "full", "93.4")
    course(checkout, "time", str(nb), "quick", "21")
    times = json.loads((checkout / "notebooks" / "times.json").read_text())
    assert times["05-soft-labels-and-temperature"]["full"]["seconds"] == 93.4
    first = nbformat.read(nb, as_version=4).cells[0].source
    assert "1 min 33 s (`full`), 21 s (`quick`)" in first, first
    assert first.splitlines()[0].startswith("# "), "the title stays first"
    course(checkout, "time", str(nb), "quick", "25")
    first = nbformat.read(nb, as_version=4).cells[0].source
    assert first.count("*Time on") == 1 and "25 s (`quick`)" in first


def test_a_first_run_that_fills_the_model_cache_says_so(checkout):
    nb = checkout / "notebooks" / "05-soft-labels-and-temperature.ipynb"
    course(checkout, "time", str(nb), "full", "400", "--cache-files-written", "2")
    times = json.loads((checkout / "notebooks" / "times.json").read_text())
    assert times["05-soft-labels-and-temperature"]["full"]["cache_files_written"] == 2
    first = nbformat.read(nb, as_version=4).cells[0].source
    assert "6 min 40 s (`full`, first run, filling the model cache)" in first, first
    # the next run finds the cache filled: the room's time replaces the first run's
    course(checkout, "time", str(nb), "full", "90", "--cache-files-written", "0")
    first = nbformat.read(nb, as_version=4).cells[0].source
    assert "1 min 30 s (`full`)" in first and "first run" not in first, first
    r = course(checkout, "time", str(nb), "full", "3", "--cache-files-written", "-1", check=False)
    assert r.returncode == 2 and "counts files" in r.stderr


def test_bad_input_is_refused_with_the_reason(checkout):
    nb = checkout / "notebooks" / "05-soft-labels-and-temperature.ipynb"
    r = course(checkout, "time", str(nb), "medium", "3", check=False)
    assert r.returncode == 2 and "full or quick" in r.stderr
    (checkout / "notebooks" / "times.json").write_text("{not json")
    r = course(checkout, "time", str(nb), "full", "3", check=False)
    assert r.returncode == 2 and "not valid JSON" in r.stderr
    r = course(checkout, "index", str(checkout / "missing"), check=False)
    assert r.returncode == 2 and "run ./lab run first" in r.stderr


def test_the_index_lists_every_handout(checkout, tmp_path):
    out = tmp_path / "handouts"
    out.mkdir()
    for name in ("00-the-big-idea", "05-soft-labels-and-temperature"):
        shutil.copy(checkout / "notebooks" / f"{name}.ipynb", out)
        (out / f"{name}.html").write_text("<html></html>")
    course(checkout, "index", str(out))
    page = (out / "index.html").read_text()
    assert page.count("<tr><td>") == 2
    assert 'href="05-soft-labels-and-temperature.html"' in page
    assert "Soft labels" in page or "soft labels" in page


def test_reset_restores_the_notebooks_and_keeps_the_learners_copies(checkout):
    nb = checkout / "notebooks" / "00-the-big-idea.ipynb"
    pristine = nb.read_text()
    nb.write_text(pristine.replace("big idea", "my idea"))
    r = course(checkout, "reset")
    assert nb.read_text() == pristine
    kept = list((checkout / "my-notebooks").glob("*/00-the-big-idea.ipynb"))
    assert len(kept) == 1 and "my idea" in kept[0].read_text(), r.stdout


def test_reset_with_cache_empties_the_model_cache(checkout, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "teacher.safetensors").write_bytes(b"x")
    monkeypatch.setenv("LAB_CACHE_DIR", str(cache))
    r = course(checkout, "reset", "--cache")
    assert not cache.exists(), r.stdout
    assert "cleared (1 files)" in r.stdout


def test_solutions_replace_only_the_exercise_cells_and_leave_the_learners_notebook_alone(checkout):
    nb_path = checkout / "notebooks" / "05-soft-labels-and-temperature.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    stored = sum(1 for c in nb.cells if "solution" in c.metadata.get("lab", {}))
    learner = 'Double answer = null;\nCheck.close("1", answer, 2.0, 0.1, "add one and one")'
    nb.cells.append(nbformat.v4.new_code_cell(learner, metadata={
        "lab": {"solution": 'Double answer = 1.0 + 1.0;\nCheck.close("1", answer, 2.0, 0.1, "add one and one")'}}))
    nbformat.write(nb, nb_path)
    before = nb_path.read_text()
    (checkout / "notebooks" / "figures").mkdir()
    (checkout / "notebooks" / "figures" / "loop.svg").write_text("<svg/>")
    out = checkout / "handouts"
    r = course(checkout, "solutions", str(out))
    assert f"05-soft-labels-and-temperature-solutions.ipynb ({stored + 1} solutions)" in r.stdout, r.stdout
    solved = nbformat.read(out / "05-soft-labels-and-temperature-solutions.ipynb", as_version=4)
    assert solved.cells[-1].source.startswith("Double answer = 1.0 + 1.0;")
    assert "Solutions" in solved.cells[0].source
    # every other cell is the learner's, except the notebook's own exercises, now solved
    expected = [c.metadata.get("lab", {}).get("solution", c.source) for c in nb.cells[1:-1]]
    assert [c.source for c in solved.cells[1:-1]] == expected
    assert (out / "figures" / "loop.svg").exists(), "the pictures go with the notebooks"
    assert nb_path.read_text() == before


def test_a_solution_on_a_markdown_cell_is_refused(checkout):
    nb_path = checkout / "notebooks" / "00-the-big-idea.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("text", metadata={"lab": {"solution": "x"}}))
    nbformat.write(nb, nb_path)
    r = course(checkout, "solutions", str(checkout / "out"), str(nb_path), check=False)
    assert r.returncode == 2 and "only code cells carry a solution" in r.stderr


def test_a_recorded_time_rewrites_the_workshop_schedule(checkout):
    (checkout / "docs").mkdir()
    shutil.copy(REPO / "docs" / "teaching.md", checkout / "docs" / "teaching.md")
    nb = checkout / "notebooks" / "05-soft-labels-and-temperature.ipynb"
    course(checkout, "time", str(nb), "full", "125")
    text = (checkout / "docs" / "teaching.md").read_text()
    block = text.split("<!-- schedule -->")[1].split("<!-- /schedule -->")[0]
    # 10 min introduction + 3 min run (125 s rounded up) + 20 min exercises, rounded up to 5
    assert "| `05-soft-labels-and-temperature` | 2 min 5 s | 35 min |" in block
    assert "Not measured yet in the `full` profile: 00-the-big-idea" in block
    assert text.split("<!-- schedule -->")[0] == (REPO / "docs" / "teaching.md").read_text().split("<!-- schedule -->")[0]
