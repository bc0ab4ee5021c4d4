"""benchmarks/chain.py: the commands it derives are the ones recipes.py accepts and documents."""

import doctest
import importlib.util
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


chain = _load("chain")


def test_doctests():
    failed, tried = doctest.testmod(chain)
    assert tried >= 4 and failed == 0


@pytest.fixture(scope="module")
def recipes():
    return _load("recipes")  # imports torch and the library: once for the module's tests


@pytest.mark.parametrize("k", range(len(chain.SITTINGS)))
def test_every_sitting_parses_and_sits_on_all_before_it(recipes, k):
    last = k == len(chain.SITTINGS) - 1
    args = recipes.build_parser().parse_args(chain.command("runs/offline", Path("runs"), k, score=last))
    earlier = chain.SITTINGS[:k]
    if earlier:
        assert args.init_from == ",".join(f"runs/{e['name']}/adapters/contrast+plain" for e in earlier)
        assert args.init_rows == ",".join(str(e["rows"]) for e in earlier)
    else:
        assert args.init_from is None
    s = chain.SITTINGS[k]
    assert (args.rows, args.synth, args.twins, args.learning_rate) == (s["rows"], s["synth"], s["twins"], s["lr"])
    assert args.replay == bool(s.get("replay")) and args.synth_more_kinds == bool(s.get("more_kinds"))
    assert args.synth_said == s.get("said", 0) and args.pairs == s.get("pairs", 0)
    assert args.recipes == "contrast+plain" and args.single_token_markers and args.guided
    assert args.eval_rows == (357 if last else 0) and args.out == f"runs/{s['name']}"


def test_the_chain_is_the_one_recipes_py_measured():
    # Each later sitting's documented --init-rows, the rows its earlier sittings drew, in order, as the
    # docstring's command gives them (wrapped lines joined): a sitting changed here and not there fails.
    doc = " ".join((BENCH / "recipes.py").read_text().split())
    for k in range(1, len(chain.SITTINGS)):
        c = chain.command("runs/offline", Path("runs"), k, score=False)
        init_rows = c[c.index("--init-rows") + 1]
        name = chain.SITTINGS[k]["name"]
        assert f"--out runs/{name}" in doc or k == 1, name  # the second sitting's command names no --out
        if k >= 2:
            assert f"--init-rows {init_rows}" in doc, (name, init_rows)
    # and the last sitting's rows, made ones, twins, said ones and pairs are those its documented command gives
    last = chain.SITTINGS[-1]
    command = re.search(r"The ninth again.*?--out runs/" + last["name"] + r"\b", doc).group(0)
    for flag, key in (("rows", "rows"), ("synth", "synth"), ("twins", "twins"), ("synth-said", "said"),
                      ("pairs", "pairs")):
        assert f"--{flag} {last[key]} " in command, flag


def test_run_again_skips_saved_sittings_and_scores_an_unscored_last(tmp_path, monkeypatch, capsys):
    for s in chain.SITTINGS[:3]:  # three sittings trained by an earlier run, none scored
        folder = chain.adapter_dir(tmp_path, s)
        folder.mkdir(parents=True)
        (folder / "adapter_model.safetensors").write_bytes(b"")
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--runs", str(tmp_path), "--upto", "4",
                                     "--dry-run"])
    chain.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.endswith("saved, skipped") for line in lines] == [True, True, True, False]
    assert "--eval-rows 357" in lines[3] and "--reuse" not in lines[3] and f"--out {tmp_path}/lr5e4r" in lines[3]
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--runs", str(tmp_path), "--upto", "3",
                                     "--dry-run"])
    chain.main()  # the third is saved but was never scored: as the last, it is scored, not trained again
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("sitting 3 (lr5e4c)") and last.endswith("--reuse") and "--eval-rows 357" in last


def test_beams_score_the_saved_last_sitting_again_into_its_own_report(tmp_path, monkeypatch, capsys):
    for s in chain.SITTINGS:  # the whole chain trained, the last scored greedily
        chain.adapter_dir(tmp_path, s).mkdir(parents=True)
        (chain.adapter_dir(tmp_path, s) / "adapter_model.safetensors").write_bytes(b"")
    n, name = len(chain.SITTINGS), chain.SITTINGS[-1]["name"]
    (tmp_path / name / "contrast+plain.guided.json").write_text("{}")
    argv = ["chain.py", "--data", "runs/offline", "--runs", str(tmp_path), "--dry-run"]
    monkeypatch.setattr("sys.argv", argv)
    chain.main()
    assert all(line.endswith("saved, skipped") for line in capsys.readouterr().out.splitlines())
    monkeypatch.setattr("sys.argv", argv + ["--beams", "2"])
    chain.main()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == n and all(line.endswith("saved, skipped") for line in lines[:-1])
    assert lines[-1].startswith(f"sitting {n} ({name})") and lines[-1].endswith("--beams 2 --reuse")
    (tmp_path / name / "contrast+plain.guided.beam2.json").write_text("{}")
    chain.main()  # scored with 2 beams too: nothing left to run
    assert capsys.readouterr().out.splitlines()[-1].endswith("saved, skipped")


def test_beams_below_one_are_refused(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--beams", "0", "--dry-run"])
    with pytest.raises(SystemExit):
        chain.main()
    assert "--beams 0: give 1 (greedy decoding) or more" in capsys.readouterr().err


def test_upto_outside_the_chain_is_refused(monkeypatch, capsys):
    n = len(chain.SITTINGS)
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--upto", str(n + 1), "--dry-run"])
    with pytest.raises(SystemExit):
        chain.main()
    assert f"--upto {n + 1}: the chain has sittings 1 to {n}" in capsys.readouterr().err


def test_preset_reaches_every_sitting_and_the_default_adds_nothing(recipes):
    # the default command is the documented one (no --preset: recipes.py's cpu); cpu-bf16 reaches each sitting
    for k in range(len(chain.SITTINGS)):
        plain = chain.command("runs/offline", Path("runs"), k, score=False)
        bf16 = chain.command("runs/offline", Path("runs"), k, score=False, preset="cpu-bf16")
        assert "--preset" not in plain and recipes.build_parser().parse_args(plain).preset == "cpu"
        assert recipes.build_parser().parse_args(bf16).preset == "cpu-bf16"
        assert [a for a in bf16 if a not in ("--preset", "cpu-bf16")] == plain
