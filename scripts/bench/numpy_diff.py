"""The plain numpy way to compute a checkpoint diff's core statistics, for the benchmark's ratio.

Usage: python3 numpy_diff.py BASE HEAD DTYPE THRESHOLD

It reads every tensor of both safetensors files as written, in whole-array numpy operations on
slices of at most 2**26 elements (so memory stays near 2 GiB whatever the file size), and prints
one JSON line with the seconds spent and the figures, which the benchmark checks against
model-diff's. It follows the natural script a user would write: NaN-aware maximum, float64 sums,
and no special handling of NaN or signed zero in the changed count.
"""

import json
import struct
import sys
import time

import numpy as np

SLICE = 2**26


def tensors(path):
    with open(path, "rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    header.pop("__metadata__", None)
    return 8 + length, sorted(header.items(), key=lambda item: item[1]["data_offsets"][0])


def as_float32(raw, dtype):
    if dtype == "BF16":
        return (raw.astype(np.uint32) << 16).view(np.float32)
    if dtype == "F16":
        return raw.astype(np.float32)
    return raw


def main():
    base_path, head_path, dtype, threshold = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    storage = {"BF16": np.uint16, "F16": np.float16, "F32": np.float32}[dtype]
    width = np.dtype(storage).itemsize
    start = time.perf_counter()
    offset, entries = tensors(base_path)
    base = np.memmap(base_path, dtype=np.uint8, mode="r")
    head = np.memmap(head_path, dtype=np.uint8, mode="r")
    changed = 0
    max_abs = 0.0
    sum_sq = 0.0
    # inf - inf gives NaN with a warning; the natural script counts it as unchanged and goes on.
    np.seterr(invalid="ignore")
    for _, entry in entries:
        first, last = entry["data_offsets"]
        for position in range(first, last, SLICE * width):
            end = min(last, position + SLICE * width)
            a = as_float32(np.frombuffer(base[offset + position : offset + end], dtype=storage), dtype)
            b = as_float32(np.frombuffer(head[offset + position : offset + end], dtype=storage), dtype)
            delta = np.abs(a - b)
            changed += int(np.count_nonzero(delta > threshold))
            max_abs = max(max_abs, float(np.nanmax(delta)))
            delta64 = delta.astype(np.float64)
            sum_sq += float(np.dot(delta64, delta64))
    seconds = time.perf_counter() - start
    # Infinity is not JSON, so the two floats that may be infinite are written as text.
    print(json.dumps({"seconds": seconds, "changed": changed, "max_abs": repr(max_abs), "sum_sq": repr(sum_sq)}))


if __name__ == "__main__":
    main()
