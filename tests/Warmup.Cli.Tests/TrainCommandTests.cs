using System.Text.Json;

namespace Warmup.Cli.Tests;

public class TrainCommandTests
{
    [Fact]
    public void JsonHasTheLossTheMetricAndTheOutcome()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "untuned-linear", "--lr", "0.01", "--beta2", "0.99", "--seed", "3", "--steps", "30", "--data", WarmupProcess.Sample, "--json");

        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.InRange(json.GetProperty("final_train_loss").GetDouble(), 0.01, 5);
        Assert.InRange(json.GetProperty("test_metric").GetDouble(), 10, 100);
        Assert.False(json.GetProperty("diverged").GetBoolean());
        Assert.Equal(30, json.GetProperty("steps").GetInt32());
        Assert.Equal("untuned-linear", json.GetProperty("method").GetString());

        // Every hyperparameter, so that a run can be repeated from its JSON alone (batch size, beta1 and weight decay
        // were missing at 148eae1).
        Assert.Equal(0.01, json.GetProperty("learning_rate").GetDouble());
        Assert.Equal(0.9, json.GetProperty("beta1").GetDouble());
        Assert.Equal(0.99, json.GetProperty("beta2").GetDouble());
        Assert.Equal(0.0, json.GetProperty("weight_decay").GetDouble());
        Assert.False(json.GetProperty("decoupled_weight_decay").GetBoolean());
        Assert.Equal(128, json.GetProperty("batch_size").GetInt32());
        Assert.Equal(3, json.GetProperty("seed").GetInt32());
        Assert.Equal(256, json.GetProperty("mlp_hidden").GetInt32());
        Assert.StartsWith("task=fmnist-mlp;steps=30;batch=128;beta1=0.9;wd=0;", json.GetProperty("configuration").GetString(), StringComparison.Ordinal);

        // The live line goes to stderr (JSON alone to stdout): redirected, a line at every tenth of the run with the
        // step, the smoothed loss, the rate the step applied, the speed and the time left.
        var live = stderr.Split('\n').Where(l => l.StartsWith("fmnist-mlp untuned-linear: step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, live.Count);
        Assert.StartsWith("fmnist-mlp untuned-linear: step 3/30 (10 %), loss ", live[0], StringComparison.Ordinal);
        Assert.Matches(@"lr \d\.\d+e-\d, (- |[\d.]+ )steps/s, (-|\d+:\d\d) left$", live[0]);
    }

    [Fact]
    public void TheLiveLineShowsTheTestMetricDuringTrainingWhenAskedTo()
    {
        var (code, _, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "adam", "--steps", "20", "--evaluate-every", "5", "--data", WarmupProcess.Sample);

        Assert.True(code == 0, stderr);
        Assert.Contains("test accuracy (%) ", stderr, StringComparison.Ordinal);
        Assert.Matches(@"step 8/20 \(40 %\), .*, test accuracy \(%\) \d+\.\d\d at 5", stderr);
    }

    [Fact]
    public void ADivergedRunIsReportedAndExitsNormally()
    {
        var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "sgd", "--lr", "1e30", "--steps", "20", "--data", WarmupProcess.Sample, "--json");

        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.True(json.GetProperty("diverged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("test_metric").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("diverged_at_step").ValueKind);
    }

    [Theory]
    [InlineData("--task: unknown task 'mnist'", "train", "--task", "mnist", "--method", "adam")]
    [InlineData("Unknown or malformed method 'lion'", "train", "--task", "fmnist-mlp", "--method", "lion")]
    [InlineData("--lr must be a positive number (got -1)", "train", "--task", "fmnist-mlp", "--method", "adam", "--lr", "-1")]
    [InlineData("--mlp-hidden must be between 1 and 65536 (got 0)", "train", "--task", "fmnist-mlp", "--method", "adam", "--mlp-hidden", "0")]
    [InlineData("Give --steps or --epochs, not both.", "train", "--task", "fmnist-mlp", "--method", "adam", "--steps", "5", "--epochs", "1")]
    [InlineData("apt-get install dataset-fashion-mnist", "train", "--task", "fmnist-mlp", "--method", "adam", "--data", "/nonexistent/fashion")]
    [InlineData("Text file not found: /nonexistent.txt", "train", "--task", "charlm", "--method", "adam", "--text", "/nonexistent.txt")]
    [InlineData("'x' is not a number.", "sweep", "--task", "fmnist-mlp", "--methods", "adam", "--lrs", "0.1,x", "--out", "/tmp/warmup-never")]
    [InlineData("No sweep database at /nonexistent/sweep.db", "report", "/nonexistent")]
    [InlineData("Give --full or --tiny, not both.", "reproduce", "--full", "--tiny")]
    public void BadArgumentsAreOneLineAndExitCodeTwo(string reason, params string[] args)
    {
        var (code, stdout, stderr) = WarmupProcess.Run(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextTooShortForTheContextIsNamedBeforeTraining()
    {
        string text = Path.Combine(Path.GetTempPath(), $"warmup-short-{Guid.NewGuid():N}.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("abcdefghij", 1_200)));
        try
        {
            var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "charlm", "--method", "adam", "--text", text, "--context", "2000", "--steps", "2", "--json");
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            Assert.StartsWith($"warmup: error: The text ({text}) has 12,000 characters: too short for sequences of 2,000", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public void AWarmupLongerThanTheRunIsOneWarningLineAndTrainingGoesOn()
    {
        // beta2 0.999: untuned linear warmup ramps over 2 / (1 - beta2) = 2,000 steps, 95 % at step 1,900; a 100-step
        // run ends at 5 % of its rate. At 148eae1 nothing said so.
        var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "untuned-linear", "--beta2", "0.999", "--steps", "100", "--data", WarmupProcess.Sample);

        Assert.True(code == 0, stderr);
        Assert.Contains("final training loss", stdout, StringComparison.Ordinal);
        var warning = Assert.Single(stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Equal(
            "warning: a warmup longer than the run (100 steps): untuned-linear (beta2 0.999) reaches 95 % of its learning rate at step 1,900, and 5 % by the end. Training goes on.",
            warning);

        var (adamCode, _, adamErr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "adam", "--steps", "20", "--data", WarmupProcess.Sample);
        Assert.True(adamCode == 0, adamErr);
        Assert.DoesNotContain("warning:", adamErr, StringComparison.Ordinal);
    }

    [Fact]
    public void AdamwIsAMethodWithPyTorchsDefaultDecoupledWeightDecay()
    {
        // At 148eae1 `--method adamw` was refused: AdamW was adam with --weight-decay W --decoupled.
        foreach (var (method, decay) in new[] { ("adamw", 0.01), ("adamw:0.1", 0.1) })
        {
            var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", method, "--steps", "10", "--data", WarmupProcess.Sample, "--json");
            Assert.True(code == 0, stderr);
            var json = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(method, json.GetProperty("method").GetString());
            Assert.Equal(decay, json.GetProperty("weight_decay").GetDouble());
            Assert.True(json.GetProperty("decoupled_weight_decay").GetBoolean());
        }

        var (refused, _, error) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "adamw", "--weight-decay", "0.1", "--steps", "10", "--data", WarmupProcess.Sample);
        Assert.Equal(2, refused);
        Assert.Equal(
            "warmup: error: adamw sets its own decoupled weight decay (adamw[:WD], default 0.01): drop --weight-decay and --decoupled, or use adam with them.",
            error.Trim());
    }

    [Fact]
    public void AnArgumentErrorFromTheLibraryCarriesNoDotNetSuffix()
    {
        // geometric:2 is refused by an ArgumentOutOfRangeException: at 148eae1 the line ended
        // "(Parameter 'steps') Actual value was 2.", words for programmers.
        var (code, stdout, stderr) = WarmupProcess.Run("train", "--task", "fmnist-mlp", "--method", "geometric:2", "--steps", "10", "--data", WarmupProcess.Sample);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            "warmup: error: geometric:STEPS needs STEPS >= 3 (0 at step 1, 1 % at step 2, the full rate at step STEPS).",
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("warmup:", StringComparison.Ordinal)));
    }

    [Fact]
    public void BatchSizeHelpStatesOneDefault()
    {
        // At 148eae1: "Minibatch size (default: the task's, ...). [default: 0]".
        var (code, stdout, _) = WarmupProcess.Run("train", "--help");

        Assert.Equal(0, code);
        string line = Assert.Single(stdout.Split('\n'), l => l.TrimStart().StartsWith("--batch-size", StringComparison.Ordinal));
        Assert.Equal(1, line.Split("default").Length - 1);
        Assert.Contains("the task's, fmnist-mlp 128", line, StringComparison.Ordinal);
    }
}
