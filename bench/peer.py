"""PyTorch peer of the lazylab benchmark protocols: the same networks, data sizes, losses and
optimizers, written the ordinary PyTorch way (autograd + torch.optim), float32 on the CPU.

usage: python3 peer.py <kearns|chizat> <width> <steps> [threads]
Prints one JSON line: ms per step (best of 3 timed runs of <steps> steps) and peak RSS.
`threads` sets torch.set_num_threads (default: PyTorch's own choice).
"""
import json
import resource
import sys
import time

import torch


def kearns(width):
    """n=100, d=10, U(0,1) features, random binary labels, BCE + Adam lr 1e-3, U(-0.05, 0.05) init."""
    g = torch.Generator().manual_seed(1)
    x = torch.rand(100, 10, generator=g)
    y = torch.randint(0, 2, (100, 1), generator=g).float()
    net = torch.nn.Sequential(torch.nn.Linear(10, width, bias=False), torch.nn.ReLU(), torch.nn.Linear(width, 1, bias=False))
    for p in net.parameters():
        torch.nn.init.uniform_(p, -0.05, 0.05)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    return net, opt, lambda: loss_fn(net(x), y)


def chizat(width):
    """d=100, n=1000 on the sphere, 3-unit ReLU teacher, 2-layer ReLU student h = (1/m) Σ b_j relu(a_j·x), gd."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(1000, 100, generator=g)
    x = x / x.norm(dim=1, keepdim=True)
    w = torch.randn(3, 100, generator=g)
    w = w / w.norm(dim=1, keepdim=True)
    s = torch.sign(torch.randn(3, generator=g))
    y = (torch.relu(x @ w.T) * s).sum(1, keepdim=True)
    net = torch.nn.Sequential(torch.nn.Linear(100, width, bias=False), torch.nn.ReLU(), torch.nn.Linear(width, 1, bias=False))
    for p in net.parameters():
        torch.nn.init.normal_(p, 0.0, 1.0)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    return net, opt, lambda: 0.5 * ((net(x) / width - y) ** 2).mean()


def main():
    protocol, width, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if len(sys.argv) > 4:
        torch.set_num_threads(int(sys.argv[4]))
    net, opt, objective = (kearns if protocol == "kearns" else chizat)(width)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = objective()
        loss.backward()
        opt.step()
        return loss

    for _ in range(3):
        step()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(steps):
            loss = step()
        loss.item()
        best = min(best, (time.perf_counter() - t0) * 1000 / steps)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"protocol": protocol, "width": width, "ms": best, "version": torch.__version__, "threads": torch.get_num_threads(), "rssMiB": rss}))


if __name__ == "__main__":
    main()
