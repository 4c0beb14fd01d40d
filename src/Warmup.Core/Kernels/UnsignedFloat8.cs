namespace Warmup.Core.Kernels;

/// <summary>The codes of sqrt(v): 4 exponent and 4 mantissa bits, no sign.</summary>
internal readonly struct UnsignedFloat8 : IFloat8Map
{
    public static int MantissaBits => 4;

    public static bool Signed => false;

    public static float SubnormalScale => 262144f; // 2^18
}
