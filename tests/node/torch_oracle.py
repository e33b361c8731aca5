"""Answers the cases of tests/node/oracle-torch.test.mjs with PyTorch and NumPy (float64).

Reads a JSON list of cases on stdin and writes a JSON list of results (flat lists of numbers,
with their shape) to stdout. Each case names the library call it stands for; the engine's
options are translated here into that library's terms, so the test compares the engine with
the libraries' own definitions rather than with a second copy of ours.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F


def tensor(flat, shape):
    return torch.tensor(flat, dtype=torch.float64).reshape(shape)


def answer(case):
    kind = case["kind"]
    if kind == "convolve1d":
        # numpy.convolve is true convolution; mode 'full' or 'valid'.
        y = np.convolve(np.array(case["signal"], dtype=np.float64), np.array(case["kernel"], dtype=np.float64),
                        case["mode"])
        return {"shape": [len(y)], "data": y.tolist()}
    if kind == "convolveTranspose":
        h, w = case["inputShape"]
        m, n = case["kernelShape"]
        x = tensor(case["input"], (1, 1, h, w))
        k = tensor(case["kernel"], (1, 1, m, n))
        y = F.conv_transpose2d(x, k, stride=tuple(case["stride"]), padding=tuple(case["padding"]),
                               output_padding=tuple(case["outputPadding"]), dilation=tuple(case["dilation"]))
        return {"shape": list(y.shape[2:]), "data": y.flatten().tolist()}
    if kind == "convLayer":
        c, h, w = case["inputShape"]
        o, ci, m, n = case["weightsShape"]
        x = tensor(case["input"], (1, c, h, w))
        top, bottom, left, right = case["padding"]
        # Zero padding on each side first, so unequal margins are the library's own padding too.
        x = F.pad(x, (left, right, top, bottom))
        k = tensor(case["weights"], (o, ci, m, n))
        b = torch.tensor(case["bias"], dtype=torch.float64)
        y = F.conv2d(x, k, b, stride=tuple(case["stride"]), dilation=tuple(case["dilation"]))
        return {"shape": list(y.shape[1:]), "data": y.flatten().tolist()}
    if kind == "pool":
        c, h, w = case["shape"]
        x = tensor(case["tensor"], (1, c, h, w))
        size, stride = tuple(case["window"]), tuple(case["stride"])
        y = F.max_pool2d(x, size, stride) if case["mode"] == "max" else F.avg_pool2d(x, size, stride)
        return {"shape": list(y.shape[1:]), "data": y.flatten().tolist()}
    if kind == "relu":
        y = torch.relu(torch.tensor(case["tensor"], dtype=torch.float64))
        return {"shape": [len(case["tensor"])], "data": y.tolist()}
    raise ValueError("unknown case kind " + kind)


def main():
    cases = json.load(sys.stdin)
    json.dump([answer(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
