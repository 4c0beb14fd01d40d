namespace Warmup.Core.Updates;

/// <summary>
/// How an adaptive optimizer stores a parameter's moments m and v. The update is computed in float32 whatever the
/// format; the format decides what is kept between steps, and so the bytes a step moves and the memory the state takes.
/// </summary>
public enum StateFormat
{
    /// <summary>m and v in float32: 8 bytes of state per parameter (the default).</summary>
#pragma warning disable CA1720 // The dtypes' own names, as in torch.float32.
    Float32,
#pragma warning restore CA1720

    /// <summary>
    /// m and v in bfloat16 (float32's exponent, 8 significant bits), rounded stochastically: 4 bytes per parameter.
    /// Stochastic, because with beta2 near 1 a step changes v by less than half a bfloat16 unit, so rounding to nearest
    /// would freeze v; the rounding draws are a hash of a seed, the step and the element's index, so results repeat and
    /// do not depend on the thread count.
    /// </summary>
    BFloat16,

    /// <summary>
    /// m and sqrt(v) in 8 bits per element with a float32 scale (the absolute maximum) per block of
    /// <see cref="StateFormats.BlockElements"/>: about 2 bytes per parameter. Dettmers et al. (2022)'s blockwise dynamic
    /// quantization in base 2: m as a sign, 4 exponent and 3 mantissa bits of m / scale, sqrt(v) as 4 exponent and 4
    /// mantissa bits of sqrt(v) / scale (subnormals below 2^-14 of the scale), rounded to nearest.
    /// </summary>
    Int8Blockwise,
}
