"""Where does a tuned model's loss sit: on the tokens that decide a turn, or on the rest?

    .venv/bin/python benchmarks/decision_loss.py --data runs/offline --adapters A[,B,...] [--rows 30]

Teacher-forced on each row's first model turn (thinking dropped, as the `plain` recipe trains), the loss of every
token the model would write, split by `recipes.decision_weigher`: a turn's first token (call or answer) and, inside
a <tool_call>, each token with a `,`, `{` or `}` (after each value: another argument, or no more), against the rest.
Printed for `--rows` training rows and `--rows` held-out rows (seen and unseen tools apart): if the held-out loss
sits on the deciding tokens far more than the training loss does, those few tokens are where the model fails to
carry what it learnt, and `recipes.py --decision-weight` gives them more of the gradient.
`--adapters`: a sitting's adapter folder, after the ones it was trained on, in order (recipes.load_sittings).
"""

import argparse
import importlib.util
import random
from pathlib import Path

import torch
import torch.nn.functional as F

from fccourse import data, evaluate, recipe, templates, train

spec = importlib.util.spec_from_file_location("recipes", Path(__file__).with_name("recipes.py"))
recipes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(recipes)


def first_turns(rows: list[dict], n: int, seed: int) -> list[tuple[dict, bool]]:
    """(conversation up to its first model turn, thinking dropped; unseen tools?) for n rows drawn with `seed`."""
    out = []
    for row in random.Random(seed).sample(rows, min(n, len(rows))):
        conv, problems = data.parse_conversation(row)
        msgs = conv["messages"]
        k = next((j for j, m in enumerate(msgs) if m["role"] == "assistant"), None)
        if problems or k is None:
            continue
        out.append((recipe.drop_thinking({**conv, "messages": msgs[:k + 1]}), evaluate.items([row])[0].unseen_tools))
    return out


def token_losses(model, tokenizer, conv: dict, weigh) -> tuple[torch.Tensor, torch.Tensor]:
    """(loss, deciding?) of each token the model writes in `conv`."""
    ids, mask = templates.assistant_mask(conv, tokenizer)
    input_ids = torch.tensor([ids])
    labels = torch.where(torch.tensor([mask]) == 1, input_ids, -100)
    keep = labels[0, 1:] != -100
    with torch.no_grad():  # the LM head on the written tokens only: the 262 144-wide head is most of a forward
        logits = train.head_logits(model, model.model(input_ids).last_hidden_state[0, :-1][keep])
    losses = F.cross_entropy(logits, labels[0, 1:][keep], reduction="none")
    return losses, weigh(input_ids, labels)[0, 1:][keep] > 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="a run folder of `make run` (holds data/)")
    parser.add_argument("--adapters", required=True, help="adapter folders, in the order they were trained")
    parser.add_argument("--rows", type=int, default=30, help="training rows and held-out rows, each")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    model, tokenizer = recipes.load_sittings(args.adapters.split(","))
    model.eval()
    weigh = recipes.decision_weigher(tokenizer, 2.0)
    train_rows, test_rows = data.load_prepared(args.data)
    print(f"{'rows':18} {'tokens':>7} {'deciding':>8} {'loss/token':>10} {'deciding':>8} {'rest':>6} "
          f"{'share deciding':>14}")
    for split, rows in (("training", train_rows), ("held-out", test_rows)):
        groups = {"": [], "seen": [], "unseen": []} if split == "held-out" else {"": []}
        for conv, unseen in first_turns(rows, args.rows, args.seed):
            pair = token_losses(model, tokenizer, conv, weigh)
            groups[""].append(pair)
            if split == "held-out":
                groups["unseen" if unseen else "seen"].append(pair)
        for group, pairs in groups.items():
            loss, deciding = torch.cat([p[0] for p in pairs]), torch.cat([p[1] for p in pairs])
            print(f"{split + (', ' + group if group else ''):18} {len(loss):7} {int(deciding.sum()):8} "
                  f"{loss.mean():10.3f} {loss[deciding].mean():8.3f} {loss[~deciding].mean():6.3f} "
                  f"{loss[deciding].sum() / loss.sum():14.2f}", flush=True)


if __name__ == "__main__":
    main()
