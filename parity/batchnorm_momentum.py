"""The batchnorm-momentum experiment in the real frameworks (docs/experiments.md).

A Keras model with BatchNormalization(momentum=0.99) ported to PyTorch with momentum=0.99 copied
literally, and the port fixed to momentum=0.01, trained as the nnspec specs do: MNIST's first
8000 test-set images (pixels / 255), BatchNorm on the 784 inputs, Dense(64, relu), BatchNorm,
Dense(10, softmax), sparse categorical cross-entropy, SGD lr 0.1, batches of 32 reshuffled every
epoch, 3 epochs (750 updates); the port copies eps=1e-3 and draws Keras' initializers. Held-out
accuracy on the other 2000 in inference mode (model.eval() / Keras predict: the running
statistics). Not a fixture: the frameworks draw their own initial weights and shuffles, so it
reports each run's accuracy for a few seeds.

    /work/venv-bench/bin/python parity/batchnorm_momentum.py [seeds, default 5] [batch, default 32]

TensorFlow and PyTorch cannot share a process here (their LLVM registrations collide), so each
framework runs in a child process of its own.
"""
import gzip
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.join(HERE, "..", "data", "mnist")


def idx(name):
    with gzip.open(os.path.join(MNIST, name)) as f:
        data = f.read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * data[3]).reshape(dims)


X = idx("t10k-images-idx3-ubyte.gz").reshape(10000, -1).astype(np.float32) / np.float32(255)
y = idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
X_train, y_train, X_test, y_test = X[:8000], y[:8000], X[8000:], y[8000:]
EPOCHS, BATCH, LR = 3, 32, 0.1


def torch_run(momentum, seed):
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.BatchNorm1d(784, momentum=momentum, eps=1e-3),
        torch.nn.Linear(784, 64), torch.nn.ReLU(),
        torch.nn.BatchNorm1d(64, momentum=momentum, eps=1e-3),
        torch.nn.Linear(64, 10))
    # Keras' initializers (glorot_uniform kernels, zero biases), as the nnspec port writes them.
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    rng = np.random.RandomState(seed)
    xs, ys = torch.tensor(X_train), torch.tensor(y_train)
    for _ in range(EPOCHS):
        model.train()
        order = rng.permutation(len(xs))
        for start in range(0, len(xs), BATCH):
            rows = order[start:start + BATCH]
            loss = torch.nn.functional.cross_entropy(model(xs[rows]), ys[rows])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        predicted = model(torch.tensor(X_test)).argmax(1).numpy()
    first = model[0]
    return (predicted == y_test).mean(), first.running_var.numpy()


def keras_run(seed):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.BatchNormalization(momentum=0.99, epsilon=1e-3),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.BatchNormalization(momentum=0.99, epsilon=1e-3),
        keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(LR), loss="sparse_categorical_crossentropy")
    model.fit(X_train, y_train, batch_size=BATCH, epochs=EPOCHS, shuffle=True, verbose=0)
    predicted = model.predict(X_test, batch_size=500, verbose=0).argmax(1)
    return (predicted == y_test).mean(), np.asarray(model.layers[0].moving_variance)


def report(seed, name, accuracy, variance):
    population = X_train.var(axis=0)
    inked = population > 0
    # Inked pixels whose running variance is under a tenth of the training set's.
    starved = int((variance[inked] < population[inked] / 10).sum())
    print(f"seed {seed}  {name:30s} held-out accuracy {accuracy:.4f}  "
          f"inked pixels with running variance < population/10: {starved} of {int(inked.sum())}", flush=True)


def main():
    global BATCH
    if len(sys.argv) > 3:
        framework, seeds, BATCH = sys.argv[1], range(int(sys.argv[2])), int(sys.argv[3])
        for seed in seeds:
            if framework == "keras":
                report(seed, "keras momentum=0.99", *keras_run(seed))
            else:
                report(seed, "torch momentum=0.99 (copied)", *torch_run(0.99, seed))
                report(seed, "torch momentum=0.01 (fixed)", *torch_run(0.01, seed))
        return
    seeds = sys.argv[1] if len(sys.argv) > 1 else "5"
    batch = sys.argv[2] if len(sys.argv) > 2 else str(BATCH)
    for framework in ["keras", "torch"]:
        subprocess.run([sys.executable, __file__, framework, seeds, batch], check=True)


if __name__ == "__main__":
    main()
