import pytest
import torch

from fccourse import data, models, templates, tokens


@pytest.fixture(scope="module")
def tokenizer():
    return models.load_tokenizer("offline-default", log=lambda m: None)


@pytest.fixture(scope="module")
def texts(tokenizer):
    _, convs = data.validate(data.read_jsonl(data.bundled_path())[:300])
    return [templates.render(c, tokenizer) for c in convs]


# --- exact token counts ------------------------------------------------------------------


def _slow_counts(tok, texts):
    return [len(tok(t, add_special_tokens=False).input_ids) for t in texts]


def test_count_tokens_is_exact_on_real_and_tricky_text(tokenizer, texts):
    tricky = ["a, b", "x:\n\n\ny", "\n", "", "a,  b , c ,", "ends with newline\n\n", "<tool_call>\n{'a': 1}, <eos>",
              "日本語, テキスト: です\n。", "   leading spaces, and: trailing   "]
    sample = texts[:100] + tricky
    assert tokens.count_tokens(sample, tokenizer) == _slow_counts(tokenizer, sample)


def test_count_tokens_is_exact_with_added_markers(tokenizer, texts):
    added, _ = tokens.with_markers(tokenizer, "add_special_tokens")
    assert tokens.count_tokens(texts[:50], added) == _slow_counts(added, texts[:50])
    assert sum(tokens.count_tokens(texts[:50], added)) < sum(tokens.count_tokens(texts[:50], tokenizer))


# --- audit ---------------------------------------------------------------------------------


def test_audit_finds_the_turn_markers_and_the_course_typo(tokenizer, texts):
    used = [m for m in tokens.markers_in(texts) if m in tokens.DATA_MARKERS]
    assert set(used) == set(tokens.DATA_MARKERS)
    rows = {r.marker: r for r in tokens.audit(tokenizer, tokens.TURN_MARKERS, used=used,
                                              registered=tokens.COURSE_SPECIAL_TOKENS)}
    start = rows["<start_of_turn>"]
    assert start.ids == [105] and start.special and not start.in_special_tokens_map
    assert rows["<end_of_turn>"].ids == [106]
    assert "not registered by the fix" in " ".join(rows["<tool_response>"].notes)
    assert len(rows["<tool_response>"].ids) == 5  # split into < tool _ response >
    assert "never used by the data" in " ".join(rows["<tool_reponse>"].notes)
    assert not rows["<tool_call>"].notes  # registered and used: fine
    table = tokens.audit_table(list(rows.values()))
    assert "<tool_reponse>" in table and "a typo?" in table


# --- strategies ------------------------------------------------------------------------------


def test_add_special_tokens_makes_single_tokens_after_the_old_vocabulary(tokenizer):
    new, ids = tokens.with_markers(tokenizer, "add_special_tokens")
    assert len(new) == len(tokenizer) + 8 and sorted(ids.values()) == list(range(len(tokenizer), len(new)))
    assert new.encode("<tool_call>x</tool_call>", add_special_tokens=False)[0] == ids["<tool_call>"]
    assert len(tokenizer.encode("<tool_call>", add_special_tokens=False)) == 5  # the original is untouched


def test_repurposed_unused_tokens_keep_the_vocabulary_size(tokenizer):
    new, ids = tokens.with_markers(tokenizer, "repurpose_unused")
    assert len(new) == len(tokenizer)
    assert all(tokenizer.convert_ids_to_tokens(i).startswith("<unused") for i in ids.values())
    encoded = new.encode("<think>ok</think>", add_special_tokens=False)
    assert encoded[0] == ids["<think>"] and encoded[-1] == ids["</think>"]
    assert new.decode(encoded, skip_special_tokens=True) == "<think>ok</think>"  # markers stay visible


def test_course_token_list_adds_only_what_is_new(tokenizer):
    new, ids = tokens.with_markers(tokenizer, "add_special_tokens", tokens.COURSE_SPECIAL_TOKENS)
    assert set(ids) == set(tokens.COURSE_SPECIAL_TOKENS) - {"<pad>", "<eos>"}
    assert len(new.encode("<tool_response>", add_special_tokens=False)) == 5  # the typo leaves it split


def test_new_rows_start_at_the_mean_of_their_pieces(tokenizer):
    model, _ = models.load("offline-default", log=lambda m: None)
    new, ids = tokens.with_markers(tokenizer, "add_special_tokens")
    tokens.init_marker_rows(model, tokenizer, ids)
    weight = model.get_input_embeddings().weight
    assert weight.shape[0] == len(new)
    pieces = tokenizer.encode("<tool_call>", add_special_tokens=False)
    assert torch.allclose(weight[ids["<tool_call>"]], weight[pieces].mean(0))
    assert model.get_output_embeddings().weight.data_ptr() == weight.data_ptr()  # tied: output rows too


def test_our_adapter_is_at_least_50x_smaller_than_the_courses(tokenizer, tmp_path):
    text = templates.render(data.parse_conversation(data.read_jsonl(data.bundled_path())[0])[0], tokenizer)
    course, ours = (tokens.measure_strategy("offline-default", *row, text=text) for row in tokens.STRATEGY_TABLE[:2])
    for cost in (course, ours):
        assert cost.loss == cost.loss and cost.trainable_params > 0  # finite, something trained
    assert course.name.startswith("course") and ours.name.startswith("ours")
    assert course.adapter_mb / ours.adapter_mb >= 50, (course, ours)


# --- alignment -----------------------------------------------------------------------------------


def test_trainer_warning_appears_when_misaligned_and_not_after_alignment(tokenizer, tmp_path):
    model, tok = models.load("offline-default", log=lambda m: None)
    tok.eos_token = "<end_of_turn>"  # a common recipe: make the turn end the eos the collator appends
    before = tokens.trainer_warnings(model, tok, tmp_path / "a")
    assert any("new PAD/BOS/EOS tokens" in m for m in before), before

    model, tok = models.load("offline-default", log=lambda m: None)
    tok.eos_token = "<end_of_turn>"
    changed = tokens.align_special_tokens(model, tok)
    assert changed["config.eos_token_id"] == (1, [106, 1])
    assert model.generation_config.eos_token_id == [106, 1]
    after = tokens.trainer_warnings(model, tok, tmp_path / "b")
    assert not any("PAD/BOS/EOS" in m for m in after), after


def test_trainer_keeps_both_stop_ids_an_instruction_tuned_config_lists(tokenizer, tmp_path):
    # The course notes' warning, "Updated tokens: {'eos_token_id': 1}", came from Trainers before transformers PR #48708
    # that wrote the tokenizer's one eos over a config listing [<eos>, <end_of_turn>]. Notebook 03 says our pin
    # keeps both ids and stays silent; a pin that collapses them again fails here.
    model, tok = models.load("offline-default", log=lambda m: None)
    model.config.eos_token_id = model.generation_config.eos_token_id = [1, 106]  # as gemma-3-1b-it ships them
    logged = tokens.trainer_warnings(model, tok, tmp_path)
    assert not any("PAD/BOS/EOS" in m for m in logged), logged
    assert model.config.eos_token_id == [1, 106]
    assert model.generation_config.eos_token_id == [1, 106]


def test_alignment_makes_generation_stop_at_end_of_turn(tokenizer):
    model, tok = models.load("offline-default", log=lambda m: None)
    tokens.align_special_tokens(model, tok)
    assert model.generation_config.eos_token_id == [1, 106]
    inputs = tok("<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\n", return_tensors="pt")
    push = {(106,): 30.0}  # make <end_of_turn> the likeliest next token
    out = model.generate(**inputs, max_new_tokens=6, do_sample=False, sequence_bias=push)
    new = out[0, inputs.input_ids.shape[1]:].tolist()
    assert new == [106]  # stopped right after <end_of_turn>
    model.generation_config.eos_token_id = 1
    runs_on = model.generate(**inputs, max_new_tokens=6, do_sample=False, sequence_bias=push)
    assert runs_on.shape[1] - inputs.input_ids.shape[1] == 6  # without it, generation runs to the limit


def test_foreign_turn_markers_cost_many_tokens(tokenizer):
    text = "<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\nhello<end_of_turn>\n"
    counts = {f: len(tokenizer.encode(tokens.in_family_format(text, f), add_special_tokens=False))
              for f in tokens.FOREIGN_TURNS}
    assert counts["gemma"] == 12  # 105 user \n hi 106 \n 105 model \n hello 106 \n: markers are single tokens
    assert counts["chatml"] > counts["gemma"] + 10 and counts["llama3"] > counts["chatml"]
    assert "<|im_start|>assistant\n" in tokens.in_family_format(text, "chatml")
