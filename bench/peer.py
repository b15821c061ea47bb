"""PyTorch peer of the lazylab training-step benchmark, float32 on the CPU, as a block server.

usage: python3 peer.py <strong|autograd|verify> <kearns|chizat> <width> <threads>
Prints one JSON line when ready, then for each line N read from stdin runs N training steps
and prints {"ms": ms per step}. An empty line or EOF ends it.

Both variants do what the lazylab step does: forward, the loss read back (.item(), lazylab's
divergence check), backward, update.
  strong   : the gradients derived by hand and written as matrix products, no autograd, no
             optimizer objects: the same algorithm as lazylab's engine, so the ratio measures
             the backends.
  autograd : the ordinary PyTorch way, autograd + torch.optim.
  verify   : prints the largest relative difference of the two variants' loss curves over 50
             steps from the same initialization (the hand-derived gradients checked by autograd).

Threads are pinned before torch loads (OPENBLAS/OMP/MKL_NUM_THREADS) and by
torch.set_num_threads, so the peer uses exactly the stated count.
"""
import os
import sys

THREADS = sys.argv[4] if len(sys.argv) > 4 else "1"
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS

import json  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(int(THREADS))


def kearns_data(width):
    """n=100, d=10, U(0,1) features, random binary labels; U(-0.05, 0.05) init, multipliers 1."""
    g = torch.Generator().manual_seed(1)
    x = torch.rand(100, 10, generator=g)
    y = torch.randint(0, 2, (100, 1), generator=g).float()
    w1 = torch.empty(10, width).uniform_(-0.05, 0.05, generator=g)
    w2 = torch.empty(width, 1).uniform_(-0.05, 0.05, generator=g)
    return x, y, w1, w2


def chizat_data(width):
    """d=100, n=1000 on the sphere, 3-unit ReLU teacher; N(0,1) init, h = (1/m) Σ b_j relu(a_j·x)."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(1000, 100, generator=g)
    x = x / x.norm(dim=1, keepdim=True)
    t = torch.randn(3, 100, generator=g)
    t = t / t.norm(dim=1, keepdim=True)
    s = torch.sign(torch.randn(3, generator=g))
    y = (torch.relu(x @ t.T) * s).sum(1, keepdim=True)
    w1 = torch.randn(100, width, generator=g)
    w2 = torch.randn(width, 1, generator=g)
    return x, y, w1, w2


def relu_back(grad, a):
    """grad where relu(z) = a > 0, else 0 (the kernel autograd itself uses for relu)."""
    return torch.ops.aten.threshold_backward(grad, a, 0)


def strong(protocol, width):
    """Hand-derived gradients (no autograd): the algorithm of lazylab's engine. Weights are
    stored out × in as nn.Linear stores them, so the products take BLAS's fast layouts."""
    torch.set_grad_enabled(False)
    if protocol == "kearns":
        x, y, w1, w2 = kearns_data(width)
        w1, w2 = w1.T.contiguous(), w2.T.contiguous()
        n = x.shape[0]
        state = [torch.zeros_like(w) for w in (w1, w2, w1, w2)]
        b1, b2, lr, eps = 0.9, 0.999, 1e-3, 1e-8
        t = [0]

        def step():
            a = torch.relu(x @ w1.T)
            f = a @ w2.T
            # BCE with logits: mean(softplus(f) - y f); dL/df = (sigmoid(f) - y) / n
            loss = (torch.nn.functional.softplus(f) - y * f).mean().item()
            g = (torch.sigmoid(f) - y) / n
            gw2 = g.T @ a
            gw1 = relu_back(g @ w2, a).T @ x
            t[0] += 1
            c1, c2 = 1 - b1 ** t[0], 1 - b2 ** t[0]
            for w, gw, m, v in ((w1, gw1, state[0], state[2]), (w2, gw2, state[1], state[3])):
                m.mul_(b1).add_(gw, alpha=1 - b1)
                v.mul_(b2).addcmul_(gw, gw, value=1 - b2)
                w.addcdiv_(m, (v / c2).sqrt_().add_(eps), value=-lr / c1)
            return loss
        return step
    x, y, w1, w2 = chizat_data(width)
    w1, w2 = w1.T.contiguous(), w2.T.contiguous()
    n, c2, lr = x.shape[0], 1.0 / width, 0.1

    def step():
        a = torch.relu(x @ w1.T)
        r = (a @ w2.T) * c2 - y
        loss = 0.5 * (r * r).mean().item()
        gc = r * (c2 / n)
        gw2 = gc.T @ a
        gw1 = relu_back(gc @ w2, a).T @ x
        w1.sub_(gw1, alpha=lr)
        w2.sub_(gw2, alpha=lr)
        return loss
    return step


def autograd(protocol, width):
    """The ordinary PyTorch way: nn.Linear, autograd and torch.optim."""
    x, y, w1, w2 = (kearns_data if protocol == "kearns" else chizat_data)(width)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], width, bias=False), torch.nn.ReLU(), torch.nn.Linear(width, 1, bias=False))
    with torch.no_grad():
        net[0].weight.copy_(w1.T)
        net[2].weight.copy_(w2.T)
    if protocol == "kearns":
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        objective = lambda: loss_fn(net(x), y)  # noqa: E731
    else:
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        objective = lambda: 0.5 * ((net(x) / width - y) ** 2).mean()  # noqa: E731

    def step():
        opt.zero_grad(set_to_none=True)
        loss = objective()
        value = loss.item()
        loss.backward()
        opt.step()
        return value
    return step


def verify(protocol, width, steps=50):
    """Largest relative difference between the strong and autograd loss curves (same init)."""
    a, b = strong(protocol, width), autograd(protocol, width)
    worst = 0.0
    for _ in range(steps):
        torch.set_grad_enabled(False)
        la = a()
        torch.set_grad_enabled(True)
        worst = max(worst, abs(la - b()) / abs(la))
    return worst


def main():
    variant, protocol, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if variant == "verify":
        print(json.dumps({"protocol": protocol, "width": width, "maxRelDiff": verify(protocol, width)}))
        return
    step = (strong if variant == "strong" else autograd)(protocol, width)
    for _ in range(3):
        step()
    print(json.dumps({"ready": True, "variant": variant, "version": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": torch.__config__.parallel_info().splitlines()[0] if hasattr(torch, "__config__") else ""}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        steps = int(line)
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        print(json.dumps({"ms": (time.perf_counter() - t0) * 1000 / steps}), flush=True)


if __name__ == "__main__":
    main()
