import json
import re

import pytest

from fccourse import data, evaluate, guided, toolcalls
from fccourse.guided import CallGuide

WEATHER = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {
    "location": {"type": "string"}, "days": {"type": "integer"}, "threshold": {"type": "number"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    "tags": {"type": "array", "items": {"type": "string"}},
    "passenger": {"type": "object", "properties": {"first": {"type": "string"}, "last": {"type": "string"}},
                  "required": ["last"]},
    "public": {"type": "boolean"},
}, "required": ["location"]}}}
TIME = {"type": "function", "function": {"name": "get_time", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
NO_ARGS = {"type": "function", "function": {"name": "list_devices", "parameters": {"type": "object", "properties": {}}}}


def call(name: str, args: dict) -> str:
    return "<tool_call>\n" + json.dumps({"name": name, "arguments": args}, ensure_ascii=False) + "\n</tool_call>"


@pytest.fixture(scope="module")
def guide():
    return CallGuide([WEATHER, TIME, NO_ARGS])


@pytest.mark.parametrize("args", [
    {"location": "Oslo"},
    {"location": "Oslo", "days": 3, "threshold": -2.5, "unit": "celsius", "tags": ["rain", "wind"],
     "passenger": {"first": "Ada", "last": "Lovelace"}, "public": False},
    {"location": "Zürich \"centre\" \\ 5°", "threshold": 10, "tags": []},  # escapes, non-ASCII, int for a number
    {"location": "Oslo", "passenger": {"last": "Hopper"}, "public": True},  # optional ones skipped, nested too
])
def test_valid_calls_are_allowed_whole_and_at_every_prefix(guide, args):
    text = call("get_weather", args)
    assert guide.allows(text)
    assert all(guide.allows(text[:n]) for n in range(len(text)))


@pytest.mark.parametrize("text", [
    call("get_wether", {"location": "Oslo"}),  # a name not offered
    call("get_weather", {"location": "Oslo", "country": "NO"}),  # an argument the tool does not have
    call("get_weather", {"days": 3}),  # the required argument missing
    call("get_weather", {"days": 3, "location": "Oslo"}),  # not in schema order
    call("get_weather", {"location": 7}),  # a number where a string is due
    call("get_weather", {"location": "Oslo", "days": 3.5}),  # a float where an integer is due
    call("get_weather", {"location": "Oslo", "unit": "kelvin"}),  # outside the enum
    call("get_weather", {"location": "Oslo", "public": "yes"}),
    call("get_weather", {"location": "Oslo", "passenger": {"first": "Ada"}}),  # nested required missing
    call("get_weather", {"location": "Oslo", "tags": ["Chicago"] * (guided.MAX_ITEMS + 1)}),  # a repetition loop
    call("get_time", {"city": "x" * (guided.MAX_STRING + 1)}),
    call("list_devices", {"all": True}),
    '<tool_call>\n{"name": "get_time", "arguments": {"city": Oslo}}\n</tool_call>',  # a bare word
    '<tool_call>\n{"name": "get_time", "arguments": {"city": "Oslo"}}<end_of_turn>',  # stopped inside the call
    '<tool_call>\n{"name": "get_time", "arguments": {"city": "Oslo"}, "extra": 1}\n</tool_call>',
])
def test_calls_the_tools_do_not_accept_are_refused(guide, text):
    assert not guide.allows(text)


def test_only_text_inside_a_call_is_constrained(guide):
    think = "<think>The user wants the weather; get_weather fits.</think>\n"
    assert guide.allows("I can't book flights, but I can check the weather {\"name\": anything.")
    assert guide.allows(think + call("get_time", {"city": "Oslo"}) + "\n" + call("list_devices", {}))
    assert guide.allows(call("get_time", {"city": "Oslo"}) + "<end_of_turn>")
    assert not guide.allows(call("get_time", {"city": "Oslo"}) + "\n" + call("get_time", {}))  # second call checked
    assert guide.allows("<tool_")  # an opening tag not yet complete is still free text


def test_every_reference_call_of_the_bundled_data_is_allowed():
    """The guide must never refuse what the training template writes: every call of every bundled
    conversation, against its own conversation's tools (a too-strict pattern would force wrong calls)."""
    checked = 0
    for row in data.read_jsonl(data.bundled_path()):
        conv, problems = data.parse_conversation(row)
        if problems or not conv["tools"]:
            continue
        guide = CallGuide(conv["tools"])
        for msg in conv["messages"]:
            calls = [call(c["function"]["name"], c["function"]["arguments"]) for c in msg.get("tool_calls") or []]
            if calls:
                assert guide.allows("\n".join(calls)), (row["id"], calls)
                checked += len(calls)
    assert checked > 3000


def test_a_guide_needs_tools():
    with pytest.raises(ValueError, match="needs the prompt's tools"):
        CallGuide([])


SOURCE = 'Are there any dermatologists in Zürich for 3 "new" patients under $12.50? Save them in C:\\temp\\docs.'


@pytest.mark.parametrize("args", [
    {"location": "Zürich"},
    # a word's start, an enum value the source does not hold, escapes cut anywhere (a quote, a backslash)
    {"location": "dermatologist", "days": 3, "threshold": 12.5, "unit": "fahrenheit",
     "tags": ['"new" patients', "Zürich for", "C:\\temp\\docs"], "passenger": {"last": "Zürich"}},
])
def test_grounded_values_quoted_from_the_source_are_allowed_at_every_prefix(args):
    text = call("get_weather", args)
    grounded = CallGuide([WEATHER, TIME], source=SOURCE)
    assert all(grounded.allows(text[:n]) for n in range(len(text) + 1))


@pytest.mark.parametrize("args", [
    {"location": "Oslo"},  # valid for the schema, but nobody said Oslo
    {"location": "ürich"},  # a quote must start where a word does
    {"location": "Zürich patients"},  # two stretches joined
    {"location": "Zürich", "days": 4},  # a number the source does not write
    {"location": "Zürich", "threshold": 12},  # 12.50 is 12.5, not 12
    {"location": "Zürich", "tags": ["new", "Chicago"]},  # an array item
    {"location": "Zürich", "passenger": {"last": "Lovelace"}},  # a nested value
])
def test_grounded_values_the_source_does_not_hold_are_refused(args):
    text = call("get_weather", args)
    assert CallGuide([WEATHER, TIME]).allows(text)  # the schema alone accepts each
    assert not CallGuide([WEATHER, TIME], source=SOURCE).allows(text)


def test_grounded_numbers_are_free_where_the_source_writes_none():
    assert CallGuide([WEATHER], source="Weather in Oslo, please").allows(call("get_weather", {"location": "Oslo",
                                                                                               "days": 5}))


def test_every_reference_call_of_the_bundled_data_is_grounded_in_its_conversation():
    """Grounding must never refuse the data's own calls: each quoted from the user's and the tools' messages
    before it (a follow-up call quotes a tool's result, e.g. an order number)."""
    checked = 0
    for row in data.read_jsonl(data.bundled_path()):
        conv, problems = data.parse_conversation(row)
        if problems or not conv["tools"]:
            continue
        for k, msg in enumerate(conv["messages"]):
            calls = [call(c["function"]["name"], c["function"]["arguments"]) for c in msg.get("tool_calls") or []]
            if calls:
                guide = CallGuide(conv["tools"], source=guided.source_text(conv["messages"][:k]))
                assert guide.allows("\n".join(calls)), (row["id"], calls)
                checked += len(calls)
    assert checked > 4000


@pytest.fixture(scope="module")
def base():
    from fccourse import agent

    return agent.load_base("offline-default", log=lambda m: None)


def test_pick_takes_the_best_allowed_token_even_past_the_first_tries(base):
    import torch

    model, tokenizer = base
    guide = CallGuide([TIME], tokenizer)
    text = '<tool_call>\n{"name": "get_'
    ids = {p: tokenizer.convert_tokens_to_ids(p) for p in ("time", "weather", "x")}
    assert len(set(ids.values())) == 3 and tokenizer.unk_token_id not in ids.values()
    logits = torch.full((model.config.vocab_size,), -10.0)
    logits[ids["weather"]], logits[ids["x"]], logits[ids["time"]] = 3.0, 2.0, 1.0  # the offered name ranks third
    assert guide.pick(logits, text) == ids["time"]
    crowd = [i for i in range(1000, 1300) if not guide.allows(text + guide.piece(i))][:100]
    logits[crowd] = 0.0  # 100 refused tokens now rank above it: only the whole-vocabulary pass finds it
    logits[ids["time"]] = -1.0
    assert guide.pick(logits, text, first_tries=64) == ids["time"]
    assert guide.pick(logits, "Sure, ") == ids["weather"]  # outside a call the argmax stands


def test_guided_decoding_turns_the_base_models_broken_call_into_a_valid_one(base):
    """The base model, made to open a call, writes no valid one (it echoes the tool list).
    Guided, the same model writes a call to an offered tool that parses and validates against the
    schemas (`toolcalls.validate`, which knows nothing of the guide); prompts that do not open a call
    decode exactly as unguided up to the call they open."""
    from fccourse import templates

    def valid_call(out: str, tools: list[dict]) -> bool:
        turn = toolcalls.parse("<tool_call>" + out)
        return bool(turn.calls) and not turn.errors and not any(toolcalls.validate(c, tools) for c in turn.calls)

    model, tokenizer = base
    rows = [r for r in data.read_jsonl(data.bundled_path())[:40] if r["kind"] == "single"][:3]
    its = evaluate.items(rows)
    prompts = [templates.render(it.conv, tokenizer, add_generation_prompt=True) for it in its]
    opened = [p + "<tool_call>" for p in prompts]
    guides = [CallGuide(it.conv["tools"], tokenizer, written="<tool_call>") for it in its] + \
        [CallGuide(it.conv["tools"], tokenizer) for it in its]
    free = evaluate.generate_batch(model, tokenizer, opened + prompts, 128)
    held = evaluate.generate_batch(model, tokenizer, opened + prompts, 128, guides=guides)
    assert not any(valid_call(out, it.conv["tools"]) for it, out in zip(its, free[:3]))  # the problem is real
    for it, out in zip(its, held[:3]):
        assert valid_call(out, it.conv["tools"]), out
    for f, h in zip(free[3:], held[3:]):  # left to open a call themselves: identical up to the opening
        before = f.split("<tool_call>")[0]
        assert h == f if before == f else h.startswith(before + "<tool_call>"), (f, h)


def test_guided_beam_search_writes_what_the_guide_allows_and_what_generate_writes_with_the_same_candidates(base):
    """Guided beam search: every turn the base model writes from an opened call is one the guide allows (its
    call cut off at the token limit here: the base model lists values until the array's limit), and each is
    the one `model.generate`'s own beam search returns when a LogitsProcessor leaves each beam the same
    candidates (`CallGuide.best_allowed`, the model's log p kept, as generate applies processors after
    log_softmax): one search, the guide's candidates and the model's scores."""
    import torch
    from transformers import LogitsProcessor

    from fccourse import templates, tokens

    model, tokenizer = base
    rows = [r for r in data.read_jsonl(data.bundled_path())[:40] if r["kind"] == "single"][:2]
    its = evaluate.items(rows)
    prompts = [templates.render(it.conv, tokenizer, add_generation_prompt=True) + "<tool_call>" for it in its]
    guides = [CallGuide(it.conv["tools"], tokenizer, written="<tool_call>") for it in its]
    beams, stops = 3, tokens.stop_token_ids(tokenizer)
    got = evaluate.generate_batch(model, tokenizer, prompts, 40, guides=guides, beams=beams)
    for prompt, guide, out in zip(prompts, guides, got):
        assert guide.allows("<tool_call>" + out), out
        alone = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        n = alone["input_ids"].shape[1]

        class SameCandidates(LogitsProcessor):
            def __call__(self, input_ids, scores):
                kept = torch.full_like(scores, float("-inf"))
                for b in range(scores.shape[0]):
                    text = "".join(guide.piece(int(t)) for t in input_ids[b, n:])
                    ids = guide.best_allowed(scores[b], text, (len(stops) + 1) * beams)
                    kept[b, ids] = scores[b, ids]
                return kept

        with torch.no_grad():
            ref = model.generate(**alone, max_new_tokens=40, do_sample=False, num_beams=beams, length_penalty=0.0,
                                 early_stopping="never", eos_token_id=stops, pad_token_id=tokenizer.pad_token_id,
                                 logits_processor=[SameCandidates()])
        ref = ref[0, n:].tolist()
        ref = ref[: next((j + 1 for j, t in enumerate(ref) if t in stops), len(ref))]
        assert out == tokenizer.decode(ref, skip_special_tokens=False), (out, tokenizer.decode(ref))


def test_generate_with_the_guide_writes_what_batched_guided_decoding_writes(base):
    """`agent.generate(guide=…)` (a LogitsProcessor inside `model.generate`) and the evaluation's own
    guided decoder must pick the same tokens: one guidance, two decoders."""
    from fccourse import agent, templates

    model, tokenizer = base
    row = next(r for r in data.read_jsonl(data.bundled_path()) if r["kind"] == "single")
    it = evaluate.items([row])[0]
    prompt = templates.render(it.conv, tokenizer, add_generation_prompt=True) + "<tool_call>"
    guide = CallGuide(it.conv["tools"], tokenizer, written="<tool_call>")
    alone = agent.generate(model, tokenizer, prompt, max_new_tokens=48, guide=guide).text
    batched = evaluate.generate_batch(model, tokenizer, [prompt], 48, guides=[guide])[0]
    assert alone == batched
    assert guide.allows("<tool_call>" + alone)


@pytest.mark.parametrize("flag, beams", [("--guided", 1), ("--grounded", 1), ("--guided", 2)])
def test_cli_eval_guided_writes_its_report(tmp_path, flag, beams, capsys):
    from fccourse import cli

    rows = [r for r in data.read_jsonl(data.bundled_path())[:40] if r["kind"] == "single"][:2]
    (tmp_path / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "report.json"
    assert cli.main(["eval", "--data", str(tmp_path / "test.jsonl"), flag, "--max-new-tokens", "24",
                     "--forced-choice", "2", "--beams", str(beams), "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["guided"] is True and report["grounded"] is (flag == "--grounded") and report["beams"] == beams
    assert report["overall"]["rows"] == 2 and sum(report["first_error"].values()) == 2
    fc = report["forced_choice"]
    assert fc["rows"] == 2 and fc["first_listed"] in (0.0, 0.5, 1.0)
    assert f"first tool offered ranked first in {fc['first_listed']:.1%}" in capsys.readouterr().out


def test_cli_eval_refuses_a_beam_width_below_one_before_loading_anything(tmp_path, capsys):
    from fccourse import cli

    assert cli.main(["eval", "--data", str(tmp_path / "missing.jsonl"), "--beams", "0"]) == 2
    assert "--beams 0: give 1 (greedy decoding) or more" in capsys.readouterr().err


def convert_currency(amount: float, from_currency: str, to_currency: str) -> dict:
    """Convert an amount of money from one currency to another.

    Args:
        amount: The amount to convert.
        from_currency: The currency to convert from, as a 3-letter code.
        to_currency: The currency to convert to, as a 3-letter code.
    """
    return {"converted_amount": round(amount * 0.92, 2), "from_currency": from_currency, "to_currency": to_currency}


def test_run_agent_with_guided_calls_gets_a_runnable_call_from_the_base_model(base):
    """Notebook 05's example: the base model echoes `<function-name>` free; with `guided_calls` its first
    turn holds a call the registry validates and runs."""
    from fccourse import agent

    model, tokenizer = base
    tools = toolcalls.Registry([convert_currency])
    question = "Hi, I need to convert 500 USD to EUR. Can you help me with that?"
    free = agent.run_agent(model, tokenizer, tools, question, max_steps=1, max_new_tokens=96)
    held = agent.run_agent(model, tokenizer, tools, question, max_steps=1, max_new_tokens=96, guided_calls=True)
    assert not free.steps[0].turn.calls
    calls, results = held.steps[0].turn.calls, held.steps[0].results
    assert [c.name for c in calls] == ["convert_currency"] and not toolcalls.validate(calls[0], tools.schemas)
    assert results and results[0].ok, results


def quoted(value, text: str) -> bool:
    """Every string and number inside `value` appears in `text`: grounding checked without the guide."""
    if isinstance(value, str):
        return value in text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return any(float(n) == value for n in re.findall(r"\d+(?:\.\d+)?", text))
    if isinstance(value, (list, dict)):
        return all(quoted(v, text) for v in (value.values() if isinstance(value, dict) else value))
    return True


def test_run_agent_with_grounded_calls_quotes_every_argument_from_the_question(base):
    """Asked in words ("dollars", "euros"), the schema-guided base model writes currency codes nobody said;
    with `grounded_calls` its call quotes the question, and the registry still validates and runs it."""
    from fccourse import agent

    model, tokenizer = base
    tools = toolcalls.Registry([convert_currency])
    question = "Hi, I need to convert 500 dollars into euros. Can you help me with that?"
    runs = {flag: agent.run_agent(model, tokenizer, tools, question, max_steps=1, max_new_tokens=96, **{flag: True})
            for flag in ("guided_calls", "grounded_calls")}
    guided_calls, grounded_calls = (runs[flag].steps[0].turn.calls for flag in ("guided_calls", "grounded_calls"))
    assert guided_calls and not quoted(guided_calls[0].arguments, question), guided_calls  # the problem is real
    assert [c.name for c in grounded_calls] == ["convert_currency"], runs["grounded_calls"].steps[0].generation.text
    assert quoted(grounded_calls[0].arguments, question), grounded_calls[0].arguments
    assert runs["grounded_calls"].steps[0].results[0].ok


def test_grounded_escapes_cut_short_are_allowed_only_where_a_quoted_character_completes_them():
    """A stuck decode, measured: a tuned model wrote `"available_from": "j\\u202` and no token could go on,
    since no quoted "j" is followed by a character written \\u202?. Such a prefix must be refused when it is
    written, so that the decoder picks another token there instead."""
    grounded = CallGuide([WEATHER, TIME], source=SOURCE)
    escaped = "<tool_call>\n" + json.dumps({"name": "get_weather", "arguments": {"location": "Zürich"}}) + \
        "\n</tool_call>"  # ü written \u00fc, as json.dumps writes it by default
    assert "\\u00fc" in escaped and all(grounded.allows(escaped[:n]) for n in range(len(escaped) + 1))
    opened = '<tool_call>\n{"name": "get_weather", "arguments": {"location": "Z'
    assert grounded.allows(opened + "\\u00F") and grounded.allows(opened + "\\")
    for cut in ("\\u00e", "\\u01", "\\t"):  # no quoted "Z" goes on with such a character
        assert CallGuide([WEATHER, TIME]).allows(opened + cut) and not grounded.allows(opened + cut), cut
    # Every allowed prefix of the value goes on: some next character is allowed too
    alphabet = "0123456789abcdefABCDEF\\u\"rü"
    for n in range(len(opened), escaped.index('"', len(opened)) + 1):
        if grounded.allows(escaped[:n]):
            assert any(grounded.allows(escaped[:n] + c) for c in alphabet), escaped[:n]
