namespace Warmup.Bench;

/// <summary>A memory-streaming pattern timed by <see cref="StreamBandwidth"/>.</summary>
public enum StreamPattern
{
    /// <summary>McCalpin's STREAM triad a = b + s * c, with non-temporal stores to a (no write-allocate read).</summary>
    Triad,

    /// <summary>The in-place a = a + s * b: like the optimizers, every written line was just read.</summary>
    InPlaceAxpy,
}
