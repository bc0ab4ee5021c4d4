import json
import re

import pytest

from fccourse import evaluate
from fccourse.evaluate import ast_match, call_matches, exact_match, values_match

WEATHER = {"type": "object", "properties": {
    "location": {"type": "string"}, "days": {"type": "integer"}, "threshold": {"type": "number"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    "tags": {"type": "array", "items": {"type": "string"}},
}, "required": ["location"]}
SCHEMAS = {"get_weather": WEATHER, "get_time": {"type": "object", "properties": {"city": {"type": "string"}},
                                                "required": ["city"]}}


# --- BFCL edge cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("expected, got, ok", [
    ({"location": "Oslo", "threshold": 2.0}, {"location": "Oslo", "threshold": 2}, True),  # int given for float
    ({"location": "Oslo", "days": 3}, {"location": "Oslo", "days": 3.5}, False),  # float for an integer
    ({"location": "Oslo", "days": 3}, {"location": "Oslo", "days": 3.0}, False),  # even a whole float
    ({"location": "New York, NY"}, {"location": "new york ny"}, True),  # string normalisation
    ({"location": "San_Francisco"}, {"location": "san-francisco"}, True),
    ({"location": "Oslo"}, {"location": "Bergen"}, False),
    ({"location": "Oslo"}, {"location": "Oslo", "unit": "celsius"}, False),  # optional given, reference omits it
    ({"location": "Oslo", "unit": "celsius"}, {"location": "Oslo"}, False),  # optional the reference gives, omitted
    ({"location": "Oslo"}, {}, False),  # required missing
    ({"location": "Oslo"}, {"location": "Oslo", "country": "NO"}, False),  # an argument the tool does not have
    ({"location": "Oslo", "tags": ["Rain", "wind"]}, {"location": "Oslo", "tags": ["rain", "Wind"]}, True),
    ({"location": "Oslo", "tags": ["rain", "wind"]}, {"location": "Oslo", "tags": ["wind", "rain"]}, False),
])
def test_call_matches_bfcl_rules(expected, got, ok):
    assert call_matches(("get_weather", expected), ("get_weather", got), WEATHER) is ok


def test_name_must_match_and_booleans_are_not_numbers():
    assert not call_matches(("get_weather", {"location": "Oslo"}), ("get_time", {"location": "Oslo"}), WEATHER)
    assert not values_match(True, 1) and not values_match(0, False) and values_match(False, False)


def test_parallel_calls_match_in_any_order_with_the_same_count():
    a, b = ("get_weather", {"location": "Oslo"}), ("get_time", {"city": "Lima"})
    assert ast_match([a, b], [b, a], SCHEMAS)
    assert not ast_match([a, b], [a], SCHEMAS)
    assert not ast_match([a, b], [a, b, b], SCHEMAS)
    assert not ast_match([a, a], [a, ("get_weather", {"location": "Rome"})], SCHEMAS)
    assert exact_match([a, b], [b, a]) and not exact_match([a], [("get_weather", {"location": "oslo"})])


def test_no_call_rows_are_right_only_without_a_call():
    assert ast_match([], [], SCHEMAS)
    assert not ast_match([], [("get_time", {"city": "Lima"})], SCHEMAS)


# --- scoring model output -------------------------------------------------------------------------------


def item(expected, unseen=False, thinking=False, kind="single"):
    tools = [{"type": "function", "function": {"name": n, "parameters": s}} for n, s in SCHEMAS.items()]
    conv = {"system": None, "tools": tools, "messages": [{"role": "user", "content": "weather?"}]}
    return evaluate.Item("r", conv, expected, unseen, thinking, kind)


def call(name, **args):
    return "<tool_call>\n" + json.dumps({"name": name, "arguments": args}) + "\n</tool_call>"


def test_score_reads_python_literals_and_flags_unparsable_output():
    it = item([("get_weather", {"location": "Oslo"})])
    ok = evaluate.score(it, "<think>Oslo.</think>\n<tool_call>\n{'name': 'get_weather', 'arguments': {'location': 'oslo'}}\n</tool_call><end_of_turn>")
    assert ok.parsed and ok.name_match and ok.ast and not ok.exact  # AST normalises the case, exact does not
    bad = evaluate.score(it, "<tool_call>\n{'name': 'get_weather', 'arguments': {'location': ")
    assert not bad.parsed and not bad.ast and bad.problems


def test_summary_metrics_on_hand_made_predictions():
    scored = [
        evaluate.score(item([("get_weather", {"location": "Oslo"})]), call("get_weather", location="Oslo")),
        evaluate.score(item([("get_weather", {"location": "Oslo"})], unseen=True), call("get_weather", location="Rome")),
        evaluate.score(item([("get_time", {"city": "Lima"}), ("get_weather", {"location": "Lima"})]),
                       call("get_weather", location="Lima") + "\n" + call("get_time", city="Lima")),
        evaluate.score(item([], kind="no_call"), "It is sunny, no tool needed."),
        evaluate.score(item([], kind="no_call"), call("get_time", city="Lima")),
        evaluate.score(item([("get_time", {"city": "Lima"})]), "garbage <tool_call>{"),
    ]
    s = evaluate.summarize(scored)
    assert s["rows"] == 6
    assert s["parse_rate"] == round(5 / 6, 4)
    assert s["ast_match"] == round(3 / 6, 4)  # rows 1, 3, 4
    assert s["ast_match_calls"] == 0.5  # 2 of the 4 rows with calls
    assert s["tool_name_accuracy"] == 0.75  # rows 1, 2, 3
    assert s["no_call_accuracy"] == 0.5 and s["parallel_accuracy"] == 1.0
    assert s["call_decision_accuracy"] == round(5 / 6, 4)  # wrong: the call on row 5 (row 6's broken call is a call)
    r = evaluate.report(scored, seconds=2.0)
    assert r["unseen_tools"]["ast_match"] == 0.0 and r["seen_tools"]["rows"] == 5
    assert r["rows_per_second"] == 3.0
    assert {m["got"] == [("get_weather", {"location": "Rome"})] for m in r["mismatches"]} == {True, False}
    assert r["by_tool"]["(no call)"]["no_call_accuracy"] == 0.5
    assert r["call_decision"] == {"call due, called": 4, "call due, no call": 0,
                                  "no call due, called": 1, "no call due, no call": 1}
    assert r["by_kind"]["no_call"]["rows"] == 2 and r["by_kind"]["single"]["ast_match"] == 0.5
    text = evaluate.table({"tuned": r, "tuned, guided": r})  # a long name widens every column: none runs together
    head, parse = text.splitlines()[:2]
    assert re.split(r"\s{2,}", head) == ["metric"] + [f"{name} {g}" for name in ("tuned", "tuned, guided")
                                                      for g in ("overall", "seen", "unseen")]
    assert parse.split() == ["parse_rate"] + ["83.3%", "80.0%", "100.0%"] * 2


def test_first_errors_name_where_each_wrong_turn_went_wrong_first():
    weather, both = [("get_weather", {"location": "Oslo"})], [("get_time", {"city": "Lima"}), ("get_weather",
                                                                                               {"location": "Lima"})]
    cases = {
        "right": (weather, call("get_weather", location="oslo")),
        "called, none due": ([], call("get_time", city="Lima")),
        "no call, one due": (weather, "It is sunny in Oslo."),
        "unreadable call": (weather, "<tool_call>\n{'name': 'get_weather', 'arguments': {'location': "),
        "wrong tools": (both, call("get_weather", location="Lima")),  # one call of a parallel pair
        "wrong arguments": (weather, call("get_weather", location="Rome")),
    }
    scored = [evaluate.score(item(expected), output) for expected, output in cases.values()]
    assert [evaluate.first_error(s) for s in scored] == list(cases)
    assert list(evaluate.first_errors(scored)) == list(evaluate.FIRST_ERRORS) == list(cases)
    assert evaluate.report(scored + scored[-1:], 1.0)["first_error"]["wrong arguments"] == 2
    wrong_name = evaluate.score(item(weather), call("get_time", city="Oslo"))
    assert evaluate.first_error(wrong_name) == "wrong tools"


def test_a_broken_call_is_a_decision_to_call_though_bfcl_counts_it_as_none():
    """A no-call row answered with a call that does not decode: BFCL's irrelevance rule (nothing decodable was
    called) scores it right, but the model did decide to call, and the call decision must say so."""
    broken = evaluate.score(item([], kind="no_call"), "<think>get_time fits.</think>\n<tool_call>\n{'name': 'get_time', ")
    quiet = evaluate.score(item([], kind="no_call"), "<think>No <tool_call> fits.</think>\nI can't help with that.")
    cut = evaluate.score(item([], kind="no_call"), "<think>A <tool_call> to get_time? No, none fits, so I")  # unclosed
    s = evaluate.summarize([broken, quiet, cut])
    assert s["no_call_accuracy"] == 1.0 and s["call_decision_accuracy"] == round(2 / 3, 4)
    assert evaluate.call_decisions([broken, quiet, cut]) == {"call due, called": 0, "call due, no call": 0,
                                                             "no call due, called": 1, "no call due, no call": 2}


def test_items_take_the_first_model_turn_of_each_row():
    from fccourse import data

    rows = data.read_jsonl(data.bundled_path())[:40]
    its = evaluate.items(rows)
    assert len(its) == 40
    for it, row in zip(its, rows):
        assert it.conv["messages"][-1]["role"] == "user"
        assert (row["kind"] == "no_call") == (not it.expected)
        assert (row["kind"] == "parallel") == (len(it.expected) > 1)


def test_batched_decoding_writes_what_generate_writes_row_by_row():
    """Our decoding (each prompt read on top of the part of its neighbour's
    cache it shares, the caches stacked left-padded, rows leaving the batch as
    they stop) must give each prompt exactly the tokens `model.generate` gives
    it alone. "." and a newline count as stop tokens here so that rows stop at
    different steps. Two prompts longer than the sliding window share more than
    a window's worth: the second must not reuse the first's cache."""
    import torch

    from fccourse import agent, tokens

    model, tokenizer = agent.load_base("offline-default", log=lambda m: None)
    shared = "<bos><start_of_turn>user\nAnswer in one short sentence.\n\n"
    story = "Alpha beta gamma delta epsilon zeta eta theta. " * 60
    prompts = [shared + "Say hi.<end_of_turn>\n<start_of_turn>model\n",
               shared + "What is the capital of France?<end_of_turn>\n<start_of_turn>model\n",
               shared + "What is the capital of Spain?<end_of_turn>\n<start_of_turn>model\n",
               shared + "def add(a, b):\n    return",
               shared + "One two three four five six seven eight nine ten. " * 6 + "Eleven",
               shared + story + "Summarise that.<end_of_turn>\n<start_of_turn>model\n",
               shared + story + "Name a colour.<end_of_turn>\n<start_of_turn>model\n"]
    stops = tokens.stop_token_ids(tokenizer) + tokenizer.convert_tokens_to_ids([".", "\n"])
    rows = [tokenizer(p, add_special_tokens=False)["input_ids"] for p in prompts]
    assert evaluate.shared_length(rows[-2], rows[-1]) > model.config.sliding_window
    got = evaluate.decode_rows(model, rows, torch.tensor(stops), 16, batch_size=3)
    assert len({len(ids) for ids in got}) > 1  # rows stopped at different steps and left the batch
    for prompt, ids in zip(prompts, got):
        alone = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            ref = model.generate(**alone, max_new_tokens=16, do_sample=False, eos_token_id=stops,
                                 pad_token_id=tokenizer.pad_token_id)
        assert ids == ref[0, alone["input_ids"].shape[1]:].tolist(), prompt[-40:]
    # Greedy tokens can agree by luck; the next-token logits after each reused prefix must agree closely.
    ordered = sorted(rows)
    for row, (_, logits) in zip(ordered, evaluate._prefill(model, ordered)):
        with torch.no_grad():
            ref = model(input_ids=torch.tensor([row])).logits[:, -1]
        assert torch.allclose(logits, ref, atol=1e-3), tokenizer.decode(row[-12:])


def test_beam_search_writes_what_generate_writes():
    """Our beam search (prefilled caches, rows of different widths in one batch, each row's slots
    reordered as its beams change) must give each prompt the turn `model.generate` returns first with the
    canonical settings; one beam is greedy decoding, and three find other turns than greedy on some prompts."""
    import torch

    from fccourse import agent, tokens

    model, tokenizer = agent.load_base("offline-default", log=lambda m: None)
    shared = "<bos><start_of_turn>user\n"
    prompts = [shared + q + "<end_of_turn>\n<start_of_turn>model\n" for q in
               ("Say hi.", "What is the capital of France?", "Name three colours.", "Why is the sky blue?")]
    prompts.append(shared + "One two three four five six seven eight nine ten. " * 3 + "Eleven")
    stops = tokens.stop_token_ids(tokenizer) + tokenizer.convert_tokens_to_ids(["."])
    rows = [tokenizer(p, add_special_tokens=False)["input_ids"] for p in prompts]
    beam = evaluate.decode_rows(model, rows, torch.tensor(stops), 12, batch_size=8, beams=3)  # 2 rows a batch
    greedy = evaluate.decode_rows(model, rows, torch.tensor(stops), 12)
    assert evaluate.decode_rows(model, rows, torch.tensor(stops), 12, beams=1) == greedy
    assert beam != greedy
    for prompt, row, ids in zip(prompts, rows, beam):
        alone = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            ref = model.generate(**alone, max_new_tokens=12, do_sample=False, num_beams=3, length_penalty=0.0,
                                 early_stopping="never", eos_token_id=stops, pad_token_id=tokenizer.pad_token_id)
        ref = ref[0, len(row):].tolist()
        ref = ref[: next((j + 1 for j, t in enumerate(ref) if t in stops), len(ref))]  # its padding dropped
        assert ids == ref, (prompt[-30:], tokenizer.decode(ids), tokenizer.decode(ref))
    with pytest.raises(ValueError, match="beams must be a whole number"):
        evaluate.decode_rows(model, rows, torch.tensor(stops), 12, beams=0)


def test_forced_choice_ranks_the_offered_names_as_a_full_forward_does():
    """Each offered name is scored on top of the prompt's cache (shared with
    its neighbour's); the ranking must be the one a plain forward pass of
    prompt + opening + name gives, and the counts must add up."""
    import torch

    from fccourse import agent, data, templates

    model, tokenizer = agent.load_base("offline-default", log=lambda m: None)
    rows = [r for r in data.read_jsonl(data.bundled_path())[:60] if r["kind"] == "single"][:3]
    result = evaluate.forced_choice(model, tokenizer, rows, limit=0)
    assert result["rows"] == 3 and len(result["choices"]) == 3
    assert result["accuracy"] == round(sum(c["expected"] == c["ranked_first"] for c in result["choices"]) / 3, 4)
    for it, choice in zip(evaluate.items(rows), result["choices"]):
        prompt = templates.render(it.conv, tokenizer, add_generation_prompt=True) + evaluate.CALL_OPENING
        p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        cache, logits = next(evaluate._prefill(model, [p_ids]))
        scores = {}
        for t in it.conv["tools"]:
            n_ids = tokenizer(t["function"]["name"] + '"', add_special_tokens=False)["input_ids"]
            with torch.no_grad():
                logp = model(input_ids=torch.tensor([p_ids + n_ids])).logits[0].float().log_softmax(-1)
            scores[t["function"]["name"]] = float(sum(logp[len(p_ids) - 1 + k, i] for k, i in enumerate(n_ids)))
            cached = evaluate.continuation_logprob(model, cache, logits, len(p_ids), n_ids)
            assert abs(cached - scores[t["function"]["name"]]) < 1e-3, (t["function"]["name"], cached, scores)
        assert choice["expected"] == it.expected[0][0]
        assert choice["ranked_first"] == max(scores, key=scores.get), scores
    assert result["chance"] == round(sum(1 / len(it.conv["tools"]) for it in evaluate.items(rows)) / 3, 4)
    firsts = [it.conv["tools"][0]["function"]["name"] for it in evaluate.items(rows)]
    assert result["first_listed"] == round(sum(c["ranked_first"] == f for c, f in zip(result["choices"], firsts)) / 3, 4)
    assert result["first_listed_due"] == round(sum(c["expected"] == f for c, f in zip(result["choices"], firsts)) / 3, 4)


def test_search_errors_judge_whole_turns_as_a_full_forward_does():
    """Both turns of a mismatch are scored on the prompt's cache; each verdict must be the one a plain forward
    pass of prompt + turn gives. A mismatch and its swap get opposite verdicts; one without a call is left out."""
    import torch

    from fccourse import agent, data

    model, tokenizer = agent.load_base("offline-default", log=lambda m: None)
    rows = [r for r in data.read_jsonl(data.bundled_path())[:60] if r["kind"] == "single"][:3]
    its = evaluate.items(rows)
    mismatches = []
    for it in its:
        (name, args), = it.expected
        key = next(iter(args))
        mismatches.append({"id": it.id, "expected": it.expected, "got": [(name, {**args, key: "zzz qqq"})]})
    mismatches.append({**mismatches[0], "expected": mismatches[0]["got"], "got": mismatches[0]["expected"]})
    mismatches.append({**mismatches[0], "got": []})  # no call written: a decision, not a search, went wrong
    result = evaluate.search_errors(model, tokenizer, rows, mismatches)

    def logp(it, calls):
        prompt, turn = evaluate.call_turn(it.conv, calls, tokenizer)
        assert turn.startswith("<tool_call>\n{") and turn.endswith("</tool_call><end_of_turn>\n")
        p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        ids = tokenizer(prompt + turn, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            out = model(input_ids=torch.tensor([ids])).logits[0].float().log_softmax(-1)
        return float(sum(out[k - 1, ids[k]] for k in range(len(p_ids), len(ids))))

    by_id = {it.id: it for it in its}
    want = [m["id"] for m in mismatches[:4]
            if logp(by_id[m["id"]], m["expected"]) > logp(by_id[m["id"]], m["got"])]
    assert result["rows"] == 4 and result["search"] + result["model"] == 4
    assert result["search_ids"] == want
    assert result["search_ids"].count(its[0].id) == 1  # the mismatch or its swap, never both
    with pytest.raises(ValueError, match="not among the 2 rows"):  # the report's rows, not another sample
        evaluate.search_errors(model, tokenizer, rows[1:], mismatches)


def test_forced_choice_of_rows_none_of_which_can_be_tested_is_empty():
    """No-call rows have no tool to rank: nothing is run (no model needed) and the figures are None."""
    from fccourse import data

    no_calls = [r for r in data.read_jsonl(data.bundled_path())[:40] if r["kind"] == "no_call"]
    assert no_calls
    result = evaluate.forced_choice(None, None, no_calls)
    assert result["rows"] == 0 and result["accuracy"] is None and result["first_listed"] is None
    assert result["choices"] == []
