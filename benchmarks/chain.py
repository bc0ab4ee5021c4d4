"""The chain of sittings behind the CPU's best figure (87.7 % AST match; 88.8 % with 2 beams), rebuilt by one command.

    .venv/bin/python benchmarks/chain.py --data runs/offline [--runs runs] [--upto 9] [--score-all] [--beams N]
                                         [--preset cpu|cpu-bf16] [--soup] [--dry-run]

A sitting (`recipes.py --init-from`) trains a fresh LoRA on the earlier sittings' adapters merged into
the base, so the ninth needs all eight before it. The adapters live in `runs/`, on the machine, never in
git (no weights are committed), and a new machine starts without them: stop 46's did, and the nine
sittings behind 87.7 % are ~6.8 h of training on a 2-core CPU (the `cpu` preset runs 800 steps in ~128 s
on an H100). So the chain is written here once, as data, and each sitting's command is derived from the
ones before it (`--init-from` every earlier adapter, in order; `--init-rows` their `--rows`) instead of
copied by hand from `recipes.py`'s docstring, where the nine commands are read and measured.

Run again, it goes on where it stopped: a sitting whose adapter is saved is skipped, and one stopped
part-way resumes from its last checkpoint (`--save-steps 100`). Only the last sitting is scored on all
357 held-out rows (guided; ~6 min here), the earlier ones train only (`--eval-rows 0`) unless
`--score-all`. `--upto N` stops after the N-th sitting; a new sitting is a new line in SITTINGS.
`--beams N` scores the last sitting with beam search of N (2 beams lifted a first sitting from 67.0 to 70.6 %,
the seventh from 82.9 to 85.2 % and the ninth from 87.7 to 88.8 %, and left the eighth at 86.0 %: recipes.py's
docstring): run after the chain, it scores the saved adapter again (`--reuse`) into its own report.
`--preset cpu-bf16` trains every sitting in bf16, on a CPU with native bf16 only (a step ~1.5x faster on a Zen 4:
`benchmarks/train_throughput.py`; its first sitting scored 68.1 % against fp32's 67.0 and 63.0 %: recipes.py's
docstring); its sittings are other weights, so give them their own `--runs` (`runs/bf16`).
`--soup` goes on after the nine: it trains the three tenths recipes.py's docstring measured on the ninth (TENTHS:
more pairs, more said ones, fresh draws; each 86.6-87.4 % against the ninth's 87.7, so stacking sittings has
levelled off), each apart on the same nine, then scores the mean of their three models (`recipes.py --soup`, a
uniform model soup) into `runs/soup10/`. Each tenth traded the seen tools against the unseen a different way, and
weights fine-tuned apart from one start can be averaged into one model that keeps more of each than any one does
(Wortsman et al., 2022, "Model soups"); it costs the three tenths' training (~2 h in bf16 here) and one scoring.
"""

import argparse
import subprocess
import sys
from pathlib import Path

RECIPE = "contrast+plain"
# Flags every sitting shares: the recipe, the markers, made tools said both ways, scored guided.
COMMON = ("--recipes", RECIPE, "--single-token-markers", "--synth-goals", "both", "--guided", "--save-steps", "100")

# name: the run folder; rows: catalogue rows (drawn fresh from those earlier sittings left, or, with replay,
# again from those they trained on); synth: made conversations; twins: no-call twins; lr: peak rate;
# more_kinds: made tools over synthtools.MORE_KINDS; said: made conversations over synthtools.SAID_KINDS, beside
# the others; pairs: argument pairs (datagen.argument_pairs). The figures are recipes.py's (357 rows, guided, greedy).
SITTINGS = (
    dict(name="lr5e4", rows=1024, synth=256, twins=320, lr=5e-4),  # 67.0 %
    dict(name="lr5e4b", rows=1024, synth=256, twins=320, lr=5e-4),  # 75.6 %
    dict(name="lr5e4c", rows=0, synth=0, twins=360, lr=5e-4),  # 76.8 %: the 1165 rows neither drew
    dict(name="lr5e4r", rows=1024, synth=256, twins=320, lr=2.5e-4, replay=True),  # 78.4 %
    dict(name="lr5e4k", rows=256, synth=256, twins=96, lr=2.5e-4, replay=True, more_kinds=True),  # 81.0 %
    dict(name="lr5e4k2", rows=128, synth=384, twins=64, lr=2.5e-4, replay=True, more_kinds=True),  # 81.2 %
    dict(name="lr5e4k3", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True),  # 82.9 %
    dict(name="said8", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True, said=256),  # 86.0 %
    dict(name="pairs9b", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True, said=256,
         pairs=64),  # 87.7 %
)
# Tenths on the ninth, each trained apart on all nine (draw_seed: --draw-seed); the three of recipes.py's docstring,
# which level at 86.6-87.4 %. `--soup` trains them and scores the mean of their models (recipes.py --soup).
TENTHS = (
    dict(name="pairs10", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True, said=256,
         pairs=128),  # 87.4 %
    dict(name="said10", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True, said=384,
         pairs=64),  # 86.6 %
    dict(name="fresh10", rows=256, synth=128, twins=64, lr=2.5e-4, replay=True, more_kinds=True, said=256,
         pairs=64, draw_seed=43),  # 87.4 %
)
SOUP = "soup10"  # the run folder of the tenths' soup report


def adapter_dir(runs: Path, sitting: dict) -> Path:
    """Where recipes.py saves a sitting's adapter.

    >>> adapter_dir(Path("runs"), SITTINGS[0]).as_posix()
    'runs/lr5e4/adapters/contrast+plain'
    """
    return runs / sitting["name"] / "adapters" / RECIPE


def made_before(earlier: list[dict], more_kinds: bool) -> int:
    """Made conversations the earlier sittings drew fresh from the same stream (KINDS' or MORE_KINDS'),
    which a sitting that does not replay skips (`--init-synth`); a replaying one draws the first ones again.

    >>> made_before(list(SITTINGS[:4]), more_kinds=False)
    512
    """
    return sum(s["synth"] for s in earlier if not s.get("replay") and bool(s.get("more_kinds")) == more_kinds)


def command(data: str, runs: Path, k: int, score: bool, preset: str = "cpu", sitting: dict | None = None) -> list[str]:
    """recipes.py's arguments for the k-th sitting (0-based), on every sitting before it, with `preset`'s training;
    `sitting`: another sitting in the k-th place (a tenth: k = 9).

    >>> command("runs/offline", Path("runs"), 0, score=False)[-6:]
    ['--learning-rate', '0.0005', '--eval-rows', '0', '--out', 'runs/lr5e4']
    >>> c = command("runs/offline", Path("runs"), 2, score=True)
    >>> c[c.index("--init-from") + 1], c[c.index("--init-rows") + 1], c[c.index("--init-synth") + 1]
    ('runs/lr5e4/adapters/contrast+plain,runs/lr5e4b/adapters/contrast+plain', '1024,1024', '512')
    """
    s, earlier = sitting or SITTINGS[k], list(SITTINGS[:k])
    argv = ["--data", data, *COMMON, "--rows", str(s["rows"]), "--synth", str(s["synth"]), "--twins", str(s["twins"])]
    if preset != "cpu":  # recipes.py's default, which every figure in its docstring trained with
        argv += ["--preset", preset]
    if s.get("more_kinds"):
        argv.append("--synth-more-kinds")
    if s.get("said"):
        argv += ["--synth-said", str(s["said"])]
    if s.get("pairs"):
        argv += ["--pairs", str(s["pairs"])]
    if s.get("draw_seed"):
        argv += ["--draw-seed", str(s["draw_seed"])]
    if earlier:
        argv += ["--init-from", ",".join(adapter_dir(runs, e).as_posix() for e in earlier),
                 "--init-rows", ",".join(str(e["rows"]) for e in earlier),
                 "--init-synth", str(made_before(earlier, bool(s.get("more_kinds"))))]
        if s.get("replay"):
            argv.append("--replay")
    return argv + ["--learning-rate", str(s["lr"]), "--eval-rows", "357" if score else "0",
                   "--out", (runs / s["name"]).as_posix()]


def soup_command(data: str, runs: Path) -> list[str]:
    """recipes.py's arguments that score the soup of the TENTHS, on the nine they were each trained on.

    >>> c = soup_command("runs/offline", Path("runs"))
    >>> c[c.index("--soup") + 1], c[-2:]
    ('runs/pairs10,runs/said10,runs/fresh10', ['--out', 'runs/soup10'])
    """
    argv = command(data, runs, len(SITTINGS), score=True, sitting=TENTHS[0])
    keep = {"--data", "--init-from", "--init-rows", "--eval-rows"}  # only these matter to a soup, which is not trained
    argv = [a for i, a in enumerate(argv) if a in keep or argv[i - 1] in keep]
    return ["--recipes", RECIPE, "--single-token-markers", "--guided", *argv,
            "--soup", ",".join((runs / t["name"]).as_posix() for t in TENTHS), "--out", (runs / SOUP).as_posix()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="a run folder of `make run` (holds data/)")
    parser.add_argument("--runs", default="runs", help="where each sitting's folder goes")
    parser.add_argument("--upto", type=int, default=len(SITTINGS), help="stop after this sitting (1-based)")
    parser.add_argument("--score-all", action="store_true", help="score every sitting, not only the last")
    parser.add_argument("--beams", type=int, default=1, help="score the last sitting with beam search of N")
    parser.add_argument("--preset", default="cpu", choices=("cpu", "cpu-bf16"),
                        help="the training preset of every sitting; cpu-bf16 only where the CPU has native bf16")
    parser.add_argument("--soup", action="store_true",
                        help="after the nine, train the three TENTHS on them and score the mean of their models")
    parser.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    args = parser.parse_args()
    if not 1 <= args.upto <= len(SITTINGS):
        parser.error(f"--upto {args.upto}: the chain has sittings 1 to {len(SITTINGS)}")
    if args.beams < 1:
        parser.error(f"--beams {args.beams}: give 1 (greedy decoding) or more")
    if args.soup and (args.upto != len(SITTINGS) or args.beams > 1):
        parser.error(f"--soup sits on all {len(SITTINGS)} sittings and is scored greedily: drop --upto and --beams")
    runs, script = Path(args.runs), Path(__file__).with_name("recipes.py")
    for k in range(args.upto):
        last = k == args.upto - 1
        beams = args.beams if last else 1  # the earlier sittings, where scored, are scored greedily
        report = runs / SITTINGS[k]["name"] / (f"{RECIPE}.guided" + (f".beam{beams}" if beams > 1 else "") + ".json")
        saved = (adapter_dir(runs, SITTINGS[k]) / "adapter_model.safetensors").is_file()
        if saved and (not (last or args.score_all) or report.is_file()):
            print(f"sitting {k + 1} ({SITTINGS[k]['name']}): saved, skipped", flush=True)
            continue
        argv = command(args.data, runs, k, score=last or args.score_all, preset=args.preset)
        if beams > 1:
            argv += ["--beams", str(beams)]
        if saved:  # trained by an earlier run, not scored this way (or at all): score it now, on the same sittings
            argv += ["--reuse"]
        print(f"sitting {k + 1} ({SITTINGS[k]['name']}): {sys.executable} {script} {' '.join(argv)}", flush=True)
        if not args.dry_run:
            subprocess.run([sys.executable, str(script), *argv], check=True)
    if not args.soup:
        return
    steps = [(t["name"], command(args.data, runs, len(SITTINGS), score=False, preset=args.preset, sitting=t),
              adapter_dir(runs, t) / "adapter_model.safetensors") for t in TENTHS]
    steps.append((SOUP, soup_command(args.data, runs), runs / SOUP / f"{RECIPE}.guided.soup.json"))
    for name, argv, done in steps:
        if done.is_file():
            print(f"{name}: done, skipped", flush=True)
            continue
        print(f"{name}: {sys.executable} {script} {' '.join(argv)}", flush=True)
        if not args.dry_run:
            subprocess.run([sys.executable, str(script), *argv], check=True)


if __name__ == "__main__":
    main()
