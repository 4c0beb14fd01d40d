namespace Warmup.Core.Maths;

/// <summary>Adam's bias corrections (Kingma and Ba 2014, Algorithm 1).</summary>
public static class BiasCorrection
{
    /// <summary>
    /// 1 - beta^t for a 1-based step t: the total weight of an exponential moving average with decay
    /// <paramref name="beta"/> after t steps from a zero start. Computed as <c>1 - Math.Pow(beta, t)</c>, exactly as
    /// PyTorch and TorchSharp do, so that step sizes agree to the last bit.
    /// </summary>
    /// <param name="beta">Decay rate in [0, 1).</param>
    /// <param name="t">1-based step.</param>
    public static double Of(double beta, long t) => 1.0 - Math.Pow(beta, t);
}
