"""The library in the stock JJava kernel (kernelspec "java", pinned in environment/requirements.txt):
one %classpath line loads target/library (the library and its dependencies, nothing of the lab's
kernel), JJava installs the lab's renderers and imports through its own extension mechanism
(META-INF/services/org.dflib.jjava.jupyter.Extension), and notebook 05 runs there unchanged."""

import copy
import os
import tempfile
import re
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "target" / "library"
NOTEBOOK = REPO / "notebooks" / "05-soft-labels-and-temperature.ipynb"
OUT = REPO / "build" / "jjava"

# What the library must not bring along: the lab's kernel and what only it needs.
KERNEL_ONLY = ("compression-lab-kernel", "compression-lab-bench", "jjava", "jeromq", "maven-resolver", "asm-", "picocli")


def jjava_spec():
    specs = KernelSpecManager().find_kernel_specs()
    if "java" not in specs:
        pytest.fail("the JJava kernelspec 'java' is not installed; environment/setup test installs the "
                    "pinned jjava package into .venv")
    return specs["java"]


def library_jars():
    jars = sorted(LIBRARY.glob("*.jar"))
    if not any(j.name.startswith("compression-lab-0") for j in jars):
        pytest.fail(f"{LIBRARY} has no compression-lab jar; build first (mvn -q -DskipTests package)")
    return jars


def test_the_library_layout_holds_nothing_of_the_kernel():
    names = [j.name for j in library_jars()]
    assert any(n.startswith("compression-lab-core-") for n in names), names
    leaked = [n for n in names if n.startswith(KERNEL_ONLY)]
    assert not leaked, f"target/library carries kernel-only jars: {leaked}"


def run_in_jjava(nb, timeout=900):
    client = NotebookClient(nb, kernel_name="java", timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(REPO / "notebooks")}})
    # An empty model cache: the notebook trains the quick teacher here, so the progress display
    # runs in the stock kernel whatever the machine's cache holds (it once failed only on a new one).
    with tempfile.TemporaryDirectory(prefix="jjava-cache-") as cache:
        env = dict(os.environ, LAB_PROFILE="quick", LAB_CACHE_DIR=cache)
        # The stock kernel runs with JJava's own JVM options; nothing of the lab's kernelspec is used.
        env.pop("JJAVA_JVM_OPTS", None)
        client.execute(env=env)
    return nb


def errors(nb):
    found = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                found.append((i, o.get("ename"), o.get("evalue"), cell.source[:120]))
    return found


def mime_types(cell):
    return [m for o in cell.get("outputs", []) for m in o.get("data", {})]


def test_notebook_05_runs_in_the_stock_jjava_kernel():
    jjava_spec()
    library_jars()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    ours = copy.deepcopy(nb)
    # The one line a JJava user adds (the README gives it with a path relative to notebooks/).
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"%classpath {LIBRARY}/*.jar"))
    # And a check that the lab's kernel did not come along with the library.
    nb.cells.append(nbformat.v4.new_code_cell(
        'boolean kernelThere;\n'
        'try { Class.forName("io.github.compressionlab.kernel.LabKernel"); kernelThere = true; }\n'
        'catch (ClassNotFoundException e) { kernelThere = false; }\n'
        'kernelThere ? "kernel present" : "no lab kernel"'))
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    run_in_jjava(nb)
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / NOTEBOOK.name)

    assert not errors(nb), f"cells failed in JJava: {errors(nb)}"
    cells = nb.cells[1:-1]
    assert len(cells) == len(ours.cells)
    code = [c for c in cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "a code cell did not run"

    # The lab's renderers were installed by JJava's extension loader: charts come as PNG, the lab's
    # tables (Tablesaw and TableView results) as HTML tables, as in the lab's own kernel.
    pngs = sum(mime_types(c).count("image/png") for c in code)
    tables = sum(1 for c in code for o in c.get("outputs", [])
                 if "<table" in str(o.get("data", {}).get("text/html", "")))
    charts_expected = sum(1 for c in code if re.search(r"\.chart\(|heatmap\(|Images\.grid|display\(chart", c.source))
    assert pngs >= charts_expected >= 3, f"{pngs} PNG outputs for {charts_expected} chart cells"
    table_cells = sum(1 for c in code if re.search(r"(table|Table|mostAlike)\(\S*\)\s*$", c.source.strip()))
    assert tables >= table_cells >= 2, f"{tables} HTML tables for {table_cells} table cells"

    last = nb.cells[-1]["outputs"][0]["data"]["text/plain"]
    assert "no lab kernel" in last, last
