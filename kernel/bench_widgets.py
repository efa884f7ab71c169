"""How fast a widget panel answers a slider: the time from a slider's `update` message to the
message that carries the redrawn output, through a real Jupyter client acting as the front end.

    bench_widgets.py [options]                  the lab's panels (./lab bench widgets)
    bench_widgets.py [options] CELL [CELL ...]
    bench_widgets.py [options] --notebook NB [--upto N | --tag TAG]

Each CELL is Java code, or the path of a file holding it; they run in order, and the last one must
show the panel (an `interact(...)` or a box holding a slider and an Output or Image). With
--notebook, the code cells of a notebook up to --upto (0-based, inclusive) are the cells instead,
or up to the first code cell tagged --tag (the lab's notebooks tag their panels `panel`). With
neither, the lab's benchmark panels run, each in a kernel of its own, against their targets: the
soft-label chart of notebook 05 (T slider, <= 100 ms) and the bit-width panel of notebook 03 (bits
slider, <= 500 ms).

The slider is the first one in the panel (or the one whose description is --slider). Each move
sends an `update` of its value, as a front end does when the handle is dropped somewhere new, and
times the last `update` of an Output or Image widget caused by that message (or a display or stream
output caused by it), the one that completes the redraw: once one has arrived, updates are awaited
until none has come for --settle ms (a run longer than 100 ms sends its output every 100 ms; that
quiet wait is not counted). Moves sweep the slider's range back and forth; the first --warmup
moves are not counted. Prints the median and p90 over --moves moves, one line per panel:

    widgets: 50 moves of 'T' -> Output  median 41.2 ms  p90 57.0 ms  (min 33.5, max 80.1)

With --drag, moves are also sent every --interval ms without waiting, as while dragging, and the
report says how many redraws they caused and how long the last one took to arrive.

Environment: LAB_KERNEL_NAME selects the kernelspec (default compression-lab); LAB_PROFILE (or
--quick) and the rest of the environment pass to the kernel.
"""

import argparse
import json
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 600
SLIDERS = ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")
OUTPUTS = ("OutputModel", "ImageModel")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The panels `./lab bench widgets` measures: (notebook, tag of the panel cell, slider, target ms).
LAB_PANELS = [
    ("notebooks/05-soft-labels-and-temperature.ipynb", "panel", "T", 100),
    ("notebooks/03-quantization.ipynb", "panel", "bits", 500),
]


def percentile(xs, q):
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


class Panel:
    """A kernel running the panel's cells, with every widget it opened."""

    def __init__(self, kernel_name):
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.opened = {}

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def record(self, msg):
        if msg["msg_type"] == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
            self.opened[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]

    def run(self, code):
        result = []

        def hook(msg):
            self.record(msg)
            if msg["msg_type"] in ("execute_result", "display_data"):
                result.append(msg["content"]["data"])
            elif msg["msg_type"] == "error":
                sys.stderr.write("\n".join(msg["content"]["traceback"]) + "\n")

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"bench_widgets: a cell failed:\n{code}")
        return result

    def tree(self, shown):
        """Comm ids of the widgets in the panel a cell showed, depth first."""
        views = [d["application/vnd.jupyter.widget-view+json"]["model_id"] for d in shown
                 if "application/vnd.jupyter.widget-view+json" in d]
        if not views:
            raise SystemExit("bench_widgets: the last cell shows no widget")
        out, todo = [], list(reversed(views))
        while todo:
            cid = todo.pop()
            out.append(cid)
            refs = self.opened.get(cid, {}).get("children", [])
            todo.extend(reversed([r[len("IPY_MODEL_"):] for r in refs]))
        return out

    def move(self, slider, value):
        data = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        msg = self.kc.session.msg("comm_msg", {"comm_id": slider, "data": data})
        self.kc.session.send(self.kc.shell_channel.socket, msg)
        return msg["header"]["msg_id"]

    def output_updates(self, parents, outputs, settle):
        """Output updates caused by `parents`, as (parent, arrival time), until none has come for
        `settle` seconds after the last one."""
        got = []
        deadline = time.time() + TIMEOUT
        while True:
            wait = settle if got else max(0.01, deadline - time.time())
            try:
                msg = self.kc.get_iopub_msg(timeout=wait)
            except Exception:
                if got:
                    return got
                raise SystemExit("bench_widgets: no output update arrived in time")
            arrived = time.perf_counter()
            parent = msg["parent_header"].get("msg_id")
            if parent not in parents:
                continue
            c = msg["content"]
            if msg["msg_type"] == "comm_msg" and c["comm_id"] in outputs:
                data = c.get("data", {})
                if data.get("method") == "update" and ({"outputs", "value"} & set(data.get("state", {}))):
                    got.append((parent, arrived))
            elif msg["msg_type"] in ("display_data", "stream", "error"):
                got.append((parent, arrived))


def sweep(state, n):
    """n slider values sweeping its range back and forth, never the same twice in a row."""
    name = state["_model_name"]
    lo, hi = state["min"], state["max"]
    values = []
    for i in range(n):
        f = (i % 20) / 19 if (i // 20) % 2 == 0 else 1 - (i % 20) / 19
        f = 0.05 + 0.9 * f
        if name == "IntSliderModel":
            v = int(round(lo + (hi - lo) * f))
        elif name == "FloatLogSliderModel":
            v = state["base"] ** (lo + (hi - lo) * f)
        else:
            v = lo + (hi - lo) * f
        if values and v == values[-1]:
            v = hi if v != hi else lo
        values.append(v)
    return values


def notebook_cells(path, upto=None, tag=None):
    """The code of a notebook's code cells, up to index `upto` or the first cell tagged `tag`."""
    with open(path) as f:
        nb = json.load(f)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if tag is not None:
        tagged = [i for i, c in enumerate(code) if tag in c.get("metadata", {}).get("tags", [])]
        if not tagged:
            raise SystemExit(f"bench_widgets: no code cell of {path} is tagged {tag!r}")
        upto = tagged[0]
    return ["".join(c["source"]) for c in code[: (upto + 1) if upto is not None else len(code)]]


def measure(kernel, cells, args, slider_name=None):
    """Runs `cells` in a fresh kernel, then moves the panel's slider; prints and returns the
    figures as a dict."""
    panel = Panel(kernel)
    try:
        shown = []
        for code in cells:
            shown = panel.run(code)
        ids = panel.tree(shown)
        sliders = [i for i in ids if panel.opened[i]["_model_name"] in SLIDERS
                   and (slider_name is None or panel.opened[i].get("description") == slider_name)]
        outputs = {i for i in ids if panel.opened[i]["_model_name"] in OUTPUTS}
        if not sliders:
            raise SystemExit("bench_widgets: no slider" + (f" {slider_name!r}" if slider_name else "")
                             + " in the panel")
        if not outputs:
            raise SystemExit("bench_widgets: no Output or Image widget in the panel")
        slider = sliders[0]
        state = panel.opened[slider]
        kind = ", ".join(sorted({panel.opened[i]["_model_name"].replace("Model", "") for i in outputs}))

        times = []
        for i, v in enumerate(sweep(state, args.warmup + args.moves)):
            sent = time.perf_counter()
            mid = panel.move(slider, v)
            _, arrived = panel.output_updates({mid}, outputs, args.settle / 1000)[-1]
            if i >= args.warmup:
                times.append((arrived - sent) * 1000)
        result = {
            "slider": state.get("description") or state["_model_name"],
            "output": kind,
            "moves": len(times),
            "median_ms": statistics.median(times),
            "p90_ms": percentile(times, 0.9),
            "min_ms": min(times),
            "max_ms": max(times),
        }
        print(
            f"widgets: {len(times)} moves of {result['slider']!r} -> {kind}"
            f"  median {result['median_ms']:.1f} ms  p90 {result['p90_ms']:.1f} ms"
            f"  (min {result['min_ms']:.1f}, max {result['max_ms']:.1f})",
            flush=True,
        )

        if args.drag:
            sent_ids, last_sent = [], 0.0
            for v in sweep(state, args.moves):
                sent_ids.append(panel.move(slider, v))
                last_sent = time.perf_counter()
                time.sleep(args.interval / 1000)
            got = panel.output_updates(set(sent_ids), outputs, args.settle / 1000)
            redraws = len({p for p, _ in got})
            arrived = got[-1][1]
            result["drag_redraws"] = redraws
            result["drag_last_ms"] = (arrived - last_sent) * 1000
            print(
                f"widgets: drag of {args.moves} moves every {args.interval:g} ms -> {redraws} redraws;"
                f" the last arrived {result['drag_last_ms']:.1f} ms after the last move",
                flush=True,
            )
        return result
    finally:
        panel.close()


def lab_panels(args):
    """The lab's benchmark panels against their targets; returns the figures."""
    load = os.getloadavg()[0]
    print(f"widgets: kernel {args.kernel}, LAB_PROFILE={os.environ.get('LAB_PROFILE', 'full')}, "
          f"{os.cpu_count()} cores, load average {load:.1f} (figures grow with the load)", flush=True)
    results = []
    for book, tag, slider, target in LAB_PANELS:
        path = os.path.join(REPO, book)
        print(f"widgets: {os.path.basename(book)}: running its cells up to the panel ...", flush=True)
        r = measure(args.kernel, notebook_cells(path, tag=tag), args, slider)
        r.update(notebook=os.path.basename(book), target_ms=target)
        verdict = "met" if r["median_ms"] <= target else "MISSED"
        print(f"widgets: {os.path.basename(book)} {slider!r}: median {r['median_ms']:.1f} ms, "
              f"p90 {r['p90_ms']:.1f} ms over {r['moves']} moves (target median <= {target} ms: {verdict})",
              flush=True)
        results.append(r)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cells", nargs="*", help="Java code or files; the last shows the panel")
    ap.add_argument("--notebook", help="take the cells from this notebook instead")
    ap.add_argument("--upto", type=int, help="with --notebook: the index of the panel's code cell")
    ap.add_argument("--tag", help="with --notebook: the panel is the first code cell with this tag")
    ap.add_argument("--slider", help="the description of the slider to move (default: the first)")
    ap.add_argument("--moves", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--settle", type=float, default=250, help="quiet ms that end a redraw (default 250)")
    ap.add_argument("--drag", action="store_true", help="also measure a drag (moves sent without waiting)")
    ap.add_argument("--interval", type=float, default=20, help="ms between drag moves (default 20)")
    ap.add_argument("--quick", action="store_true", help="run the kernel with LAB_PROFILE=quick")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    ap.add_argument("--kernel", default=os.environ.get("LAB_KERNEL_NAME", "compression-lab"))
    args = ap.parse_args()
    if args.quick:
        os.environ["LAB_PROFILE"] = "quick"
    if args.upto is not None and args.tag is not None:
        ap.error("give --upto or --tag, not both")

    if args.notebook:
        results = [measure(args.kernel, notebook_cells(args.notebook, args.upto, args.tag), args, args.slider)]
    elif args.cells:
        cells = [open(c).read() if os.path.isfile(c) else c for c in args.cells]
        results = [measure(args.kernel, cells, args, args.slider)]
    else:
        results = lab_panels(args)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
