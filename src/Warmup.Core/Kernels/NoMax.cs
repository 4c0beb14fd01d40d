namespace Warmup.Core.Kernels;

/// <summary>No AMSGrad: the update uses v.</summary>
internal readonly struct NoMax : IMaxMode
{
    public static bool Enabled => false;
}
