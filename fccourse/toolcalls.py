"""Model output → tool calls → checked → run. Model output is untrusted data.

Three small pieces, read top to bottom:

* `parse(text)`: one model turn into reasoning (`<think>`), calls
  (`<tool_call>` blocks, JSON or Python-literal bodies) and plain text. It
  never raises and never evaluates anything: a malformed call comes back as a
  `CallError` saying what was wrong and where.
* `validate(call, tools)`: a parsed call against its tool's JSON schema
  (jsonschema does the checking; we only word the messages).
* `Registry`: plain Python functions become tools (`transformers.utils.
  get_json_schema` reads the signature and docstring); only registered tools
  can run, only after validation, and a tool that raises becomes an error
  result instead of an exception.

    >>> turn = parse('<think>EUR wanted.</think>\\n<tool_call>\\n{"name": "f", "arguments": {"x": 1}}\\n</tool_call>')
    >>> turn.reasoning, [(c.name, c.arguments) for c in turn.calls], turn.errors
    ('EUR wanted.', [('f', {'x': 1})], [])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .data import _validator, parse_literal

MAX_CALL_CHARS = 20_000  # a longer "call" is a runaway generation, not something to parse


@dataclass
class Call:
    name: str
    arguments: dict
    start: int = 0  # character offset of its <tool_call> in the text

    def as_message_call(self) -> dict:
        """transformers' tool-call shape, as our template renders it."""
        return {"type": "function", "function": {"name": self.name, "arguments": self.arguments}}


@dataclass
class CallError:
    kind: str  # unparsable | not_a_call | unclosed | too_long
    message: str
    raw: str
    start: int

    def __str__(self) -> str:
        return f"{self.kind} at character {self.start}: {self.message}"


@dataclass
class Turn:
    reasoning: str | None = None
    content: str = ""
    calls: list[Call] = field(default_factory=list)
    errors: list[CallError] = field(default_factory=list)
    truncated: bool = False  # a <think> or <tool_call> was still open when the text ended
    called: bool = False  # a <tool_call> was opened after the thinking, readable or not: the decision to call

    @property
    def ok(self) -> bool:
        return not self.errors


_STOP = re.compile(r"<end_of_turn>|<eos>")
_OPEN, _CLOSE = "<tool_call>", "</tool_call>"


def _read_call(body: str, start: int) -> Call | CallError:
    raw = body.strip()
    if len(raw) > MAX_CALL_CHARS:
        return CallError("too_long", f"{len(raw)} characters; not parsed", raw[:200], start)
    try:
        value = parse_literal(raw)
    except Exception as e:  # noqa: BLE001 - any failure to read untrusted text is a parse error, never a crash
        return CallError("unparsable", f"the body is {e}", raw, start)  # e says what it is not
    if isinstance(value, dict) and isinstance(value.get("function"), dict):
        value = value["function"]  # {"type": "function", "function": {...}}, as some models write it
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return CallError("not_a_call", 'expected {"name": "...", "arguments": {...}}', raw, start)
    args = value.get("arguments", value.get("parameters", {}))
    if isinstance(args, str):  # double-encoded arguments: '{"x": 1}' inside the JSON
        try:
            args = parse_literal(args)
        except Exception:  # noqa: BLE001
            pass
    if not isinstance(args, dict):
        return CallError("not_a_call", f"arguments must be an object, got {type(args).__name__}", raw, start)
    return Call(value["name"], args, start)


def parse(text: str) -> Turn:
    """One model turn, read. Everything after `<end_of_turn>` is ignored.

    >>> t = parse("Sure.<tool_call>{'name': 'a', 'arguments': {}}</tool_call><tool_call>{bad}</tool_call>")
    >>> [c.name for c in t.calls], t.content, [e.kind for e in t.errors]
    (['a'], 'Sure.', ['unparsable'])
    >>> t = parse('<tool_call>\\n{"name": "a", "argu')
    >>> t.truncated, t.errors[0].kind, t.called
    (True, 'unclosed', True)
    """
    turn = Turn()
    text = str(text)
    stop = _STOP.search(text)
    if stop:
        text = text[: stop.start()]
    pos = len(text) - len(text.lstrip())
    if text.startswith("<think>", pos):
        end = text.find("</think>", pos)
        if end < 0:
            turn.reasoning, turn.truncated = text[pos + len("<think>"):].strip(), True
            turn.errors.append(CallError("unclosed", "<think> is never closed (did generation hit its token "
                                         "limit?)", turn.reasoning[:200], pos))
            return turn
        turn.reasoning = text[pos + len("<think>"): end].strip()
        pos = end + len("</think>")
    prose = []
    while True:
        start = text.find(_OPEN, pos)
        if start < 0:
            prose.append(text[pos:])
            break
        prose.append(text[pos:start])
        turn.called = True
        end = text.find(_CLOSE, start)
        if end < 0:
            turn.truncated = True
            turn.errors.append(CallError("unclosed", "<tool_call> is never closed (did generation hit its token "
                                         "limit?)", text[start + len(_OPEN):][:200], start))
            break
        item = _read_call(text[start + len(_OPEN): end], start)
        (turn.calls if isinstance(item, Call) else turn.errors).append(item)
        pos = end + len(_CLOSE)
    turn.content = "".join(prose).strip()
    return turn


# --- validation ---------------------------------------------------------------------------------


def _strict(schema: dict) -> dict:
    """The schema with `additionalProperties: false` wherever it lists properties
    and says nothing else, so that an invented argument is reported."""
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) if isinstance(v, dict) else v for k, v in schema.items()}
    if "properties" in out:
        out["properties"] = {k: _strict(v) for k, v in out["properties"].items()}
        out.setdefault("additionalProperties", False)
    if isinstance(out.get("items"), dict):
        out["items"] = _strict(out["items"])
    return out


def _describe(error, tool: str) -> str:
    where = ".".join(map(str, error.absolute_path))
    arg = f"argument {where!r}" if where else "arguments"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        prefix = f"{where}." if where else ""
        return f"missing_argument: {tool} needs {prefix}{missing!r}"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        prefix = f"{where}." if where else ""
        return f"unexpected_argument: {tool} has no argument {', '.join(repr(prefix + e) for e in extra)}"
    if error.validator == "type":
        return (f"wrong_type: {tool} {arg} must be {error.validator_value}, got "
                f"{type(error.instance).__name__} {error.instance!r}")
    if error.validator == "enum":
        return f"enum_violation: {tool} {arg} must be one of {error.validator_value}, got {error.instance!r}"
    return f"schema_violation: {tool} {arg}: {error.message}"


def validate(call: Call, tools: list[dict]) -> list[str]:
    """Why `call` cannot run against `tools` (JSON schemas), [] when it can.

    >>> tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object",
    ...     "properties": {"n": {"type": "integer"}}, "required": ["n"]}}}]
    >>> validate(Call("f", {"n": "2"}), tools)
    ["wrong_type: f argument 'n' must be integer, got str '2'"]
    >>> validate(Call("g", {}), tools)
    ["unknown_tool: 'g' is not one of the tools offered (f)"]
    """
    offered = {t["function"]["name"]: t["function"].get("parameters") or {"type": "object"} for t in tools}
    if call.name not in offered:
        return [f"unknown_tool: {call.name!r} is not one of the tools offered ({', '.join(offered) or 'none'})"]
    validator = _validator(_strict(offered[call.name]))
    errors = sorted(validator.iter_errors(call.arguments), key=lambda e: (list(e.absolute_path), e.validator))
    return [_describe(e, call.name) for e in errors]


# --- the registry -----------------------------------------------------------------------------------


@dataclass
class ToolResult:
    ok: bool
    content: str  # what goes back to the model inside <tool_response>


class Registry:
    """The tools a model may call: plain functions with type hints and a
    Google-style docstring (`Args:`), which is what get_json_schema reads.

        >>> tools = Registry()
        >>> @tools.register
        ... def add(a: int, b: int) -> int:
        ...     '''Add two numbers.
        ...
        ...     Args:
        ...         a: The first.
        ...         b: The second.
        ...     '''
        ...     return a + b
        >>> tools.run(Call("add", {"a": 2, "b": 3}))
        ToolResult(ok=True, content='5')
        >>> tools.run(Call("add", {"a": 2})).content
        '{"error": "missing_argument: add needs \\'b\\'"}'
    """

    def __init__(self, functions: tuple[Callable, ...] | list[Callable] = ()):
        self.functions: dict[str, Callable] = {}
        self.schemas: list[dict] = []
        for fn in functions:
            self.register(fn)

    def register(self, fn: Callable) -> Callable:
        from transformers.utils import get_json_schema

        schema = get_json_schema(fn)
        schema["function"].pop("return", None)  # the training data's schemas have no return type
        self.functions[fn.__name__] = fn
        self.schemas = [s for s in self.schemas if s["function"]["name"] != fn.__name__] + [schema]
        return fn

    def run(self, call: Call) -> ToolResult:
        problems = validate(call, self.schemas)
        if problems:
            return ToolResult(False, json.dumps({"error": "; ".join(problems)}))
        try:
            value: Any = self.functions[call.name](**call.arguments)
        except Exception as e:  # noqa: BLE001 - a failing tool is an answer the model must see, not a crash
            return ToolResult(False, json.dumps({"error": f"{call.name} failed: {type(e).__name__}: {e}"}))
        try:
            return ToolResult(True, json.dumps(value, ensure_ascii=False, default=str))
        except (TypeError, ValueError):
            return ToolResult(True, json.dumps(str(value)))
