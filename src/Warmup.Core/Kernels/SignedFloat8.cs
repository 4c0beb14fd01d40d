namespace Warmup.Core.Kernels;

/// <summary>The first moment's codes: a sign bit, 4 exponent and 3 mantissa bits.</summary>
internal readonly struct SignedFloat8 : IFloat8Map
{
    public static int MantissaBits => 3;

    public static bool Signed => true;

    public static float SubnormalScale => 131072f; // 2^17
}
