"""Times the same two workloads as `nnspec-bench --filter trainer` in Keras 3 (TensorFlow CPU),
so BENCHMARKS.md compares like with like:

  1. a 10→1 linear unit, SGD, mse, batch 100, one `train_on_batch` per step;
  2. 784-30-10 sigmoid, SGD, mse, one full-batch epoch over 8000 rows (`fit`, batch_size=8000).

Usage: python Benchmarks/keras_reference.py   (needs tensorflow-cpu; prints median times)
"""
import statistics
import time

import numpy as np
import keras


def median_time(fn, reps):
    fn()  # warm-up: graph tracing happens here, not in the timing
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def tiny():
    rs = np.random.RandomState(1)
    x = rs.rand(10000, 10).astype("float32")
    y = x[:, :1].copy()
    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    state = {"i": 0}

    def hundred_steps():
        for _ in range(100):
            i = state["i"] % 100
            model.train_on_batch(x[i * 100:(i + 1) * 100], y[i * 100:(i + 1) * 100])
            state["i"] += 1

    return median_time(hundred_steps, 15) / 100


def mnist_shape():
    rs = np.random.RandomState(0)
    x = rs.rand(8000, 784).astype("float32")
    y = np.eye(10, dtype="float32")[rs.randint(0, 10, 8000)]
    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(30, activation="sigmoid"),
        keras.layers.Dense(10, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(3.0), loss="mse")
    return median_time(lambda: model.fit(x, y, batch_size=8000, epochs=1, shuffle=False, verbose=0), 15)


if __name__ == "__main__":
    print(f"keras {keras.__version__}")
    print(f"keras 10→1 batch 100 train_on_batch: {tiny() * 1e6:.0f} µs/step")
    print(f"keras 784-30-10 full batch 8000 fit: {mnist_shape() * 1e3:.1f} ms/epoch")
