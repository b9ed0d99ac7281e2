"""PyTorch eager (CPU) on the two reference CNNs of `minima bench --cnn`, for the README's comparison.

Same shapes, batch sizes, thread count and FLOP definition as Minima: VGG-style on 28x28x1
(conv3x3 32-32, maxpool 2, conv 64-64, maxpool 2, dense 128, dense 10) and ResNet-8 on 32x32x3
(conv 16, one basic block per stage at 16/32/64, stride 2 and 1x1 conv + BN projections at
stages 2 and 3, global average pool, dense 10). Training: forward, backward and an SGD step
(lr 0.01) per batch on random inputs in [0, 1) and random labels, after 10 warm-up steps. HVP:
one Hessian-vector product by double backward over 512 samples (BN in training mode), from scratch.
FLOP per sample counts 2 per multiply-add of every conv and linear product: forward, weight
gradient and input gradient (not for the first layer).

    python3 -m venv ~/venv-torch && ~/venv-torch/bin/pip install --no-deps 'torch==2.13.0+cpu'
    ~/venv-torch/bin/pip install filelock typing-extensions sympy networkx jinja2 fsspec numpy
    ~/venv-torch/bin/python Tests/Peers/pytorch_cnn_bench.py --threads 2 [--channels-last]
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def vgg():
    c = lambda i, o: nn.Conv2d(i, o, 3, padding=1)
    return nn.Sequential(c(1, 32), nn.ReLU(), c(32, 32), nn.ReLU(), nn.MaxPool2d(2),
                         c(32, 64), nn.ReLU(), c(64, 64), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


class Block(nn.Module):
    def __init__(self, i, o, stride):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(i, o, 3, stride, 1), nn.BatchNorm2d(o), nn.ReLU(),
                                  nn.Conv2d(o, o, 3, 1, 1), nn.BatchNorm2d(o))
        self.shortcut = nn.Identity() if stride == 1 else nn.Sequential(nn.Conv2d(i, o, 1, stride), nn.BatchNorm2d(o))

    def forward(self, x):
        return F.relu(self.body(x) + self.shortcut(x))


def resnet8():
    return nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1), nn.BatchNorm2d(16), nn.ReLU(),
                         Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def training_flop(model, shape):
    """2 FLOP per multiply-add: forward, weight gradient, input gradient (except the first layer)."""
    macs = []

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            k = module.in_channels * module.kernel_size[0] * module.kernel_size[1]
            macs.append(output[0].numel() * k)
        elif isinstance(module, nn.Linear):
            macs.append(module.in_features * module.out_features)

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model.eval()
        model(torch.zeros(1, *shape))
        model.train()
    for h in handles:
        h.remove()
    return 6 * sum(macs) - 2 * macs[0], sum(macs)


def train_rate(model, shape, batch, samples, channels_last):
    torch.manual_seed(1)
    x = torch.rand(samples, *shape)
    y = torch.randint(0, 10, (samples,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    steps = samples // batch

    def step(s):
        xb, yb = x[s * batch % samples:][:batch], y[s * batch % samples:][:batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()

    for s in range(10):
        step(s % steps)
    start = time.perf_counter()
    for s in range(steps):
        step(s)
    return steps * batch / (time.perf_counter() - start)


def hvp_seconds(model, shape, samples):
    torch.manual_seed(2)
    x, y = torch.rand(samples, *shape), torch.randint(0, 10, (samples,))
    params = [p for p in model.parameters()]
    v = [torch.randn_like(p) for p in params]

    def once():
        loss = F.cross_entropy(model(x), y)
        grads = torch.autograd.grad(loss, params, create_graph=True)
        dot = sum((g * u).sum() for g, u in zip(grads, v))
        return torch.autograd.grad(dot, params)

    once()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        once()
        best = min(best, time.perf_counter() - start)
    return best


def sgemm_gflops(size=2048):
    a, b = torch.rand(size, size), torch.rand(size, size)
    a @ b
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size ** 3 / best / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, nargs="+", default=[32, 128])
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--hvp-samples", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--channels-last", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, channels_last={args.channels_last}")
    print("model      batch   samples/s   FLOP/sample  train GFLOP/s  sgemm GFLOP/s  efficiency")
    for name, make, shape in [("vgg-28", vgg, (1, 28, 28)), ("resnet-8", resnet8, (3, 32, 32))]:
        flop, macs = training_flop(make(), shape)
        for batch in args.batch:
            rate, sgemm = 0.0, 0.0
            for _ in range(args.repeats):
                sgemm = max(sgemm, sgemm_gflops())
                rate = max(rate, train_rate(make(), shape, batch, args.samples, args.channels_last))
            gflops = rate * flop / 1e9
            print(f"{name:10} {batch:5d} {rate:11.0f} {flop:13d} {gflops:14.1f} {sgemm:14.1f} {gflops / sgemm:11.3f}")
        seconds = hvp_seconds(make(), shape, args.hvp_samples)
        print(f"{name:10} hvp over {args.hvp_samples} samples: {seconds:.4f} s")


if __name__ == "__main__":
    main()
