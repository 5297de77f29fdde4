"""Parity cases for the spatial layers: Conv2D, MaxPooling2D, AveragePooling2D, Flatten, and
BatchNormalization (see `bn_cases`).

Run by generate.py as two subprocesses, `layer_cases.py keras` and `layer_cases.py torch`; each
prints one JSON document. Every case is a small model (ending in a dense layer of 2 outputs)
trained with plain SGD on the full batch under mean squared error, from weights drawn by
np.random.RandomState(seed).uniform(-0.5, 0.5) and set in the framework. A case records the
forward output at the initial weights, the loss of each step (before its update), and the final
weights. Kernels are stored as nnspec holds them: a convolution's (kh, kw, c_in, c_out) reshaped
to (kh*kw*c_in) x c_out, a dense kernel fan_in x fan_out; PyTorch's tensors are transposed to
that layout. Inputs are stored flat, one row per sample, in the framework's own layout (NHWC for
Keras, NCHW for PyTorch).
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import FORMAT, emit, env_versions  # noqa: E402

LEARNING_RATE = 0.05
STEPS = 3
ROWS = 4

# (id, description, image (h, w, c), layers). A layer is ("conv", filters, kernel, stride,
# padding, activation), ("max" | "avg", pool, stride, padding), ("flatten",) or ("dense", units).
# Keras takes padding "valid" / "same"; PyTorch an integer (its port of "same" is padding=1).
KERAS_CASES = [
    ("conv_valid", "Conv2D 3x3 valid, relu; Flatten (h, w, c) into Dense", (6, 6, 2),
     [("conv", 3, 3, 1, "valid", "relu"), ("flatten",), ("dense", 2)]),
    ("conv_same_stride2_odd", "Conv2D 3x3 stride 2 'same' on 7x7: 1 pixel each side", (7, 7, 1),
     [("conv", 2, 3, 2, "same", "tanh"), ("flatten",), ("dense", 2)]),
    ("conv_same_stride2_even", "Conv2D 3x3 stride 2 'same' on 6x6: the odd pixel at the bottom/right only", (6, 6, 1),
     [("conv", 2, 3, 2, "same", "tanh"), ("flatten",), ("dense", 2)]),
    ("max_pool_same", "MaxPooling2D 3 stride 2 'same' after a conv: padded pixels never win", (7, 7, 1),
     [("conv", 2, 2, 1, "valid", "linear"), ("max", 3, 2, "same"), ("flatten",), ("dense", 2)]),
    ("avg_pool_same", "AveragePooling2D 2 stride 2 'same' on 5x5: the border window averages its input pixels only", (6, 6, 2),
     [("conv", 2, 2, 1, "valid", "linear"), ("avg", 2, 2, "same"), ("flatten",), ("dense", 2)]),
]
TORCH_CASES = [
    ("conv_valid", "Conv2d 3x3 padding 0, relu; Flatten (c, h, w) into Linear", (6, 6, 2),
     [("conv", 3, 3, 1, 0, "relu"), ("flatten",), ("dense", 2)]),
    ("conv_pad1_stride2_odd", "Conv2d 3x3 stride 2 padding=1 on 7x7 (what Keras 'same' does here)", (7, 7, 1),
     [("conv", 2, 3, 2, 1, "tanh"), ("flatten",), ("dense", 2)]),
    ("conv_pad1_stride2_even", "Conv2d 3x3 stride 2 padding=1 on 6x6 (Keras 'same' pads bottom/right only)", (6, 6, 1),
     [("conv", 2, 3, 2, 1, "tanh"), ("flatten",), ("dense", 2)]),
    ("max_pool_pad1", "MaxPool2d 3 stride 2 padding 1 after a conv", (7, 7, 1),
     [("conv", 2, 2, 1, 0, "linear"), ("max", 3, 2, 1), ("flatten",), ("dense", 2)]),
    ("avg_pool_pad1", "AvgPool2d 2 stride 2 padding 1, count_include_pad=True: padded zeros count", (6, 6, 2),
     [("conv", 2, 2, 1, 0, "linear"), ("avg", 2, 2, 1), ("flatten",), ("dense", 2)]),
]


def nnspec_layer(layer):
    """The layer as an nnspec YAML flow mapping (pooling's divisor left to the convention)."""
    kind = layer[0]
    if kind == "conv":
        _, f, k, s, p, act = layer
        return f"{{type: conv2d, filters: {f}, kernel_size: {k}, strides: {s}, padding: {p}, activation: {act}}}"
    if kind in ("max", "avg"):
        _, k, s, p = layer
        name = "max_pooling2d" if kind == "max" else "average_pooling2d"
        return f"{{type: {name}, pool_size: {k}, strides: {s}, padding: {p}}}"
    if kind == "flatten":
        return "{type: flatten}"
    return f"{{units: {layer[1]}}}"


def parameter_shapes(image, layers):
    """(kernel shape, bias shape) of each parametric layer, nnspec/Keras layout, by tracking (h, w, c)."""
    h, w, c = image
    flat = None
    out = []
    for layer in layers:
        kind = layer[0]
        if kind in ("conv", "max", "avg"):
            k, s, p = (layer[2], layer[3], layer[4]) if kind == "conv" else layer[1:4]
            if p == "same":
                h, w = -(-h // s), -(-w // s)
            else:
                pad = 0 if p == "valid" else p
                h, w = (h + 2 * pad - k) // s + 1, (w + 2 * pad - k) // s + 1
            if kind == "conv":
                out.append(((k, k, c, layer[1]), (layer[1],)))
                c = layer[1]
        elif kind == "flatten":
            flat = h * w * c
        else:
            out.append(((flat, layer[1]), (layer[1],)))
            flat = layer[1]
    return out


def draw(seed, image, layers):
    rs = np.random.RandomState(seed)
    x = rs.uniform(-1.0, 1.0, (ROWS,) + image)          # NHWC
    y = rs.uniform(-1.0, 1.0, (ROWS, 2))
    weights = [(rs.uniform(-0.5, 0.5, k), rs.uniform(-0.5, 0.5, b)) for k, b in parameter_shapes(image, layers)]
    return x, y, weights


def stored(weights):
    return [{"kernel": k.reshape(-1, k.shape[-1]), "bias": b} for k, b in weights]


def case(cid, framework, dtype, desc, image, layers, x, y, weights, forward, losses, final, version):
    h, w, c = image
    return {"id": f"{framework}_{cid}_{dtype}", "framework": framework, "version": version, "dtype": dtype,
            "description": desc,
            "input_shape": [h, w, c] if framework == "keras" else [c, h, w],
            "layers": [nnspec_layer(l) for l in layers],
            "learning_rate": LEARNING_RATE, "steps": STEPS,
            "x": x.reshape(ROWS, -1), "y": y, "initial_weights": stored(weights),
            "expected": {"forward": forward, "losses": losses, "final_weights": stored(final)}}


def keras_cases():
    import tensorflow as tf
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.experimental.enable_op_determinism()
    import keras
    version = f"keras {keras.__version__} (backend tensorflow {tf.__version__})"
    cases = []
    for dtype in ("float32", "float64"):
        keras.config.set_floatx(dtype)
        for seed, (cid, desc, image, layers) in enumerate(KERAS_CASES):
            x, y, weights = draw(seed, image, layers)
            x, y = x.astype(dtype), y.astype(dtype)
            weights = [(k.astype(dtype), b.astype(dtype)) for k, b in weights]
            keras.backend.clear_session()
            # Every layer gets the dtype explicitly (as keras_cases.py does), not only floatx.
            built = [keras.Input(shape=image, dtype=dtype)]
            for l in layers:
                if l[0] == "conv":
                    built.append(keras.layers.Conv2D(l[1], l[2], strides=l[3], padding=l[4], activation=l[5], dtype=dtype))
                elif l[0] == "max":
                    built.append(keras.layers.MaxPooling2D(l[1], strides=l[2], padding=l[3], dtype=dtype))
                elif l[0] == "avg":
                    built.append(keras.layers.AveragePooling2D(l[1], strides=l[2], padding=l[3], dtype=dtype))
                elif l[0] == "flatten":
                    built.append(keras.layers.Flatten(dtype=dtype))
                else:
                    built.append(keras.layers.Dense(l[1], dtype=dtype))
            model = keras.Sequential(built)
            params = [m for m in model.layers if m.weights]
            for m, (k, b) in zip(params, weights):
                m.set_weights([k, b])
            forward = np.asarray(model(x))
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss=keras.losses.MeanSquaredError())
            hist = model.fit(x, y, batch_size=ROWS, epochs=STEPS, shuffle=False, verbose=0)
            losses = [np.asarray(v, dtype=dtype) for v in hist.history["loss"]]
            final = [tuple(m.get_weights()) for m in params]
            cases.append(case(cid, "keras", dtype, desc, image, layers, x, y, weights, forward, losses, final, version))
    keras.config.set_floatx("float32")
    cases += keras_dropout_cases(keras, tf, version)
    cases += keras_bn_cases(keras)
    return {"versions": env_versions(keras=keras.__version__, tensorflow=tf.__version__), "cases": cases}


def keras_dropout_cases(keras, tf, version):
    """The dropout case of torch_dropout_cases in Keras 3: keras.layers.Dropout draws its own
    masks (from its seed generator), recorded from the dropout layers' outputs (`!= 0`) by a
    model that also returns them, and trained by a GradientTape loop with keras' SGD, one
    full-batch step at a time (what `fit` does per step, with the masks visible)."""
    cases = []
    for dtype in ("float32", "float64"):
        keras.config.set_floatx(dtype)
        keras.backend.clear_session()
        rs = np.random.RandomState(20)
        x = rs.uniform(-1.0, 1.0, (ROWS, 3)).astype(dtype)
        y = rs.uniform(-1.0, 1.0, (ROWS, 2)).astype(dtype)
        shapes = [(3, 6), (6, 5), (5, 2)]
        weights = [(rs.uniform(-0.5, 0.5, s).astype(dtype), rs.uniform(-0.5, 0.5, s[1]).astype(dtype)) for s in shapes]
        inputs = keras.Input(shape=(3,), dtype=dtype)
        denses = [keras.layers.Dense(s[1], activation=a, dtype=dtype) for s, a in zip(shapes, ("tanh", "tanh", None))]
        drops = [keras.layers.Dropout(0.5, seed=1, dtype=dtype), keras.layers.Dropout(0.25, seed=2, dtype=dtype)]
        h1 = drops[0](denses[0](inputs))
        h2 = drops[1](denses[1](h1))
        model = keras.Model(inputs, [denses[2](h2), h1, h2])
        for m, (k, b) in zip(denses, weights):
            m.set_weights([k, b])
        forward = np.asarray(model(x, training=False)[0])
        opt = keras.optimizers.SGD(learning_rate=LEARNING_RATE)
        loss_fn = keras.losses.MeanSquaredError()
        xt, yt = tf.constant(x), tf.constant(y)
        masks, losses = {1: [], 3: []}, []
        for _ in range(STEPS):
            with tf.GradientTape() as tape:
                out, d1, d2 = model(xt, training=True)
                loss = loss_fn(yt, out)
            grads = tape.gradient(loss, model.trainable_variables)
            opt.apply(grads, model.trainable_variables)
            masks[1].append((np.asarray(d1) != 0).astype(int))
            masks[3].append((np.asarray(d2) != 0).astype(int))
            losses.append(np.asarray(loss, dtype=dtype))
        final = [tuple(m.get_weights()) for m in denses]
        cases.append({"id": f"keras_dropout_masks_replayed_{dtype}", "framework": "keras", "version": version, "dtype": dtype,
                      "description": "Dense(tanh)-Dropout(0.5)-Dense(tanh)-Dropout(0.25)-Dense, training mode, Keras' masks recorded",
                      "input_shape": [3],
                      "layers": ["{units: 6, activation: tanh}", "{type: dropout, rate: 0.5}",
                                 "{units: 5, activation: tanh}", "{type: dropout, rate: 0.25}", "{units: 2}"],
                      "learning_rate": LEARNING_RATE, "steps": STEPS,
                      "x": x, "y": y, "initial_weights": stored(weights),
                      "dropout_masks": {str(k): [m.reshape(-1) for m in v] for k, v in masks.items()},
                      "expected": {"forward": forward, "losses": losses, "final_weights": stored(final)}})
    keras.config.set_floatx("float32")
    return cases


def torch_sgd(torch, model, xt, yt, weight_decay=0.0):
    """STEPS steps of SGD on MSE over the full batch; each step's loss, before its update."""
    opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, weight_decay=weight_decay)
    loss_fn = torch.nn.MSELoss()
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
        losses.append(loss.detach().numpy().copy())
    return losses


def torch_cases():
    import torch
    torch.set_num_threads(1)
    version = f"torch {torch.__version__}"
    cases = []
    for dtype in ("float32", "float64"):
        tdtype = getattr(torch, dtype)
        for seed, (cid, desc, image, layers) in enumerate(TORCH_CASES):
            x, y, weights = draw(seed, image, layers)
            x, y = x.astype(dtype), y.astype(dtype)
            weights = [(k.astype(dtype), b.astype(dtype)) for k, b in weights]
            mods, params = [], []
            c = image[2]
            it = iter(weights)
            for l in layers:
                if l[0] == "conv":
                    m = torch.nn.Conv2d(c, l[1], l[2], stride=l[3], padding=l[4], dtype=tdtype)
                    k, b = next(it)
                    params.append(m)
                    with torch.no_grad():
                        m.weight.copy_(torch.from_numpy(k.transpose(3, 2, 0, 1).copy()))
                        m.bias.copy_(torch.from_numpy(b))
                    mods.append(m)
                    c = l[1]
                    if l[5] != "linear":
                        mods.append({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh()}[l[5]])
                elif l[0] == "max":
                    mods.append(torch.nn.MaxPool2d(l[1], stride=l[2], padding=l[3]))
                elif l[0] == "avg":
                    mods.append(torch.nn.AvgPool2d(l[1], stride=l[2], padding=l[3]))
                elif l[0] == "flatten":
                    mods.append(torch.nn.Flatten())
                else:
                    k, b = next(it)
                    m = torch.nn.Linear(k.shape[0], l[1], dtype=tdtype)
                    params.append(m)
                    with torch.no_grad():
                        m.weight.copy_(torch.from_numpy(k.T.copy()))
                        m.bias.copy_(torch.from_numpy(b))
                    mods.append(m)
            model = torch.nn.Sequential(*mods)
            xt = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())   # NCHW
            yt = torch.from_numpy(y)
            with torch.no_grad():
                forward = model(xt).numpy().copy()
            losses = torch_sgd(torch, model, xt, yt)
            final = []
            for m in params:
                wt = m.weight.detach().numpy()
                k = wt.transpose(2, 3, 1, 0) if wt.ndim == 4 else wt.T
                final.append((k.copy(), m.bias.detach().numpy().copy()))
            cases.append(case(cid, "torch", dtype, desc, image, layers, xt.numpy(), y, weights, forward, losses, final, version))
    cases += torch_dropout_cases(torch, version)
    cases += torch_bn_cases(torch, version)
    return {"versions": env_versions(torch=torch.__version__), "cases": cases}


def torch_dropout_cases(torch, version):
    """Dense - Dropout(0.5) - dense - Dropout(0.25) - dense in training mode, with the masks
    PyTorch drew recorded by forward hooks (`output != 0`), so nnspec can replay them exactly.
    `forward` is the model in eval mode (dropout is the identity there)."""
    cases = []
    torch.manual_seed(0)
    for dtype in ("float32", "float64"):
        tdtype = getattr(torch, dtype)
        rs = np.random.RandomState(20)
        x = rs.uniform(-1.0, 1.0, (ROWS, 3)).astype(dtype)
        y = rs.uniform(-1.0, 1.0, (ROWS, 2)).astype(dtype)
        shapes = [(3, 6), (6, 5), (5, 2)]
        weights = [(rs.uniform(-0.5, 0.5, s).astype(dtype), rs.uniform(-0.5, 0.5, s[1]).astype(dtype)) for s in shapes]
        linears = [torch.nn.Linear(a, b, dtype=tdtype) for a, b in shapes]
        for m, (k, b) in zip(linears, weights):
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(k.T.copy()))
                m.bias.copy_(torch.from_numpy(b))
        drops = [torch.nn.Dropout(0.5), torch.nn.Dropout(0.25)]
        model = torch.nn.Sequential(linears[0], torch.nn.Tanh(), drops[0], linears[1], torch.nn.Tanh(), drops[1], linears[2])
        # Keep flags per training step, by nnspec layer index (dense, dropout, dense, dropout, dense).
        masks = {1: [], 3: []}
        for index, d in zip((1, 3), drops):
            d.register_forward_hook(
                lambda mod, inp, out, index=index: masks[index].append((out != 0).numpy().astype(int).copy()) if mod.training else None)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)
        model.eval()
        with torch.no_grad():
            forward = model(xt).numpy().copy()
        model.train()
        losses = torch_sgd(torch, model, xt, yt)
        final = [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in linears]
        cases.append({"id": f"torch_dropout_masks_replayed_{dtype}", "framework": "torch", "version": version, "dtype": dtype,
                      "description": "Linear-Tanh-Dropout(0.5)-Linear-Tanh-Dropout(0.25)-Linear, training mode, PyTorch's masks recorded",
                      "input_shape": [3],
                      "layers": ["{units: 6, activation: tanh}", "{type: dropout, rate: 0.5}",
                                 "{units: 5, activation: tanh}", "{type: dropout, rate: 0.25}", "{units: 2}"],
                      "learning_rate": LEARNING_RATE, "steps": STEPS,
                      "x": x, "y": y, "initial_weights": stored(weights),
                      "dropout_masks": {str(k): [m.reshape(-1) for m in v] for k, v in masks.items()},
                      "expected": {"forward": forward, "losses": losses, "final_weights": stored(final)}})
    return cases


# BatchNormalization: after a dense layer (per feature) and after a convolution (per channel),
# SGD on the full batch of BN_ROWS rows. Each case records the forward output at the initial
# parameters in inference mode (running statistics) and in training mode (batch statistics), the
# loss of each step, every final tensor with the running statistics, and the inference-mode
# output after training. The initial gamma, beta and running statistics are drawn away from
# 1/0 so every term counts. Tensors are stored {"shape", "values"} in nnspec's layout under
# nnspec's names (the running statistics under the convention's), one object per layer.
BN_ROWS = 4
# (id, description, input (vector width or image (h, w, c)), nnspec layers, optimizer extras).
# A BN layer's options are nnspec keys; the framework layer gets the same values.
KERAS_BN_CASES = [
    ("bn_dense", "Dense(4, tanh) - BatchNormalization(momentum=0.8, gamma_regularizer=l2(0.01)) - Dense(2)", (3,),
     [("dense", 4, "tanh"), ("bn", {"momentum": 0.8, "gamma_l2": 0.01}), ("dense", 2, "linear")], {}),
    ("bn_conv", "Conv2D(3, 2, tanh) - BatchNormalization() per channel (0.99, 1e-3) - Flatten - Dense(2)", (5, 5, 2),
     [("conv", 3, 2, "tanh"), ("bn", {}), ("flatten",), ("dense", 2, "linear")], {}),
]
TORCH_BN_CASES = [
    ("bn_dense_weight_decay", "Linear(3, 4)-Tanh-BatchNorm1d(4)-Linear(4, 2), SGD weight_decay=0.01 (reaches gamma and beta)", (3,),
     [("dense", 4, "tanh"), ("bn", {}), ("dense", 2, "linear")], {"weight_decay": 0.01}),
    ("bn_conv", "Conv2d(2, 3, 2)-Tanh-BatchNorm2d(3, momentum=0.3, eps=1e-3)-Flatten-Linear(48, 2)", (5, 5, 2),
     [("conv", 3, 2, "tanh"), ("bn", {"momentum": 0.3, "epsilon": 1e-3}), ("flatten",), ("dense", 2, "linear")], {}),
]


def bn_nnspec_layers(layers):
    out = []
    for l in layers:
        if l[0] == "dense":
            out.append(f"{{units: {l[1]}, activation: {l[2]}}}")
        elif l[0] == "conv":
            out.append(f"{{type: conv2d, filters: {l[1]}, kernel_size: {l[2]}, activation: {l[3]}}}")
        elif l[0] == "flatten":
            out.append("{type: flatten}")
        else:
            o = l[1]
            keys = [f"momentum: {o['momentum']}"] if "momentum" in o else []
            keys += [f"epsilon: {o['epsilon']}"] if "epsilon" in o else []
            keys += [f"gamma_regularizer: {{l2: {o['gamma_l2']}}}"] if "gamma_l2" in o else []
            out.append("{type: batch_normalization" + "".join(", " + k for k in keys) + "}")
    return out


def bn_draw(seed, shape, layers, stat_names):
    """Inputs (NHWC for images), targets, and each parametric layer's tensors in nnspec's layout."""
    rs = np.random.RandomState(100 + seed)
    x = rs.uniform(-1.0, 1.0, (BN_ROWS,) + shape)
    y = rs.uniform(-1.0, 1.0, (BN_ROWS, 2))
    dims = list(shape)
    tensors = []
    for l in layers:
        if l[0] == "conv":
            h, w, c = dims
            k = l[2]
            tensors.append({"kernel": rs.uniform(-0.5, 0.5, (k, k, c, l[1])), "bias": rs.uniform(-0.5, 0.5, l[1])})
            dims = [h - k + 1, w - k + 1, l[1]]
        elif l[0] == "flatten":
            dims = [int(np.prod(dims))]
        elif l[0] == "dense":
            tensors.append({"kernel": rs.uniform(-0.5, 0.5, (dims[-1], l[1])), "bias": rs.uniform(-0.5, 0.5, l[1])})
            dims = [l[1]]
        else:
            c = dims[-1]
            tensors.append({"gamma": rs.uniform(0.5, 1.5, c), "beta": rs.uniform(-0.5, 0.5, c),
                            stat_names[0]: rs.uniform(-0.5, 0.5, c), stat_names[1]: rs.uniform(0.5, 1.5, c)})
    return x, y, tensors


def bn_stored(tensors):
    return [{name: {"shape": list(np.shape(v)), "values": np.asarray(v).reshape(-1)} for name, v in t.items()} for t in tensors]


def bn_case(cid, framework, dtype, desc, shape, layers, extras, x, y, initial, expected, version):
    input_shape = list(shape) if len(shape) == 1 or framework == "keras" else [shape[2], shape[0], shape[1]]
    return {"id": f"{framework}_{cid}_{dtype}", "framework": framework, "version": version, "dtype": dtype,
            "description": desc, "batch_norm": True, "input_shape": input_shape,
            "layers": bn_nnspec_layers(layers), "learning_rate": LEARNING_RATE, "steps": STEPS,
            "weight_decay": extras.get("weight_decay", 0.0),
            "x": x.reshape(BN_ROWS, -1), "y": y, "initial": bn_stored(initial), "expected": expected}


def keras_bn_cases(keras):
    import tensorflow as tf
    version = f"keras {keras.__version__} (backend tensorflow {tf.__version__})"
    names = ("moving_mean", "moving_variance")
    cases = []
    for dtype in ("float32", "float64"):
        keras.config.set_floatx(dtype)
        for seed, (cid, desc, shape, layers, extras) in enumerate(KERAS_BN_CASES):
            x, y, initial = bn_draw(seed, shape, layers, names)
            x, y = x.astype(dtype), y.astype(dtype)
            initial = [{k: v.astype(dtype) for k, v in t.items()} for t in initial]
            keras.backend.clear_session()
            built = [keras.Input(shape=shape, dtype=dtype)]
            for l in layers:
                if l[0] == "conv":
                    built.append(keras.layers.Conv2D(l[1], l[2], activation=l[3], dtype=dtype))
                elif l[0] == "flatten":
                    built.append(keras.layers.Flatten(dtype=dtype))
                elif l[0] == "dense":
                    built.append(keras.layers.Dense(l[1], activation=l[2], dtype=dtype))
                else:
                    o = l[1]
                    reg = keras.regularizers.L2(o["gamma_l2"]) if "gamma_l2" in o else None
                    built.append(keras.layers.BatchNormalization(momentum=o.get("momentum", 0.99), epsilon=o.get("epsilon", 1e-3),
                                                                 gamma_regularizer=reg, dtype=dtype))
            model = keras.Sequential(built)
            params = [m for m in model.layers if m.weights]

            def load():
                for m, t in zip(params, initial):
                    m.set_weights(list(t.values()))   # kernel, bias / gamma, beta, moving_mean, moving_variance
            load()
            inference = np.asarray(model(x, training=False))
            training = np.asarray(model(x, training=True))   # moves the moving statistics: reload
            load()
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss=keras.losses.MeanSquaredError())
            hist = model.fit(x, y, batch_size=BN_ROWS, epochs=STEPS, shuffle=False, verbose=0)
            losses = [np.asarray(v, dtype=dtype) for v in hist.history["loss"]]
            final = [dict(zip(t.keys(), m.get_weights())) for m, t in zip(params, initial)]
            after = np.asarray(model(x, training=False))
            expected = {"forward_inference": inference, "forward_training": training, "losses": losses,
                        "final": bn_stored(final), "forward_after": after}
            cases.append(bn_case(cid, "keras", dtype, desc, shape, layers, extras, x, y, initial, expected, version))
    keras.config.set_floatx("float32")
    return cases


def torch_bn_cases(torch, version):
    names = ("running_mean", "running_var")
    cases = []
    for dtype in ("float32", "float64"):
        tdtype = getattr(torch, dtype)
        for seed, (cid, desc, shape, layers, extras) in enumerate(TORCH_BN_CASES):
            x, y, initial = bn_draw(seed, shape, layers, names)
            x, y = x.astype(dtype), y.astype(dtype)
            initial = [{k: v.astype(dtype) for k, v in t.items()} for t in initial]
            mods, params = [], []
            width = shape[-1]
            it = iter(initial)
            for l in layers:
                if l[0] == "conv":
                    m = torch.nn.Conv2d(width, l[1], l[2], dtype=tdtype)
                    params.append((m, next(it)))
                    mods += [m, torch.nn.Tanh()]
                    width = l[1]
                elif l[0] == "flatten":
                    mods.append(torch.nn.Flatten())
                elif l[0] == "dense":
                    t = next(it)
                    m = torch.nn.Linear(t["kernel"].shape[0], l[1], dtype=tdtype)
                    params.append((m, t))
                    mods.append(m)
                    if l[2] == "tanh":
                        mods.append(torch.nn.Tanh())
                    width = l[1]
                else:
                    o = l[1]
                    bn = torch.nn.BatchNorm2d if len(shape) == 3 else torch.nn.BatchNorm1d
                    m = bn(width, momentum=o.get("momentum", 0.1), eps=o.get("epsilon", 1e-5), dtype=tdtype)
                    params.append((m, next(it)))
                    mods.append(m)
            model = torch.nn.Sequential(*mods)

            def load():
                with torch.no_grad():
                    for m, t in params:
                        if "kernel" in t:
                            k = t["kernel"]
                            m.weight.copy_(torch.from_numpy((k.transpose(3, 2, 0, 1) if k.ndim == 4 else k.T).copy()))
                            m.bias.copy_(torch.from_numpy(t["bias"]))
                        else:
                            m.weight.copy_(torch.from_numpy(t["gamma"]))
                            m.bias.copy_(torch.from_numpy(t["beta"]))
                            m.running_mean.copy_(torch.from_numpy(t["running_mean"]))
                            m.running_var.copy_(torch.from_numpy(t["running_var"]))
            xt = torch.from_numpy((x.transpose(0, 3, 1, 2) if x.ndim == 4 else x).copy())
            yt = torch.from_numpy(y)
            load()
            model.eval()
            with torch.no_grad():
                inference = model(xt).numpy().copy()
            model.train()
            with torch.no_grad():
                training = model(xt).numpy().copy()   # moves the running statistics: reload
            load()
            losses = torch_sgd(torch, model, xt, yt, weight_decay=extras.get("weight_decay", 0.0))
            model.eval()
            with torch.no_grad():
                after = model(xt).numpy().copy()
            final = []
            for m, t in params:
                if "kernel" in t:
                    wt = m.weight.detach().numpy()
                    final.append({"kernel": (wt.transpose(2, 3, 1, 0) if wt.ndim == 4 else wt.T).copy(),
                                  "bias": m.bias.detach().numpy().copy()})
                else:
                    final.append({"gamma": m.weight.detach().numpy().copy(), "beta": m.bias.detach().numpy().copy(),
                                  "running_mean": m.running_mean.numpy().copy(), "running_var": m.running_var.numpy().copy()})
            expected = {"forward_inference": inference, "forward_training": training, "losses": losses,
                        "final": bn_stored(final), "forward_after": after}
            cases.append(bn_case(cid, "torch", dtype, desc, shape, layers, extras, xt.numpy(), y, initial, expected, version))
    return cases


if __name__ == "__main__":
    emit(keras_cases() if sys.argv[1:] == ["keras"] else torch_cases())
