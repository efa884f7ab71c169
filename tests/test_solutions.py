"""The instructor's notebooks: every exercise cell replaced by the solution stored with it (cell
metadata lab.solution), run in the quick profile, and every check they show must pass. The
learner's notebooks (run in JupyterLab by test_notebooks_in_browser) show the same checks unanswered.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from labserver import NOTEBOOKS, REPO

sys.path.insert(0, str(REPO / "environment"))
sys.path.insert(0, str(Path(__file__).parent))
import course  # noqa: E402
import solutions  # noqa: E402

BOOKS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
OUT = REPO / "build" / "solutions"


def solved(path):
    nb = nbformat.read(path, as_version=4)
    return course.with_solutions(nb, path.name)


def test_every_exercise_cell_with_a_check_carries_a_solution():
    for path in BOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "Check." in cell.source:
                assert course.solution_of(cell) is not None, \
                    f"{path.name} cell {i} checks an answer but stores no solution (metadata lab.solution)"


@pytest.mark.parametrize("path", [p for p in BOOKS if solved(p)[1]], ids=lambda p: p.stem)
def test_the_solutions_pass_their_checks(path):
    OUT.mkdir(parents=True, exist_ok=True)
    nb, n = solved(path)
    target = OUT / f"{path.stem}-solutions.ipynb"
    nbformat.write(nb, target)
    course.copy_figures(OUT)
    ran = solutions.run(target)
    found = solutions.checks(ran)
    failed = [f for f in found if f[1] != "pass"]
    assert not failed, f"{path.name}: checks that the solutions do not pass: {failed}"
    assert len(found) >= n, f"{path.name}: {n} solutions but only {len(found)} checks shown"
