namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>A histogram as read_tfevents.py decoded it.</summary>
internal sealed record ReadBackHistogram(double Min, double Max, double Count, double Sum, double SumSquares, IReadOnlyList<double> BucketLimits, IReadOnlyList<double> Buckets);
