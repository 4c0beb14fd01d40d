namespace Warmup.Core.Kernels;

/// <summary>The step: every result is stored.</summary>
internal readonly struct Store : IStoreMode
{
    public static bool Enabled => true;
}
