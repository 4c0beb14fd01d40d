using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Warmup.Cli.Tests.Slurm;

/// <summary>
/// A real one-node Slurm cluster on localhost for the tests of a class: <c>munged</c>, <c>slurmctld</c> and
/// <c>slurmd</c> from Debian's packages, started as root with every file (key, socket, state, spool, pid files, logs,
/// slurm.conf) in one temporary folder and free ports, and stopped by the PIDs it started. Clients reach it through
/// <see cref="Environment"/> (SLURM_CONF). Without the packages or root the tests are skipped, unless
/// WARMUP_REQUIRE_SLURM=1 (as CI sets it), which makes that a failure.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private static readonly string[] Programs = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo"];
    private readonly List<Process> _daemons = [];
    private readonly DirectoryInfo? _folder;

    public SlurmCluster()
    {
        var missing = Programs.Where(p => Find(p) is null).ToList();
        if (missing.Count > 0)
        {
            Unavailable = $"Slurm is not installed (missing {string.Join(", ", missing)}): apt-get install slurmctld slurmd slurm-client munge";
            return;
        }

        if (!string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal))
        {
            Unavailable = "the Slurm fixture starts slurmctld and slurmd as root; run the tests as root";
            return;
        }

        _folder = Directory.CreateTempSubdirectory("warmup-slurm-");
        try
        {
            Start(_folder.FullName);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why the cluster could not be started, or null when it runs.</summary>
    public string? Unavailable { get; }

    /// <summary>The temporary folder holding everything of the cluster.</summary>
    public string Folder => _folder?.FullName ?? throw new InvalidOperationException(Unavailable);

    /// <summary>The variables a Slurm client needs to reach this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(Folder, "slurm.conf") };

    /// <summary>Skips the test when the cluster is unavailable, or fails it when WARMUP_REQUIRE_SLURM=1.</summary>
    public void Require()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (System.Environment.GetEnvironmentVariable("WARMUP_REQUIRE_SLURM") == "1")
        {
            Assert.Fail($"WARMUP_REQUIRE_SLURM=1 but {Unavailable}.");
        }

        Assert.Skip(Unavailable);
    }

    /// <summary>Runs a Slurm client command against this cluster.</summary>
    public (int Code, string Output) Client(string command, params string[] args)
    {
        var psi = new ProcessStartInfo(Find(command) ?? command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in Environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{command} hung");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The state of every array task of <paramref name="jobId"/> the controller remembers, by array index.</summary>
    public Dictionary<int, string> TaskStates(string jobId)
    {
        var (code, output) = Client("squeue", "-h", "-r", "-t", "all", "-o", "%A|%i|%K|%T");
        Assert.True(code == 0, output);
        var states = new Dictionary<int, string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            if (f.Length == 4 && f[1].StartsWith(jobId + "_", StringComparison.Ordinal) && int.TryParse(f[2], CultureInfo.InvariantCulture, out int index))
            {
                states[index] = f[3];
            }
        }

        return states;
    }

    /// <summary>Waits until every array task of <paramref name="jobId"/> (there are <paramref name="tasks"/>) has ended.</summary>
    public Dictionary<int, string> WaitForEnd(string jobId, int tasks, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = TaskStates(jobId);
            if (states.Count == tasks && states.Values.All(s => s is not ("PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING")))
            {
                return states;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not end in {timeout.TotalSeconds:F0} s: {string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}\n{Logs()}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Stops the daemons this fixture started (by PID, nothing else) and deletes its folder.</summary>
    public void Dispose()
    {
        if (_daemons.Count == 3 && _daemons.All(d => !d.HasExited))
        {
            Client("scancel", "--partition=test"); // this cluster's jobs only: none of its job steps outlives it
        }

        foreach (var daemon in Enumerable.Reverse(_daemons))
        {
            try
            {
                if (!daemon.HasExited)
                {
                    // SIGTERM first, so that slurmctld stops its helpers (slurmscriptd) itself; SIGKILL if it hangs.
                    using (var term = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
                    {
                        term.WaitForExit();
                    }

                    if (!daemon.WaitForExit(10_000))
                    {
                        daemon.Kill();
                        daemon.WaitForExit(10_000);
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            daemon.Dispose();
        }

        _daemons.Clear();
        try
        {
            _folder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a job's process still writing; the folder is under the system's temporary folder
        }
    }

    private void Start(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101); // munged refuses a socket folder others cannot search
        }

        foreach (var sub in new[] { "munge", "state", "spool", "log" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        string munge = Path.Combine(folder, "munge");
        string key = Path.Combine(munge, "munge.key");
        string socket = Path.Combine(munge, "munge.socket");
        RunToEnd("mungekey", "--create", $"--keyfile={key}");
        Daemon("munged", "-F", $"--socket={socket}", $"--key-file={key}", $"--pid-file={munge}/munged.pid", $"--log-file={munge}/munged.log", $"--seed-file={munge}/munged.seed");
        WaitFor(() => File.Exists(socket), "munged's socket");

        string host = System.Environment.MachineName.Split('.')[0];
        long memoryMb = Math.Max(1024, (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20)) - 1024);
        var conf = new StringBuilder()
            .AppendLine("ClusterName=warmuptest")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmctldHost={host}(127.0.0.1)")
            .AppendLine("SlurmUser=root")
            .AppendLine("AuthType=auth/munge")
            .AppendLine("CredType=cred/munge")
            .AppendLine(CultureInfo.InvariantCulture, $"AuthInfo=socket={socket}")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmctldPort={FreePort()}")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmdPort={FreePort()}")
            .AppendLine(CultureInfo.InvariantCulture, $"StateSaveLocation={folder}/state")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmdSpoolDir={folder}/spool")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmctldPidFile={folder}/slurmctld.pid")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmdPidFile={folder}/slurmd.pid")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmctldLogFile={folder}/log/slurmctld.log")
            .AppendLine(CultureInfo.InvariantCulture, $"SlurmdLogFile={folder}/log/slurmd.log")
            .AppendLine("ProctrackType=proctrack/linuxproc")
            .AppendLine("TaskPlugin=task/none")
            .AppendLine("SelectType=select/cons_tres")
            .AppendLine("SelectTypeParameters=CR_Core")
            .AppendLine("JobAcctGatherType=jobacct_gather/none")
            .AppendLine("MailProg=/bin/true")
            .AppendLine("MinJobAge=3600")
            .AppendLine("MessageTimeout=5")
            .AppendLine("ReturnToService=2")
            .AppendLine(CultureInfo.InvariantCulture, $"NodeName={host} NodeAddr=127.0.0.1 CPUs={System.Environment.ProcessorCount} RealMemory={memoryMb} State=UNKNOWN")
            .AppendLine(CultureInfo.InvariantCulture, $"PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP");
        File.WriteAllText(Path.Combine(folder, "slurm.conf"), conf.ToString());
        Daemon("slurmctld", "-D");
        Daemon("slurmd", "-D");
        WaitFor(() => Client("sinfo", "-h", "-N", "-o", "%T") is (0, var o) && o.Trim() == "idle", "the node to be idle");
    }

    private void Daemon(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(Find(program)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["SLURM_CONF"] = Path.Combine(Folder, "slurm.conf");
        var process = Process.Start(psi)!;
        string log = Path.Combine(Folder, "log", program + ".out");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add(process);
    }

    private static void Append(string file, string? line)
    {
        if (line is not null)
        {
            lock (Programs)
            {
                File.AppendAllText(file, line + "\n");
            }
        }
    }

    private static void RunToEnd(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(Find(program)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {output}");
    }

    private void WaitFor(Func<bool> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!ready())
        {
            if (DateTime.UtcNow > deadline || _daemons.Any(d => d.HasExited))
            {
                throw new InvalidOperationException($"The Slurm fixture gave up waiting for {what}.\n{Logs()}");
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>The daemons' logs, for failure messages.</summary>
    public string Logs() =>
        _folder is null ? string.Empty : string.Join("\n", Directory.EnumerateFiles(Path.Combine(Folder, "log")).Select(f => $"--- {f}\n{string.Join("\n", File.ReadAllLines(f).TakeLast(15))}"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Find(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin"])
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
}
