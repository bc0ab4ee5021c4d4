"""Load a tuned model and run it as an agent: render → generate → parse →
validate → run → <tool_response> → generate again, until an answer.

The loop never crashes on what the model writes: an unreadable call, a call
that fails validation and a tool that raises all become messages the model
reads on its next step. It stops at a final answer or at `max_steps`.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field

from . import guided, models, templates, tokens, toolcalls


# --- loading -------------------------------------------------------------------------------------


def load_base(model_id: str = models.OFFLINE_DEFAULT, log=print):
    """(model, tokenizer) of the untuned model, with our template attached so it
    sees the same prompt as the tuned one."""
    model, tokenizer = models.load(model_id, log=log)
    tokenizer.chat_template = templates.TRAINING_TEMPLATE
    return model.to(models.inference_device()), tokenizer


def load_tuned(adapter_dir, log=print):
    """(model, tokenizer): base model + LoRA adapter, in a fresh process.

    The adapter's `fccourse.json` names the base model and the token strategy
    of notebook 03. The strategy is applied to the base *before* the adapter
    goes on: a resized vocabulary must have its new rows, a repurposed one its
    new names, or the adapter's weights land on the wrong tokens."""
    from peft import PeftModel

    meta_path = os.path.join(adapter_dir, "fccourse.json")
    if not os.path.isfile(meta_path):
        raise FileNotFoundError(f"{adapter_dir} has no fccourse.json: is it an adapter saved by notebook 04 "
                                "(fccourse.train.save_adapter)? Run notebook 04 first, or pass its output_dir.")
    with open(meta_path) as f:
        meta = json.load(f)
    model, base_tokenizer = models.load(meta["model_id"], log=log)
    strategy = meta.get("token_strategy", "plain_text")
    if os.path.isfile(os.path.join(adapter_dir, "tokenizer.json")):
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(adapter_dir)
        marker_ids = {m: tokenizer.convert_tokens_to_ids(m) for m in tokens.DATA_MARKERS} if strategy != "plain_text" else {}
    else:
        tokenizer, marker_ids = tokens.with_markers(base_tokenizer, strategy)
    tokens.init_marker_rows(model, base_tokenizer, marker_ids)
    tokens.align_special_tokens(model, tokenizer)
    # Merged into the weights for inference: PEFT's trained-row wrapper rebuilds the whole 262 144-row
    # embedding matrix at every forward, which made generation ~5x slower (1.4 vs 7.7 tokens/s here).
    model = PeftModel.from_pretrained(model, adapter_dir).merge_and_unload()
    model.eval().to(models.inference_device())
    template = os.path.join(adapter_dir, "chat_template.jinja")
    tokenizer.chat_template = open(template).read() if os.path.isfile(template) else templates.TRAINING_TEMPLATE
    return model, tokenizer


# --- generation ----------------------------------------------------------------------------------


@dataclass
class Generation:
    text: str
    new_tokens: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.new_tokens / self.seconds if self.seconds else 0.0


def generate(model, tokenizer, prompt: str, max_new_tokens: int = 256, stream: bool = False,
             guide: guided.CallGuide | None = None) -> Generation:
    """Greedy generation that stops at `<end_of_turn>` (Gemma ends turns with
    it, not with `<eos>`), KV cache on; `stream` prints tokens as they come;
    `guide` holds every call to its tools' schemas (`fccourse.guided`)."""
    import torch
    from transformers import LogitsProcessorList

    batch = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(model.device)
    processors = LogitsProcessorList([guided.logits_processor(guide, batch["input_ids"].shape[1])] if guide else [])
    streamer = None
    if stream:
        from transformers import TextStreamer

        streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    t0 = time.perf_counter()
    with torch.no_grad():
        out = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False, use_cache=True,
                             eos_token_id=tokens.stop_token_ids(tokenizer), pad_token_id=tokenizer.pad_token_id,
                             streamer=streamer, logits_processor=processors)
    seconds = time.perf_counter() - t0
    new = out[0, batch["input_ids"].shape[1]:]
    return Generation(tokenizer.decode(new, skip_special_tokens=False), int(new.shape[0]), seconds)


# --- the loop ------------------------------------------------------------------------------------


@dataclass
class Step:
    generation: Generation
    turn: toolcalls.Turn
    results: list[toolcalls.ToolResult] = field(default_factory=list)


@dataclass
class AgentRun:
    messages: list[dict]
    steps: list[Step]
    answer: str | None  # the final answer, None when the step limit came first
    stopped: str  # "answer" | "step_limit"

    @property
    def tokens_per_second(self) -> float:
        gens = [s.generation for s in self.steps]
        seconds = sum(g.seconds for g in gens)
        return sum(g.new_tokens for g in gens) / seconds if seconds else 0.0


def _unreadable_feedback(turn: toolcalls.Turn) -> str:
    problems = "; ".join(str(e) for e in turn.errors)
    return (f"I could not read your last reply ({problems}). Write each call as "
            '<tool_call>\n{"name": <function-name>, "arguments": <args-dict>}\n</tool_call>')


def run_agent(model, tokenizer, registry: toolcalls.Registry, user: str | list[dict], max_steps: int = 4,
              max_new_tokens: int = 256, stream: bool = False, system: str | None = None,
              generate_fn=None, guided_calls: bool = False, grounded_calls: bool = False) -> AgentRun:
    """Answer `user` (a question, or messages so far) with `registry`'s tools.

    Each step generates one model turn. Calls are validated and run; their
    results go back as `tool` messages (our template wraps them in
    <tool_response>). A turn whose calls cannot be read gets a user message
    saying why. A turn with text and no calls is the answer.
    `generate_fn(prompt) -> Generation` replaces the model (tests use it to
    script a model's output). `guided_calls`: guided decoding, so that every
    call the model writes is one the registry's schemas accept; `grounded_calls`
    (implies it): with argument values quoted from the user's and the tools' messages."""
    messages = [{"role": "user", "content": user}] if isinstance(user, str) else list(user)

    def guide() -> guided.CallGuide | None:  # built each turn: a tool's result is a new source to quote
        if not (guided_calls or grounded_calls) or not registry.schemas:
            return None
        return guided.CallGuide(registry.schemas, tokenizer,
                                source=guided.source_text(messages) if grounded_calls else None)

    generate_fn = generate_fn or (lambda prompt: generate(model, tokenizer, prompt, max_new_tokens, stream, guide()))
    steps: list[Step] = []
    for _ in range(max_steps):
        prompt = templates.render({"system": system, "tools": registry.schemas, "messages": messages}, tokenizer,
                                  add_generation_prompt=True)
        gen = generate_fn(prompt)
        turn = toolcalls.parse(gen.text)
        step = Step(gen, turn)
        steps.append(step)
        reply: dict = {"role": "assistant", "content": turn.content}
        if turn.reasoning:
            reply["reasoning"] = turn.reasoning
        if turn.calls:
            reply["tool_calls"] = [c.as_message_call() for c in turn.calls]
            messages.append(reply)
            for call in turn.calls:
                result = registry.run(call)
                step.results.append(result)
                messages.append({"role": "tool", "name": call.name, "content": result.content})
            if turn.errors:  # some calls read, others not: say so alongside the results
                messages[-1]["content"] += "\n" + json.dumps({"error": _unreadable_feedback(turn)})
            continue
        if turn.errors or not turn.content:
            reply["content"] = turn.content or gen.text.strip() or "(nothing)"
            messages.append(reply)
            messages.append({"role": "user", "content": _unreadable_feedback(turn) if turn.errors else
                             "Your reply was empty. Answer the question, or call a tool."})
            continue
        messages.append(reply)
        return AgentRun(messages, steps, turn.content, "answer")
    return AgentRun(messages, steps, None, "step_limit")
