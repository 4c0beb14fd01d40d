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
        Assert.Contains("training", stderr, StringComparison.Ordinal); // progress goes to stderr, JSON alone to stdout
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
}
