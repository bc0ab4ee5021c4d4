"""`fccourse doctor | prepare-model | run | eval` — the course from a terminal."""

from __future__ import annotations

import argparse
import sys
import time


def _doctor(args) -> int:
    from . import env

    env.doctor(check_network=not args.no_network)
    return 0


def _prepare_model(args) -> int:
    from . import models

    t0 = time.perf_counter()
    try:
        folder = models.resolve(args.model_id)
    except models.ModelLoadError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"ready: {folder} ({time.perf_counter() - t0:.1f} s)")
    return 0


def _run(args) -> int:
    from . import runner

    only = [n for part in args.only for n in part.split(",") if n] if args.only else None
    try:
        runner.run_series(args.profile, out=args.out or f"runs/{args.profile}", only=only, start=args.start,
                          timeout=args.timeout)
    except (runner.NotebookFailed, ValueError) as e:
        print(f"\nerror: {e}", file=sys.stderr)
        return 1
    return 0


def _eval(args) -> int:
    import json
    from pathlib import Path

    from . import agent, data, evaluate, models

    if args.beams < 1:
        print(f"error: --beams {args.beams}: give 1 (greedy decoding) or more", file=sys.stderr)
        return 2
    try:
        if args.adapter:
            model, tokenizer = agent.load_tuned(args.adapter, log=lambda m: None)
        else:
            model, tokenizer = agent.load_base(args.model, log=lambda m: None)
        path = Path(args.data)
        if path.is_dir():
            path = path / "data" / "test.jsonl"  # an output_dir of the notebooks
        if not path.is_file():
            raise FileNotFoundError(f"{args.data}: no such file; pass a test.jsonl (notebook 01 writes "
                                    "<output_dir>/data/test.jsonl) or an output_dir")
        rows = data.read_jsonl(path)
    except (models.ModelLoadError, FileNotFoundError, data.DataError, json.JSONDecodeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.limit:
        rows = rows[: args.limit]
    result = evaluate.evaluate(model, tokenizer, rows, args.max_new_tokens, args.batch_size,
                               progress=lambda done, total: print(f"\r{done}/{total} rows", end="", file=sys.stderr),
                               guided=args.guided, grounded=args.grounded, beams=args.beams)
    if args.forced_choice:
        result["forced_choice"] = evaluate.forced_choice(model, tokenizer, rows, args.forced_choice)
    result["model"] = args.adapter or args.model
    result["guided"] = args.guided or args.grounded
    result["grounded"] = args.grounded
    result["beams"] = args.beams
    result["data"] = str(path)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))
    print("", file=sys.stderr)
    print(evaluate.table({"model": result}))
    print("call decision: " + ", ".join(f"{k} {v}" for k, v in result["call_decision"].items()))
    print("first error: " + "; ".join(f"{k} {v}" for k, v in result["first_error"].items()))
    if args.forced_choice:
        fc = result["forced_choice"]
        print(f"forced choice of tool: {fc['accuracy']:.1%} of {fc['rows']} rows (chance {fc['chance']:.1%}); "
              f"first tool offered ranked first in {fc['first_listed']:.1%} (the right one in {fc['first_listed_due']:.1%})"
              if fc["rows"] else "forced choice of tool: no row has one call among two or more offered tools")
    print(f"{result['overall']['rows']} rows in {result['seconds']} s ({result['rows_per_second']} rows/s); "
          f"report: {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fccourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("doctor", help="print versions, GPU, bf16, offline state and one line of advice")
    p.add_argument("--no-network", action="store_true", help="do not probe the hub endpoint")
    p.set_defaults(func=_doctor)

    p = sub.add_parser("prepare-model", help="make a model available locally (default: the offline Gemma 3)")
    p.add_argument("model_id", nargs="?", default="offline-default")
    p.set_defaults(func=_prepare_model)

    p = sub.add_parser("run", help="execute the notebook series with papermill")
    p.add_argument("--profile", default="offline", help="offline | smoke | colab-t4 | full | path/to/file.yaml")
    p.add_argument("--only", action="append", help="notebook numbers, e.g. --only 02,03")
    p.add_argument("--from", dest="start", help="start at this notebook number, e.g. --from 04")
    p.add_argument("--out", help="output folder (default runs/<profile>)")
    p.add_argument("--timeout", type=int, default=3600,
                   help="seconds any one cell may run, e.g. a long training (default 3600; 0: no limit)")
    p.set_defaults(func=_run)

    p = sub.add_parser("eval", help="score a model's tool calls on a held-out split; writes a JSON report")
    p.add_argument("--model", default="offline-default", help="base model id or folder (ignored with --adapter)")
    p.add_argument("--adapter", help="an adapter folder saved by notebook 04 (reads its base model itself)")
    p.add_argument("--data", required=True, help="test.jsonl, or an output_dir holding data/test.jsonl")
    p.add_argument("--out", default="report.json")
    p.add_argument("--limit", type=int, default=0, help="only the first N rows")
    p.add_argument("--max-new-tokens", type=int, default=160)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--forced-choice", type=int, default=0, metavar="N",
                   help="also rank the offered tools after a forced call opening, on N sampled rows (0: skip)")
    p.add_argument("--guided", action="store_true",
                   help="guided decoding: each call held to its row's tool schemas as it is written (fccourse.guided)")
    p.add_argument("--grounded", action="store_true",
                   help="guided decoding whose argument values are also quoted from the conversation (fccourse.guided)")
    p.add_argument("--beams", type=int, default=1,
                   help="beam search of this width instead of greedy decoding: the likelier whole call, ~N times "
                        "the time (1: greedy)")
    p.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
