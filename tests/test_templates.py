import json

import pytest

from fccourse import data, models, templates

SEED_ROW = data.seed_row()
START, END = 105, 106


@pytest.fixture(scope="module")
def tokenizer():
    return models.load_tokenizer("offline-default", log=lambda m: None)


@pytest.fixture(scope="module")
def bundled():
    report, convs = data.validate(data.read_jsonl(data.bundled_path()))
    return convs


@pytest.fixture(scope="module")
def seed_conv():
    return data.parse_conversation(SEED_ROW)[0]


def test_training_template_renders_the_seed_conversation(tokenizer, seed_conv):
    text = templates.render(seed_conv, tokenizer)
    assert text.startswith("<bos><start_of_turn>user\nTo call a function, write <tool_call>\n")
    assert text.index("If none fits") < text.index("<tools>\n")  # instructions first: every prompt shares them
    assert '{"name": "get_stock_price"' in text and "get_movie_details" in text  # tools, one JSON line each
    assert "pydantic" not in text  # the dataset's format prompt is replaced by ours
    assert "<start_of_turn>system" not in text and "<start_of_turn>tool" not in text
    assert "<start_of_turn>user\n<tool_response>\n{'stock_price': '$150.75'}\n</tool_response><end_of_turn>" in text
    assert '<tool_call>\n{"name": "get_stock_price", "arguments": {"company": "Apple"}}\n</tool_call><end_of_turn>' in text
    assert "<think>Alright, the user asked" in text
    assert "<eos>" not in text
    assert text.count("<start_of_turn>model\n") == 5


def test_inference_prompt_is_a_prefix_of_the_training_text(tokenizer, seed_conv):
    assert templates.generation_prompts_are_prefixes(seed_conv, tokenizer) == []


def test_prefix_check_catches_skew(tokenizer, seed_conv):
    # the generation prompt (the template's last '<start_of_turn>model\n') gets one newline more
    head, tail = templates.TRAINING_TEMPLATE.rsplit("'<start_of_turn>model\\n'", 1)
    skewed = head + "'<start_of_turn>model\\n\\n'" + tail
    assert templates.generation_prompts_are_prefixes(seed_conv, tokenizer, skewed) == [2, 4, 6, 8, 10]


def test_stop_token_is_trained(tokenizer):
    assert templates.stop_token_is_trained(tokenizer)
    assert not templates.stop_token_is_trained(tokenizer, templates.COURSE_TEMPLATE)


def test_whole_bundled_dataset_renders_without_failures(tokenizer, bundled):
    report = templates.validate_dataset(bundled, tokenizer)
    assert report.rows == len(bundled) >= 3000
    assert report.failures == []


def test_validate_dataset_reports_broken_rows(tokenizer, seed_conv):
    two_users = dict(seed_conv, messages=[{"role": "user", "content": "a"}] + seed_conv["messages"])
    orphan = dict(seed_conv, messages=seed_conv["messages"][:1] + [{"role": "tool", "content": "x"}]
                  + seed_conv["messages"][1:])
    report = templates.validate_dataset([seed_conv, two_users, orphan], tokenizer)
    assert [i for i, _ in report.failures] == [1, 2]
    assert "alternate" in report.failures[0][1] and "tool message must follow" in report.failures[1][1]


def _turns(ids):
    """Split token ids at <start_of_turn>: [(start index, role token text, ids)]."""
    starts = [i for i, t in enumerate(ids) if t == START]
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(ids)])]


@pytest.mark.parametrize("kind", ["single", "follow_up", "parallel", "no_call"])
def test_assistant_mask_token_by_token(tokenizer, bundled, kind):
    rows = data.read_jsonl(data.bundled_path())
    conv = next(c for r, c in zip(rows, bundled) if r["kind"] == kind)
    ids, mask = templates.assistant_mask(conv, tokenizer)
    assert mask[0] == 0  # <bos>
    model_turns = 0
    for s, e in _turns(ids):
        role = tokenizer.decode(ids[s + 1:s + 2])
        end = ids.index(END, s)
        assert end < e
        header = ids[s:s + 3]  # <start_of_turn>, role, "\n"
        assert tokenizer.decode(header) == f"<start_of_turn>{role}\n"
        if role == "model":
            model_turns += 1
            assert mask[s:s + 3] == [0, 0, 0], "the model header is a prompt cue, not learnt"
            assert all(mask[s + 3:end + 1]), "everything the model writes, <end_of_turn> included"
            assert mask[end + 1:e] == [0] * (e - end - 1), "the newline after <end_of_turn> is formatting"
        else:
            assert role == "user"
            assert not any(mask[s:e]), "user and tool turns carry no loss"
    assert model_turns == sum(m["role"] == "assistant" for m in conv["messages"])


def test_mask_view_marks_the_trained_text(tokenizer, seed_conv):
    view = templates.mask_view(seed_conv, tokenizer)
    assert "⟦You're welcome! If you have any other questions, feel free to ask.<end_of_turn>⟧" in view
    assert "\n\nHi, can you tell me" in view and "⟦Hi, can you" not in view  # user text: not trained
    page = templates.mask_view(seed_conv, tokenizer, as_html=True)
    assert page.startswith("<pre") and "background:#d4f7d4" in page and "&lt;end_of_turn&gt;" in page


def test_tools_argument_works_without_a_system_message(tokenizer):
    tools = [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object",
                                                                                              "properties": {}}}}]
    text = tokenizer.apply_chat_template([{"role": "user", "content": "hi"}], tools=tools,
                                         chat_template=templates.TRAINING_TEMPLATE, tokenize=False,
                                         add_generation_prompt=True)
    assert '<tools>\n{"name": "f", "description": "d", "parameters": {}}\n</tools>' in text
    assert text.endswith("hi<end_of_turn>\n<start_of_turn>model\n")


def test_tool_lines_keep_every_schema_fact(tokenizer):
    """The compact line drops only the wrappers: argument types, enums, nesting and
    the required list all reach the model."""
    params = {"type": "object", "required": ["unit"], "properties": {
        "unit": {"type": "string", "enum": ["C", "F"], "description": "u"},
        "where": {"type": "object", "properties": {"city": {"type": "string"}}},
        "days": {"type": "array", "items": {"type": "integer"}}}}
    tools = [{"type": "function", "function": {"name": "weather", "description": "w", "parameters": params}}]
    text = tokenizer.apply_chat_template([{"role": "user", "content": "hi"}], tools=tools,
                                         chat_template=templates.TRAINING_TEMPLATE, tokenize=False)
    line = next(s for s in text.splitlines() if s.startswith('{"name": "weather"'))
    assert json.loads(line) == {"name": "weather", "description": "w", "parameters": params["properties"],
                                "required": ["unit"]}


def test_a_format_prompt_is_replaced_and_a_persona_prompt_kept(tokenizer):
    tools = [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {}}}]
    user = [{"role": "user", "content": "hi"}]

    def render(system):
        return tokenizer.apply_chat_template([{"role": "system", "content": system}] + user, tools=tools,
                                             chat_template=templates.TRAINING_TEMPLATE, tokenize=False)

    hermes = render("You are a function calling AI model. Here are the available tools:<tools> {tools} </tools>")
    assert "function calling AI model" not in hermes and '{"name": "f"' in hermes
    persona = render("You are a terse assistant for a bank.")
    assert persona.startswith("<bos><start_of_turn>user\nYou are a terse assistant for a bank.\nTo call a function")


def test_prompts_with_different_tools_share_the_instructions(tokenizer, bundled):
    """Evaluation reads a shared opening once (evaluate.decode_rows); for every
    prompt to share the instructions, they must come before the tool list."""
    from fccourse import evaluate

    b = bundled[0]
    a = next(c for c in bundled if c["tools"] != b["tools"])
    rows = [tokenizer(templates.render({**c, "messages": c["messages"][:1]}, tokenizer, add_generation_prompt=True),
                      add_special_tokens=False)["input_ids"] for c in (a, b)]
    opening = templates.render({**b, "messages": b["messages"][:1]}, tokenizer).split("<tools>\n")[0] + "<tools>"
    assert evaluate.shared_length(*rows) >= len(tokenizer(opening, add_special_tokens=False)["input_ids"]) > 60


# --- the course's templates: where they break ------------------------------------------------


def test_course_templates_fail_where_the_notes_say(tokenizer):
    raw = [{"role": t["role"], "content": t["content"]} for t in SEED_ROW["conversations"]]
    assert templates.render_messages(raw, tokenizer, templates.GEMMA2_TEMPLATE) == "ERROR: System role not supported"
    assert templates.render_messages(raw, tokenizer, templates.COURSE_TEMPLATE) == "ERROR: System role not supported"
    merged = [{"role": "human", "content": raw[0]["content"] + "\n\n" + raw[1]["content"]}] + raw[2:]
    assert "alternate" in templates.render_messages(merged, tokenizer, templates.GEMMA2_TEMPLATE)
    course = templates.render_messages(merged, tokenizer, templates.COURSE_TEMPLATE)
    assert course.count("<end_of_turn><eos>\n") == len(merged)  # <eos> after every turn, user's too
    assert "<start_of_turn>human\n" in course and "<start_of_turn>tool\n" in course


def test_model_template_is_trls_gemma3_for_the_base_model(tokenizer):
    from trl.chat_template_utils import supports_tool_calling

    text = templates.model_template(tokenizer)
    assert "<start_of_turn>" in text and tokenizer.chat_template is None
    call = {"type": "function", "function": {"name": "f", "arguments": {}}}
    exchange = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "", "tool_calls": [call]},
                {"role": "tool", "content": "b"}]
    error = templates.render_messages(exchange, tokenizer, text)
    assert error.startswith("ERROR:") and "alternate" in error  # Gemma 3 has no tool role
    for template, expected in ((text, False), (templates.TRAINING_TEMPLATE, True)):
        tokenizer.chat_template = template
        try:
            assert supports_tool_calling(tokenizer) is expected
        finally:
            tokenizer.chat_template = None


def test_diff_shows_the_changed_lines():
    out = templates.diff("a\n<eos>\nb", "a\nb", "course", "ours")
    assert out.splitlines()[:2] == ["--- course", "+++ ours"] and "-<eos>" in out
