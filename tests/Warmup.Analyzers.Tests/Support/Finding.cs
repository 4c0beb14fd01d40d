namespace Warmup.Analyzers.Tests.Support;

/// <summary>A diagnostic as the tests compare it: rule id and 1-based line.</summary>
public readonly record struct Finding(string Id, int Line)
{
    public override string ToString() => $"{Id}@{Line}";
}
