using System.Globalization;

namespace Warmup.Cli.Commands;

/// <summary>
/// The bounds on what one command may write or hold, so that a typo (beta2 = 0.99999999, a billion parameters) is
/// refused with the figure instead of filling the disk or the memory: CSV files of at most <see cref="MaxRows"/> rows,
/// plots of at most <see cref="PlotPoints"/> points per curve where the command samples them, and simulations whose
/// estimated memory is at most half of what this machine (or container) gives the process.
/// </summary>
internal static class Limits
{
    /// <summary>Rows of one CSV file: 1,000,000 (tens of MB; 100 times the largest default output).</summary>
    public const long MaxRows = 1_000_000;

    /// <summary>Points per curve of a sampled plot (<c>schedule --plot</c>): more than a 900-pixel-wide PNG can show.</summary>
    public const int PlotPoints = 2_000;

    /// <summary>Memory available to the process (the GC's view: physical memory or the container's limit).</summary>
    public static long AvailableMemory => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The memory a simulation may plan to use: half of <see cref="AvailableMemory"/>.</summary>
    public static long MemoryBudget => AvailableMemory / 2;

    /// <summary>Throws when <paramref name="rows"/> exceeds <see cref="MaxRows"/>.</summary>
    /// <param name="rows">Rows that would be written.</param>
    /// <param name="what">What asks for them, e.g. "--iterations 5,000,000".</param>
    /// <param name="file">The file, e.g. "update_magnitude.csv".</param>
    public static void Rows(double rows, string what, string file)
    {
        if (!(rows <= MaxRows))
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture, $"{what} would write {rows:N0} rows to {file}; at most {MaxRows:N0} are allowed."));
        }
    }

    /// <summary>Throws when <paramref name="bytes"/>, a simulation's estimated memory, exceeds <see cref="MemoryBudget"/>.</summary>
    /// <param name="bytes">The estimate.</param>
    /// <param name="what">What asks for it, e.g. "update-magnitude with 2,000,000,000 parameters".</param>
    /// <param name="advice">What to change.</param>
    public static void Memory(double bytes, string what, string advice)
    {
        if (!(bytes <= MemoryBudget))
        {
            throw new ArgumentException(
                $"{what} needs about {Size(bytes)} of memory; the limit is {Size(MemoryBudget)} (half of the {Size(AvailableMemory)} this machine has). {advice}");
        }
    }

    /// <summary>A byte count in the largest fitting unit: "12 GB", "2.6 TB", "640 MB".</summary>
    /// <param name="bytes">Bytes.</param>
    public static string Size(double bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        int u = 0;
        while (bytes >= 1000 && u < units.Length - 1)
        {
            bytes /= 1000;
            u++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[u]}");
    }
}
