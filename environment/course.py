"""The instructor's side of the course, called by ./lab:

  course.py time NOTEBOOK PROFILE SECONDS   record a measured run time (notebooks/times.json) and
                                            rewrite the time line in the notebook's first cell
  course.py index DIR                       write DIR/index.html: the handouts (executed notebooks
                                            and their HTML) with titles and times
  course.py format NOTEBOOK...              store notebooks as the repository does (one string per
                                            cell source)
  course.py solutions DIR [NOTEBOOK...]     write DIR/NN-name-solutions.ipynb: each notebook with
                                            every exercise cell's source replaced by its solution
                                            (the cell's metadata lab.solution), for the instructor
  course.py schedule                        rewrite the workshop schedules in docs/teaching.md from
                                            notebooks/times.json (./lab run does it after each run)
  course.py reset [--cache]                 restore notebooks/ to the committed versions, the
                                            learner's changed copies moved aside first; --cache
                                            also empties the model cache

Only the standard library and nbformat (pinned in environment/requirements.txt)."""

import argparse
import datetime
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
TIMES = NOTEBOOKS / "times.json"
TIME_LINE = re.compile(r"^\*Time on \d+ cores:.*\*$", re.M)


def fail(message):
    print(f"course.py: {message}", file=sys.stderr)
    sys.exit(2)


def write_atomically(path, text):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def notebook_text(nb):
    """A notebook as the repository stores it: each cell's source one string, one-space indent."""
    import nbformat

    data = json.loads(nbformat.writes(nb))
    for cell in data["cells"]:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_times():
    if not TIMES.exists():
        return {}
    try:
        return json.loads(TIMES.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        fail(f"{TIMES} is not valid JSON ({e}); fix it or delete it (./lab run writes it again)")


def human(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, s = divmod(seconds, 60)
    return f"{minutes} min {s} s" if s else f"{minutes} min"


def shown_time(run, profile=None):
    """A measured run time as the notebook and the schedule show it: a run that trained models into
    the cache is the first run, slower than the room's (where the cache is filled) and says so."""
    label = [f"`{profile}`"] if profile else []
    if run.get("cache_files_written", 0) > 0:
        label.append("first run, filling the model cache")
    return human(run["seconds"]) + (f" ({', '.join(label)})" if label else "")


def time_line(entry):
    parts = []
    for profile in ("full", "quick"):
        if profile in entry:
            parts.append(shown_time(entry[profile], profile))
    cores = max((e.get("cores", 2) for e in entry.values()), default=2)
    return f"*Time on {cores} cores: {', '.join(parts)}, measured by `./lab run`.*"


def cmd_time(args):
    import nbformat

    nb_path = Path(args.notebook)
    if not nb_path.is_file():
        fail(f"no notebook {nb_path}")
    if args.profile not in ("full", "quick"):
        fail(f"profile must be full or quick, not {args.profile!r}")
    if args.cache_files_written < 0:
        fail(f"--cache-files-written counts files, so it cannot be {args.cache_files_written}")
    times = load_times()
    entry = times.setdefault(nb_path.stem, {})
    entry[args.profile] = {
        "seconds": round(float(args.seconds), 1),
        "cores": os.cpu_count() or 1,
        "measured": datetime.date.today().isoformat(),
    }
    if args.cache_files_written:
        entry[args.profile]["cache_files_written"] = args.cache_files_written
    write_atomically(TIMES, json.dumps(times, indent=1, sort_keys=True) + "\n")
    write_schedule()
    nb = nbformat.read(nb_path, as_version=4)
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return
    line = time_line(entry)
    if TIME_LINE.search(first.source):
        new = TIME_LINE.sub(line, first.source)
    else:
        lines = first.source.split("\n")
        # after the title line
        new = "\n".join(lines[:1] + ["", line] + lines[1:])
    if new != first.source:
        first.source = new
        write_atomically(nb_path, notebook_text(nb))


# What the room does around each notebook's run, in minutes: (introduction, exercises and
# discussion). The run itself is the measured time in notebooks/times.json.
ROOM = {
    "00-the-big-idea": (10, 15),
    "01-neural-architecture-search": (15, 20),
    "02-pruning": (15, 25),
    "03-quantization": (15, 25),
    "04-teacher-student": (15, 20),
    "05-soft-labels-and-temperature": (10, 20),
    "06-distillation-loss": (10, 25),
    "07-putting-it-all-together": (15, 25),
}
DAYS = {
    # name: (profile, notebooks, start, break after these notebooks)
    "One day (full profile, all eight notebooks)": (
        "full", list(ROOM), (9, 0), {"01-neural-architecture-search": ("break", 15),
                                    "03-quantization": ("lunch", 60),
                                    "05-soft-labels-and-temperature": ("break", 15)}),
    "Half a day (quick profile; 01 and 07 shown from the handouts)": (
        "quick", ["00-the-big-idea", "02-pruning", "03-quantization", "04-teacher-student",
                  "05-soft-labels-and-temperature", "06-distillation-loss"], (9, 0),
        {"03-quantization": ("break", 15)}),
}
TEACHING = REPO / "docs" / "teaching.md"
SCHEDULE_BLOCK = re.compile(r"(<!-- schedule -->\n).*?(<!-- /schedule -->)", re.S)


def schedules(times):
    """The workshop schedules as Markdown, every slot built from a measured run time."""
    out = []
    for title, (profile, books, (h, m), breaks) in DAYS.items():
        out.append(f"**{title}**\n")
        out.append("| start | notebook | run on 2 cores | slot (intro + run + exercises) |")
        out.append("|---|---|---|---|")
        clock = h * 60 + m
        missing = []
        for stem in books:
            run = times.get(stem, {}).get(profile)
            intro, exercises = ROOM[stem]
            if run is None:
                missing.append(stem)
                run_min, shown = 0, "not measured"
            else:
                run_min, shown = -(-int(run["seconds"]) // 60), shown_time(run)
            slot = -(-(intro + run_min + exercises) // 5) * 5
            out.append(f"| {clock // 60:02d}:{clock % 60:02d} | `{stem}` | {shown} | {slot} min |")
            clock += slot
            if stem in breaks:
                what, minutes = breaks[stem]
                out.append(f"| {clock // 60:02d}:{clock % 60:02d} | *{what}* | | {minutes} min |")
                clock += minutes
        out.append(f"| {clock // 60:02d}:{clock % 60:02d} | *end* | | |\n")
        if missing:
            out.append(f"Not measured yet in the `{profile}` profile: {', '.join(missing)}; "
                       f"`./lab run --profile {profile}` measures them and rewrites this table.\n")
    return "\n".join(out)


def write_schedule():
    if not TEACHING.exists():
        return
    text = TEACHING.read_text(encoding="utf-8")
    if not SCHEDULE_BLOCK.search(text):
        fail(f"{TEACHING} has no <!-- schedule --> ... <!-- /schedule --> block to rewrite")
    new = SCHEDULE_BLOCK.sub(lambda m: m.group(1) + schedules(load_times()) + "\n" + m.group(2), text)
    if new != text:
        write_atomically(TEACHING, new)


def cmd_schedule(args):
    write_schedule()
    print(TEACHING)


def title_and_intro(nb):
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return "", ""
    lines = [l for l in first.source.split("\n")]
    title = next((l.lstrip("# ").strip() for l in lines if l.startswith("#")), "")
    body = [l for l in lines if l and not l.startswith("#") and not TIME_LINE.match(l)]
    intro = " ".join(body).split(". ")[0]
    return title, re.sub(r"[*_`]", "", intro)


def cmd_format(args):
    import nbformat

    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        write_atomically(path, notebook_text(nb))


def cmd_index(args):
    import nbformat

    out = Path(args.dir)
    if not out.is_dir():
        fail(f"{out} is not a directory; run ./lab run first")
    times = load_times()
    rows = []
    for nb_path in sorted(out.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        title, intro = title_and_intro(nb)
        page = nb_path.with_suffix(".html")
        t = times.get(nb_path.stem, {})
        when = ", ".join(f"{human(v['seconds'])} ({k})" for k, v in sorted(t.items()))
        link = f'<a href="{html.escape(page.name)}">{html.escape(title or nb_path.stem)}</a>' if page.exists() \
            else html.escape(title or nb_path.stem)
        rows.append(f"<tr><td>{link}</td><td>{html.escape(intro)}.</td><td>{html.escape(when)}</td>"
                    f'<td><a href="{html.escape(nb_path.name)}">notebook</a></td></tr>')
    if not rows:
        fail(f"no executed notebooks in {out}; run ./lab run first")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compression Lab handouts</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td{{padding:.4em;vertical-align:top}}
tr:nth-child(even){{background:#f4f4f4}}</style></head>
<body><h1>Compression Lab: handouts</h1>
<p>Every notebook as it ran, with its figures (HTML), and the executed notebook. Written by
<code>./lab run</code> on {datetime.date.today().isoformat()}.</p>
<table><tr><th>notebook</th><th>what it shows</th><th>time on 2 cores</th><th></th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
    copy_figures(out)
    write_atomically(out / "index.html", page)
    print(out / "index.html")


SOLUTION_KEY = ("lab", "solution")


def solution_of(cell):
    """The solution stored with an exercise cell, or None."""
    value = cell.get("metadata", {}).get(SOLUTION_KEY[0], {}).get(SOLUTION_KEY[1])
    if value is None:
        return None
    if isinstance(value, list):
        value = "".join(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("lab.solution must be the solution's code as a non-empty string")
    return value


def with_solutions(nb, name="notebook"):
    """A copy of nb whose exercise cells hold their solutions; (copy, number of solutions)."""
    import copy

    out = copy.deepcopy(nb)
    n = 0
    for i, cell in enumerate(out.cells):
        try:
            solution = solution_of(cell)
        except ValueError as e:
            fail(f"{name}, cell {i}: {e}")
        if solution is None:
            continue
        if cell.cell_type != "code":
            fail(f"{name}, cell {i}: only code cells carry a solution (this one is {cell.cell_type})")
        cell.source = solution
        cell.outputs = []
        cell.execution_count = None
        n += 1
    first = next((c for c in out.cells if c.cell_type == "markdown"), None)
    if first is not None and n:
        lines = first.source.split("\n")
        first.source = "\n".join(lines[:1] + ["", "**Solutions** (for the instructor): every exercise"
                                             " cell holds its answer."] + lines[1:])
    return out, n


def cmd_solutions(args):
    import nbformat

    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    books = [Path(b) for b in args.notebooks] or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    total = 0
    for path in books:
        if not path.is_file():
            fail(f"no notebook {path}")
        nb = nbformat.read(path, as_version=4)
        solved, n = with_solutions(nb, path.name)
        if n == 0:
            continue
        target = out / f"{path.stem}-solutions.ipynb"
        write_atomically(target, notebook_text(solved))
        copy_figures(out)
        print(f"{target} ({n} solutions)")
        total += n
    if total == 0:
        fail("no exercise cell carries a solution (cell metadata lab.solution)")


def copy_figures(out):
    """The notebooks' pictures (notebooks/figures) next to copies of the notebooks, so that their
    relative links work there too."""
    src = NOTEBOOKS / "figures"
    if src.is_dir() and Path(out).resolve() != NOTEBOOKS.resolve():
        shutil.copytree(src, Path(out) / "figures", dirs_exist_ok=True)


def git(*args):
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)


def cmd_reset(args):
    if git("rev-parse", "--is-inside-work-tree").returncode != 0:
        fail("this copy of the lab is not a git checkout, so there is no pristine version to restore;"
             " copy the notebooks again from the lab's repository")
    changed = [l[3:] for l in git("status", "--porcelain", "--", "notebooks").stdout.splitlines()
               if l[3:].endswith(".ipynb")]
    if changed:
        aside = REPO / "my-notebooks" / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside.mkdir(parents=True, exist_ok=True)
        for rel in changed:
            src = REPO / rel
            if src.exists():
                shutil.copy2(src, aside / src.name)
        print(f"your changed notebooks are kept in {aside}")
    restore = git("checkout", "--", "notebooks")
    if restore.returncode != 0:
        fail(f"git could not restore notebooks/: {restore.stderr.strip()}")
    untracked = git("ls-files", "--others", "--exclude-standard", "--", "notebooks").stdout.split()
    print(f"notebooks/ restored to the committed versions ({len(changed)} changed)"
          + (f"; new files left in place: {', '.join(untracked)}" if untracked else ""))
    if args.cache:
        cache = Path(os.environ.get("LAB_CACHE_DIR") or Path.home() / ".cache" / "compression-lab" / "models")
        if cache.is_dir():
            n = sum(1 for _ in cache.iterdir())
            shutil.rmtree(cache)
            print(f"model cache {cache} cleared ({n} files); the next notebook 00 trains the teacher again")
        else:
            print(f"model cache {cache} is already empty")


def main(argv=None):
    p = argparse.ArgumentParser(prog="course.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time", help="record a measured run time")
    t.add_argument("notebook")
    t.add_argument("profile")
    t.add_argument("seconds", type=float)
    t.add_argument("--cache-files-written", type=int, default=0, metavar="N",
                   help="files the run added to the model cache (trained models, logits): a first"
                        " run, slower than one with the cache filled")
    t.set_defaults(func=cmd_time)
    i = sub.add_parser("index", help="write the handouts' index page")
    i.add_argument("dir")
    i.set_defaults(func=cmd_index)
    f = sub.add_parser("format", help="store notebooks as the repository does")
    f.add_argument("notebooks", nargs="+")
    f.set_defaults(func=cmd_format)
    s = sub.add_parser("solutions", help="write the notebooks with their exercises solved")
    s.add_argument("dir")
    s.add_argument("notebooks", nargs="*")
    s.set_defaults(func=cmd_solutions)
    sc = sub.add_parser("schedule", help="rewrite the schedules in docs/teaching.md")
    sc.set_defaults(func=cmd_schedule)
    r = sub.add_parser("reset", help="restore the notebooks")
    r.add_argument("--cache", action="store_true", help="also empty the model cache")
    r.set_defaults(func=cmd_reset)
    args = p.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
