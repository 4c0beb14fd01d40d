using System.Diagnostics;
using System.Globalization;

namespace Warmup.Cli.Slurm;

/// <summary>The Slurm client commands warmup uses: <c>sbatch</c> to submit, <c>sacct</c> or else <c>squeue</c> for the states of array tasks.</summary>
internal static class SlurmClient
{
    /// <summary>Where to get the Slurm commands, for error messages.</summary>
    public const string Packages = "the Slurm client commands (Debian and Ubuntu: apt-get install slurm-client; on a cluster, load its Slurm module)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Task states in which an array task may still finish its shard.</summary>
    private static readonly HashSet<string> Active = new(StringComparer.Ordinal)
    {
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD",
    };

    /// <summary>Whether a task in <paramref name="state"/> may still run or is running.</summary>
    /// <param name="state">A Slurm job state (first word).</param>
    public static bool IsActive(string state) => Active.Contains(state);

    /// <summary>The full path of <paramref name="command"/> on the PATH, or null.</summary>
    /// <param name="command">A program name.</param>
    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);

    /// <summary>Throws unless <c>sbatch</c> is on the PATH, naming what to install.</summary>
    /// <exception cref="IOException">It is not.</exception>
    public static void RequireSbatch()
    {
        if (Find("sbatch") is null)
        {
            throw new IOException($"sbatch was not found on the PATH: --slurm needs {Packages}. --dry-run writes the job script without submitting it.");
        }
    }

    /// <summary>Submits <paramref name="script"/> and returns the job id.</summary>
    /// <param name="script">The job script.</param>
    /// <exception cref="IOException">sbatch failed; the message holds what it said.</exception>
    public static string Submit(string script)
    {
        var (code, stdout, stderr) = Run("sbatch", "--parsable", script);
        string id = stdout.Trim().Split(';')[0];
        return code == 0 && id.Length > 0 && id.All(char.IsAsciiDigit)
            ? id
            : throw new IOException($"sbatch {script} failed (exit code {code}): {(stderr + stdout).Trim()}");
    }

    /// <summary>
    /// The states of the array tasks of <paramref name="jobIds"/> (key <c>JOB_INDEX</c>, value the state's first word)
    /// from <c>sacct</c> when accounting works, else from <c>squeue</c> (which remembers finished tasks only for
    /// the cluster's MinJobAge), and which of them answered; empty when neither does.
    /// </summary>
    /// <param name="jobIds">Job ids.</param>
    public static (Dictionary<string, string> States, string Source) TaskStates(IReadOnlyCollection<string> jobIds)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        if (jobIds.Count == 0)
        {
            return (states, "no job submitted");
        }

        string why = "sacct not found";
        if (Find("sacct") is not null)
        {
            var (code, stdout, stderr) = Run("sacct", "-X", "-n", "-P", "-o", "JobID,State", "-j", string.Join(',', jobIds));
            if (code == 0)
            {
                Parse(stdout, jobIds, states);
                return (states, "from sacct");
            }

            why = "sacct: " + (stderr + stdout).Trim();
        }

        if (Find("squeue") is not null)
        {
            var (code, stdout, stderr) = Run("squeue", "-h", "-r", "-t", "all", "-o", "%i|%T");
            if (code == 0)
            {
                Parse(stdout, jobIds, states);
                return (states, $"from squeue ({why})");
            }

            why += "; squeue: " + (stderr + stdout).Trim();
        }
        else
        {
            why += "; squeue not found";
        }

        return (states, $"unknown ({why}); a shard with unfinished runs counts as failed");
    }

    /// <summary>Reads lines <c>12_3|CANCELLED by 0</c>, <c>12_[1-3%2]|PENDING</c> (sacct -P, squeue) into one state per array task of the given jobs.</summary>
    internal static void Parse(string text, IReadOnlyCollection<string> jobIds, Dictionary<string, string> states)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            var id = fields[0].Split('_', 2);
            if (fields.Length < 2 || id.Length != 2 || !jobIds.Contains(id[0]))
            {
                continue;
            }

            string state = fields[1].Split(' ')[0];
            foreach (int index in Indices(id[1]))
            {
                states[$"{id[0]}_{index.ToString(CultureInfo.InvariantCulture)}"] = state;
            }
        }
    }

    // "3" or "[1-3,5%2]" -> the indices.
    private static IEnumerable<int> Indices(string text)
    {
        string list = text.Trim('[', ']').Split('%')[0];
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first))
            {
                int last = ends.Length == 2 && int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? l : first;
                for (int i = first; i <= last; i++)
                {
                    yield return i;
                }
            }
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string command, params string[] args)
    {
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new IOException($"Cannot start {command}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"{command} did not answer in {Timeout.TotalSeconds:F0} s: is the Slurm controller reachable (scontrol ping)?");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
