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


def lora_config(p: dict):
    """LoRA on the preset's projections, and nothing on the embeddings.

    Why no `trainable_token_indices` for marker rows here, although notebook 03
    measures them: TRL 1.16's SFTTrainer computes the loss through a fused LM
    head that multiplies by `lm_head.weight` directly. On Gemma's tied
    embedding, PEFT wraps that head and the fused path fails (no `bias`), and
    an output-side delta would be ignored anyway. So the presets keep markers
    as plain text (strategy c): no resize, an adapter that loads on any copy of
    the base model, ~5 % more tokens.
    """
    from peft import LoraConfig

    lora = p["lora"]
    return LoraConfig(task_type="CAUSAL_LM", r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
                      target_modules=list(lora["targets"]))


def build_trainer(model, tokenizer, p: dict, train_ds, output_dir: str, max_length: int, eval_ds=None,
                  callbacks=(), report=None, masked_head: bool | None = None, **overrides):
    """TRL's SFTTrainer with a PEFT LoRA, our guards, and checkpoints in `output_dir`.

    `masked_head` (default: when there is no GPU) swaps in `masked_head_loss`."""
    from trl import SFTTrainer

    report = report or env.collect(check_network=False)
    if masked_head is None:
        masked_head = report.gpu is None
    trainer_class = masked_head_trainer_class() if masked_head else SFTTrainer
    config = sft_config(p, output_dir, max_length, report=report,
                        assistant_only_loss=False,  # the masks are already in the data (tokenize_conversations)
                        eval_strategy="steps" if eval_ds is not None else "no",
                        eval_steps=p["save_steps"] if eval_ds is not None else None,
                        **overrides)
    return trainer_class(
        model=model, args=config, train_dataset=train_ds, eval_dataset=eval_ds, processing_class=tokenizer,
        peft_config=lora_config(p), callbacks=[stop_on_non_finite(), *callbacks],
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
    """The adapter, the chat template, and what made them (`fccourse.json`);
    returns the size in bytes. The tokenizer itself (33 MB) is saved only when
    the token strategy changed it; otherwise the base model's is the one to use."""
    import json
    import os

    os.makedirs(folder, exist_ok=True)
    trainer.model.save_pretrained(folder, save_embedding_layers=False)
    meta = dict(meta or {})
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


def masked_head_loss(model, inputs: dict, num_items_in_batch=None):
    """Causal-LM loss with the LM head applied only where a label counts.

    Why not TRL's fused LM head: it scores only the valid positions on Triton
    devices, but every position elsewhere, and on a CPU the 262 144-wide head
    is most of a step's arithmetic while only ~20 % of our tokens carry loss
    (the model's turns). Projecting just those positions gives the same loss.
    """
    import torch.nn.functional as F

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    hidden = base.model(input_ids=inputs["input_ids"], attention_mask=inputs.get("attention_mask")).last_hidden_state
    labels = inputs["labels"][:, 1:]
    keep = labels != -100
    logits = base.lm_head(hidden[:, :-1][keep]).float()
    cap = getattr(base.config, "final_logit_softcapping", None)
    if cap:
        logits = cap * (logits / cap).tanh()
    total = F.cross_entropy(logits, labels[keep], reduction="sum")
    count = num_items_in_batch if num_items_in_batch is not None else keep.sum()
    return total / count


def masked_head_trainer_class():
    """SFTTrainer whose loss uses `masked_head_loss` (used where there is no GPU)."""
    from trl import SFTTrainer

    class MaskedHeadSFTTrainer(SFTTrainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            loss = masked_head_loss(model, inputs, num_items_in_batch)
            return (loss, None) if return_outputs else loss

    return MaskedHeadSFTTrainer
