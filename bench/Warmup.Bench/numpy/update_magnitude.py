#!/usr/bin/env python3
"""A straightforward NumPy version of Ma & Yarats' Fig. 2 simulation, for `warmup bench analyses`.

Adam (beta1 0.9, beta2 0.999, eps 0) on i.i.d. N(0, 1) gradients for PARAMETERS parameters over ITERATIONS
iterations; at each iteration the 2.5/25/50/75/97.5 % quantiles of |update| / lr (np.quantile, linear method).
Prints one JSON object: seconds (the simulation only, not the import), and a few medians to compare.
Usage: update_magnitude.py [PARAMETERS [ITERATIONS [SEED]]]
"""
import json
import sys
import time

import numpy as np


def main():
    parameters = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    beta1, beta2 = 0.9, 0.999
    probabilities = [0.025, 0.25, 0.5, 0.75, 0.975]

    rng = np.random.default_rng(seed)
    m = np.zeros(parameters)
    v = np.zeros(parameters)
    quantiles = np.empty((iterations, len(probabilities)))
    start = time.perf_counter()
    for t in range(1, iterations + 1):
        g = rng.standard_normal(parameters)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        update = np.abs((m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t)))
        quantiles[t - 1] = np.quantile(update, probabilities)
    seconds = time.perf_counter() - start

    print(json.dumps({
        "seconds": seconds,
        "parameters": parameters,
        "iterations": iterations,
        "numpy": np.__version__,
        "median_at": {str(t): float(quantiles[t - 1, 2]) for t in (1, 40, iterations)},
    }))


if __name__ == "__main__":
    main()
