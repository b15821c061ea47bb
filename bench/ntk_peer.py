"""PyTorch peer of bench/ntk.mjs: the empirical NTK of the same architecture (3 hidden ReLU
layers, NTK parameterization, no bias, d = 100, scalar output), as a block server.

usage: python3 bench/ntk_peer.py <factorized|jacobian|verify> N WIDTH THREADS
  factorized : the per-layer factorization lazylab uses, Θ = Σ_l (Δ_l Δ_lᵀ) ⊙ (Ã_{l-1} Ã_{l-1}ᵀ)
               with Ã_{l-1} the scaled layer inputs and Δ_l = ∂h/∂z_l, written in torch: the
               reference peer (same algorithm, so the ratio measures the backends).
  jacobian   : autograd per-example Jacobians (vmap(jacrev)) contracted J_a J_bᵀ in blocks of 32
               points, as a PyTorch user would without a factorization.
  verify     : prints the relative Frobenius difference of the two kernels on N points.
Server: prints a ready line; each line on stdin computes the kernel once and prints
{"ms": ..., "trace": ...}; an empty line or EOF ends it. Threads are pinned before torch loads.
"""
import os
import sys

THREADS = sys.argv[4] if len(sys.argv) > 4 else "1"
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS

import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

try:
    from torch.func import functional_call, jacrev, vmap
except ImportError:  # torch < 2.0
    from functorch import jacrev, vmap
    from torch.nn.utils.stateless import functional_call

torch.set_num_threads(int(THREADS))
variant, n, width = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = 100
torch.manual_seed(0)
dims = [d, width, width, width, 1]
ws = [torch.randn(a, b) for a, b in zip(dims, dims[1:])]
cs = [1 / math.sqrt(a) for a in dims[:-1]]
x = torch.rand(n, d) * 2 - 1


@torch.no_grad()
def factorized(x):
    inputs, acts = [], []
    a = x
    for l, w in enumerate(ws):
        inputs.append(a * cs[l])
        z = inputs[-1] @ w
        if l < len(ws) - 1:
            a = torch.relu(z)
            acts.append(a)
    delta = torch.ones(x.shape[0], 1)
    k = torch.zeros(x.shape[0], x.shape[0])
    for l in range(len(ws) - 1, -1, -1):
        k += (delta @ delta.T) * (inputs[l] @ inputs[l].T)
        if l > 0:
            delta = torch.ops.aten.threshold_backward((delta @ ws[l].T) * cs[l], acts[l - 1], 0)
    return k


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ws = torch.nn.ParameterList([torch.nn.Parameter(w.clone()) for w in ws])

    def forward(self, x):
        for l, w in enumerate(self.ws):
            x = (x * cs[l]) @ w
            if l < len(self.ws) - 1:
                x = torch.relu(x)
        return x.squeeze(-1)


net = Net()
params = {k: v.detach() for k, v in net.named_parameters()}


def f(p, xi):
    return functional_call(net, p, (xi.unsqueeze(0),)).squeeze(0)


def jac(block):
    j = vmap(jacrev(f), (None, 0))(params, block)
    return [t.reshape(block.shape[0], -1) for t in j.values()]


def jacobian(x, B=32):
    k = torch.zeros(x.shape[0], x.shape[0])
    blocks = [x[i:i + B] for i in range(0, x.shape[0], B)]
    for a, xa in enumerate(blocks):
        ja = jac(xa)
        for b in range(a, len(blocks)):
            jb = ja if b == a else jac(blocks[b])
            kab = sum(p @ q.T for p, q in zip(ja, jb))
            k[a * B:a * B + xa.shape[0], b * B:b * B + blocks[b].shape[0]] = kab
            k[b * B:b * B + blocks[b].shape[0], a * B:a * B + xa.shape[0]] = kab.T
    return k


if variant == "verify":
    kf, kj = factorized(x), jacobian(x)
    print(json.dumps({"relDiff": float((kf - kj).norm() / kj.norm()), "points": n}))
    sys.exit(0)
kernel = factorized if variant == "factorized" else jacobian
kernel(x[:10])
print(json.dumps({"ready": True, "variant": variant, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    if not line.strip():
        break
    t0 = time.perf_counter()
    k = kernel(x)
    print(json.dumps({"ms": (time.perf_counter() - t0) * 1000, "trace": float(k.trace())}), flush=True)
