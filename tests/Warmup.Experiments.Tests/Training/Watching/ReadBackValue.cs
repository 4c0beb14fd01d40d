namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>One value of an event's summary as read_tfevents.py decoded it: a scalar, or a histogram.</summary>
internal sealed record ReadBackValue(string Tag, float? Scalar, ReadBackHistogram? Histogram);
