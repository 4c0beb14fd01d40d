using System.Globalization;

namespace Warmup.Experiments.Shards;

/// <summary>
/// One of <see cref="Count"/> parts of a grid, numbered from 0 like Slurm's array tasks: run number k of the grid (in
/// <see cref="Sweeps.SweepSpec.Runs"/> order) belongs to shard k mod <see cref="Count"/>. Round robin spreads every
/// learning rate and method over the shards, so shards take about the same time, and the same grid and count always
/// give the same shards.
/// </summary>
/// <param name="Index">This shard, 0 to <see cref="Count"/> - 1.</param>
/// <param name="Count">How many shards the grid is cut into.</param>
public readonly record struct SweepShard(int Index, int Count)
{
    /// <summary>Parses <c>i/N</c> (<c>0 &lt;= i &lt; N</c>).</summary>
    /// <param name="text">The text, as given to <c>--shard</c>.</param>
    /// <exception cref="ArgumentException">Not of the form i/N, or i out of range; the message says which.</exception>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new ArgumentException($"--shard '{text}' is not of the form i/N (shard i of N, numbered from 0, like 0/4).");
        }

        if (count < 1)
        {
            throw new ArgumentException($"--shard '{text}': the number of shards must be at least 1.");
        }

        return index < count
            ? new SweepShard(index, count)
            : throw new ArgumentException($"--shard '{text}': the shard index is out of range; shards of {count} are numbered 0 to {count - 1}.");
    }

    /// <summary>This shard's items of a grid's items (runs or their keys) in grid order: every <see cref="Count"/>-th from <see cref="Index"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="grid">The grid's items, in grid order.</param>
    public IEnumerable<T> Take<T>(IEnumerable<T> grid)
    {
        int index = Index, count = Count;
        return grid.Where((_, k) => Of(k, count) == index);
    }

    /// <summary>The shard of run number <paramref name="position"/> when the grid is cut into <paramref name="count"/> shards.</summary>
    /// <param name="position">The run's place in the grid, from 0.</param>
    /// <param name="count">How many shards.</param>
    public static int Of(int position, int count) => position % count;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
