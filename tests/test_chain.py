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


@pytest.mark.parametrize("t", chain.TENTHS, ids=lambda t: t["name"])
def test_each_tenth_sits_on_all_nine_as_recipes_py_documents_it(recipes, t):
    args = recipes.build_parser().parse_args(
        chain.command("runs/offline", Path("runs"), len(chain.SITTINGS), score=False, sitting=t))
    assert args.init_from == ",".join(chain.adapter_dir(Path("runs"), s).as_posix() for s in chain.SITTINGS)
    assert (args.synth_said, args.pairs, args.draw_seed) == (t["said"], t["pairs"], t.get("draw_seed"))
    assert args.out == f"runs/{t['name']}" and args.eval_rows == 0
    doc = " ".join((BENCH / "recipes.py").read_text().split())
    # the docstring's tenth: from its "A tenth" to its --out (the second writes only what differs from the first)
    documented = re.search(r"A tenth(?:(?!A tenth).)*?--out runs/" + t["name"] + r"\b", doc).group(0)
    for flag in (f"--synth-said {t['said']}", f"--pairs {t['pairs']}") + (
            (f"--draw-seed {t['draw_seed']}",) if t.get("draw_seed") else ()):
        assert flag in documented, (t["name"], flag)


def test_soup_trains_the_tenths_then_scores_their_mean_once(recipes, tmp_path, monkeypatch, capsys):
    for s in chain.SITTINGS:  # the nine trained by an earlier run, the last scored
        chain.adapter_dir(tmp_path, s).mkdir(parents=True)
        (chain.adapter_dir(tmp_path, s) / "adapter_model.safetensors").write_bytes(b"")
    (tmp_path / chain.SITTINGS[-1]["name"] / "contrast+plain.guided.json").write_text("{}")
    chain.adapter_dir(tmp_path, chain.TENTHS[0]).mkdir(parents=True)  # one tenth trained already
    (chain.adapter_dir(tmp_path, chain.TENTHS[0]) / "adapter_model.safetensors").write_bytes(b"")
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--runs", str(tmp_path), "--soup",
                                     "--dry-run"])
    chain.main()
    lines = capsys.readouterr().out.splitlines()[len(chain.SITTINGS):]
    assert [line.split(":")[0] for line in lines] == [t["name"] for t in chain.TENTHS] + [chain.SOUP]
    assert lines[0].endswith("done, skipped") and "--eval-rows 0" in lines[1]
    args = recipes.build_parser().parse_args(lines[-1].split("recipes.py ", 1)[1].split())
    assert args.soup == ",".join(f"{tmp_path}/{t['name']}" for t in chain.TENTHS) and args.eval_rows == 357
    assert args.init_from == ",".join(chain.adapter_dir(tmp_path, s).as_posix() for s in chain.SITTINGS)
    (tmp_path / chain.SOUP).mkdir()
    (tmp_path / chain.SOUP / "contrast+plain.guided.soup.json").write_text("{}")
    chain.main()  # scored: only the tenths not yet trained are left
    assert capsys.readouterr().out.splitlines()[-1] == f"{chain.SOUP}: done, skipped"


def test_soup_with_upto_is_refused(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["chain.py", "--data", "runs/offline", "--upto", "3", "--soup", "--dry-run"])
    with pytest.raises(SystemExit):
        chain.main()
    assert "--soup sits on all 9 sittings" in capsys.readouterr().err


def test_mean_model_averages_a_tied_weight_once(recipes):
    import torch

    def tied(value):
        m = torch.nn.Module()
        m.embed = torch.nn.Embedding(2, 1)
        m.head = torch.nn.Linear(1, 2, bias=False)
        m.head.weight = m.embed.weight  # as Gemma ties its LM head to its embedding
        m.embed.weight.data.fill_(value)
        return m

    soup = recipes.mean_model(tied(v) for v in (1.0, 2.0, 6.0))
    assert soup.embed.weight.flatten().tolist() == [3.0, 3.0] and soup.head.weight is soup.embed.weight


def test_soup_of_sittings_trained_on_other_ones_is_refused_before_loading(recipes, tmp_path):
    folders = []
    for name, sat_on in (("a", ["runs/x/adapters/r"]), ("b", ["runs/y/adapters/r"])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "fccourse.json").write_text(f'{{"init_from": ["{sat_on[0]}"]}}')
        folders.append(str(tmp_path / name))
    with pytest.raises(SystemExit, match=r"b was trained on \['runs/y/adapters/r'\], not on --init-from "
                                         r"runs/x/adapters/r"):
        recipes.load_soup(["runs/x/adapters/r"], folders)


def test_soup_of_one_run_folder_is_refused(recipes, monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["recipes.py", "--data", "runs/offline", "--recipes", "contrast+plain",
                                     "--soup", "runs/a", "--eval-rows", "357"])
    with pytest.raises(SystemExit):
        recipes.main()
    assert "a soup averages two or more sittings" in capsys.readouterr().err


def test_decision_weigher_weights_each_turns_first_token_and_every_separator_of_its_calls(recipes):
    import torch

    from fccourse import data, models, recipe, templates, tokens

    tok, _ = tokens.with_markers(models.load_tokenizer("offline-default", log=lambda m: None), "repurpose_unused")
    convs = [recipe.drop_thinking(data.parse_conversation(r)[0]) for r in data.read_jsonl(data.bundled_path())[:40]]
    conv = next(c for c in convs  # a call with two or more arguments, then an answer in words with a comma
                if any(len(t["function"]["arguments"]) > 1 for m in c["messages"] for t in m.get("tool_calls") or [])
                and any("," in (m.get("content") or "") for m in c["messages"] if m["role"] == "assistant"))
    ids, mask = templates.assistant_mask(conv, tok)
    input_ids = torch.tensor([ids])
    labels = torch.where(torch.tensor([mask]) == 1, input_ids, -100)
    weights = recipes.decision_weigher(tok, 3.0)(input_ids, labels)[0]
    assert set(weights.tolist()) == {1.0, 3.0} and (weights[labels[0] == -100] == 1).all()  # the prompt: 1
    opener, closer = tok.convert_tokens_to_ids("<tool_call>"), tok.convert_tokens_to_ids("</tool_call>")
    inside, firsts, in_calls, call_text = False, 0, "", ""
    for i, (t, m) in enumerate(zip(ids, mask)):
        inside = (inside or t == opener) and t != closer
        first = m and not mask[i - 1]
        firsts += bool(first)
        if inside and t != opener and m:
            call_text += tok.decode([t])
            in_calls += tok.decode([t]) if weights[i] == 3 and not first else ""
        elif weights[i] == 3:
            assert first, (i, tok.decode([t]))  # outside a call only a turn's first token: not the answer's commas
    assert firsts >= 2 and (weights == 3).sum() > firsts
    for c in ",{}":  # every separator of the calls' JSON in a weighted token, and nothing else weighted there
        assert in_calls.count(c) == call_text.count(c) > 0, c
    weighted = [tok.decode([t]) for i, (t, w) in enumerate(zip(ids, weights)) if w == 3 and mask[i - 1]]
    assert weighted and all(any(c in piece for c in ",{}") for piece in weighted), weighted  # a turn's first aside


def test_decision_weight_needs_single_token_markers(recipes):
    from fccourse import models

    with pytest.raises(SystemExit, match="add --single-token-markers"):
        recipes.decision_weigher(models.load_tokenizer("offline-default", log=lambda m: None), 3.0)
