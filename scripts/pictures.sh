#!/usr/bin/env bash
# The pictures in docs/img/: one `nnspec plot` each, drawn from the checked-in results.
#   scripts/pictures.sh [NNSPEC]           regenerate docs/img/*.svg
#   scripts/pictures.sh --check [NNSPEC]   exit 1 when a committed picture differs from what the
#                                          results give now (CI runs this)
# NNSPEC defaults to the debug build (`swift build` first); the pictures are the same bytes from
# any build.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
if [[ ${1:-} == --check ]]; then check=1; shift; fi
nnspec=${1:-$(swift build --show-bin-path)/nnspec}
out=docs/img
if ((check)); then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

plot() {
  local name=$1
  shift
  "$nnspec" plot "$@" -o "$out/$name.svg" >/dev/null
}

plot mlp-l2-fit --fit --title "Experiment 1: fits along x0, α = 0 and α = 1" \
  results/mlp-l2-sklearn-alpha0.json results/mlp-l2-keras-alpha0.json results/mlp-l2-sklearn.json \
  results/mlp-l2-keras-first-layer.json results/mlp-l2-keras-all-layers.json
plot two-points-boundary --boundary --title "Experiment 2: decision boundaries on two points" \
  results/two-points-sgd.json results/two-points-sgd-5000.json results/two-points-logreg.json
plot mnist-l2-loss --from 10 --title "Experiment 3: MNIST training loss from epoch 10" \
  results/mnist-l2.json results/mnist-l2-numpy.json results/mnist-l2-keras-half.json results/mnist-l2-lambda0.json
plot first-feature-loss --title "Experiment 4: learning y = x0, Keras vs TF1" \
  results/first-feature-keras.json results/first-feature-tf1.json results/first-feature-tf1-fixed.json
plot bump-fit --fit --title "Experiment 5: the bump, raw x with SGD vs standardized x with Adam" \
  results/bump-raw.json results/bump-scaled.json
plot same-padding-loss --title "Stride-2 same in Keras, padding=1 and [0, 1, 0, 1] in PyTorch" \
  results/same-padding-keras.json results/same-padding-torch.json results/same-padding-torch-fixed.json

if ((check)); then
  status=0
  for f in "$out"/*.svg; do
    name=$(basename "$f")
    if ! cmp -s "$f" "docs/img/$name"; then
      echo "pictures: docs/img/$name is out of date (regenerate with scripts/pictures.sh)" >&2
      status=1
    fi
  done
  for f in docs/img/*.svg; do
    [[ -f $out/$(basename "$f") ]] || { echo "pictures: $f is not drawn by scripts/pictures.sh" >&2; status=1; }
  done
  echo "pictures: $(ls "$out" | wc -l) checked, $([[ $status == 0 ]] && echo "all up to date" || echo "FAILED")"
  exit "$status"
fi
