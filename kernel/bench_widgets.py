"""How fast a widget panel answers a slider: the time from a slider's `update` message to the
message that carries the redrawn output, through a real Jupyter client acting as the front end.

    bench_widgets.py [options] CELL [CELL ...]

Each CELL is Java code, or the path of a file holding it; they run in order, and the last one must
show the panel (an `interact(...)` or a box holding a slider and an Output or Image). With
--notebook, the code cells of a notebook up to --upto (0-based, inclusive) are the cells instead.

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

Environment: LAB_KERNEL_NAME selects the kernelspec (default compression-lab); LAB_PROFILE and the
rest of the environment pass to the kernel.
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cells", nargs="*", help="Java code or files; the last shows the panel")
    ap.add_argument("--notebook", help="take the cells from this notebook instead")
    ap.add_argument("--upto", type=int, help="with --notebook: the index of the panel's code cell")
    ap.add_argument("--slider", help="the description of the slider to move (default: the first)")
    ap.add_argument("--moves", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--settle", type=float, default=250, help="quiet ms that end a redraw (default 250)")
    ap.add_argument("--drag", action="store_true", help="also measure a drag (moves sent without waiting)")
    ap.add_argument("--interval", type=float, default=20, help="ms between drag moves (default 20)")
    ap.add_argument("--kernel", default=os.environ.get("LAB_KERNEL_NAME", "compression-lab"))
    args = ap.parse_args()

    if args.notebook:
        with open(args.notebook) as f:
            nb = json.load(f)
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        cells = code[: (args.upto + 1) if args.upto is not None else len(code)]
    else:
        cells = [open(c).read() if os.path.isfile(c) else c for c in args.cells]
    if not cells:
        ap.error("give the panel's cells, or --notebook")

    panel = Panel(args.kernel)
    try:
        shown = []
        for code in cells:
            shown = panel.run(code)
        ids = panel.tree(shown)
        sliders = [i for i in ids if panel.opened[i]["_model_name"] in SLIDERS
                   and (args.slider is None or panel.opened[i].get("description") == args.slider)]
        outputs = {i for i in ids if panel.opened[i]["_model_name"] in OUTPUTS}
        if not sliders:
            raise SystemExit("bench_widgets: no slider in the panel")
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
        print(
            f"widgets: {len(times)} moves of {state.get('description') or state['_model_name']!r}"
            f" -> {kind}  median {statistics.median(times):.1f} ms  p90 {percentile(times, 0.9):.1f} ms"
            f"  (min {min(times):.1f}, max {max(times):.1f})"
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
            print(
                f"widgets: drag of {args.moves} moves every {args.interval:g} ms -> {redraws} redraws;"
                f" the last arrived {(arrived - last_sent) * 1000:.1f} ms after the last move"
            )
    finally:
        panel.close()


if __name__ == "__main__":
    main()
