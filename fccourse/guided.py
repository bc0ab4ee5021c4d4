"""Guided decoding: inside a `<tool_call>`, the model may only write a call the tools accept.

A small model breaks calls in ways no prompt fixes: it invents an argument the
schema does not have, writes a bare word where a string is due, or repeats
"Chicago", "Chicago", … until its token limit (notebook 06 reads them). Guided
(constrained) decoding keeps the model's own choices but refuses any token that
would make the call impossible to complete: the name must be an offered tool,
the arguments that tool's, in its order, each value of its type. Outside a call
(an answer, a `<think>`) nothing is constrained, so whether to call at all is
still the model's decision: guidance makes calls decodable, not right.

Each row's tools become one regular expression for the text between `<tool_call>`
and `</tool_call>` in the exact form the training template writes
(`json.dumps`' separators, arguments in schema order). The third-party `regex`
module, already a dependency of transformers, matches a *prefix* of it
(`partial=True`), which is all a decoder needs to ask of a candidate token.
Greedy decoding only has to find the best allowed token, so candidates are tried
best first and the first allowed one wins: usually the model's own first choice.
(vLLM and llama.cpp do the same with grammar engines; a regex is enough for
JSON-schema tools without recursion, and stays readable.)

*Grounded* guidance (`source=`, the conversation's user and tool text) goes one
step further, after the system prompt's own rule "Don't make assumptions about
what values to plug into functions": a string argument must be quoted from the
source, starting where one of its words starts ("dentist" from "dentists"), and
a number must be one the source writes. Enum values and booleans are left to the
schema. Every argument of the bundled data's 4041 calls is quoted so (a follow-up
quotes a tool's result); a user who says "tomorrow" for a date is not, so grounding
is a choice for data like ours, not a default. It is a guard, not a fix: on
notebook 06's sample it replaces invented values and moves no figure.

    >>> guide = CallGuide([{"type": "function", "function": {"name": "get_weather",
    ...     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}])
    >>> guide.allows('<tool_call>\\n{"name": "get_weather", "arguments": {"ci')
    True
    >>> guide.allows('<tool_call>\\n{"name": "get_time"')  # not an offered tool
    False
"""

from __future__ import annotations

import json

import regex

OPEN, CLOSE = "<tool_call>", "</tool_call>"
ARGUMENTS = '"arguments": '
MAX_STRING = 256  # characters in one string value
MAX_ITEMS = 8  # items in one array (the bundled data has at most 6): a repetition loop ends here, not at the limit
_STRING_CHAR = r'(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})'
_INTEGER = r"-?(?:0|[1-9][0-9]{0,17})"
_WORD = regex.compile(r"\w+|[^\w\s]")  # where a quoted value may start
_QUOTED_NUMBER = regex.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")  # "1,500" is 1500
PATTERNS = {
    "string": f'"{_STRING_CHAR}{{0,{MAX_STRING}}}"',
    "integer": _INTEGER,
    "number": _INTEGER + r"(?:\.[0-9]{1,17})?(?:[eE][+-]?[0-9]{1,3})?",
    "boolean": "(?:true|false)",
    "null": "null",
}


def value_pattern(schema: dict | None) -> str:
    """A regex for one JSON value of `schema`, written as `json.dumps` writes it.

    >>> value_pattern({"type": "string", "enum": ["C", "F"]})
    '(?:"C"|"F")'
    >>> value_pattern({"type": "array", "items": {"type": "boolean"}})
    '\\\\[(?:(?:true|false)(?:, (?:true|false)){0,7})?\\\\]'
    """
    schema = schema or {}
    if "enum" in schema:
        return "(?:" + "|".join(regex.escape(json.dumps(v, ensure_ascii=False)) for v in schema["enum"]) + ")"
    kind = schema.get("type")
    if isinstance(kind, list):  # e.g. ["string", "null"]
        return "(?:" + "|".join(value_pattern({**schema, "type": k}) for k in kind) + ")"
    if kind == "array":
        item = value_pattern(schema.get("items"))
        return rf"\[(?:{item}(?:, {item}){{0,{MAX_ITEMS - 1}}})?\]"
    if kind == "object" and schema.get("properties"):
        return object_pattern(schema["properties"], schema.get("required") or [])
    if kind in PATTERNS:
        return PATTERNS[kind]
    # a free-form object (e.g. dict[str, int]) or no usable type: scalars, in a flat array or object if need be
    scalar = "(?:" + "|".join(PATTERNS[k] for k in ("string", "number", "boolean", "null")) + ")"
    pair = PATTERNS["string"] + ": " + scalar
    flat_object = rf"\{{(?:{pair}(?:, {pair}){{0,{MAX_ITEMS - 1}}})?\}}"
    if kind == "object":
        return flat_object
    return rf"(?:{scalar}|\[(?:{scalar}(?:, {scalar}){{0,{MAX_ITEMS - 1}}})?\]|{flat_object})"


def object_pattern(properties: dict, required: list[str]) -> str:
    """A regex for a JSON object of these properties: keys in schema order, each at most once, every
    required one present (the training data writes arguments in schema order, so the model does too).

    >>> object_pattern({"a": {"type": "integer"}}, ["a"])
    '\\\\{"a": -?(?:0|[1-9][0-9]{0,17})\\\\}'
    """
    keys = list(properties)
    field = {k: regex.escape(json.dumps(k, ensure_ascii=False)) + ": " + value_pattern(properties[k]) for k in keys}

    def after_first(i: int) -> str:  # the keys from i on, once one has been written: each starts with ", "
        return "".join(f", {field[k]}" if k in required else f"(?:, {field[k]})?" for k in keys[i:])

    def from_start(i: int) -> str:  # the keys from i on, none written yet
        if i == len(keys):
            return ""
        here = field[keys[i]] + after_first(i + 1)
        return here if keys[i] in required else f"(?:{here}|{from_start(i + 1)})"

    return r"\{" + from_start(0) + r"\}"


def _enum_strings(schema) -> list[str]:
    """Every string an enum anywhere in `schema` allows."""
    if isinstance(schema, dict):
        found = [v for v in schema.get("enum", []) if isinstance(v, str)]
        return found + [v for child in schema.values() for v in _enum_strings(child)]
    if isinstance(schema, list):
        return [v for child in schema for v in _enum_strings(child)]
    return []


def call_pattern(tools: list[dict]) -> str:
    """A regex for everything after `<tool_call>` up to and including `</tool_call>`, one offered tool's call."""
    calls = []
    for tool in tools:
        fn = tool.get("function", tool)
        params = fn.get("parameters") or {}
        args = object_pattern(params["properties"], params.get("required") or []) if params.get("properties") \
            else r"\{\}"
        calls.append(regex.escape(json.dumps(fn["name"], ensure_ascii=False)) + ", " + ARGUMENTS + args)
    return r'\n\{"name": (?:' + "|".join(calls) + r")\}\n" + regex.escape(CLOSE)


def source_text(messages: list[dict]) -> str:
    """What argument values may be quoted from: the user's and the tools' messages, one per line.

    >>> source_text([{"role": "user", "content": "Weather in Oslo?"}, {"role": "assistant", "content": ""},
    ...              {"role": "tool", "content": '{"temp": 4}'}])
    'Weather in Oslo?\\n{"temp": 4}'
    """
    return "\n".join(m["content"] for m in messages if m["role"] in ("user", "tool") and isinstance(m["content"], str))


def quoted_numbers(source: str) -> set[str]:
    """Every way `json.dumps` may write a number `source` holds.

    >>> sorted(quoted_numbers("6 seats under $12.50 on 2025-02-12"))
    ['12', '12.0', '12.5', '2', '2.0', '2025', '2025.0', '6', '6.0']
    """
    out = set()
    for m in _QUOTED_NUMBER.finditer(source):
        v = float(m.group().replace(",", ""))
        out |= {str(int(v)), f"{int(v)}.0"} if v.is_integer() else {repr(v)}
    return out


def argument_values(text: str):
    """(kind, literal, closed) for each string and number *value* in a JSON prefix, object keys left out.

    >>> list(argument_values('{"city": "Oslo", "days": [3, 4], "q": "Ber'))
    [('string', '"Oslo"', True), ('number', '3', True), ('number', '4', True), ('string', '"Ber', False)]
    """
    stack, previous, i = [], "", 0
    while i < len(text):
        c = text[i]
        if c in "{[":
            stack.append(c)
        elif c in "}]" and stack:  # the call's own closing brace follows the arguments: nothing to pop
            stack.pop()
        is_value = previous == ":" or (stack and stack[-1] == "[" and previous in ("[", ","))
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if is_value:
                yield "string", text[i: j + 1], j < len(text)
            previous, i = '"', j + 1
            continue
        if c in "-0123456789" and is_value:
            j = i
            while j < len(text) and text[j] in "-+.eE0123456789":
                j += 1
            yield "number", text[i:j], j < len(text)
            previous, i = "0", j
            continue
        if not c.isspace():
            previous = c
        i += 1


def _decode_open_string(literal: str) -> tuple[str, str]:
    r"""(the characters of a string literal not yet closed, the escape cut short at its end or "").

    >>> _decode_open_string('"Zu\\u00'), _decode_open_string('"C:\\\\'), _decode_open_string('"C:\\\\t\\')
    (('Zu', '\\u00'), ('C:\\', ''), ('C:\\t', '\\'))
    """
    end, i = 1, 1
    while i < len(literal):
        i += (6 if literal[i + 1: i + 2] == "u" else 2) if literal[i] == "\\" else 1
        if i <= len(literal):
            end = i  # a whole character or escape ends here
    return json.loads(literal[:end] + '"'), literal[end:]


def _escapes(c: str) -> set[str]:
    r"""The ways a JSON string may write the character `c`: as itself, or escaped.

    >>> sorted(_escapes("ü"))
    ['\\u00FC', '\\u00fc', 'ü']
    """
    return {json.dumps(c)[1:-1], json.dumps(c, ensure_ascii=False)[1:-1], f"\\u{ord(c):04x}", f"\\u{ord(c):04X}"}


def _extends(text: str, start: int, value: str, cut: str) -> bool:
    r"""Whether an open string, `value` and then `cut` (an escape begun), is `text` from `start` on so far.
    The cut escape must begin one way of writing the next character of `text`: else no token completes it,
    and grounded decoding would be stuck ("no token continues this call").

    >>> _extends("Zürich", 0, "Z", "\\u00"), _extends("Zurich", 0, "Z", "\\u00f"), _extends("Zu", 0, "Zu", "\\")
    (True, False, False)
    """
    if not text.startswith(value, start):
        return False
    after = start + len(value)
    return not cut or (after < len(text) and any(e.startswith(cut) for e in _escapes(text[after])))


class CallGuide:
    """The calls one prompt's tools allow, checked as the text grows."""

    def __init__(self, tools: list[dict], tokenizer=None, written: str = "", source: str | None = None):
        """`written`: the part of the turn the prompt already holds, e.g. "<tool_call>" when a prompt
        opens the call for the model (the decoder only sees the tokens it adds). `source`: ground the
        arguments in this text (`source_text(messages)`); None leaves values to the schema alone."""
        if not tools:
            raise ValueError("CallGuide needs the prompt's tools: with none offered, no call can be written")
        self.pattern = regex.compile(call_pattern(tools))
        self.tokenizer = tokenizer
        self.written = written
        self.source = source
        if source is not None:
            self._starts = [m.start() for m in _WORD.finditer(source)]
            self._numbers = quoted_numbers(source)
            self._enums = {v for t in tools for v in _enum_strings(t.get("function", t).get("parameters"))}
        self._pieces: dict[int, str] = {}

    def _quoted(self, arguments: str) -> bool:
        """Whether every string and number value in `arguments` (a JSON prefix) is quoted from the source:
        a string starts where a source word starts (an enum value is the schema's), a number is one the
        source writes (where the source writes none, any number)."""
        for kind, literal, closed in argument_values(arguments):
            if kind == "number":
                if self._numbers and not any(n == literal if closed else n.startswith(literal)
                                             for n in self._numbers):
                    return False
                continue
            if closed:
                value = json.loads(literal)
                if value in self._enums or any(self.source.startswith(value, start) for start in self._starts):
                    continue
                return False
            value, cut = _decode_open_string(literal)
            if not any(_extends(e, 0, value, cut) for e in self._enums) and \
                    not any(_extends(self.source, start, value, cut) for start in self._starts):
                return False
        return True

    def allows(self, text: str) -> bool:
        """Whether `text` (the turn written so far) can still end as a valid turn: every closed call is
        one of the tools' calls, and an open one is the start of one."""
        start = 0
        while (opened := text.find(OPEN, start)) >= 0:
            body = text[opened + len(OPEN):]
            end = body.find(CLOSE)
            if end < 0:
                return self.pattern.fullmatch(body, partial=True) is not None and self._grounded_call(body)
            if self.pattern.fullmatch(body[: end + len(CLOSE)]) is None or not self._grounded_call(body[:end]):
                return False
            start = opened + len(OPEN) + end + len(CLOSE)
        return True

    def _grounded_call(self, body: str) -> bool:
        if self.source is None:
            return True
        opened = body.find(ARGUMENTS)  # the name before it is an offered one: the pattern saw to that
        return opened < 0 or self._quoted(body[opened + len(ARGUMENTS):])

    def piece(self, token_id: int) -> str:
        if token_id not in self._pieces:
            self._pieces[token_id] = self.tokenizer.decode([token_id], skip_special_tokens=False)
        return self._pieces[token_id]

    def pick(self, logits, text: str, first_tries: int = 64) -> int:
        """The highest-scoring token that `allows`: greedy decoding within the tools' calls.
        Tries the best `first_tries` candidates, then, rarely, the whole vocabulary in order."""
        best, text = int(logits.argmax()), self.written + text
        if OPEN not in text + self.piece(best) or self.allows(text + self.piece(best)):
            return best  # the common case, free text or an allowed call token: one check
        order = logits.topk(first_tries).indices.tolist()
        for candidates in (order, logits.argsort(descending=True).tolist()):
            for token in candidates:
                if self.allows(text + self.piece(token)):
                    return token
        raise RuntimeError(f"no token continues this call validly: {text[-80:]!r}")  # the regex always has one

    def best_allowed(self, logits, text: str, k: int, first_tries: int = 64) -> list[int]:
        """Up to `k` tokens that `allows`, best first: a beam's candidates within the tools' calls.
        Looks among the best `first_tries` (or `k`) tokens; where none of them is allowed, `pick`'s one."""
        found, full = [], self.written + text
        for token in logits.topk(max(k, first_tries)).indices.tolist():
            if OPEN not in full + self.piece(token) or self.allows(full + self.piece(token)):
                found.append(token)
                if len(found) == k:
                    break
        return found or [self.pick(logits, text)]


def logits_processor(guide: CallGuide, prompt_length: int):
    """The same guidance for `model.generate` (one prompt, greedy): every score but the picked token's
    is set to -inf, so the argmax `generate` takes is `guide.pick`'s choice."""
    import torch
    from transformers import LogitsProcessor

    class Guided(LogitsProcessor):
        def __call__(self, input_ids, scores):
            text = "".join(guide.piece(int(t)) for t in input_ids[0, prompt_length:])
            token = guide.pick(scores[0], text)
            kept = torch.full_like(scores, float("-inf"))
            kept[0, token] = scores[0, token]
            return kept

    return Guided()
