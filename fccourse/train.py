"""LoRA SFT presets, the guards that keep training honest, and a memory estimate.

The course notebook hard-codes `bf16=True` (a T4 has no bf16), and TRL's
`SFTConfig` defaults to `bf16=True` even on a CPU, where bf16 is emulated and
a step gets 15-30x slower. Gemma 3 overflows fp16. So precision is never left
to a default here: every preset says it, `sft_precision_flags` turns it into
explicit `bf16=`/`fp16=` values, and fp16 is refused with the reason.

    >>> preset("cpu")["precision"]
    'fp32'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib.resources import files

import yaml

from . import env

FP16_MAX = 65504.0
PRESETS_FILE = files("fccourse") / "resources" / "presets" / "presets.yaml"


class PrecisionError(ValueError):
    """A precision that cannot train this model correctly."""


# --- presets ------------------------------------------------------------------------------


def presets() -> dict[str, dict]:
    return yaml.safe_load(PRESETS_FILE.read_text())


def pick_preset(report: env.EnvReport | None = None) -> str:
    """`auto`: the preset for this machine.

    >>> pick_preset(env.EnvReport({}, False, None, False, 2, "", False, None))
    'cpu'
    >>> pick_preset(env.EnvReport({}, True, env.GPU("Tesla T4", 14.7, (7, 5)), False, 2, "", False, None))
    't4'
    """
    report = report or env.collect(check_network=False)
    if report.gpu is None:
        return "cpu"
    return "bf16-gpu" if report.gpu.bf16 else "t4"


def preset(name: str = "auto") -> dict:
    """A preset by name (`auto` picks one for this machine), with its name recorded."""
    if name == "auto":
        name = pick_preset()
    table = presets()
    if name not in table:
        raise ValueError(f"unknown preset {name!r}; choose one of: auto, {', '.join(table)}")
    return {"name": name, **table[name]}


# --- precision -------------------------------------------------------------------------------


def check_precision(precision: str, model_type: str = "gemma3_text") -> None:
    """Refuse what cannot train correctly, saying why and what to use instead.

    >>> check_precision("fp16", "gemma3_text")
    Traceback (most recent call last):
    ...
    fccourse.train.PrecisionError: fp16 cannot train Gemma 3: its activations reach ~800 000, past fp16's maximum of 65 504, so losses and gradients turn into inf/NaN. Use fp32 (the t4 preset), a 4-bit base with fp32 compute (t4-qlora), or bf16 on a GPU that has it natively (bf16-gpu).
    """
    if precision not in ("fp32", "bf16", "fp16"):
        raise PrecisionError(f"unknown precision {precision!r}: use fp32 or bf16")
    if precision == "fp16" and model_type.startswith("gemma"):
        raise PrecisionError(
            f"fp16 cannot train Gemma {'3' if '3' in model_type else ''}".rstrip() + ": its activations reach "
            "~800 000, past fp16's maximum of 65 504, so losses and gradients turn into inf/NaN. Use fp32 (the t4 "
            "preset), a 4-bit base with fp32 compute (t4-qlora), or bf16 on a GPU that has it natively (bf16-gpu)."
        )


def sft_precision_flags(precision: str, report: env.EnvReport | None = None) -> dict:
    """The explicit `bf16=`/`fp16=` for SFTConfig; bf16 only where it is native.

    >>> sft_precision_flags("fp32")
    {'bf16': False, 'fp16': False}
    """
    check_precision(precision)
    if precision == "bf16":
        report = report or env.collect(check_network=False)
        if not report.bf16:
            where = report.gpu.name if report.gpu else "this CPU"
            raise PrecisionError(f"bf16 requested, but {where} has no native bf16 (it would be emulated, and slow): "
                                 "use fp32 (presets cpu or t4)")
    return {"bf16": precision == "bf16", "fp16": False}


def stop_on_non_finite():
    """A TrainerCallback that stops training at the first non-finite loss or
    gradient norm, with a message, instead of training on NaN for hours.

    Both are watched: with the Trainer's default `logging_nan_inf_filter` a
    NaN loss is logged as a harmless-looking number, and only the gradient
    norm shows it."""
    from transformers import TrainerCallback

    class StopOnNonFinite(TrainerCallback):
        def __init__(self):
            self.problem: str | None = None

        def on_log(self, args, state, control, logs=None, **kwargs):
            for key in ("loss", "grad_norm"):
                value = (logs or {}).get(key)
                if value is not None and not math.isfinite(float(value)):
                    self.problem = (
                        f"training stopped at step {state.global_step}: {key} is {value}. With Gemma in fp16 this is "
                        "the activation overflow (max 65 504); otherwise lower the learning rate or check the data."
                    )
                    print(self.problem)
                    control.should_training_stop = True
            return control

    return StopOnNonFinite()


# --- memory ------------------------------------------------------------------------------------

# Architectures of the models the course talks about (from their config.json),
# so the estimate needs no download.
ARCHITECTURES = {
    "gemma-3-270m": dict(hidden=640, intermediate=2048, layers=18, heads=4, kv_heads=1, head_dim=256, vocab=262144),
    "gemma-3-1b": dict(hidden=1152, intermediate=6912, layers=26, heads=4, kv_heads=1, head_dim=256, vocab=262144),
    "gemma-2-2b": dict(hidden=2304, intermediate=9216, layers=26, heads=8, kv_heads=4, head_dim=256, vocab=256000),
}
BYTES = {"fp32": 4, "bf16": 2, "fp16": 2}
PRESETS_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
T4_USABLE_GIB = 15.0


@dataclass
class MemoryEstimate:
    weights: float
    lora_and_optimizer: float
    activations: float
    logits: float
    overhead: float

    @property
    def total(self) -> float:
        return self.weights + self.lora_and_optimizer + self.activations + self.logits + self.overhead

    def verdict(self, budget_gib: float = T4_USABLE_GIB) -> str:
        return "fits" if self.total <= budget_gib else "does not fit"


def parameter_count(arch: dict) -> tuple[int, int]:
    """(embedding parameters, per-layer parameters) of a Gemma decoder."""
    h, i, q, kv = arch["hidden"], arch["intermediate"], arch["heads"] * arch["head_dim"], arch["kv_heads"] * arch["head_dim"]
    per_layer = h * q + 2 * h * kv + q * h + 3 * h * i + 4 * h
    return arch["vocab"] * h, per_layer


def lora_parameter_count(arch: dict, r: int, targets) -> int:
    h, i, q, kv = arch["hidden"], arch["intermediate"], arch["heads"] * arch["head_dim"], arch["kv_heads"] * arch["head_dim"]
    shapes = {"q_proj": (h, q), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (q, h),
              "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}
    per_layer = sum(r * (a + b) for name, (a, b) in shapes.items() if name in targets)
    extra = sum(r * (arch["vocab"] + h) for name in ("embed_tokens", "lm_head") if name in targets)
    return per_layer * arch["layers"] + extra


def estimate_memory(arch: dict, precision: str = "fp32", quantize: str = "none", lora_r: int = 16,
                    lora_targets=PRESETS_TARGETS,
                    seq_len: int = 1024, batch: int = 2, gradient_checkpointing: bool = True,
                    loss_share: float = 1.0) -> MemoryEstimate:
    """GiB needed to fine-tune: a first-order estimate, to decide before a run.

    * weights: parameters x bytes (NF4: half a byte, embeddings stay unquantized);
    * LoRA: weights + gradients + Adam moments in fp32, 16 bytes a parameter;
    * activations: what backward needs per token and layer, ~(10 h + 2 q + 4 i)
      values (eager attention adds heads x seq); checkpointing keeps one layer's
      and each layer's input;
    * logits: tokens x vocab, in fp32, twice (values and their gradient), only on
      the tokens that carry loss (`loss_share`) when the LM head is fused;
    * overhead: the CUDA context and allocator slack, ~0.8 GiB.
    """
    width = BYTES[precision]
    embed, per_layer = parameter_count(arch)
    body = per_layer * arch["layers"]
    weights = (embed * width + body * 0.5 * 1.1) if quantize == "nf4" else (embed + body) * width
    lora = lora_parameter_count(arch, lora_r, lora_targets) * 16
    h, i, q = arch["hidden"], arch["intermediate"], arch["heads"] * arch["head_dim"]
    tokens = seq_len * batch
    per_token_layer = (10 * h + 2 * q + 4 * i) * width + arch["heads"] * seq_len * width
    if gradient_checkpointing:
        activations = tokens * (per_token_layer + arch["layers"] * h * width)
    else:
        activations = tokens * per_token_layer * arch["layers"]
    logits = tokens * loss_share * arch["vocab"] * 4 * 2
    gib = 2**30
    return MemoryEstimate(weights / gib, lora / gib, activations / gib, logits / gib, 0.8)


# --- the SFT configuration ------------------------------------------------------------------------


def sft_config(p: dict, output_dir: str, max_length: int, report: env.EnvReport | None = None, **overrides):
    """A TRL `SFTConfig` from a preset, with every precision flag explicit.

    `max_length` is the number notebook 01 measured (p95 of token lengths),
    used when the preset says `auto`.
    """
    from trl import SFTConfig

    report = report or env.collect(check_network=False)
    kwargs = dict(
        output_dir=output_dir,
        use_cpu=report.gpu is None,
        **sft_precision_flags(p["precision"], report),
        assistant_only_loss=p["assistant_only_loss"],
        max_length=max_length if p["max_length"] == "auto" else int(p["max_length"]),
        packing=False,
        per_device_train_batch_size=p["batch_size"],
        gradient_accumulation_steps=p["grad_accum"],
        gradient_checkpointing=p["gradient_checkpointing"],
        optim=p["optimizer"],
        learning_rate=float(p["learning_rate"]),
        lr_scheduler_type=p["scheduler"],
        warmup_steps=float(p["warmup_ratio"]),  # a value below 1 is a ratio of the total steps
        save_steps=p["save_steps"],
        save_total_limit=2,  # resuming needs the last; every 50 steps of a long run would fill a disk (54 MB each)
        logging_steps=1,
        logging_nan_inf_filter=False,  # the default logs a NaN loss as the running mean, hiding it
        report_to=[],
    )
    kwargs.update(overrides)
    return SFTConfig(**kwargs)


# --- model, data and trainer -------------------------------------------------------------------------


def load_for_training(p: dict, model_id: str | None = None, log=print):
    """(model, tokenizer, marker_ids) ready for LoRA: precision and quantization
    from the preset, the token strategy of notebook 03 applied, the configs
    aligned with the tokenizer, and our chat template attached."""
    import torch

    from . import models, templates, tokens

    check_precision(p["precision"])
    kwargs = {}
    if p["quantize"] == "nf4":
        from transformers import BitsAndBytesConfig

        compute = torch.bfloat16 if p["precision"] == "bf16" else torch.float32
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=compute)
    dtype = torch.bfloat16 if p["precision"] == "bf16" else torch.float32
    model, base_tokenizer = models.load(model_id or p["model_id"], dtype=dtype, log=log, **kwargs)
    tokenizer, marker_ids = tokens.with_markers(base_tokenizer, p["token_strategy"])
    tokens.init_marker_rows(model, base_tokenizer, marker_ids)
    tokens.align_special_tokens(model, tokenizer)
    tokenizer.chat_template = templates.TRAINING_TEMPLATE
    if p["quantize"] == "nf4":
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=p["gradient_checkpointing"])
    return model, tokenizer, marker_ids


def pick_rows(rows: list[dict], n: int, seed: int = 42) -> list[dict]:
    """`n` rows drawn with `seed` (all of them when n is 0), in their drawn order.

    >>> [r["i"] for r in pick_rows([{"i": i} for i in range(10)], 3, seed=0)]
    [6, 9, 0]
    """
    import random

    if not n or n >= len(rows):
        return list(rows)
    return random.Random(seed).sample(rows, n)


def tokenize_conversations(convs: list[dict], tokenizer, max_length: int):
    """A `datasets.Dataset` of input_ids + assistant_masks, rendered with our template.

    We tokenize here rather than hand TRL the messages: tool-call arguments
    differ from call to call, and Arrow would store them as one struct with
    every key seen anywhere, None-filled, which the template would then render.
    """
    import datasets

    from . import templates

    ids, masks = [], []
    for conv in convs:
        row_ids, row_mask = templates.assistant_mask(conv, tokenizer)
        row_ids, row_mask = row_ids[:max_length], row_mask[:max_length]
        if any(row_mask):  # a row cut before its first answer teaches nothing
            ids.append(row_ids)
            masks.append(row_mask)
    return datasets.Dataset.from_dict({"input_ids": ids, "assistant_masks": masks})


def lora_config(p: dict, num_layers: int | None = None, token_ids: list[int] | None = None):
    """LoRA on the preset's projections, plus whole rows for `trainable_tokens`.

    Markers stay plain text (strategy c of notebook 03: no resize, an adapter
    that loads on any copy of the base model). One row is trained whole:
    `<end_of_turn>`. The base model never learned to write it (log-probability
    about -36 where a turn ends), and LoRA on the projections alone moves it
    too slowly to stop generation within a short run.
    """
    from peft import LoraConfig

    lora = p["lora"]
    layers = None
    if lora.get("last_layers") and num_layers:
        # LoRA on the top layers only: backward then stops there instead of running through every layer.
        layers = list(range(max(0, num_layers - int(lora["last_layers"])), num_layers))
    # Whole rows for a few tokens (PEFT trainable tokens): the base model gives <end_of_turn> a log-probability
    # of about -36 after a finished answer, and LoRA on the projections alone moves it too slowly to learn to stop.
    rows = {"embed_tokens": sorted(token_ids)} if token_ids else None
    return LoraConfig(task_type="CAUSAL_LM", r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                      target_modules=list(lora["targets"]), layers_to_transform=layers, trainable_token_indices=rows)


def trainable_token_ids(p: dict, tokenizer) -> list[int]:
    """Ids of the preset's `lora.trainable_tokens` (e.g. <end_of_turn>), checked to be single tokens."""
    ids = []
    for token in p["lora"].get("trainable_tokens") or []:
        token_id = tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == tokenizer.unk_token_id:
            raise ValueError(f"preset {p.get('name', '?')}: trainable token {token!r} is not one token of this tokenizer")
        ids.append(token_id)
    return ids


def build_trainer(model, tokenizer, p: dict, train_ds, output_dir: str, max_length: int, eval_ds=None,
                  callbacks=(), report=None, masked_head: bool = True, weigh=None, **overrides):
    """TRL's SFTTrainer with a PEFT LoRA, our guards, and checkpoints in `output_dir`.

    The loss is `masked_head_loss` (LM head on loss positions only, trained
    rows without a full-matrix copy; `weigh`: its weight per trained token).
    `masked_head=False` keeps TRL's own loss, whose fused LM head reads
    `lm_head.weight` directly and so fails with trainable rows on a tied
    embedding: only for presets without them, and without `weigh`."""
    from trl import SFTTrainer

    if weigh and not masked_head:
        raise ValueError("weigh= weights masked_head_loss's tokens; TRL's own loss (masked_head=False) has no "
                         "weights: keep masked_head=True or drop weigh")

    report = report or env.collect(check_network=False)
    trainer_class = masked_head_trainer_class(p.get("prompt_grad", True), weigh) if masked_head else SFTTrainer
    config = sft_config(p, output_dir, max_length, report=report,
                        assistant_only_loss=False,  # the masks are already in the data (tokenize_conversations)
                        eval_strategy="steps" if eval_ds is not None else "no",
                        eval_steps=p["save_steps"] if eval_ds is not None else None,
                        **overrides)
    return trainer_class(
        model=model, args=config, train_dataset=train_ds, eval_dataset=eval_ds, processing_class=tokenizer,
        peft_config=lora_config(p, model.config.num_hidden_layers, trainable_token_ids(p, tokenizer)), callbacks=[stop_on_non_finite(), *callbacks],
    )


def run(trainer, resume: bool = True):
    """Train, resuming from the last checkpoint in the output folder if there is one."""
    from transformers.trainer_utils import get_last_checkpoint

    import os

    last = get_last_checkpoint(trainer.args.output_dir) if resume and os.path.isdir(trainer.args.output_dir) else None
    if last:
        print(f"resuming from {os.path.basename(last)}")
    return trainer.train(resume_from_checkpoint=last)


def save_adapter(trainer, tokenizer, folder, meta: dict | None = None) -> int:
    """The adapter, the chat template, and what made them (`fccourse.json`, with the
    machine it was trained on: the same run trains other weights on another kind of
    CPU); returns the size in bytes. The tokenizer itself (33 MB) is saved only when
    the token strategy changed it; otherwise the base model's is the one to use."""
    import json
    import os

    os.makedirs(folder, exist_ok=True)
    trainer.model.save_pretrained(folder, save_embedding_layers=False)
    meta = {**(meta or {}), "trained_on": env.machine()}
    if meta.get("token_strategy", "plain_text") != "plain_text":
        tokenizer.save_pretrained(folder)
    with open(os.path.join(folder, "chat_template.jinja"), "w") as f:
        f.write(tokenizer.chat_template)
    with open(os.path.join(folder, "fccourse.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder))


def loss_curve(log_history: list[dict]):
    """Train and eval loss against steps, as a matplotlib figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2))
    for key, style in (("loss", "-"), ("eval_loss", "o--")):
        points = [(h["step"], h[key]) for h in log_history if key in h]
        if points:
            ax.plot(*zip(*points), style, label=key.replace("_", " "))
    ax.set(xlabel="step", ylabel="loss", title="training")
    ax.legend()
    fig.tight_layout()
    return fig


def masked_head_loss(model, inputs: dict, num_items_in_batch=None, prompt_grad: bool = True, weigh=None):
    """Causal-LM loss with the LM head applied only where a label counts.

    Why not TRL's fused LM head: it scores only the valid positions on Triton
    devices, but every position elsewhere, and on a CPU the 262 144-wide head
    is most of a step's arithmetic while only ~20 % of our tokens carry loss
    (the model's turns). Projecting just those positions gives the same loss.
    And it reads `lm_head.weight` directly, which PEFT's trained rows on a
    tied embedding do not survive.

    `prompt_grad=False` runs each row's prompt (everything before the first
    trained token: tools, instructions, question, ~70 % of a row) without
    autograd, and the rest on top of its key/value cache. The loss is the same
    number; backward skips the prompt, so a step costs ~0.7x on a CPU. The
    gradient then ignores how LoRA changes the prompt's keys and values
    (truncated backprop): the adapter cannot learn how the tool list is
    encoded, and tool calls come out ~7 points of AST match worse
    (benchmarks/recipes.py), so no preset makes this trade any more.

    `weigh(input_ids, labels)`, if given, returns a weight per label (the
    labels' shape): each trained token's loss counts that many times
    (benchmarks/recipes.py `--decision-weight`). None: each counts once.
    """
    import torch
    import torch.nn.functional as F

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    embedding = base.get_input_embeddings()
    weights = weigh(inputs["input_ids"], inputs["labels"]) if weigh else None
    if prompt_grad:
        embeds = _embed(embedding, inputs["input_ids"])
        hidden = base.model(inputs_embeds=embeds, attention_mask=inputs.get("attention_mask")).last_hidden_state
        labels = inputs["labels"][:, 1:]
        keep = labels != -100
        hidden, targets = hidden[:, :-1][keep], labels[keep]
        weights = weights[:, 1:][keep] if weigh else None
    else:
        mask = inputs.get("attention_mask")
        hs, ys, ws = [], [], []
        for row, (ids, labels) in enumerate(zip(inputs["input_ids"], inputs["labels"])):
            n = int(mask[row].sum()) if mask is not None else len(ids)  # the collator pads on the right
            ids, labels = ids[:n], labels[:n]
            trained = (labels != -100).nonzero()
            if len(trained) == 0:
                continue
            cut = int(trained[0]) - 1  # this position's output predicts the first trained token
            with torch.no_grad():
                cache = base.model(inputs_embeds=_embed(embedding, ids[None, :cut]), use_cache=True).past_key_values
            h = base.model(inputs_embeds=_embed(embedding, ids[None, cut:]), past_key_values=cache,
                           use_cache=True).last_hidden_state[0]
            y = labels[cut + 1:]
            hs.append(h[:-1][y != -100])
            ys.append(y[y != -100])
            if weigh:
                ws.append(weights[row, cut + 1:n][y != -100])
        hidden, targets = torch.cat(hs), torch.cat(ys)
        weights = torch.cat(ws) if weigh else None
    logits = head_logits(base, hidden)
    if weights is None:
        total = F.cross_entropy(logits, targets, reduction="sum")
    else:
        total = (F.cross_entropy(logits, targets, reduction="none") * weights.to(logits.dtype)).sum()
    count = num_items_in_batch if num_items_in_batch is not None else len(targets)
    return total / count


def head_logits(base, hidden):
    """The LM head's fp32 logits for `hidden` (trained rows included), soft-capped as Gemma's forward caps them."""
    logits = _project(base.lm_head, hidden).float()
    cap = getattr(base.config, "final_logit_softcapping", None)
    return cap * (logits / cap).tanh() if cap else logits


# PEFT's trainable tokens (the <end_of_turn> row) build a full copy of the
# 262 144 x 640 matrix with the new rows in every forward, and backward then
# computes a gradient for all of it: ~30 % of a CPU step. The two functions
# below give the same values with the frozen matrix plus the few trained rows.


def _active_token_layer(module):
    layer = getattr(module, "token_adapter", None)
    if layer is None or layer.disable_adapters or layer.merged or not layer.active_adapters:
        return None
    return layer


def _embed(embedding, input_ids):
    """embedding(input_ids), the trained rows swapped in without copying the matrix."""
    import torch

    layer = _active_token_layer(embedding)
    if layer is None:
        return embedding(input_ids)
    out = layer.base_layer(input_ids)  # Gemma's scaled embedding: includes the sqrt(hidden) scale
    scale = layer._get_embed_scale()
    for name in layer.active_adapters:
        rows = layer.trainable_tokens_delta[name]
        rows = rows * scale.to(rows.dtype) if scale is not None else rows
        for j, token_id in enumerate(layer.token_indices[name]):
            out = torch.where((input_ids == token_id)[..., None], rows[j].to(out.dtype), out)
    return out


def _project(head, hidden):
    """head(hidden), the trained rows' logits computed from those rows only."""
    import torch

    layer = _active_token_layer(head)
    if layer is None:
        return head(hidden)
    logits = layer.base_layer(hidden)
    for name in layer.active_adapters:
        index = torch.tensor(layer.token_indices[name], device=hidden.device)
        logits[:, index] = hidden @ layer.trainable_tokens_delta[name].to(hidden.dtype).T
    return logits


def masked_head_trainer_class(prompt_grad: bool = True, weigh=None):
    """SFTTrainer whose loss is `masked_head_loss` (its `weigh`: a weight per trained token)."""
    from trl import SFTTrainer

    class MaskedHeadSFTTrainer(SFTTrainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            loss = masked_head_loss(model, inputs, num_items_in_batch, prompt_grad=prompt_grad, weigh=weigh)
            return (loss, None) if return_outputs else loss

    return MaskedHeadSFTTrainer


# --- fp16 overflow, shown -------------------------------------------------------------------------


def residual_max_per_layer(model, tokenizer, text: str) -> list[float]:
    """The largest |value| each decoder layer writes to the residual stream, for
    one text, in the model's own precision. Against fp16's 65 504 this shows
    why Gemma 3 cannot run in fp16, rather than asserting it."""
    import torch

    peaks: list[float] = []

    def record(module, inputs, output):
        hidden = output[0] if isinstance(output, tuple) else output
        peaks.append(hidden.detach().abs().max().item())

    layers = model.get_decoder().layers
    handles = [layer.register_forward_hook(record) for layer in layers]
    try:
        batch = tokenizer(text, return_tensors="pt", add_special_tokens=False).to(model.device)
        with torch.no_grad():
            model(**batch)
    finally:
        for handle in handles:
            handle.remove()
    return peaks


# --- after training: merge, share ---------------------------------------------------------------------


def merge_adapter(adapter_dir, out_dir, log=print):
    """Base model + adapter folded into one plain model folder (weights and
    tokenizer), loadable without PEFT. Reads the base model from the adapter's
    `fccourse.json`. Merging needs the full-precision base: a 4-bit base
    cannot take the LoRA delta exactly, so t4-qlora adapters merge onto an
    fp32 copy loaded here."""
    import json
    import os

    from peft import PeftModel

    from . import models

    meta = json.loads(open(os.path.join(adapter_dir, "fccourse.json")).read())
    model, tokenizer = models.load(meta["model_id"], log=log)
    merged = PeftModel.from_pretrained(model, adapter_dir).merge_and_unload()
    merged.save_pretrained(out_dir)
    tokenizer.chat_template = open(os.path.join(adapter_dir, "chat_template.jinja")).read()
    tokenizer.save_pretrained(out_dir)
    return out_dir


def commit_message(meta: dict) -> str:
    """What the hub commit says: what was trained, on what, how.

    The course notebook passed the repository name as the commit message;
    this is the message.

    >>> commit_message({"model_id": "google/gemma-3-1b-it", "preset": "t4", "steps": 400, "final_loss": 0.4213})
    'fccourse LoRA adapter for google/gemma-3-1b-it (preset t4, 400 steps, final loss 0.421)'
    """
    details = [f"preset {meta.get('preset', '?')}"]
    if "steps" in meta:
        details.append(f"{meta['steps']} steps")
    if "final_loss" in meta:
        details.append(f"final loss {meta['final_loss']:.3f}")
    return f"fccourse LoRA adapter for {meta.get('model_id', '?')} ({', '.join(details)})"


def push_adapter(adapter_dir, repo_id: str, private: bool = True, token: str | None = None) -> str:
    """Upload an adapter folder to `repo_id` on the hub; returns the commit URL.

    Refuses before touching the network when this machine is offline, with the
    reason. The token comes from `token`, else HF_TOKEN / `hf auth login`
    (colab_setup.sh copies Colab's secret into HF_TOKEN); it is never printed."""
    import json
    import os

    from huggingface_hub import HfApi

    reason = env.offline_reason()
    if reason:
        raise RuntimeError(f"not pushing {adapter_dir} to {repo_id}: offline ({reason}). The adapter stays on disk; "
                           "push it later from a machine with a connection.")
    meta = json.loads(open(os.path.join(adapter_dir, "fccourse.json")).read())
    api = HfApi(token=token)
    api.create_repo(repo_id, private=private, exist_ok=True)
    info = api.upload_folder(folder_path=str(adapter_dir), repo_id=repo_id, commit_message=commit_message(meta))
    return info.commit_url
