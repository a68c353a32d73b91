"""PyTorch reference for the budget "one MNIST epoch no slower than PyTorch on the same CPU":
the same model (W_in, frozen random W_rec at spectral radius 0.9, T = 5, tanh, readout),
Adam lr 1e-3, batch 64, cross-entropy, on the prepared public/data/mnist files.
Usage: python benches/pytorch_reference.py [threads] [hidden]   (needs torch and numpy)
`devcircuit bench train` prints its hidden-unit count (78 for seed 1); pass the same here."""
import sys, time
import numpy as np
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
n = int(sys.argv[2]) if len(sys.argv) > 2 else 85
torch.set_num_threads(threads)
torch.manual_seed(1)
root = __file__.rsplit("/", 2)[0] + "/public/data/mnist/"
load = lambda n: np.fromfile(root + n, dtype=np.uint8)
xtr = torch.tensor(load("train-images.u8").reshape(-1, 784), dtype=torch.float32) / 255 - 0.5
ytr = torch.tensor(load("train-labels.u8"), dtype=torch.long)
xte = torch.tensor(load("test-images.u8").reshape(-1, 784), dtype=torch.float32) / 255 - 0.5
yte = torch.tensor(load("test-labels.u8"), dtype=torch.long)

steps = 5
w = torch.randn(n, n)
w *= 0.9 / torch.linalg.eigvals(w).abs().max()
w_in = torch.nn.Linear(784, n)
out = torch.nn.Linear(n, 10)
params = list(w_in.parameters()) + list(out.parameters())
opt = torch.optim.Adam(params, lr=1e-3)

def forward(x):
    drive = w_in(x)
    h = torch.zeros(x.shape[0], n)
    for _ in range(steps):
        h = torch.tanh(drive + h @ w)
    return out(h)

perm = torch.randperm(len(ytr))
t0 = time.perf_counter()
for i in range(0, len(ytr), 64):
    idx = perm[i:i + 64]
    loss = torch.nn.functional.cross_entropy(forward(xtr[idx]), ytr[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
secs = time.perf_counter() - t0
with torch.no_grad():
    acc = (forward(xte).argmax(1) == yte).float().mean().item()
print(f"PyTorch {torch.__version__}, {threads} thread(s), {n} hidden units: MNIST epoch {secs:.2f} s, {len(ytr) / secs:.0f} samples/s, test accuracy {acc * 100:.2f} %")
