namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>One event as read_tfevents.py decoded it.</summary>
internal sealed record ReadBackEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<ReadBackValue> Values);
