#!/usr/bin/env python3
"""oxjit vs Numba, measured in one run on this machine (`make bench`).

Five measurements, against the targets of issue 2 (the last one, of issue 3):
  import      `python -c "import oxjit"` vs `... numba`: median wall time of fresh processes,
              also net of a bare `python -c pass`;
  first call  a fresh process imports the engine, then jits a kernel and calls it once; the
              timed part is compile + first call (import excluded); median of fresh processes;
  steady      loop kernels over arrays after a warm-up call: best per-call time of repeated
              timings (timeit-style: calls per repetition chosen so one repetition >= 0.2 s);
  dispatch    `add(1, 2)` called 1e6 times from a Python loop, minus the same loop without the
              call; best of repetitions, in ns per call;
  allocate    (issue 3) kernels that allocate arrays inside and return them, timed as `steady`;
              each result is checked against Numba's (bit-identical, or to a relative 1e-12
              where a float sum may be ordered differently), and against itself after the
              timed calls (a later call must not have overwritten a result still held).

The kernels are the plain functions in bench/kernels.py, jitted by `oxjit.njit` and
`numba.njit`. A failing oxjit measurement (e.g. a kernel the compiler cannot compile yet) or a
result that differs from Numba's is reported in its table cell; the run goes on.

Results go to bench/RESULTS.md (between its markers; the hand-written header stays) and to the
README's performance table. Usage:

    python bench/run.py                   # full run, writes bench/RESULTS.md and README.md
    python bench/run.py --quick           # fewer repetitions, for checking the script
    python bench/run.py --engines numba   # only Numba (oxjit cells say "not measured yet")
    python bench/run.py --no-write        # print the tables only
    python bench/run.py --alloc-only      # only the kernels that allocate; prints, writes nothing
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.metadata
import json
import os
import pickle
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
README = ROOT / "README.md"
RESULTS_BEGIN, RESULTS_END = "<!-- bench:begin -->", "<!-- bench:end -->"
README_BEGIN, README_END = "<!-- bench-table:begin -->", "<!-- bench-table:end -->"
ENGINES = ("oxjit", "numba")
NOT_MEASURED = "not measured yet"

# Targets from issue 2, as the largest allowed oxjit / Numba ratio.
TARGET_IMPORT = 1 / 5
TARGET_FIRST_CALL = 1 / 10
TARGET_STEADY = 1.05
TARGET_DISPATCH = 1 / 3
# Target from issue 3 for the kernels that allocate inside (steady state).
TARGET_ALLOC = 1.0

# Older OpenBLAS builds need these on some CPUs; they slow a current numpy, so the benchmark
# processes run without them (the parent's environment is left as it is).
BENCH_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
}


# --------------------------------------------------------------------------------------------
# Child side: runs in a fresh process, prints one JSON object as its last stdout line.
# --------------------------------------------------------------------------------------------


def load_jit(engine):
    if engine == "oxjit":
        import oxjit

        return oxjit.njit
    if engine == "numba":
        import numba

        return numba.njit
    if engine == "python":
        return lambda f: f
    raise SystemExit(f"unknown engine {engine!r}")


def error_text(exc):
    lines = [line for line in str(exc).splitlines() if line.strip()]
    first = lines[0].strip() if lines else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def outputs_digest(args):
    """Digest of every array argument after the call (inputs and the outputs written)."""
    h = hashlib.blake2b(digest_size=8)
    for a in args:
        if hasattr(a, "tobytes"):
            h.update(a.tobytes())
    return h.hexdigest()


def result_text(r):
    if isinstance(r, float):
        return float.hex(r)
    return repr(r)


def child_first(engine, name):
    import kernels  # imports numpy

    i0 = time.perf_counter()
    jit = load_jit(engine)
    i1 = time.perf_counter()
    fn, make_args, _ = kernels.FIRST_CALL[name]
    args = make_args()
    try:
        w0, c0 = time.perf_counter(), time.process_time()
        r = jit(fn)(*args)
        w1, c1 = time.perf_counter(), time.process_time()
    except Exception as exc:  # noqa: BLE001 - any failure is reported in the table
        return {"error": error_text(exc)}
    return {
        "wall": w1 - w0,
        "cpu": c1 - c0,
        "import": i1 - i0,
        "result": result_text(r),
    }


def best_per_call(f, args, min_rep_time, repeat):
    """timeit-style: the number of calls per repetition grows until a repetition takes
    `min_rep_time`; returns (best, median) seconds per call over `repeat` repetitions."""
    i = 0
    while True:  # 1, 2, 5, 10, 20, 50, ... as timeit.autorange
        number = (1, 2, 5)[i % 3] * 10 ** (i // 3)
        t0 = time.perf_counter()
        for _ in range(number):
            f(*args)
        if time.perf_counter() - t0 >= min_rep_time or number >= 10**6:
            break
        i += 1
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            f(*args)
        times.append((time.perf_counter() - t0) / number)
    return min(times), statistics.median(times), number


def child_steady(engine, min_rep_time, repeat):
    import kernels

    jit = load_jit(engine)
    out = {}
    gc.disable()
    for name, (fn, make_args, _) in kernels.STEADY.items():
        args = make_args()
        try:
            f = jit(fn)
            r = f(*args)
            best, median, number = best_per_call(f, args, min_rep_time, repeat)
        except Exception as exc:  # noqa: BLE001 - any failure is reported in the table
            out[name] = {"error": error_text(exc)}
            continue
        out[name] = {
            "best": best,
            "median": median,
            "calls_per_rep": number,
            "result": result_text(r),
            "digest": outputs_digest(args),
        }
        del args
        gc.collect()
    return out


def child_alloc(engine, min_rep_time, repeat, outdir, names):
    """Times kernels of `kernels.ALLOC` as `child_steady` does. Each first result is pickled to
    `outdir` for the parent to compare across engines, and checked here against itself: it is
    held while the timed calls run, so it must come out unchanged (a runtime that recycled its
    memory too early would overwrite it), and a fresh call must return the same again."""
    import kernels

    jit = load_jit(engine)
    out = {}
    gc.disable()
    for name in names:
        fn, make_args, _, _ = kernels.ALLOC[name]
        args = make_args()
        args_before = outputs_digest(args)
        try:
            f = jit(fn)
            r = f(*args)
            first = pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)
            best, median, number = best_per_call(f, args, min_rep_time, repeat)
            flt0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for _ in range(number):  # one more repetition, to count its page faults
                f(*args)
            flt1 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            again = pickle.dumps(f(*args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - any failure is reported in the table
            out[name] = {"error": error_text(exc)}
            continue
        problems = []
        if pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) != first:
            problems.append("the first result changed during later calls")
        if again != first:
            problems.append("a later call returned a different result")
        if outputs_digest(args) != args_before:
            problems.append("the kernel modified its inputs")
        path = Path(outdir) / f"{engine}-{os.getpid()}-{name}.pickle"
        path.write_bytes(first)
        out[name] = {
            "best": best,
            "median": median,
            "calls_per_rep": number,
            "faults_per_call": (flt1 - flt0) / number,
            "result_file": str(path),
            "self_check": "; ".join(problems),
        }
        del args, r
        gc.collect()
    return out


def _call_loop(f, n):
    for _ in range(n):
        f(1, 2)


def _bare_loop(f, n):
    for _ in range(n):
        pass


def child_dispatch(engine, calls, repeat):
    import kernels

    jit = load_jit(engine)
    try:
        f = jit(kernels.add)
        if f(1, 2) != 3:
            return {"error": f"add(1, 2) returned {f(1, 2)!r}"}
    except Exception as exc:  # noqa: BLE001 - any failure is reported in the table
        return {"error": error_text(exc)}
    gc.disable()
    call_times, bare_times = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        _call_loop(f, calls)
        t1 = time.perf_counter()
        _bare_loop(f, calls)
        t2 = time.perf_counter()
        call_times.append(t1 - t0)
        bare_times.append(t2 - t1)
    call, bare = min(call_times) / calls, min(bare_times) / calls
    return {"ns": (call - bare) * 1e9, "gross_ns": call * 1e9, "loop_ns": bare * 1e9}


def child_main(argv):
    task, engine, *rest = argv
    tasks = {
        "first": lambda: child_first(engine, rest[0]),
        "steady": lambda: child_steady(engine, float(rest[0]), int(rest[1])),
        "dispatch": lambda: child_dispatch(engine, int(rest[0]), int(rest[1])),
        "alloc": lambda: child_alloc(
            engine, float(rest[0]), int(rest[1]), rest[2], rest[3].split(",")
        ),
    }
    if task not in tasks:
        raise SystemExit(f"unknown task {task!r}")
    try:
        res = tasks[task]()
    except Exception as exc:  # noqa: BLE001 - e.g. the engine does not import: one error for the task
        res = {"error": error_text(exc)}
    print(json.dumps(res), flush=True)


# --------------------------------------------------------------------------------------------
# Parent side.
# --------------------------------------------------------------------------------------------


def run_child(args, timeout=900):
    """Run `run.py --child ARGS` in a fresh interpreter; return its JSON, or {"error": ...}."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    try:
        p = subprocess.run(
            cmd,
            check=False,
            capture_output=True,
            text=True,
            env=BENCH_ENV,
            timeout=timeout,
            cwd=HERE,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = p.stdout.strip().splitlines()
    if p.returncode == 0 and lines:
        try:
            return json.loads(lines[-1])
        except json.JSONDecodeError:
            pass
    tail = [line for line in p.stderr.strip().splitlines() if line.strip()]
    why = tail[-1].strip() if tail else "no output"
    return {"error": f"process exited with {p.returncode}: {why}"}


def time_command(code, cwd):
    """Wall time of `python -c CODE` in a fresh process, or an error string."""
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=BENCH_ENV,
        cwd=cwd,
    )
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        tail = [line for line in p.stderr.strip().splitlines() if line.strip()]
        return tail[-1].strip() if tail else f"exit {p.returncode}"
    return dt


def measure_import(engines, n):
    codes = {"python": "pass", **{e: f"import {e}" for e in engines}}
    samples = {k: [] for k in codes}
    errors = {}
    with (
        tempfile.TemporaryDirectory() as cwd
    ):  # so that nothing in the repo shadows a package
        for k, code in codes.items():  # warm-up: .pyc files and the page cache
            r = time_command(code, cwd)
            if isinstance(r, str):
                errors[k] = r
        for _ in range(n):
            for k, code in codes.items():
                if k in errors:
                    continue
                r = time_command(code, cwd)
                if isinstance(r, str):
                    errors[k] = r
                else:
                    samples[k].append(r)
    out = {}
    base = statistics.median(samples["python"])
    out["python"] = {"raw": base}
    for e in engines:
        if e in errors:
            out[e] = {"error": errors[e]}
        else:
            raw = statistics.median(samples[e])
            out[e] = {"raw": raw, "net": raw - base}
    return out


def measure_first_call(engines, n):
    import kernels

    out = {name: {e: [] for e in engines} for name in kernels.FIRST_CALL}
    for _ in range(n):
        for name in kernels.FIRST_CALL:
            for e in engines:
                out[name][e].append(run_child(["first", e, name]))
    summary = {}
    for name, per_engine in out.items():
        summary[name] = {}
        for e, runs in per_engine.items():
            errs = [r["error"] for r in runs if "error" in r]
            if errs:
                summary[name][e] = {"error": errs[0]}
                continue
            summary[name][e] = {
                "wall": statistics.median(r["wall"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "import_and_call": statistics.median(
                    r["import"] + r["wall"] for r in runs
                ),
                "result": runs[0]["result"],
            }
    return summary


def measure_steady(engines, rounds, min_rep_time, repeat):
    """One fresh process per engine and round, rounds interleaved; the best round counts."""
    per_engine = {e: [] for e in engines}
    for _ in range(rounds):
        for e in engines:
            per_engine[e].append(
                run_child(["steady", e, str(min_rep_time), str(repeat)])
            )
    out = {}
    for e, runs in per_engine.items():
        out[e] = {}
        for run in runs:
            if "error" in run:  # the whole process failed
                for name in _steady_names():
                    out[e].setdefault(name, {"error": run["error"]})
                continue
            for name, r in run.items():
                prev = out[e].get(name)
                if (
                    prev is None
                    or "error" in prev
                    or ("best" in r and r["best"] < prev["best"])
                ):
                    out[e][name] = r
    return out


def measure_alloc(engines, rounds, min_rep_time, repeat):
    """The kernels that allocate: as `measure_steady` (rounds interleaved, the best round
    counts), but each kernel in a fresh process of its own, then each kernel's result is
    compared between the engines. One process per kernel, because a kernel's time can depend
    on what ran before it in the process: glibc's `malloc` (which Numba allocates with) adapts
    its mmap and trim thresholds to the blocks freed so far, so a kernel whose temporaries it
    returns to the system on every call runs 2-3 times faster after another kernel has raised
    those thresholds. Alone in its process, a kernel sees what a program calling it in
    a loop sees."""
    import kernels

    names = list(kernels.ALLOC)
    timing = {e: {} for e in engines}
    results = {e: {} for e in engines}
    with tempfile.TemporaryDirectory(prefix="oxjit-bench-") as outdir:
        for _ in range(rounds):
            for name, e in ((n, e) for n in names for e in engines):
                args = ["alloc", e, str(min_rep_time), str(repeat), outdir, name]
                run = run_child(args)
                # {"error": ...} when the whole process failed
                r = run.get(name) or {"error": run.get("error", "no result")}
                prev = timing[e].get(name)
                if "error" not in r and name not in results[e]:
                    results[e][name] = _load_result(r["result_file"])
                if prev is None or ("error" in prev and "error" not in r):
                    timing[e][name] = r
                elif "error" not in r:
                    problems = [p for p in (prev["self_check"], r["self_check"]) if p]
                    if r["best"] < prev["best"]:
                        timing[e][name] = r
                    timing[e][name]["self_check"] = "; ".join(dict.fromkeys(problems))
    check = {}
    for name, (_, _, _, rtol) in kernels.ALLOC.items():
        if len(engines) < 2 or not all(name in results[e] for e in engines):
            check[name] = {"ok": None, "text": "—"}
            continue
        ok, text = check_same_result(
            results["oxjit"][name], results["numba"][name], rtol
        )
        check[name] = {"ok": ok, "text": text}
    for name in names:  # a result that changed under its own engine is a failure too
        problems = [
            f"{e}: {timing[e][name]['self_check']}"
            for e in engines
            if timing[e].get(name, {}).get("self_check")
        ]
        if problems:
            texts = [check[name]["text"]] if check[name]["ok"] is False else []
            check[name] = {"ok": False, "text": "; ".join(texts + problems)}
    return {"timing": timing, "check": check}


def _load_result(path):
    return pickle.loads(Path(path).read_bytes())


def _describe(x):
    if hasattr(x, "dtype") and hasattr(x, "shape"):
        return f"{type(x).__name__} {x.dtype} {x.shape}"
    return f"{type(x).__name__} {x!r}"


def _expect(cond, what):
    if not cond:  # not `assert`: the check must hold under `python -O` too
        raise AssertionError(what)


def _compare_one(ox, nb, rtol):
    """How one returned value compares ("identical", ...); AssertionError on a mismatch."""
    import numpy as np

    differ = f"oxjit returned {_describe(ox)}, Numba {_describe(nb)}"
    if isinstance(nb, tuple):
        _expect(isinstance(ox, tuple) and len(ox) == len(nb), differ)
        texts = [_compare_one(a, b, rtol) for a, b in zip(ox, nb)]
        if all(t == "identical" for t in texts):
            return "identical"
        return "; ".join(f"[{i}] {t}" for i, t in enumerate(texts))
    is_arr = isinstance(nb, np.ndarray)
    _expect(
        isinstance(ox, np.ndarray) == is_arr and (is_arr or type(ox) is type(nb)),
        differ,
    )
    a, b = np.asarray(ox), np.asarray(nb)
    _expect(a.dtype == b.dtype and a.shape == b.shape, differ)
    if a.tobytes() == b.tobytes():
        return "identical"
    if np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"):
        return "equal (NaN payloads or signs of zero differ)"
    if rtol > 0 and a.dtype.kind in "fc":
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.abs(a - b) / np.abs(b)
        worst = float(np.nanmax(np.where(a == b, 0.0, rel))) if a.size else 0.0
        if np.allclose(a, b, rtol=rtol, atol=0.0, equal_nan=True):
            return f"equal to {rtol:g} relative (largest difference {worst:.1e})"
    same = a == b
    if a.dtype.kind in "fc":
        same |= np.isnan(a) & np.isnan(b)
    bad = np.flatnonzero(~same)
    i = int(bad[0])
    at = np.unravel_index(i, a.shape) if a.ndim else ()
    raise AssertionError(
        f"{len(bad)} of {a.size} values differ, first at {tuple(int(k) for k in at)}: "
        f"oxjit {a.flat[i].item()!r}, Numba {b.flat[i].item()!r}"
    )


def check_same_result(ox, nb, rtol):
    """Compares oxjit's result with Numba's: (True, how) or (False, "MISMATCH: ...")."""
    try:
        return True, _compare_one(ox, nb, rtol)
    except AssertionError as exc:
        return False, f"MISMATCH: {exc}"
    except Exception as exc:  # noqa: BLE001 - a result the comparison cannot handle
        return False, f"MISMATCH: cannot compare ({error_text(exc)})"


def _steady_names():
    import kernels

    return list(kernels.STEADY)


def measure_dispatch(engines, rounds, calls, repeat):
    out = {}
    for _ in range(rounds):
        for e in (*engines, "python"):
            r = run_child(["dispatch", e, str(calls), str(repeat)])
            prev = out.get(e)
            if prev is None or "error" in prev or ("ns" in r and r["ns"] < prev["ns"]):
                out[e] = r
    return out


# --------------------------------------------------------------------------------------------
# Machine information and formatting.
# --------------------------------------------------------------------------------------------


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def mem_total():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "?"


def version_of(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def command_output(cmd):
    try:
        p = subprocess.run(
            cmd, check=False, capture_output=True, text=True, cwd=ROOT, timeout=30
        )
        return p.stdout.strip() if p.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine_info():
    rev = command_output(["git", "rev-parse", "--short", "HEAD"])
    if rev and command_output(["git", "status", "--porcelain", "--untracked-files=no"]):
        rev += " + uncommitted changes"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory": mem_total(),
        "load_start": os.getloadavg(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": version_of("numpy"),
        "numba": version_of("numba"),
        "llvmlite": version_of("llvmlite"),
        "oxjit": version_of("oxjit"),
        "rustc": command_output(["rustc", "--version"]) or "?",
        "git": rev or "?",
    }


def fmt_time(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    ms = seconds * 1e3
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    if ms >= 1:
        return f"{ms:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_ns(ns):
    return f"{ns:.0f} ns"


def cell_error(msg):
    msg = " ".join(str(msg).split()).replace("|", "\\|")
    if len(msg) > 90:
        msg = msg[:87] + "..."
    return f"error: {msg}"


class Row:
    """One table row: a measurement, oxjit and Numba values, and the target ratio."""

    def __init__(self, label, ox, nb, key, fmt, target):
        self.label, self.target, self.fmt = label, target, fmt
        self.ox, self.nb = self._get(ox, key), self._get(nb, key)

    @staticmethod
    def _get(res, key):
        if res is None:
            return NOT_MEASURED
        if "error" in res:
            return cell_error(res["error"])
        return res[key]

    def ratio(self):
        if isinstance(self.ox, float) and isinstance(self.nb, float) and self.nb > 0:
            return self.ox / self.nb
        return None

    def cells(self):
        def show(v):
            return self.fmt(v) if isinstance(v, float) else v

        r = self.ratio()
        ratio = f"{r:.3f}" if r is not None else "—"
        if self.target is None:
            target, verdict = "(info)", ""
        else:
            target = (
                f"≤ {self.target:.2f}"
                if self.target >= 1
                else f"≤ 1/{round(1 / self.target)}"
            )
            if r is not None:
                verdict = "PASS" if r <= self.target else "MISS"
            elif self.ox == NOT_MEASURED:
                verdict = NOT_MEASURED
            else:
                verdict = "MISS"
        return [self.label, show(self.ox), show(self.nb), ratio, target, verdict]


def markdown_table(header, rows):
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def build_rows(res, engines):
    import kernels

    def pick(section, engine, sub=None):
        if engine not in engines:
            return None
        if section == "steady":  # keyed engine -> kernel; the others kernel -> engine
            return res["steady"][engine].get(sub)
        d = res[section] if sub is None else res[section][sub]
        return d.get(engine)

    rows = []
    imp = res["import"]
    rows.append(
        Row(
            "import time, net of `python -c pass`",
            pick("import", "oxjit"),
            pick("import", "numba"),
            "net",
            fmt_time,
            TARGET_IMPORT,
        )
    )
    rows.append(
        Row(
            f"import time, raw (`python -c pass` = {fmt_time(imp['python']['raw'])})",
            pick("import", "oxjit"),
            pick("import", "numba"),
            "raw",
            fmt_time,
            None,
        )
    )
    for name, (_, _, desc) in kernels.FIRST_CALL.items():
        rows.append(
            Row(
                f"first call, {name} kernel: {desc}",
                pick("first", "oxjit", name),
                pick("first", "numba", name),
                "wall",
                fmt_time,
                TARGET_FIRST_CALL,
            )
        )
    for name, (_, _, desc) in kernels.STEADY.items():
        rows.append(
            Row(
                f"steady state: {desc}",
                pick("steady", "oxjit", name),
                pick("steady", "numba", name),
                "best",
                fmt_time,
                TARGET_STEADY,
            )
        )
    rows.append(
        Row(
            "dispatch: `add(1, 2)`, per call, net of the loop",
            pick("dispatch", "oxjit"),
            pick("dispatch", "numba"),
            "ns",
            fmt_ns,
            TARGET_DISPATCH,
        )
    )
    return rows


def details(res, engines):
    """Secondary tables: CPU times, result cross-checks, reference figures."""
    import kernels

    out = []
    first = res["first"]
    lines = []
    for name, (_, _, desc) in kernels.FIRST_CALL.items():
        cells = [f"{name}: {desc}"]
        for e in ENGINES:
            r = first[name].get(e) if e in engines else None
            if r is None:
                cells.append(NOT_MEASURED)
            elif "error" in r:
                cells.append(cell_error(r["error"]))
            else:
                cells.append(
                    f"{fmt_time(r['wall'])} wall, {fmt_time(r['cpu'])} CPU; "
                    f"{fmt_time(r['import_and_call'])} with the import"
                )
        lines.append(cells)
    out.append(
        "First call in a fresh process (median): wall and CPU time of compile + call, and "
        "wall time of importing the engine (numpy already imported) plus the first call:\n\n"
        + markdown_table(["kernel", "oxjit", "Numba"], lines)
    )

    lines = []
    steady = res["steady"]
    for name in kernels.STEADY:
        cells = [name]
        rs = {e: steady.get(e, {}).get(name) for e in ENGINES}
        for e in ENGINES:
            r = rs[e]
            if r is None:
                cells.append(NOT_MEASURED)
            elif "error" in r:
                cells.append(cell_error(r["error"]))
            else:
                cells.append(
                    f"{fmt_time(r['best'])} best, {fmt_time(r['median'])} median "
                    f"({r['calls_per_rep']} calls/rep)"
                )
        ox, nb = rs["oxjit"], rs["numba"]
        if ox and nb and "error" not in ox and "error" not in nb:
            same = ox["result"] == nb["result"] and ox["digest"] == nb["digest"]
            cells.append(
                "identical"
                if same
                else f"DIFFER: oxjit {ox['result']}, Numba {nb['result']}"
            )
        else:
            cells.append("—")
        lines.append(cells)
    out.append(
        "Steady state per call (best and median of the repetitions), and whether oxjit and "
        "Numba returned bit-identical results and output arrays:\n\n"
        + markdown_table(["kernel", "oxjit", "Numba", "same result"], lines)
    )

    disp = res["dispatch"]
    lines = []
    for e in (*ENGINES, "python"):
        r = disp.get(e)
        label = {"python": "plain Python function (reference)"}.get(e, e)
        if r is None:
            lines.append([label, NOT_MEASURED, "", ""])
        elif "error" in r:
            lines.append([label, cell_error(r["error"]), "", ""])
        else:
            lines.append(
                [label, fmt_ns(r["ns"]), fmt_ns(r["gross_ns"]), fmt_ns(r["loop_ns"])]
            )
    out.append(
        "Dispatch of `add(1, 2)` (best of the repetitions):\n\n"
        + markdown_table(
            ["callee", "net per call", "loop with call", "empty loop"], lines
        )
    )
    return "\n\n".join(out)


ALLOC_INTRO = (
    "Kernels that allocate (issue 3): each creates its arrays inside the kernel and returns "
    "its result. It is called from a Python loop that drops the previous result, as users do, "
    "in a fresh process of its own for each engine and round (rounds taking turns), so that "
    "it meets the memory allocator in the state a program calling it in a loop leaves; steady "
    "state measured as above (best per-call time of the repetitions, after a warm-up call). "
    "The target, from issue 3, is at most Numba's time. The last column compares oxjit's "
    "result with Numba's: bit-identical, or equal to 1e-12 relative where a float sum may add "
    "in another order. Numba allocates with glibc's `malloc`, which gives a freed block of "
    "32 MiB or more (its largest mmap threshold) back to the system, and the top of its heap "
    "when more than twice its current threshold is free there; the next call page-faults that "
    "memory in again (see the page faults per call in the details). 4,000,000 float64 "
    "(32.0 MB) stay just below 32 MiB; a 4Mi = 4,194,304-element result does not."
)


def alloc_table(res, engines):
    import kernels

    alloc = res["alloc"]
    lines = []
    for name, (_, _, desc, _) in kernels.ALLOC.items():
        row = Row(
            name,
            alloc["timing"]["oxjit"].get(name) if "oxjit" in engines else None,
            alloc["timing"]["numba"].get(name) if "numba" in engines else None,
            "best",
            fmt_time,
            TARGET_ALLOC,
        )
        label, ox, nb, ratio, target, verdict = row.cells()
        check = alloc["check"].get(name, {"ok": None, "text": "—"})
        if check["ok"] is False:
            verdict = "MISS (result differs)"
        text = check["text"].replace("|", "\\|")
        if len(text) > 160:
            text = text[:157] + "..."
        lines.append([f"`{label}`", desc, ox, nb, ratio, target, verdict, text])
    return f"{ALLOC_INTRO}\n\n" + markdown_table(
        [
            "kernel",
            "call and inputs",
            "oxjit",
            "Numba",
            "oxjit / Numba",
            "target",
            "result",
            "same result as Numba",
        ],
        lines,
    )


def alloc_details(res, engines):
    import kernels

    timing = res["alloc"]["timing"]
    lines = []
    for name in kernels.ALLOC:
        cells = [name]
        for e in ENGINES:
            r = timing[e].get(name) if e in engines else None
            if r is None:
                cells.append(NOT_MEASURED)
            elif "error" in r:
                cells.append(cell_error(r["error"]))
            else:
                cells.append(
                    f"{fmt_time(r['best'])} best, {fmt_time(r['median'])} median "
                    f"({r['calls_per_rep']} calls/rep); {r['faults_per_call']:.0f} page faults/call"
                )
        lines.append(cells)
    return (
        "Kernels that allocate, per call (best and median of the repetitions), and the minor "
        "page faults per call of the process during one more repetition:\n\n"
        + markdown_table(["kernel", "oxjit", "Numba"], lines)
    )


def machine_text(m, load_end):
    ls = ", ".join(f"{x:.2f}" for x in m["load_start"])
    le = ", ".join(f"{x:.2f}" for x in load_end)
    return (
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memory']}; "
        f"load average {ls} at start, {le} at end. {m['os']}; Python {m['python']}, "
        f"numpy {m['numpy']}, Numba {m['numba']} (llvmlite {m['llvmlite']}), oxjit {m['oxjit']} "
        f"(git {m['git']}, {m['rustc']})."
    )


def replace_between(text, begin, end, body):
    pat = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pat.search(text):
        return None
    return pat.sub(lambda _: f"{begin}\n{body}\n{end}", text, count=1)


DEFAULT_RESULTS_HEADER = (
    "# oxjit benchmark results\n\nRegenerate with `make bench`.\n\n"
)


def write_results(main_table, alloc_text, detail_text, machine):
    body = f"{machine}\n\n{main_table}\n\n{alloc_text}\n\n{detail_text}"
    text = (
        RESULTS.read_text()
        if RESULTS.exists()
        else DEFAULT_RESULTS_HEADER + f"{RESULTS_BEGIN}\n{RESULTS_END}\n"
    )
    new = replace_between(text, RESULTS_BEGIN, RESULTS_END, body)
    if new is None:
        new = text.rstrip() + f"\n\n{RESULTS_BEGIN}\n{body}\n{RESULTS_END}\n"
    RESULTS.write_text(new)
    print(f"wrote {RESULTS.relative_to(ROOT)}")


def write_readme(main_table, alloc_text, machine):
    if not README.exists():
        return
    body = (
        f"{main_table}\n\n{alloc_text}\n\n"
        f"{machine} Details: [bench/RESULTS.md](bench/RESULTS.md)."
    )
    new = replace_between(README.read_text(), README_BEGIN, README_END, body)
    if new is None:
        print(f"README.md has no {README_BEGIN} marker; its table was not updated")
        return
    README.write_text(new)
    print("updated the performance table in README.md")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(HERE))
        return child_main(sys.argv[2:])

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--quick", action="store_true", help="fewer repetitions (checks the script)"
    )
    ap.add_argument(
        "--engines", default="oxjit,numba", help="comma-separated: oxjit, numba"
    )
    ap.add_argument(
        "--no-write", action="store_true", help="print only; write no files"
    )
    ap.add_argument("--no-readme", action="store_true", help="do not update README.md")
    ap.add_argument(
        "--alloc-only",
        action="store_true",
        help="only the kernels that allocate (issue 3); print, write no files",
    )
    opts = ap.parse_args()
    engines = [e for e in opts.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r}")
    sys.path.insert(0, str(HERE))

    if opts.quick:
        n_import, n_first, rounds, min_rep, repeat, calls, d_repeat = (
            5,
            3,
            1,
            0.05,
            3,
            200_000,
            3,
        )
    else:
        n_import, n_first, rounds, min_rep, repeat, calls, d_repeat = (
            21,
            7,
            3,
            0.2,
            7,
            1_000_000,
            5,
        )

    machine = machine_info()
    t0 = time.time()
    res = {}
    if opts.alloc_only:
        print(f"kernels that allocate: {rounds} round(s) per engine ...", flush=True)
        res["alloc"] = measure_alloc(engines, rounds, min_rep, repeat)
        print()
        print(machine_text(machine, os.getloadavg()))
        print()
        print(alloc_table(res, engines))
        print()
        print(alloc_details(res, engines))
        print(f"\n(bench took {time.time() - t0:.0f} s)")
        return 0
    print(f"import time: {n_import} fresh processes each ...", flush=True)
    res["import"] = measure_import(engines, n_import)
    print(
        f"first call: {n_first} fresh processes per kernel and engine ...", flush=True
    )
    res["first"] = measure_first_call(engines, n_first)
    print(f"steady state: {rounds} round(s) per engine ...", flush=True)
    res["steady"] = measure_steady(engines, rounds, min_rep, repeat)
    print(f"dispatch: {calls} calls x {d_repeat} repetitions ...", flush=True)
    res["dispatch"] = measure_dispatch(engines, rounds, calls, d_repeat)
    print(f"kernels that allocate: {rounds} round(s) per engine ...", flush=True)
    res["alloc"] = measure_alloc(engines, rounds, min_rep, repeat)
    load_end = os.getloadavg()

    rows = build_rows(res, engines)
    main_table = markdown_table(
        ["measurement", "oxjit", "Numba", "oxjit / Numba", "target", "result"],
        [r.cells() for r in rows],
    )
    alloc_text = alloc_table(res, engines)
    detail_text = details(res, engines) + "\n\n" + alloc_details(res, engines)
    mtext = machine_text(machine, load_end)
    print()
    print(mtext)
    print()
    print(main_table)
    print()
    print(alloc_text)
    print()
    print(detail_text)
    print(f"\n(bench took {time.time() - t0:.0f} s)")
    if opts.no_write:
        return 0
    write_results(main_table, alloc_text, detail_text, mtext)
    if not opts.no_readme:
        write_readme(main_table, alloc_text, mtext)
    return 0


if __name__ == "__main__":
    sys.exit(main())
