#!/usr/bin/env python3
"""A NumPy reference of Warmup's low-precision optimizer state, written for Warmup.Core.Tests (issue 25).

It was written from the specification (the doc comments of Float8Codec, BFloat16Codec, RoundingKey and FormattedKernel,
and the issue), not from the C# code, and computes each result another way than the kernels do:

- Blockwise 8-bit codes with an absolute-maximum scale per block of 2,048 elements and a dynamic (exponent and
  fraction) code: Dettmers, Lewis, Shleifer and Zettlemoyer (2022), "8-bit Optimizers via Block-wise Quantization",
  ICLR 2022, Sections 2.1-2.2, here in base 2 with 4 exponent bits: y = |x| / scale in float32, computed as
  |x| * (1 / scale) when the float32 reciprocal is a normal number and by division otherwise (scales below about
  2^-128, whose reciprocal overflows, and above 2^126, whose reciprocal is subnormal); for y >= 2^-14 the code
  (e << M) | f stands for (1 + f / 2^M) * 2^(e - 15), below it the code c stands for c * 2^-(14 + M); y goes to the
  nearest code, ties to the even code. M = 3 with a sign bit (first moment), M = 4 without (sqrt of the second
  moment). A block whose scale is 0, NaN or infinite has only zero codes (and decodes to 0, or NaN throughout). Here
  the code is found with frexp / ldexp / rint on float32 values (the C# rounds on the bits).
- bfloat16, the top half of an IEEE 754 binary32 (Google Brain's format; round to nearest, ties to even, as IEEE 754
  roundTiesToEven, so that past the largest finite value it rounds to infinity): here by comparing the dropped half
  with 0x8000. A NaN becomes its top half with the quiet bit 0x0040 set. Stochastic rounding adds a 16-bit draw to the
  dropped half; the draw is the low 16 bits of MurmurHash3's 32-bit finalizer fmix32 (Austin Appleby, MurmurHash3.cpp)
  of index * 0x9E3779B1 + key.
- One Adam-family step on blocked state: decode a block to float32, the update in float32 in the operation order of
  PyTorch's single-tensor Adam (Warmup's AdamCoefficients), encode back (8-bit: the new scale is the block's new
  absolute maximum, and the second moment is stored as its square root).

Every array operation is float32 or uint32 (asserted): NumPy would otherwise promote to float64 or int64.

Usage: quantization_reference.py INPUT OUTPUT. INPUT is a sequence of little-endian records, each answered in OUTPUT
in the same order (see the readers below and NumPyReference.cs):
  1 float8:  u32 signed, u32 n, f32[n] x                     -> u32 blocks, f32[blocks] scales, u8[n] codes, f32[n] decoded
  2 bf16:    u64 seed, i64 step, u32 stream, i64 first, u32 n, f32[n] x
                                                             -> u32 key, u16[n] nearest, u16[n] stochastic, f32[n] decoded nearest
  3 adam:    u32 format (1 bf16, 2 int8), u32 kind, f64[8] beta1 beta2 sign l2 decay step_size sqrt_bc2 eps,
             u64 seed, i64 step, i64 first, u32 n, f32[n] p, f32[n] g, then m and v as stored
             (bf16: u16[n]; int8: u8[n] codes, f32[blocks] scales)   -> f32[n] p, then m and v as stored
"""
import struct
import sys

import numpy as np

BLOCK = 2048
F32 = np.float32
U32 = np.uint32
ADAPTIVE, MOMENTUM, MOMENTS_ONLY, SECOND_MOMENT_ONLY = 0, 1, 2, 3


def f32(a):
    assert a.dtype == np.float32, a.dtype
    return a


def u32(a):
    assert a.dtype == np.uint32, a.dtype
    return a


# ---- 8-bit blockwise codes ----

def block_absmax(x):
    """The absolute maximum of each block of BLOCK elements (the last may be partial): float32[blocks]."""
    blocks = (len(x) + BLOCK - 1) // BLOCK
    padded = np.zeros(blocks * BLOCK, dtype=F32)
    padded[:len(x)] = np.abs(x)
    return f32(padded.reshape(blocks, BLOCK).max(axis=1) if blocks else np.zeros(0, dtype=F32))


def per_element(per_block, n):
    return per_block[np.arange(n) // BLOCK]


def encode_magnitude(y, m):
    """The code of each y in [0, 1] (float32), M = m mantissa bits: uint32."""
    f32(y)
    codes = np.zeros(len(y), dtype=U32)
    normal = y >= F32(2.0 ** -14)
    # Normal: y = frac * 2^exp with frac in [0.5, 1), so the binade is 2^(exp - 1); y scaled to [2^M, 2^(M + 1)) is exact.
    frac, exp = np.frexp(y[normal])
    binade = exp.astype(np.int32) - 1
    q = f32(np.rint(f32(np.ldexp(y[normal], (m - binade).astype(np.int32)))))  # ties to even
    carry = q == F32(2 ** (m + 1))
    binade = binade + carry
    q = np.where(carry, F32(2 ** m), q)
    e = binade + 15
    assert np.all((e >= 1) & (e <= 15)), "y outside [2^-14, 1]"
    codes[normal] = (e.astype(U32) << U32(m)) | (q.astype(U32) - U32(2 ** m))
    # Subnormal: the nearest multiple of 2^-(14 + M); 2^M itself is the smallest normal code.
    s = f32(np.rint(f32(np.ldexp(y[~normal], np.int32(14 + m)))))
    codes[~normal] = s.astype(U32)
    return u32(codes)


def decode_magnitude(code, m):
    """The y of each magnitude code: float32, exact."""
    code = u32(code.astype(U32))
    e = (code >> U32(m)).astype(np.int32)
    f = (code & U32(2 ** m - 1)).astype(F32)
    normal = f32(np.ldexp(F32(2 ** m) + f, e - 15 - m))
    subnormal = f32(np.ldexp(code.astype(F32), np.int32(-(14 + m))))
    return f32(np.where(e > 0, normal, subnormal))


def float8_encode(x, signed):
    """Codes (uint8) and scales (float32 per block) of x."""
    m = 3 if signed else 4
    scales = block_absmax(x)
    s = per_element(scales, len(x))
    coded = np.isfinite(s) & (s > F32(0))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        inverse = f32(F32(1) / s)
        by_reciprocal = np.isfinite(inverse) & (inverse >= np.finfo(F32).tiny)
        y = f32(np.where(by_reciprocal, f32(np.abs(x) * inverse), f32(np.abs(x) / s)))
    y = f32(np.where(coded, y, F32(0)))
    codes = encode_magnitude(y, m)
    if signed:
        codes |= np.where(coded & (x < 0), U32(0x80), U32(0))
    return codes.astype(np.uint8), scales


def float8_decode(codes, scales, signed):
    m = 3 if signed else 4
    c = codes.astype(U32)
    y = decode_magnitude(c & U32(0x7F) if signed else c, m)
    with np.errstate(invalid="ignore"):  # 0 times a NaN or infinite scale
        x = f32(y * per_element(scales, len(codes)))
    if signed:
        x = f32(np.where((c & U32(0x80)) != 0, -x, x))
    return x


# ---- bfloat16 ----

def fmix32(h):
    """MurmurHash3's 32-bit finalizer, on uint32 arrays."""
    h = u32(h)
    h = h ^ (h >> U32(16))
    h = u32(h * U32(0x85EBCA6B))
    h = h ^ (h >> U32(13))
    h = u32(h * U32(0xC2B2AE35))
    return u32(h ^ (h >> U32(16)))


def fmix32_int(h):
    return int(fmix32(np.array([h & 0xFFFFFFFF], dtype=U32))[0])


def rounding_key(seed, step, stream):
    """The key of a tensor's draws at a step (RoundingKey.Of): fmix32 of the seed with the mixed step and stream."""
    low, high = seed & 0xFFFFFFFF, seed >> 32
    step_low, step_high = step & 0xFFFFFFFF, (step >> 32) & 0xFFFFFFFF
    a = fmix32_int(high ^ ((step_low * 0x85EBCA77) & 0xFFFFFFFF))
    b = fmix32_int(step_high + stream * 0xC2B2AE3D + 0x27D4EB2F)
    return fmix32_int(low ^ a ^ b)


def draws(key, first, n):
    index = ((np.arange(n, dtype=np.int64) + first) & 0xFFFFFFFF).astype(U32)
    return fmix32(u32(index * U32(0x9E3779B1)) + U32(key))


def bits(x):
    return u32(f32(x).view(U32))


def bf16_nearest(x):
    b = bits(x)
    kept, dropped = b >> U32(16), b & U32(0xFFFF)
    up = (dropped > U32(0x8000)) | ((dropped == U32(0x8000)) & ((kept & U32(1)) == U32(1)))
    return keep_nan(x, u32(kept + up.astype(U32)))


def bf16_stochastic(x, key, first):
    return keep_nan(x, u32(bits(x) + (draws(key, first, len(x)) & U32(0xFFFF))) >> U32(16))


def keep_nan(x, rounded):
    """The rounded top halves as uint16, a NaN's being its own top half with the quiet bit set."""
    return np.where(np.isnan(x), (bits(x) >> U32(16)) | U32(0x40), rounded).astype(np.uint16)


def bf16_decode(h):
    return f32((h.astype(U32) << U32(16)).view(F32))


# ---- one Adam-family step on blocked state ----

def adam(kind, c, p, g, m, v):
    """One step in float32 (AdamCoefficients' formula and operation order); returns p, m, v."""
    beta1, beta2, sign, l2, decay, step_size, sqrt_bc2, eps = c
    k = [F32(beta1), F32(1.0 - beta1), F32(beta2), F32(1.0 - beta2), F32(sign), F32(l2), F32(decay), F32(step_size), F32(sqrt_bc2), F32(eps)]
    b1, ob1, b2, ob2, sgn, l2, dec, lr, sbc2, eps = k
    g = f32(g * sgn + p * l2)
    if kind != SECOND_MOMENT_ONLY:
        m = f32(m * b1 + g * ob1)
    v = f32(v * b2 + (g * ob2) * g)
    if kind == ADAPTIVE:
        p = f32(p * dec - (lr * m) / (np.sqrt(v) / sbc2 + eps))
    elif kind == MOMENTUM:
        p = f32(p * dec - lr * m)
    return p, m, v


# ---- the record stream ----

class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def scalar(self, fmt):
        (value,) = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return value

    def array(self, dtype, n):
        a = np.frombuffer(self.data, dtype=np.dtype(dtype).newbyteorder("<"), count=n, offset=self.at).astype(dtype)
        self.at += a.nbytes
        return a


def float8_record(r, out):
    signed, n = r.scalar("I") != 0, r.scalar("I")
    x = r.array(F32, n)
    codes, scales = float8_encode(x, signed)
    out += struct.pack("<I", len(scales)) + scales.tobytes() + codes.tobytes() + float8_decode(codes, scales, signed).tobytes()


def bf16_record(r, out):
    seed, step, stream, first, n = r.scalar("Q"), r.scalar("q"), r.scalar("I"), r.scalar("q"), r.scalar("I")
    x = r.array(F32, n)
    key = rounding_key(seed, step, stream)
    nearest = bf16_nearest(x)
    out += struct.pack("<I", key) + nearest.tobytes() + bf16_stochastic(x, key, first).tobytes() + bf16_decode(nearest).tobytes()


def adam_record(r, out):
    fmt, kind = r.scalar("I"), r.scalar("I")
    c = [r.scalar("d") for _ in range(8)]
    seed, step, first, n = r.scalar("Q"), r.scalar("q"), r.scalar("q"), r.scalar("I")
    assert first % BLOCK == 0
    p, g = r.array(F32, n), r.array(F32, n)
    blocks = (n + BLOCK - 1) // BLOCK
    if fmt == 1:
        m, v = bf16_decode(r.array(np.uint16, n)), bf16_decode(r.array(np.uint16, n))
    else:
        m_codes, m_scales = r.array(np.uint8, n), r.array(F32, blocks)
        v_codes, v_scales = r.array(np.uint8, n), r.array(F32, blocks)
        m = float8_decode(m_codes, m_scales, signed=True)
        root = float8_decode(v_codes, v_scales, signed=False)
        v = f32(root * root)
    p, m, v = adam(kind, c, p, g, m, v)
    out += p.tobytes()
    if fmt == 1:
        # One draw per element for both moments: m takes its low 16 bits, v its high 16 (EncodeStochasticPair).
        d = draws(rounding_key(seed, step, 0), first, n)
        out += keep_nan(m, u32(bits(m) + (d & U32(0xFFFF))) >> U32(16)).tobytes()
        out += keep_nan(v, u32(bits(v) + (d >> U32(16))) >> U32(16)).tobytes()
    else:
        for codes, scales in (float8_encode(m, signed=True), float8_encode(f32(np.sqrt(v)), signed=False)):
            out += codes.tobytes() + scales.tobytes()


def main():
    with open(sys.argv[1], "rb") as f:
        r = Reader(f.read())
    out = bytearray()
    records = {1: float8_record, 2: bf16_record, 3: adam_record}
    while r.at < len(r.data):
        records[r.scalar("I")](r, out)
    with open(sys.argv[2], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
