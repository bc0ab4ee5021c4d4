import math

import pytest
import torch

from fccourse import env, train

CPU = env.EnvReport({}, False, None, False, 2, "", False, None)
T4 = env.EnvReport({}, True, env.GPU("Tesla T4", 14.7, (7, 5)), False, 2, "", False, None)
A100 = env.EnvReport({}, False, env.GPU("NVIDIA A100", 39.4, (8, 0)), True, 12, "", False, None)
ZEN4 = env.EnvReport({}, False, None, True, 2, "", False, None)  # a CPU with AVX512-BF16


def test_presets_are_complete_data():
    table = train.presets()
    assert set(table) == {"cpu", "cpu-bf16", "t4", "t4-qlora", "bf16-gpu"}
    keys = set(table["cpu"])
    for name, p in table.items():
        assert set(p) == keys, name
        train.check_precision(p["precision"])  # no preset asks for what we refuse
    assert table["t4-qlora"]["quantize"] == "nf4" and table["t4"]["precision"] == "fp32"
    # cpu-bf16 is the cpu preset in bf16 and nothing else, so the two train the same recipe
    differs = {k for k in keys if table["cpu"][k] != table["cpu-bf16"][k]}
    assert differs == {"description", "precision"} and table["cpu-bf16"]["precision"] == "bf16"


# a CPU with native bf16 still gets fp32: bf16 is measured on one sitting of the chain, not yet on a whole one
@pytest.mark.parametrize("report, expected", [(CPU, "cpu"), (ZEN4, "cpu"), (T4, "t4"), (A100, "bf16-gpu")])
def test_auto_picks_by_machine(report, expected):
    assert train.pick_preset(report) == expected


def test_fp16_is_refused_with_the_reason():
    with pytest.raises(train.PrecisionError, match="65 504"):
        train.check_precision("fp16", "gemma3_text")


def test_bf16_is_refused_where_it_is_not_native():
    with pytest.raises(train.PrecisionError, match="Tesla T4 has no native bf16"):
        train.sft_precision_flags("bf16", T4)
    assert train.sft_precision_flags("bf16", A100) == {"bf16": True, "fp16": False}
    with pytest.raises(train.PrecisionError, match="this CPU has no native bf16"):
        train.sft_precision_flags(train.preset("cpu-bf16")["precision"], CPU)
    assert train.sft_precision_flags(train.preset("cpu-bf16")["precision"], ZEN4) == {"bf16": True, "fp16": False}


def test_cpu_and_auto_never_fall_into_trls_bf16_default(tmp_path):
    from trl import SFTConfig

    assert SFTConfig(output_dir=str(tmp_path), use_cpu=True).bf16 is True  # the trap: TRL's default
    for name in ("cpu", "auto"):
        config = train.sft_config(train.preset(name), str(tmp_path), max_length=1088, report=CPU)
        assert config.bf16 is False and config.fp16 is False, name
        assert config.use_cpu and config.assistant_only_loss and config.max_length == 1088


def test_memory_estimate_explains_the_t4_choice():
    fp32 = {name: train.estimate_memory(arch, "fp32", seq_len=1024, batch=2)
            for name, arch in train.ARCHITECTURES.items()}
    assert fp32["gemma-3-1b"].verdict() == "fits"
    assert fp32["gemma-2-2b"].verdict() == "does not fit"  # a T4 forces fp32, and 2.6 B params x 4 bytes
    no_checkpointing = train.estimate_memory(train.ARCHITECTURES["gemma-3-1b"], "fp32", seq_len=1024, batch=2,
                                             gradient_checkpointing=False)
    assert no_checkpointing.activations > 10 * fp32["gemma-3-1b"].activations
    assistant_only = train.estimate_memory(train.ARCHITECTURES["gemma-3-1b"], "fp32", loss_share=0.2)
    assert assistant_only.logits == pytest.approx(0.2 * fp32["gemma-3-1b"].logits)


def test_lora_parameter_count_matches_peft():
    from peft import LoraConfig, get_peft_model
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    arch = train.ARCHITECTURES["gemma-3-270m"]
    config = Gemma3TextConfig(hidden_size=arch["hidden"], intermediate_size=arch["intermediate"],
                              num_hidden_layers=2, num_attention_heads=arch["heads"],
                              num_key_value_heads=arch["kv_heads"], head_dim=arch["head_dim"], vocab_size=1024)
    model = get_peft_model(Gemma3ForCausalLM(config), LoraConfig(r=8, target_modules=list(train.PRESETS_TARGETS)))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert trainable == train.lora_parameter_count({**arch, "layers": 2, "vocab": 1024}, 8, train.PRESETS_TARGETS)


def test_non_finite_loss_stops_training_with_a_message(tmp_path, capsys):
    import torch
    from datasets import Dataset
    from transformers import DataCollatorForLanguageModeling, Trainer, TrainingArguments

    from fccourse import models

    model, tok = models.load("offline-default", log=lambda m: None)
    model.lm_head.register_forward_hook(lambda module, inputs, output: output * float("nan"))  # planted
    ids = tok(["<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\nhello<end_of_turn>\n"] * 4)["input_ids"]
    guard = train.stop_on_non_finite()
    trainer = Trainer(
        model=model, processing_class=tok, train_dataset=Dataset.from_dict({"input_ids": ids}),
        data_collator=DataCollatorForLanguageModeling(tok, mlm=False), callbacks=[guard],
        args=TrainingArguments(output_dir=str(tmp_path), max_steps=4, per_device_train_batch_size=1, use_cpu=True,
                               bf16=False, logging_steps=1, report_to=[], save_strategy="no", disable_tqdm=True),
    )
    trainer.train()
    assert trainer.state.global_step == 1  # of 4
    # The Trainer's default logging_nan_inf_filter logs that NaN loss as 0: the gradient norm gives it away.
    assert trainer.state.log_history[0]["loss"] == 0
    assert guard.problem.startswith("training stopped at step 1: grad_norm is nan")
    assert "training stopped at step 1" in capsys.readouterr().out
    assert torch.isnan(torch.tensor(trainer.state.log_history[0]["grad_norm"]))


# --- the trainer: real TRL + PEFT on the offline Gemma, tiny data -------------------------------------


def _tiny_convs(n=8):
    return [{"system": None, "tools": [], "tools_style": "python",
             "messages": [{"role": "user", "content": f"Say hello number {i}."},
                          {"role": "assistant", "content": f"Hello number {i}!"}]} for i in range(n)]


def test_tokenize_conversations_keeps_masks_and_drops_rows_cut_before_an_answer():
    from fccourse import models, templates

    tok = models.load_tokenizer("offline-default", log=lambda m: None)
    convs = _tiny_convs(3)
    ds = train.tokenize_conversations(convs, tok, max_length=64)
    ids, mask = templates.assistant_mask(convs[0], tok)
    assert ds.num_rows == 3 and ds[0]["input_ids"] == ids and ds[0]["assistant_masks"] == mask
    assert train.tokenize_conversations(convs, tok, max_length=8).num_rows == 0  # cut inside the user turn


class _StopAt:
    """A callback that interrupts training at a given step, like a Colab disconnect."""

    def __new__(cls, step):
        from transformers import TrainerCallback

        class Stop(TrainerCallback):
            def on_step_end(self, args, state, control, **kwargs):
                if state.global_step == step:
                    control.should_training_stop = True

        return Stop()


def test_cpu_bf16_trains_in_bf16_where_the_cpu_has_it_and_is_refused_where_it_does_not(tmp_path):
    p = train.preset("cpu-bf16")
    model, tok, _ = train.load_for_training(p, log=lambda m: None)
    assert {w.dtype for w in model.parameters()} == {torch.bfloat16}
    ds = train.tokenize_conversations(_tiny_convs(4), tok, 64)
    overrides = dict(max_steps=2, save_strategy="no", disable_tqdm=True, warmup_steps=0)
    if not env.cpu_has_native_bf16():  # emulated bf16 would run 15-30x slower: refused with the reason
        with pytest.raises(train.PrecisionError, match="no native bf16"):
            train.build_trainer(model, tok, p, ds, str(tmp_path), 64, **overrides)
        return
    trainer = train.build_trainer(model, tok, p, ds, str(tmp_path), 64, **overrides)
    assert trainer.args.bf16 and not trainer.args.fp16
    before = trainer.model.base_model.model.model.layers[0].self_attn.q_proj.lora_B.default.weight.clone()
    trainer.train()
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    assert len(losses) == 2 and all(math.isfinite(x) for x in losses)
    lora_b = trainer.model.base_model.model.model.layers[0].self_attn.q_proj.lora_B.default.weight
    assert lora_b.dtype == torch.float32 and not torch.equal(lora_b, before)  # PEFT keeps LoRA in fp32; it learned


def test_interrupted_training_resumes_to_the_same_final_step(tmp_path, monkeypatch):
    p = train.preset("cpu")
    overrides = dict(max_steps=6, save_steps=2, per_device_train_batch_size=2, gradient_accumulation_steps=1,
                     disable_tqdm=True, warmup_steps=0)

    model, tok, _ = train.load_for_training(p, log=lambda m: None)
    ds = train.tokenize_conversations(_tiny_convs(), tok, 64)
    first = train.build_trainer(model, tok, p, ds, str(tmp_path), 64, callbacks=[_StopAt(2)], **overrides)
    train.run(first)
    assert first.state.global_step == 2 and (tmp_path / "checkpoint-2").is_dir()

    model, tok, _ = train.load_for_training(p, log=lambda m: None)  # a fresh process would start here
    second = train.build_trainer(model, tok, p, ds, str(tmp_path), 64, **overrides)
    train.run(second)
    assert second.state.global_step == 6
    assert [h["step"] for h in second.state.log_history if "loss" in h] == [1, 2, 3, 4, 5, 6]  # history carried over
    assert sorted(d.name for d in tmp_path.glob("checkpoint-*")) == ["checkpoint-4", "checkpoint-6"]  # the last two

    meta = {"model_id": "offline-default", "preset": "cpu", "token_strategy": "plain_text", "steps": 6}
    size = train.save_adapter(second, tok, tmp_path / "adapter", meta)
    names = sorted(f.name for f in (tmp_path / "adapter").iterdir())
    assert names == ["README.md", "adapter_config.json", "adapter_model.safetensors", "chat_template.jinja",
                     "fccourse.json"]
    assert size < 10 * 2**20  # LoRA r=8 on the projections + one row: ~7 MB, no 33 MB tokenizer copy
    import json

    saved = json.loads((tmp_path / "adapter" / "fccourse.json").read_text())
    assert saved == {**meta, "trained_on": env.machine()}  # what made it, and where: another CPU kind trains apart

    # The adapter, loaded in a fresh model (as notebook 05 does), and merged into a plain folder, computes what the
    # trained model computed: LoRA and the trained <end_of_turn> row both survive the round trip.
    import torch
    from transformers import AutoModelForCausalLM

    from fccourse import agent

    probe = torch.tensor([ds[0]["input_ids"]])
    trained = second.model.eval()
    with torch.no_grad():
        expected = trained(input_ids=probe).logits
        loaded, _ = agent.load_tuned(tmp_path / "adapter", log=lambda m: None)
        assert torch.allclose(loaded(input_ids=probe).logits, expected, atol=1e-3)
        merged = AutoModelForCausalLM.from_pretrained(train.merge_adapter(tmp_path / "adapter", tmp_path / "merged",
                                                                          log=lambda m: None))
        assert torch.allclose(merged(input_ids=probe).logits, expected, atol=1e-3)
    assert (tmp_path / "merged" / "chat_template.jinja").is_file()

    # Loaded for inference, the weights go where generation runs: on a Colab T4 the GPU, not its 2-core CPU
    # (an H100 scored 120 rows in 15 s against 204 s here, with the same outputs). "meta" stands in for "cuda".
    from fccourse import models

    monkeypatch.setattr(models, "inference_device", lambda: "meta")
    moved, _ = agent.load_tuned(tmp_path / "adapter", log=lambda m: None)
    assert {w.device.type for w in moved.parameters()} == {"meta"}


def test_why_presets_keep_markers_as_text_trls_fused_head_rejects_trainable_rows(tmp_path):
    """Pins the reason for `token_strategy: plain_text` (see train.lora_config): if a TRL
    release makes this work, this test fails and the presets can move to single tokens."""
    from peft import LoraConfig
    from trl import SFTTrainer

    from fccourse import templates, tokens

    p = train.preset("cpu")
    model, tok, _ = train.load_for_training(p, log=lambda m: None)
    tok, ids = tokens.with_markers(tok, "repurpose_unused")
    tok.chat_template = templates.TRAINING_TEMPLATE
    ds = train.tokenize_conversations(_tiny_convs(2), tok, 64)
    config = train.sft_config(p, str(tmp_path), 64, assistant_only_loss=False, max_steps=1, disable_tqdm=True)
    lora = LoraConfig(task_type="CAUSAL_LM", r=8, target_modules=["q_proj"],
                      trainable_token_indices={"embed_tokens": sorted(ids.values())})
    trainer = SFTTrainer(model=model, args=config, train_dataset=ds, processing_class=tok, peft_config=lora)
    with pytest.raises(AttributeError, match="bias"):
        trainer.train()


def _one_row(tok) -> dict:
    """A training batch of one tiny conversation, its model turn the labels."""
    from fccourse import templates

    ids, mask = templates.assistant_mask(_tiny_convs(1)[0], tok)
    input_ids = torch.tensor([ids])
    labels = torch.where(torch.tensor([mask]) == 1, input_ids, -100)
    return {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids), "labels": labels}


def test_masked_head_loss_equals_the_full_causal_lm_loss():
    import torch

    from fccourse import models

    model, tok = models.load("offline-default", log=lambda m: None)
    inputs = _one_row(tok)
    with torch.no_grad():
        ours = train.masked_head_loss(model, inputs)
        reference = model(**inputs).loss
    assert torch.allclose(ours, reference, atol=1e-4), (ours, reference)
    assert 0 < ours < 20


def test_masked_head_loss_with_trainable_rows_matches_peft_and_trains_them():
    import torch
    from peft import LoraConfig, get_peft_model

    from fccourse import models

    model, tok = models.load("offline-default", log=lambda m: None)
    eot = tok.convert_tokens_to_ids("<end_of_turn>")
    model = get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj"], trainable_token_indices={"embed_tokens": [eot]}))
    for p in model.parameters():
        if p.requires_grad:  # move away from the identity start, so a wrong path would show
            torch.nn.init.normal_(p, std=0.05)
    inputs = _one_row(tok)
    assert eot in inputs["input_ids"] and (inputs["labels"] == eot).any()  # the row is both read and predicted
    ours = train.masked_head_loss(model, inputs)
    reference = model(**inputs).loss
    assert torch.allclose(ours, reference, atol=1e-4), (ours, reference)
    ours.backward()
    delta = next(p for n, p in model.named_parameters() if "trainable_tokens_delta" in n)
    assert delta.grad is not None and delta.grad.abs().sum() > 0


def test_prompt_without_grad_gives_the_same_loss_but_a_truncated_gradient():
    import torch
    from peft import LoraConfig, get_peft_model

    from fccourse import models, templates

    model, tok = models.load("offline-default", log=lambda m: None)
    model = get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj", "v_proj", "down_proj"]))
    for name, p in model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(p, std=0.05)
    from fccourse import data

    convs = [data.parse_conversation(r)[0] for r in data.read_jsonl(data.bundled_path())[2:4]]  # two rows, two lengths
    rows = [templates.assistant_mask(c, tok) for c in convs]
    assert len(rows[0][0]) != len(rows[1][0])
    width = max(len(ids) for ids, _ in rows)
    pad = lambda xs, v: xs + [v] * (width - len(xs))  # noqa: E731 - right padding, as the collator does
    input_ids = torch.tensor([pad(ids, 0) for ids, _ in rows])
    attention = torch.tensor([pad([1] * len(ids), 0) for ids, _ in rows])
    labels = torch.tensor([pad([i if m else -100 for i, m in zip(ids, mask)], -100) for ids, mask in rows])
    inputs = {"input_ids": input_ids, "attention_mask": attention, "labels": labels}
    model.eval()  # no dropout, so both paths see the same network
    lora_b = [p for n, p in model.named_parameters() if "lora_B" in n]
    full = train.masked_head_loss(model, inputs)
    full.backward()
    through_prompt = [p.grad.clone() for p in lora_b]
    model.zero_grad()
    cached = train.masked_head_loss(model, inputs, prompt_grad=False)
    assert torch.allclose(full, cached, atol=1e-4), (full, cached)
    cached.backward()
    grads = [p.grad for p in lora_b]
    assert all(g is not None for g in grads) and sum(g.abs().sum() for g in grads) > 0
    # The same loss, not the same gradient: how LoRA changes the prompt's keys and values is left out, which is
    # why no preset takes this shortcut any more (benchmarks/recipes.py: ~7 points of AST match).
    missing = sum((a - b).abs().sum() for a, b in zip(through_prompt, grads))
    missing /= sum(a.abs().sum() for a in through_prompt)
    assert missing > 0.05, missing


def test_push_refuses_offline_before_touching_the_network(tmp_path, monkeypatch):
    import huggingface_hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "HfApi", lambda *a, **k: pytest.fail("HfApi must not be created offline"))
    (tmp_path / "fccourse.json").write_text('{"model_id": "offline-default", "preset": "cpu"}')
    with pytest.raises(RuntimeError, match=r"not pushing .* offline \(HF_HUB_OFFLINE=1 is set\)"):
        train.push_adapter(tmp_path, "me/my-adapter")


def test_push_commit_message_describes_the_adapter_not_the_repo(tmp_path, monkeypatch):
    import huggingface_hub

    calls = {}

    class FakeApi:  # stands in for the hub only; what we check is what our code asks of it
        def __init__(self, token=None):
            calls["token"] = token

        def create_repo(self, repo_id, private, exist_ok):
            calls["repo"] = (repo_id, private, exist_ok)

        def upload_folder(self, folder_path, repo_id, commit_message):
            calls["upload"] = (folder_path, repo_id, commit_message)
            return type("Info", (), {"commit_url": f"https://huggingface.co/{repo_id}/commit/abc"})()

    monkeypatch.setattr(train.env, "offline_reason", lambda *a, **k: None)
    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    (tmp_path / "fccourse.json").write_text('{"model_id": "google/gemma-3-1b-it", "preset": "t4", "steps": 400, '
                                            '"final_loss": 0.42}')
    url = train.push_adapter(tmp_path, "me/gemma-fc")
    assert url.endswith("/me/gemma-fc/commit/abc")
    assert calls["repo"] == ("me/gemma-fc", True, True)
    message = calls["upload"][2]
    assert message != "me/gemma-fc" and "gemma-3-1b-it" in message and "t4" in message and "400 steps" in message


def test_weighted_masked_head_loss_counts_each_trained_token_its_weight():
    import torch
    import torch.nn.functional as F

    from fccourse import models

    model, tok = models.load("offline-default", log=lambda m: None)
    inputs = _one_row(tok)
    input_ids, labels = inputs["input_ids"], inputs["labels"]
    j = int((labels[0] != -100).nonzero()[1])  # the second trained token counts 3 times
    weigh = lambda i, y: torch.where(torch.arange(y.shape[1]) == j, 3.0, 1.0).expand(y.shape)  # noqa: E731
    with torch.no_grad():
        plain = train.masked_head_loss(model, inputs)
        ones = train.masked_head_loss(model, inputs, weigh=lambda i, y: torch.ones(y.shape))
        logits = model(input_ids).logits[0, :-1].float()
        each = F.cross_entropy(logits, labels[0, 1:], reduction="none", ignore_index=-100)
        n = int((labels != -100).sum())
        expected = (each.sum() + 2 * each[j - 1]) / n
        for prompt_grad in (True, False):
            weighted = train.masked_head_loss(model, inputs, prompt_grad=prompt_grad, weigh=weigh)
            assert torch.allclose(weighted, expected, atol=1e-4), (prompt_grad, weighted, expected)
    assert torch.allclose(ones, plain, atol=1e-6) and each[j - 1] > 0.1  # so a weight ignored would show


def test_weigh_without_our_loss_is_refused():
    with pytest.raises(ValueError, match="keep masked_head=True or drop weigh"):
        train.build_trainer(None, None, train.preset("cpu"), None, "out", 64, masked_head=False,
                            weigh=lambda i, y: None)
