namespace Warmup.Core.Kernels;

/// <summary>AMSGrad: the update uses max(v_max, v), which it stores.</summary>
internal readonly struct WithMax : IMaxMode
{
    public static bool Enabled => true;
}
