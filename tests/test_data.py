import json
from pathlib import Path

import pytest

from fccourse import data

HERE = Path(__file__).parent / "data"
SEED_ROW = data.seed_row()
BROKEN = [json.loads(line) for line in (HERE / "broken_rows.jsonl").read_text().splitlines()]


# --- the seed's own conversation ----------------------------------------------------


def test_seed_conversation_parses_into_the_canonical_form():
    conv, problems = data.parse_conversation(SEED_ROW)
    assert problems == []
    assert [t["function"]["name"] for t in conv["tools"]] == ["get_stock_price", "get_movie_details"]
    assert conv["tools"][0]["function"]["parameters"]["required"] == ["company"]
    roles = [m["role"] for m in conv["messages"]]
    assert roles == ["user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant", "user",
                     "assistant"]
    first = conv["messages"][1]
    assert first["reasoning"].startswith("Alright, the user asked for the current stock price of Apple.")
    assert first["content"] == ""
    assert first["tool_calls"] == [data.make_call("get_stock_price", {"company": "Apple"})]
    assert conv["messages"][2]["content"] == "{'stock_price': '$150.75'}"
    assert conv["messages"][5]["tool_calls"][0]["function"]["arguments"] == {"company": "Microsoft"}
    assert "reasoning" not in conv["messages"][3]
    assert "{tools}" in conv["system"] and "get_stock_price" not in conv["system"]


def test_seed_conversation_renders_back_exactly():
    conv, _ = data.parse_conversation(SEED_ROW)
    assert data.render_conversation(conv) == SEED_ROW
    assert data.check_messages(conv) == []


def test_sharegpt_keys_and_role_names_are_accepted():
    row = {"conversations": [{"from": t["role"].replace("model", "gpt"), "value": t["content"]}
                             for t in SEED_ROW["conversations"]]}
    conv, problems = data.parse_conversation(row)
    assert problems == [] and data.check_messages(conv) == []
    assert conv["messages"][1]["tool_calls"][0]["function"]["name"] == "get_stock_price"


def test_json_calls_and_sloppy_whitespace_round_trip_modulo_whitespace():
    row = {"messages": [
        {"role": "system", "content": 'Tools: <tools>[{"type": "function", "function": {"name": "f", "parameters": '
                                      '{"type": "object", "properties": {"x": {"type": "number"}}}}}]</tools>'},
        {"role": "user", "content": "x is 2"},
        {"role": "assistant", "content": '<think> sure </think><tool_call> {"name": "f", "arguments": {"x": 2}}  '
                                         '</tool_call>\n\n<tool_call>{"name": "f", "arguments": "{\\"x\\": 3}"}</tool_call>'},
        {"role": "tool", "content": "<tool_response>\n4\n</tool_response>\n<tool_response>\n6\n</tool_response>"},
        {"role": "assistant", "content": "4 and 6."},
    ]}
    conv, problems = data.parse_conversation(row)
    assert problems == [] and data.check_messages(conv) == []
    assert conv["tools_style"] == "json"
    calls = [c["function"]["arguments"] for c in conv["messages"][1]["tool_calls"]]
    assert calls == [{"x": 2}, {"x": 3}]  # the double-encoded arguments are decoded
    assert [m["content"] for m in conv["messages"] if m["role"] == "tool"] == ["4", "6"]
    # JSON calls are read, and written back in the data's own style (Python literals): same meaning.
    rendered = data.render_conversation(conv)
    assert "{'name': 'f', 'arguments': {'x': 3}}" in rendered["conversations"][2]["content"]
    assert data.parse_conversation(rendered)[0]["messages"] == conv["messages"]


def test_layout_differences_round_trip_modulo_whitespace():
    sloppy = json.loads(json.dumps(SEED_ROW))
    turns = sloppy["conversations"]
    turns[2]["content"] = turns[2]["content"].replace("</think>\n<tool_call>\n", "</think>  <tool_call>")
    turns[1]["content"] = "  " + turns[1]["content"] + "\n"
    assert not data.round_trips(sloppy)
    assert data.round_trips(sloppy, exact=False)


# --- validation: each planted fault is caught, nothing is lost -----------------------


@pytest.mark.parametrize("row", BROKEN, ids=[f"{i}-{r['fault']}" for i, r in enumerate(BROKEN)])
def test_validator_catches_each_planted_fault(row):
    report, parsed = data.validate([row])
    assert report.kept == []
    (index, reasons), = report.rejected
    kinds = {r.split(":", 1)[0] for r in reasons}
    assert row["fault"] in kinds, reasons
    if parsed[0] is not None:  # rejected, yet its content survives the round trip
        assert data.round_trips(row)


def test_broken_file_covers_every_fault_kind():
    kinds = {r["fault"] for r in BROKEN}
    assert kinds >= {"roles_out_of_order", "response_without_call", "unparsable_call", "unknown_tool",
                     "schema_violation", "empty_content", "unparsable_tools", "malformed_row"}


def test_validate_keeps_good_rows_next_to_bad_ones():
    report, _ = data.validate([SEED_ROW] + BROKEN + [SEED_ROW])
    assert report.kept == [0, len(BROKEN) + 1]
    assert len(report.rejected) == len(BROKEN)
    assert sum(report.counts().values()) >= len(BROKEN)
    assert str(report).startswith(f"kept 2, rejected {len(BROKEN)}")


# --- literal parsing is safe ---------------------------------------------------------


@pytest.mark.parametrize("text", ["__import__('os').system('echo pwned')", "open('/etc/passwd').read()",
                                  "{'a': (lambda: 1)()}", "[" * 5000, "1e999999"])
def test_parse_literal_never_executes(text, capfd):
    try:
        data.parse_literal(text)
    except ValueError:
        pass
    assert "pwned" not in capfd.readouterr().out


# --- split and stats ------------------------------------------------------------------


def test_split_is_seeded_and_holds_out_tools():
    rows = [{"conversations": [{"role": "system", "content": f"<tools> [{{'name': 't{i % 7}'}}] </tools>"}],
             "id": i} for i in range(100)]
    train, test = data.split(rows, test_size=0.2, seed=1, holdout_tools=["t3"])
    again_train, again_test = data.split(rows, test_size=0.2, seed=1, holdout_tools=["t3"])
    assert [r["id"] for r in test] == [r["id"] for r in again_test]
    assert len(train) + len(test) == 100 and len(test) == 20
    assert all(r["unseen_tools"] for r in test if data.tool_names(r) == {"t3"})
    assert not any(data.tool_names(r) & {"t3"} for r in train)
    other_seed = data.split(rows, test_size=0.2, seed=2, holdout_tools=["t3"])[1]
    assert [r["id"] for r in other_seed] != [r["id"] for r in test]


def test_stats_on_the_seed_conversation():
    conv, _ = data.parse_conversation(SEED_ROW)
    s = data.stats([conv])
    assert s["conversations"] == 1
    assert s["calls_per_conversation"] == {2: 1}
    assert s["model_turns"] == 5 and s["thinking_share"] == 0.4
    assert s["tools_offered"] == {2: 1}
    assert s["first_answer_without_call"] == 0


def test_course_text_merges_the_system_prompt_into_the_first_user_turn():
    conv, _ = data.parse_conversation(SEED_ROW)
    text = data.course_text(conv)
    assert text.startswith("<bos><start_of_turn>user\nYou are a function calling AI model.")
    assert text.count("<start_of_turn>model\n") == 5
    assert "Hi, can you tell me the current stock price of Apple?<end_of_turn>" in text


def test_percentile():
    assert data.percentile([1, 2, 3, 4], 50) == 2
    assert data.percentile(list(range(1, 101)), 95) == 95
    assert data.percentile([7], 99) == 7


# --- loading -----------------------------------------------------------------------------


def test_load_local_jsonl_and_parquet(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(SEED_ROW) for _ in range(3)))
    ds = data.load(str(path))
    assert list(ds) == ["train"] and ds["train"].num_rows == 3
    ds["train"].to_parquet(str(tmp_path / "rows.parquet"))
    assert data.load(str(tmp_path / "rows.parquet"))["train"].num_rows == 3
    with pytest.raises(data.DataError, match="unsupported file type '.csv'"):
        (tmp_path / "rows.csv").write_text("a,b")
        data.load(str(tmp_path / "rows.csv"))


def test_unreachable_hub_dataset_gives_a_clear_error(monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(data.DataError) as info:
        data.load("fccourse-tests/no-such-dataset")
    message = str(info.value)
    assert "unreachable" in message and 'dataset_id="bundled"' in message


def test_offline_fallback_leaves_the_datasets_switch_as_it_found_it(monkeypatch):
    # data.load turns datasets' process-wide offline switch on to read a cached copy; left on, every later load in
    # the session (the network back, a notebook re-run) would stay offline.
    import datasets

    monkeypatch.setattr(data.env, "offline_reason", lambda *a, **k: "no connection to the hub within 2 s")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", False)
    with pytest.raises(data.DataError, match="unreachable"):
        data.load("fccourse-tests/no-such-dataset")
    assert datasets.config.HF_HUB_OFFLINE is False
