import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fccourse import agent, toolcalls
from fccourse.toolcalls import Call, parse, validate

TOOLS = [{"type": "function", "function": {
    "name": "convert_currency", "description": "Convert an amount between currencies",
    "parameters": {"type": "object", "properties": {
        "amount": {"type": "number"},
        "from_currency": {"type": "string"},
        "to_currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
        "options": {"type": "object", "properties": {"round": {"type": "integer"}}},
    }, "required": ["amount", "from_currency", "to_currency"]}}}]


# --- parsing -------------------------------------------------------------------------------------


def test_parses_several_calls_json_and_python_literal():
    text = ("<think>Two lookups.</think>\n<tool_call>\n{'name': 'a', 'arguments': {'x': True}}\n</tool_call>\n"
            '<tool_call>{"name": "b", "arguments": {"y": null}}</tool_call>')
    turn = parse(text)
    assert turn.reasoning == "Two lookups."
    assert [(c.name, c.arguments) for c in turn.calls] == [("a", {"x": True}), ("b", {"y": None})]
    assert turn.ok and turn.content == "" and not turn.truncated


def test_text_around_calls_and_after_end_of_turn():
    turn = parse("  Let me check.\n<tool_call> {\"name\": \"a\", \"arguments\": {}} </tool_call> one moment"
                 "<end_of_turn>\n<start_of_turn>user\n<tool_call>{'name': 'evil', 'arguments': {}}</tool_call>")
    assert [c.name for c in turn.calls] == ["a"]  # nothing after <end_of_turn> counts
    assert turn.content == "Let me check.\n one moment"


def test_unclosed_last_block_is_a_structured_error():
    turn = parse('<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "b", "argum')
    assert [c.name for c in turn.calls] == ["a"]
    assert turn.truncated and [e.kind for e in turn.errors] == ["unclosed"]
    assert "token limit" in turn.errors[0].message and turn.errors[0].start > 0


def test_unclosed_think_is_truncated_reasoning():
    turn = parse("<think>I should call convert_currency with")
    assert turn.truncated and turn.reasoning.startswith("I should") and not turn.calls
    assert [e.kind for e in turn.errors] == ["unclosed"] and "<think>" in turn.errors[0].message


@pytest.mark.parametrize("body, kind", [
    ("{'name': 'a', 'arguments': {", "unparsable"),
    ("__import__('os').system('echo pwned')", "unparsable"),
    ("['a', {}]", "not_a_call"),
    ("{'name': 'a', 'arguments': [1, 2]}", "not_a_call"),
    ("{'arguments': {}}", "not_a_call"),
])
def test_malformed_calls_say_what_was_wrong(body, kind):
    turn = parse(f"<tool_call>{body}</tool_call>")
    assert not turn.calls and [e.kind for e in turn.errors] == [kind]
    assert turn.errors[0].raw == body and str(turn.errors[0]).startswith(f"{kind} at character 0")


def test_double_encoded_arguments_and_function_wrapper():
    turn = parse('<tool_call>{"type": "function", "function": {"name": "a", "arguments": "{\\"x\\": 1}"}}</tool_call>')
    assert [(c.name, c.arguments) for c in turn.calls] == [("a", {"x": 1})]


class Boom:
    """Anything that would show the parser executing model text."""
    fired = False


ATOMS = list("<>/{}[]()'\":,\\ \n") + ["<tool_call>", "</tool_call>", "<think>", "</think>", "<end_of_turn>",
                                        "name", "arguments", "True", "None", "1e999", "__import__",
                                        "Boom.fired = True", "lambda: 0", "(" * 50]
ADVERSARIAL = st.lists(st.sampled_from(ATOMS), max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(),
    ADVERSARIAL,
    st.builds(lambda body: f"<tool_call>{body}</tool_call>", st.one_of(st.text(max_size=300), ADVERSARIAL)),
    st.builds(lambda a, b: f"<think>{a}</think>\n<tool_call>\n{b}", st.text(max_size=50), ADVERSARIAL),
))
def test_parser_never_raises_and_never_executes(text):
    import builtins
    from unittest import mock

    def tripwire(*args, **kwargs):
        Boom.fired = True
        raise AssertionError("the parser called eval/exec/compile on model output")

    with mock.patch.object(builtins, "eval", tripwire), mock.patch.object(builtins, "exec", tripwire):
        turn = parse(text)
    assert isinstance(turn, toolcalls.Turn)
    for call in turn.calls:
        assert isinstance(call.name, str) and isinstance(call.arguments, dict)
    for error in turn.errors:
        assert error.kind in {"unparsable", "not_a_call", "unclosed", "too_long"}
    assert not Boom.fired


def test_deep_nesting_and_huge_bodies_are_errors_not_crashes():
    assert parse("<tool_call>" + "[" * 100_000 + "</tool_call>").errors[0].kind == "too_long"
    assert parse("<tool_call>" + "[" * 5_000 + "]" * 5_000 + "</tool_call>").errors[0].kind in {"unparsable", "not_a_call"}


# --- validation ----------------------------------------------------------------------------------


GOOD = {"amount": 500, "from_currency": "USD", "to_currency": "EUR"}


@pytest.mark.parametrize("call, expected", [
    (Call("convert_currency", GOOD), []),
    (Call("convert_money", GOOD), ["unknown_tool: 'convert_money' is not one of the tools offered (convert_currency)"]),
    (Call("convert_currency", {"amount": 500, "from_currency": "USD"}),
     ["missing_argument: convert_currency needs 'to_currency'"]),
    (Call("convert_currency", {**GOOD, "amount": "500"}),
     ["wrong_type: convert_currency argument 'amount' must be number, got str '500'"]),
    (Call("convert_currency", {**GOOD, "to_currency": "YEN"}),
     ["enum_violation: convert_currency argument 'to_currency' must be one of ['EUR', 'USD', 'GBP'], got 'YEN'"]),
    (Call("convert_currency", {**GOOD, "date": "today"}),
     ["unexpected_argument: convert_currency has no argument 'date'"]),
    (Call("convert_currency", {**GOOD, "options": {"round": 2.5}}),
     ["wrong_type: convert_currency argument 'options.round' must be integer, got float 2.5"]),
])
def test_each_validation_error_kind(call, expected):
    assert validate(call, TOOLS) == expected


# --- registry and agent loop ------------------------------------------------------------------------


def convert_currency(amount: float, from_currency: str, to_currency: str) -> dict:
    """Convert an amount of money between currencies.

    Args:
        amount: How much money.
        from_currency: The currency code to convert from, e.g. USD.
        to_currency: The currency code to convert to, e.g. EUR.
    """
    if from_currency == "XXX":
        raise KeyError("no rate for XXX")
    return {"converted": round(amount * 0.92, 2), "currency": to_currency}


def test_registry_builds_schemas_from_signatures_and_runs_only_registered_tools():
    tools = toolcalls.Registry([convert_currency])
    schema = tools.schemas[0]["function"]
    assert schema["name"] == "convert_currency" and schema["parameters"]["required"] == ["amount", "from_currency",
                                                                                          "to_currency"]
    assert schema["parameters"]["properties"]["amount"] == {"type": "number", "description": "How much money."}
    assert tools.run(Call("convert_currency", GOOD)) == toolcalls.ToolResult(True, '{"converted": 460.0, "currency": "EUR"}')
    refused = tools.run(Call("print", {"values": "hi"}))
    assert not refused.ok and "unknown_tool" in refused.content


def scripted(*outputs):
    """A stand-in for the model's generate: returns the given turns in order, records the prompts."""
    prompts = []

    def fn(prompt):
        prompts.append(prompt)
        return agent.Generation(outputs[len(prompts) - 1], 5, 0.1)

    fn.prompts = prompts
    return fn


@pytest.fixture(scope="module")
def tokenizer():
    from fccourse import models, templates

    tok = models.load_tokenizer("offline-default", log=lambda m: None)
    tok.chat_template = templates.TRAINING_TEMPLATE
    return tok


def call_text(name, **arguments):
    return "<tool_call>\n" + json.dumps({"name": name, "arguments": arguments}) + "\n</tool_call><end_of_turn>"


def test_agent_loop_reaches_an_answer_with_a_tool_result(tokenizer):
    gen = scripted(call_text("convert_currency", **GOOD), "500 USD is 460.0 EUR.<end_of_turn>")
    run = agent.run_agent(None, tokenizer, toolcalls.Registry([convert_currency]), "Convert 500 USD to EUR",
                          generate_fn=gen)
    assert run.stopped == "answer" and run.answer == "500 USD is 460.0 EUR."
    assert [m["role"] for m in run.messages] == ["user", "assistant", "tool", "assistant"]
    assert '<tool_response>\n{"converted": 460.0, "currency": "EUR"}\n</tool_response>' in gen.prompts[1]


def test_agent_loop_survives_a_raising_tool(tokenizer):
    gen = scripted(call_text("convert_currency", amount=1, from_currency="XXX", to_currency="EUR"),
                   "I could not convert XXX.<end_of_turn>")
    run = agent.run_agent(None, tokenizer, toolcalls.Registry([convert_currency]), "Convert 1 XXX", generate_fn=gen)
    assert run.stopped == "answer"
    assert "convert_currency failed: KeyError" in run.messages[2]["content"]
    assert "convert_currency failed: KeyError" in gen.prompts[1]


def test_agent_loop_survives_invalid_and_unreadable_calls(tokenizer):
    gen = scripted(call_text("convert_currency", amount="lots", from_currency="USD", to_currency="EUR"),
                   "<tool_call>{'name': 'convert_currency', 'arguments': {</tool_call><end_of_turn>",
                   call_text("convert_currency", **GOOD), "460 EUR.<end_of_turn>")
    run = agent.run_agent(None, tokenizer, toolcalls.Registry([convert_currency]), "Convert 500 USD to EUR",
                          max_steps=4, generate_fn=gen)
    assert run.stopped == "answer" and run.answer == "460 EUR."
    assert "wrong_type" in run.messages[2]["content"]  # the validation error, as a tool response
    assert "could not read your last reply (unparsable" in run.messages[4]["content"]  # the unreadable call, as a user message
    assert len(run.steps) == 4


def test_agent_loop_stops_at_the_step_limit(tokenizer):
    gen = scripted(*[call_text("convert_currency", **GOOD)] * 3)
    run = agent.run_agent(None, tokenizer, toolcalls.Registry([convert_currency]), "Loop forever", max_steps=3,
                          generate_fn=gen)
    assert run.stopped == "step_limit" and run.answer is None and len(run.steps) == 3
