namespace Warmup.Experiments.Tests.Training.Watching;

/// <summary>A wall clock that always says the same time, so that the events' wall_time can be checked.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>1.5e9 s after the Unix epoch (2017-07-14 02:40 UTC): exactly representable as a double.</summary>
    public static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1_500_000_000);

    public FixedClock()
        : this(Time)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}
