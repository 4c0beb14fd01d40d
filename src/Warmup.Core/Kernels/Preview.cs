namespace Warmup.Core.Kernels;

/// <summary>A read-only preview of the step: nothing is stored.</summary>
internal readonly struct Preview : IStoreMode
{
    public static bool Enabled => false;
}
