namespace Warmup.Bench;

/// <summary>One format on one workload, as <c>bench optimizers --json</c> reports it under <c>state_formats</c>.</summary>
/// <param name="Ms">Median ms per step.</param>
/// <param name="SpeedupVsFp32">The float32-state median over this format's, same run.</param>
/// <param name="StateBytes">Optimizer state allocated in the format, bytes.</param>
/// <param name="StateBytesFp32">Optimizer state allocated in float32, bytes.</param>
public sealed record StateFormatFigures(double Ms, double SpeedupVsFp32, long StateBytes, long StateBytesFp32);
