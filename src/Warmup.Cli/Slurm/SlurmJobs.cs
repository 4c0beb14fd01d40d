using System.Globalization;

namespace Warmup.Cli.Slurm;

/// <summary>
/// The jobs submitted for a sweep folder, one line each in <c>DIR/slurm/jobs.tsv</c>: job id, shards (array
/// indices), submission time (UTC). The last job holding a shard is the one that decides its state.
/// </summary>
/// <param name="path">The file.</param>
internal sealed class SlurmJobs(string path)
{
    /// <summary>The file name in <c>DIR/slurm/</c>.</summary>
    public const string FileName = "jobs.tsv";

    /// <summary>Every job id, oldest first.</summary>
    public IReadOnlyList<string> Ids => [.. Read().Select(j => j.Id)];

    /// <summary>The array task (<c>JOB_INDEX</c>) that last ran or runs each shard.</summary>
    public Dictionary<int, string> LatestTasks()
    {
        var latest = new Dictionary<int, string>();
        foreach (var (id, shards) in Read())
        {
            foreach (int shard in shards)
            {
                latest[shard] = string.Create(CultureInfo.InvariantCulture, $"{id}_{shard}");
            }
        }

        return latest;
    }

    /// <summary>Records a submitted job.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="shards">Its array indices.</param>
    public void Add(string id, IEnumerable<int> shards) =>
        File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{id}\t{string.Join(',', shards)}\t{DateTimeOffset.UtcNow:O}\n"));

    private IEnumerable<(string Id, int[] Shards)> Read()
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var fields = line.Split('\t');
            var shards = fields.Length >= 2 ? fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields[0].Length > 0 && fields[0].All(char.IsAsciiDigit) && shards.Length > 0 && shards.All(s => s.All(char.IsAsciiDigit)))
            {
                yield return (fields[0], [.. shards.Select(s => int.Parse(s, CultureInfo.InvariantCulture))]);
            } // another line (edited by hand) is not ours to read
        }
    }
}
