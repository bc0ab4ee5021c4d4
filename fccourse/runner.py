"""Execute the notebook series with papermill, in order, with one profile.

Each notebook reads what the previous one wrote under `output_dir` and ends
by writing `<output_dir>/<notebook>.json`, the figures it wants reported;
the runner gathers those into `summary.json` and `summary.md`.

Example: ``run_series("smoke", out="runs/smoke")`` prints
``[1/1] 00_setup ... ok (21.4 s)`` and then the summary table.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .profiles import check_names, load_profile

REPO_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


class NotebookFailed(RuntimeError):
    pass


def notebooks_dir() -> Path:
    """The series: the checkout's notebooks/, else ./notebooks."""
    return REPO_NOTEBOOKS if REPO_NOTEBOOKS.is_dir() else Path.cwd() / "notebooks"


def select(paths: list[Path], only: list[str] | None = None, start: str | None = None) -> list[Path]:
    """Pick notebooks by number prefix: only=["02","03"], or start="04" onwards.

    >>> [p.name for p in select([Path("00_a.ipynb"), Path("01_b.ipynb"), Path("02_c.ipynb")], start="01")]
    ['01_b.ipynb', '02_c.ipynb']
    """
    numbers = [p.name.split("_", 1)[0] for p in paths]
    for wanted in (only or []) + ([start] if start else []):
        if wanted not in numbers:
            raise ValueError(f"no notebook numbered {wanted!r}; the series has {', '.join(numbers)}")
    if only:
        return [p for p, n in zip(paths, numbers) if n in only]
    if start:
        return [p for p, n in zip(paths, numbers) if n >= start]
    return list(paths)


def _failing_cell(executed: Path) -> tuple[int | None, str]:
    """(execution count, first line) of the cell that holds the error, as the executed copy shows it."""
    import nbformat

    try:
        for cell in nbformat.read(executed, as_version=4).cells:
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                lines = cell.source.strip().splitlines()
                return cell.get("execution_count"), lines[0] if lines else ""
    except Exception:  # the copy may be unreadable if the kernel died mid-write
        pass
    return None, ""


def _failure_message(nb: Path, executed: Path, error, profile: str | Path,
                     timeout: int | None = None) -> str:
    count, line = _failing_cell(executed)
    cell = getattr(error, "exec_count", None) or count
    resume = f"fccourse run --profile {profile} --from {nb.name.split('_', 1)[0]} --out {executed.parent.parent}"
    if timeout is not None:
        # Training is the cell that runs long; notebook 04 checkpoints, so a rerun continues instead of restarting.
        what = f"it ran past the limit of {timeout} s per cell and was stopped"
        fix = (f"Resume with a longer limit (0: none): {resume} --timeout 0\n"
               "Notebook 04 continues its training from the last checkpoint it saved.")
    else:
        what = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
        fix = f"Fix it, then resume with: {resume}"
    return (
        f"{nb.name} failed in cell [{cell}]" + (f" `{line}`" if line else "") + f": {what}\n"
        f"Open the executed copy to see the traceback in place: {executed}\n" + fix
    )


def run_series(
    profile: str | Path = "offline",
    out: str | Path = "runs/offline",
    only: list[str] | None = None,
    start: str | None = None,
    notebooks: Path | None = None,
    timeout: int = 3600,
) -> dict:
    """`timeout`: seconds any one cell may run (0: no limit); past it the cell is stopped and the run fails."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    params = load_profile(profile)
    all_nbs = sorted((notebooks or notebooks_dir()).glob("[0-9][0-9]_*.ipynb"))
    declared = {nb.stem: set(pm.inspect_notebook(str(nb))) for nb in all_nbs}
    check_names(params, declared, profile=f"profile {profile!s}")
    out = Path(out).resolve()
    (out / "executed").mkdir(parents=True, exist_ok=True)
    chosen = select(all_nbs, only, start)
    timings = {}
    for i, nb in enumerate(chosen, 1):
        wanted = {k: v for k, v in params.items() if k in declared[nb.stem]}
        if "output_dir" in declared[nb.stem]:
            wanted["output_dir"] = str(out)
        executed = out / "executed" / nb.name
        print(f"[{i}/{len(chosen)}] {nb.stem} ...", end=" ", flush=True)
        t0 = time.perf_counter()
        try:
            pm.execute_notebook(
                str(nb), str(executed), parameters=wanted, cwd=str(nb.parent),
                kernel_name="python3", progress_bar=False, execution_timeout=timeout or None,
            )
        except pm.PapermillExecutionError as e:
            print("FAILED")
            raise NotebookFailed(_failure_message(nb, executed, e, profile)) from None
        except CellTimeoutError as e:  # raised as it is, not as a PapermillExecutionError
            print("TIMED OUT")
            raise NotebookFailed(_failure_message(nb, executed, e, profile, timeout)) from None
        timings[nb.stem] = round(time.perf_counter() - t0, 1)
        print(f"ok ({timings[nb.stem]} s)", flush=True)
    return write_summary(out, timings)


def write_summary(out: Path, timings: dict[str, float]) -> dict:
    """Gather each notebook's `<stem>.json` figures into summary.json and .md."""
    summary = {}
    for stem, seconds in timings.items():
        path = out / f"{stem}.json"
        figures = json.loads(path.read_text()) if path.is_file() else {}
        summary[stem] = {"wall_s": seconds, **figures}
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    lines = ["| notebook | wall s | figures |", "|---|---|---|"]
    for stem, row in summary.items():
        figures = ", ".join(f"{k}={v}" for k, v in row.items() if k != "wall_s" and not isinstance(v, (dict, list)))
        lines.append(f"| {stem} | {row['wall_s']} | {figures} |")
    lines.append(f"\ntotal: {sum(timings.values()):.1f} s")
    (out / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return summary
