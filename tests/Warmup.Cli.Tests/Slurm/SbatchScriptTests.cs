using Warmup.Cli.Slurm;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;

namespace Warmup.Cli.Tests.Slurm;

public sealed class SbatchScriptTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, null, "0-3")]
    [InlineData(new[] { 3, 1 }, null, "1,3")]
    [InlineData(new[] { 0, 1, 2, 5, 7, 8 }, 2, "0-2,5,7-8%2")]
    [InlineData(new[] { 4 }, 1, "4%1")]
    [InlineData(new[] { 2, 2, 3 }, null, "2-3")]
    public void ArraySpecIsRangesThenTheLimit(int[] indices, int? limit, string expected) => Assert.Equal(expected, SbatchScript.ArraySpec(indices, limit));

    [Theory]
    [InlineData("plain/path-1.0", "plain/path-1.0")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void WordsAreQuotedForBashOnlyWhenNeeded(string word, string expected) => Assert.Equal(expected, SbatchScript.Quote(word));

    [Fact]
    public void TheScriptRunsShardIOfNIntoTheFolderWithWhatWasAskedAndNothingElse()
    {
        var spec = new SweepSpec(new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), Steps = 5, DataFolder = WarmupProcess.Sample }, [MethodSpec.Parse("adam")], [1e-3, 1e-2], [0.999], [1, 2]);
        var layout = ShardLayout.Of(spec, 4);
        var folder = new SweepFolder("/shared/sweep");
        string[] command = ["/opt/warmup/warmup", "sweep", "--methods", "adam", "--text", "my file.txt"];
        string script = SbatchScript.Render(folder, layout, [1, 3], new SlurmRequest("gpu", "1:00:00", 2, null, 3, 4, DryRun: false), command, "/home/me");

        Assert.StartsWith("#!/bin/bash\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --array=1,3%3\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --output=/shared/sweep/slurm/shard-%a.job-%A.log\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --chdir=/home/me\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=gpu\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --time=1:00:00\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--mem", script, StringComparison.Ordinal);
        Assert.EndsWith(
            "exec /opt/warmup/warmup sweep --methods adam --text 'my file.txt' --out /shared/sweep --shard \"${SLURM_ARRAY_TASK_ID}/4\"\n",
            script,
            StringComparison.Ordinal);
        Assert.Contains(layout.ShortFingerprint, script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2:00 00", null, 1, null, "--time '2:00 00'")]
    [InlineData(null, "4G\n#SBATCH --x", 1, null, "--mem")]
    [InlineData(null, null, 0, null, "--cpus-per-task must be at least 1")]
    [InlineData(null, null, 1, 0, "--max-parallel must be at least 1")]
    public void ARequestSlurmWouldRefuseOrAScriptCouldNotHoldIsRefused(string? time, string? memory, int cpus, int? maxParallel, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new SlurmRequest(null, time, cpus, memory, maxParallel, null, false).Validate());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskStatesAreReadFromSacctAndSqueueLinesOfTheGivenJobsOnly()
    {
        // Lines as sacct -X -n -P -o JobID,State and squeue -h -r -o '%i|%T' print them (Slurm 22.05 man pages).
        string text = "12_0|COMPLETED\n12_1|CANCELLED by 0\n12_[2-4%2]|PENDING\n13_0|RUNNING\n7_5|FAILED\n12|PENDING\ngarbage\n";
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        SlurmClient.Parse(text, ["12", "13"], states);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["12_0"] = "COMPLETED", ["12_1"] = "CANCELLED", ["12_2"] = "PENDING", ["12_3"] = "PENDING", ["12_4"] = "PENDING", ["13_0"] = "RUNNING",
            },
            states);
        Assert.True(SlurmClient.IsActive("PENDING"));
        Assert.False(SlurmClient.IsActive("CANCELLED"));
    }
}
