"""`fccourse doctor | prepare-model | run` — the course from a terminal."""

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
        runner.run_series(args.profile, out=args.out or f"runs/{args.profile}", only=only, start=args.start)
    except (runner.NotebookFailed, ValueError) as e:
        print(f"\nerror: {e}", file=sys.stderr)
        return 1
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
    p.add_argument("--profile", default="offline", help="offline | smoke | colab-t4 | path/to/file.yaml")
    p.add_argument("--only", action="append", help="notebook numbers, e.g. --only 02,03")
    p.add_argument("--from", dest="start", help="start at this notebook number, e.g. --from 04")
    p.add_argument("--out", help="output folder (default runs/<profile>)")
    p.set_defaults(func=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
