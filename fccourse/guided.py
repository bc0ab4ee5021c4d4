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
MAX_STRING = 256  # characters in one string value
MAX_ITEMS = 8  # items in one array (the bundled data has at most 6): a repetition loop ends here, not at the limit
_STRING_CHAR = r'(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})'
_INTEGER = r"-?(?:0|[1-9][0-9]{0,17})"
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


def call_pattern(tools: list[dict]) -> str:
    """A regex for everything after `<tool_call>` up to and including `</tool_call>`, one offered tool's call."""
    calls = []
    for tool in tools:
        fn = tool.get("function", tool)
        params = fn.get("parameters") or {}
        args = object_pattern(params["properties"], params.get("required") or []) if params.get("properties") \
            else r"\{\}"
        calls.append(regex.escape(json.dumps(fn["name"], ensure_ascii=False)) + ', "arguments": ' + args)
    return r'\n\{"name": (?:' + "|".join(calls) + r")\}\n" + regex.escape(CLOSE)


class CallGuide:
    """The calls one prompt's tools allow, checked as the text grows."""

    def __init__(self, tools: list[dict], tokenizer=None, written: str = ""):
        """`written`: the part of the turn the prompt already holds, e.g. "<tool_call>" when a prompt
        opens the call for the model (the decoder only sees the tokens it adds)."""
        if not tools:
            raise ValueError("CallGuide needs the prompt's tools: with none offered, no call can be written")
        self.pattern = regex.compile(call_pattern(tools))
        self.tokenizer = tokenizer
        self.written = written
        self._pieces: dict[int, str] = {}

    def allows(self, text: str) -> bool:
        """Whether `text` (the turn written so far) can still end as a valid turn: every closed call is
        one of the tools' calls, and an open one is the start of one."""
        start = 0
        while (opened := text.find(OPEN, start)) >= 0:
            body = text[opened + len(OPEN):]
            end = body.find(CLOSE)
            if end < 0:
                return self.pattern.fullmatch(body, partial=True) is not None
            if self.pattern.fullmatch(body[: end + len(CLOSE)]) is None:
                return False
            start = opened + len(OPEN) + end + len(CLOSE)
        return True

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
