# PyTorch peer of bench/ntk.mjs: the empirical NTK of the same architecture (3 hidden ReLU layers,
# NTK parameterization, no bias, d = 100) by autograd per-example Jacobians (functorch vmap(jacrev))
# contracted J_a J_bᵀ in blocks of 32 points, as a user of PyTorch would without a factorization.
# Usage: python3 bench/ntk_peer.py N WIDTH [N_TIMED]; prints one JSON line.
import json, math, sys, time
import torch

try:
    from torch.func import functional_call, jacrev, vmap
except ImportError:  # torch < 2.0
    from functorch import jacrev, vmap
    from torch.nn.utils.stateless import functional_call

torch.set_num_threads(2)
n, width = int(sys.argv[1]), int(sys.argv[2])
n_timed = int(sys.argv[3]) if len(sys.argv) > 3 else n
d = 100
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        dims = [d, width, width, width, 1]
        self.ws = torch.nn.ParameterList([torch.nn.Parameter(torch.randn(a, b)) for a, b in zip(dims, dims[1:])])

    def forward(self, x):
        for l, w in enumerate(self.ws):
            x = x @ w / math.sqrt(w.shape[0])
            if l < len(self.ws) - 1:
                x = torch.relu(x)
        return x.squeeze(-1)


net = Net()
params = {k: v.detach() for k, v in net.named_parameters()}
x = torch.rand(n_timed, d) * 2 - 1


def f(p, xi):
    return functional_call(net, p, (xi.unsqueeze(0),)).squeeze(0)


def jac(block):
    j = vmap(jacrev(f), (None, 0))(params, block)
    return [t.reshape(block.shape[0], -1) for t in j.values()]


B = 32
t0 = time.perf_counter()
K = torch.zeros(n_timed, n_timed)
blocks = [x[i:i + B] for i in range(0, n_timed, B)]
for a, xa in enumerate(blocks):
    ja = jac(xa)
    for b in range(a, len(blocks)):
        jb = ja if b == a else jac(blocks[b])
        kab = sum(p @ q.T for p, q in zip(ja, jb))
        K[a * B:a * B + xa.shape[0], b * B:b * B + blocks[b].shape[0]] = kab
        K[b * B:b * B + blocks[b].shape[0], a * B:a * B + xa.shape[0]] = kab.T
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "points": n_timed, "torch": torch.__version__, "threads": torch.get_num_threads()}))
