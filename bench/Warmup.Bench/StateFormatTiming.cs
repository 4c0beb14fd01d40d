using Warmup.Core.Updates;

namespace Warmup.Bench;

/// <summary>AdamW's step with its moments in one <see cref="StateFormat"/>, timed in the same rounds as the float32-state step and TorchSharp's.</summary>
/// <param name="Format">The format.</param>
/// <param name="Workload">The workload's name.</param>
/// <param name="Elements">Parameters updated per step.</param>
/// <param name="Milliseconds">Median ms per step in this format.</param>
/// <param name="BestMilliseconds">Fastest step in this format.</param>
/// <param name="Float32Milliseconds">Median ms per step with float32 state, same rounds.</param>
/// <param name="TorchSharpMilliseconds">Median ms per step of TorchSharp's AdamW, same rounds.</param>
/// <param name="StateBytes">Bytes of optimizer state allocated in this format, summed over the state's tensors after the warm-up steps (codes, scales, moments).</param>
/// <param name="StateBytesFloat32">The same for the float32-state optimizer.</param>
/// <param name="ComputeMilliseconds">The step's time when memory is not the limit: this format's median step on a tensor that stays in cache (<see cref="StateFormatBenchmark.CachedElements"/>), scaled to the workload's elements.</param>
/// <param name="Float32ComputeMilliseconds">The same for float32 state.</param>
public sealed record StateFormatTiming(
    StateFormat Format,
    string Workload,
    long Elements,
    double Milliseconds,
    double BestMilliseconds,
    double Float32Milliseconds,
    double TorchSharpMilliseconds,
    long StateBytes,
    long StateBytesFloat32,
    double ComputeMilliseconds,
    double Float32ComputeMilliseconds)
{
    /// <summary>The short name used in reports and JSON: fp32, bf16, int8.</summary>
    public string Name => NameOf(Format);

    /// <summary>The float32-state median over this format's median.</summary>
    public double SpeedupVsFloat32 => Float32Milliseconds / Milliseconds;

    /// <summary>TorchSharp's median over this format's median.</summary>
    public double SpeedupVsTorchSharp => TorchSharpMilliseconds / Milliseconds;

    /// <summary>
    /// Bytes a step moves per parameter: read p and g (float32), read and write m and v in the format, write p; 8-bit adds
    /// two float32 scales read and written per 2,048 elements. Float32 28, bfloat16 20, 8-bit 16.008.
    /// </summary>
    public double BytesPerParameter => BytesMoved(Format);

    /// <summary>Achieved traffic at the best step, GB/s.</summary>
    public double GigabytesPerSecond => BytesPerParameter * Elements / (BestMilliseconds / 1e3) / 1e9;

    /// <summary>The float32 state's bytes over this format's.</summary>
    public double StateShrink => (double)StateBytesFloat32 / StateBytes;

    /// <summary>fp32, bf16 or int8.</summary>
    public static string NameOf(StateFormat format) => format switch
    {
        StateFormat.BFloat16 => "bf16",
        StateFormat.Int8Blockwise => "int8",
        _ => "fp32",
    };

    /// <summary>Bytes moved per parameter by a step in <paramref name="format"/> (see <see cref="BytesPerParameter"/>).</summary>
    public static double BytesMoved(StateFormat format) => 12 + (format switch
    {
        StateFormat.BFloat16 => 2 * 2 * 2,
        StateFormat.Int8Blockwise => (2 * 2 * 1) + (2 * 2 * 4.0 / StateFormats.BlockElements),
        _ => 2 * 2 * 4,
    });
}
