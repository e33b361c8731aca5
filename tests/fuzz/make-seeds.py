#!/usr/bin/env python3
"""Writes the seed corpus of the libFuzzer target to tests/fuzz/corpus/core/.

The target reads its input front to back, one byte per choice (taken modulo the number of
options), so a seed is written here choice by choice: every output mode, grayscale, magnitude,
one kernel or three of different sizes, each kernel family (rank one or not), every border and
padding, strides and dilations, plus matrix and geometry cases. Deterministic: run it again
and the files are the same.  Usage: python3 tests/fuzz/make-seeds.py
"""
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'core')
rng = random.Random(20261201)


def rand(n):
    return [rng.randrange(256) for _ in range(n)]


def options(preset, border, sy=0, sx=0, dy=0, dx=0, margins=(1, 2, 0, 3), constant=0, flip=0):
    # read_options: preset, border, strideY, strideX, dilationY, dilationX (1 + b % 3),
    # four margins (b % 5), constant index (of 12), flip.
    return [preset, border, sy, sx, dy, dx, *margins, constant, flip]


def kernel(h, w, family, scale=0):
    """read_kernel: h - 1, w - 1, family, scale index, refused flag, then the family's weights."""
    out = [h - 1, w - 1, family, scale, 1]
    if family == 0:
        out += rand(h * w)
    elif family == 1:
        out += rand(h + w)
    elif family == 2:
        out += rand(2 * (h + w))
    elif family == 3:
        out += rand(w - 1 + h)
    elif family == 4:
        out += [rng.randrange(h * w), rng.randrange(48)]
    else:
        for _ in range(h * w):
            nonzero = rng.randrange(1, 3)  # not 0 mod 3: a weight follows
            out += [nonzero, *rand(3)]
    return out


def image(w, h, pixels, opts, source, output, gray, bias, kernels, progress=0):
    head = [1, w - 1, h - 1, pixels, *rand(3), *opts, source, output, 0 if gray else 1, bias, progress, 1]
    body = [b for k in kernels for b in k]
    return bytes(head + body + rand(w * h * 5))


def matrix(h, w, kh, kw, opts, mode):
    return bytes([0, h - 1, w - 1, kh - 1, kw - 1, *opts, mode] + rand(8 * (h * w + kh * kw) + 8))


seeds = {}
# Images: every output mode and border, each kernel family at sizes that split (>= 25 weights) or not.
for output in range(4):
    for border in range(5):
        fam = (output + border) % 6
        seeds[f'image-one-{output}-{border}'] = image(
            8, 7, border % 3, options(1, border), 0, output, False, output * 3 % 12,
            [kernel(5 + output % 2, 5, fam, border)])
for fam in range(6):
    seeds[f'image-three-sizes-{fam}'] = image(
        9, 6, fam % 3, options(fam % 4, fam % 5), 1, fam % 4, False, 0,
        [kernel(1, 1, 0), kernel(5, 5, fam), kernel(3, 1 + fam % 3, (fam + 1) % 6)])
    seeds[f'image-magnitude-{fam}'] = image(
        7, 7, 0, options(1, 1), 2, fam % 4, fam % 2 == 0, 2,
        [kernel(3, 3, 0), kernel(5 + fam % 2, 5, fam)])
for filt in range(0, 24, 3):
    seeds[f'image-builtin-{filt}'] = image(
        6, 5, 0, options(1, 1), 3, filt % 4, filt % 2 == 1, 0, [[filt]], progress=1)
seeds['image-flat-zero-sum'] = image(8, 8, 1, options(1, 1), 0, 3, False, 0, [kernel(6, 6, 3, 0)])
seeds['image-spike'] = image(5, 5, 0, options(0, 0), 0, 0, False, 0, [kernel(5, 5, 4, 0)])
seeds['image-stride-dilation'] = image(9, 9, 0, options(3, 2, 1, 2, 1, 0), 1, 1, False, 0,
                                       [kernel(1, 2, 0), kernel(2, 2, 0), kernel(1, 2, 1)])
# Matrices: each value mode and padding preset, strides and dilations, flip.
for mode in range(4):
    for preset in range(4):
        seeds[f'matrix-{mode}-{preset}'] = matrix(
            6 + mode % 3, 7, 3 + preset % 2, 2 + mode % 3,
            options(preset, (mode + preset) % 5, preset % 3, mode % 3, mode % 2, preset % 2,
                    constant=mode + preset, flip=preset % 2), mode)
# Geometry: wild int64 shapes and options.
for g in range(6):
    seeds[f'geometry-{g}'] = bytes([2] + rand(80))

os.makedirs(OUT, exist_ok=True)
for name in os.listdir(OUT):
    os.remove(os.path.join(OUT, name))
for name, data in seeds.items():
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
print(f'{len(seeds)} seeds in {os.path.relpath(OUT)}')
