"""Run the instructor's notebooks (every exercise solved, written by `course.py solutions`) and
check that every exercise's check passes: a solution that no longer passes means the notebook or
the library changed under it.

    python tests/solutions.py DIR      run DIR/*-solutions.ipynb in place, write their HTML, and
                                       exit non-zero if any check failed or was left open
"""

import re
import subprocess
import sys
from pathlib import Path

CHECK = re.compile(r'data-check="(pass|fail|open)"[^>]*>.*?</span>: ?([^<]*)', re.S)


def checks(nb):
    """(cell index, outcome, message) for every check the executed notebook shows."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            for outcome, message in CHECK.findall(html):
                found.append((i, outcome, message.strip()))
    return found


def run(path, timeout=3600):
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    nb = nbformat.read(path, as_version=4)
    ExecutePreprocessor(kernel_name="compression-lab", timeout=timeout,
                        store_widget_state=False).preprocess(nb, {"metadata": {"path": str(path.parent)}})
    nbformat.write(nb, path)
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(path.parent),
                    str(path)], check=False, capture_output=True)
    return nb


def expected_checks(nb):
    return sum(1 for c in nb.cells if c.get("metadata", {}).get("lab", {}).get("solution") is not None)


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    books = sorted(Path(argv[0]).glob("*-solutions.ipynb"))
    if not books:
        print(f"no *-solutions.ipynb in {argv[0]}", file=sys.stderr)
        return 2
    bad = 0
    for path in books:
        nb = run(path)
        found = checks(nb)
        failed = [f for f in found if f[1] != "pass"]
        print(f"{path.name}: {len(found) - len(failed)}/{len(found)} checks pass")
        for i, outcome, message in failed:
            print(f"  cell {i}: {outcome}: {message}")
        if failed or len(found) < expected_checks(nb):
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
