using TorchSharp;

namespace Warmup.Experiments.Models;

/// <summary>
/// Scalars held for the life of the process, for TorchSharp calls whose short forms would create a Scalar no caller can
/// hold (<c>x + y</c> is <c>x.add(y, 1)</c> with a temporary 1 the GC may free mid-call: analyzer rule WU0002).
/// </summary>
internal static class HeldScalars
{
    /// <summary>The integer 1, as TorchSharp's own short forms pass it (alpha of <c>add</c>, step of <c>arange</c>).</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 0 (start of <c>arange</c>).</summary>
    public static readonly Scalar Zero = 0.ToScalar();
}
