namespace Warmup.Core.Kernels;

/// <summary>A layout of <see cref="Float8Codec"/>'s codes: its mantissa bits and whether bit 7 is a sign.</summary>
internal interface IFloat8Map
{
    /// <summary>Mantissa bits M (the exponent has 4).</summary>
    static abstract int MantissaBits { get; }

    /// <summary>Bit 7 holds the sign (then the magnitude has 7 bits).</summary>
    static abstract bool Signed { get; }

    /// <summary>2^(14 + M): subnormal codes are y times this, rounded.</summary>
    static abstract float SubnormalScale { get; }
}
