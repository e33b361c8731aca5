"""Writes the seed corpus of tests/fuzz/fuzz_tensor.cpp: for each case kind (byte 0) and value
mode (byte 1, exact or not), inputs long enough that every shape, option and value is read
from them rather than from the zeros an exhausted input reads as. Deterministic, so the
seeds in the repository can be rewritten by running this again."""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "tensor")
KINDS = ["signal", "transpose", "layer", "pool", "geometry"]


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20261201)
    for kind, name in enumerate(KINDS):
        for exact in (0, 1):
            for k in range(4):
                body = bytes(rng.randrange(256) for _ in range(700))
                with open(os.path.join(OUT, f"{name}-{'exact' if exact == 0 else 'wide'}-{k}"), "wb") as f:
                    f.write(bytes([kind, exact]) + body)


if __name__ == "__main__":
    main()
