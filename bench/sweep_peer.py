"""PyTorch peer of the whole-sweep benchmark (bench/sweep.mjs): a plain PyTorch loop over the
cells of a lazylab plan, in 2 processes of 1 thread each (as lazylab's --jobs 2).

usage: python3 bench/sweep_peer.py [processes] < cells.json
cells.json: the plan's cells (lazylab plan --json), each with "steps" set to the number of
steps lazylab trained it (a cell that stopped early does the same work here). Each cell: the
same sizes (n_train, n_test, d, hidden widths, bias), multipliers, output scale, loss and
optimizer; autograd + torch.optim; at its log steps the train/test loss and the relative weight
change are evaluated, as lazylab measures. Prints {"seconds", "cells", "steps", "torch"}.
"""
import os
import sys

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import json  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

ACT = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "identity": lambda z: z}


def log_steps(log, steps):
    if log["kind"] == "every":
        k = max(1, int(log["every"]))
        return set(range(0, steps, k)) | {steps}
    n = max(2, int(log["points"]))
    if steps + 1 <= n:
        return set(range(steps + 1))
    out = [0]
    for i in range(n - 1):
        ideal = steps if n == 2 else round(math.exp(math.log(steps) * i / (n - 2)))
        out.append(min(max(ideal, out[-1] + 1), steps - (n - 2 - i)))
    return set(out)


def data(cell, g):
    d, n = cell["data"]["dim"], cell["data"]["nTrain"] + cell["data"]["nTest"]
    src = cell["data"]["source"]
    if src["kind"] == "uniform":
        x = torch.rand(n, d, generator=g) * (src["high"] - src["low"]) + src["low"]
        y = torch.randint(0, 2, (n, 1), generator=g).float()
    else:
        x = torch.randn(n, d, generator=g)
        x = x / x.norm(dim=1, keepdim=True)
        t = torch.randn(src.get("teacherWidth", 3), d, generator=g)
        y = torch.relu(x @ (t / t.norm(dim=1, keepdim=True)).T).sum(1, keepdim=True)
    k = cell["data"]["nTrain"]
    return x[:k], y[:k], x[k:], y[k:]


def train_cell(cell):
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(cell["seed"])
    xtr, ytr, xte, yte = data(cell, g)
    m = cell["model"]
    dims = [m["inputDim"], *m["hidden"], m["outputDim"]]
    layers = [torch.nn.Linear(a, b, bias=m["bias"]) for a, b in zip(dims, dims[1:])]
    for layer, spec in zip(layers, m["init"]["layers"]):
        with torch.no_grad():
            if spec["kind"] == "uniform":
                layer.weight.uniform_(spec["low"], spec["high"], generator=g)
            else:
                layer.weight.normal_(0, spec.get("std", 1), generator=g)
            if layer.bias is not None:
                layer.bias.zero_()
    act, cs, alpha = ACT[m["activation"]], m["multipliers"], m["outputScale"]
    params = [p for layer in layers for p in layer.parameters()]
    w0 = [p.detach().clone() for p in params]

    def net(x):
        for l, layer in enumerate(layers):
            x = layer(x * cs[l])
            if l < len(layers) - 1:
                x = act(x)
        return alpha * x

    t = cell["train"]
    loss_fn = (torch.nn.BCEWithLogitsLoss() if t["loss"] == "bce"
               else (lambda f, y: 0.5 * ((f - y) ** 2).mean()))
    o = t["optimizer"]
    if o["kind"] == "adam":
        opt = torch.optim.Adam(params, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    else:
        opt = torch.optim.SGD(params, lr=o["lr"], momentum=o.get("beta", 0) if o["kind"] == "momentum" else 0)
    logged = log_steps(t["log"], cell["steps"])
    for step in range(cell["steps"] + 1):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xtr), ytr)
        loss.item()  # the divergence check reads the loss every step, as lazylab does
        if step in logged:
            with torch.no_grad():
                if xte.shape[0]:
                    loss_fn(net(xte), yte).item()
                sum((p - q).norm() ** 2 for p, q in zip(params, w0)).item()
        if step == cell["steps"]:
            break
        loss.backward()
        opt.step()
    return cell["steps"]


def main():
    cells = json.load(sys.stdin)
    procs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        steps = sum(pool.map(train_cell, cells, chunksize=1))
    print(json.dumps({"seconds": time.perf_counter() - t0, "cells": len(cells), "steps": steps, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
