using System.Globalization;
using System.Text;
using System.Text.Json;
using Warmup.Experiments.Methods;
using Warmup.Reports;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training.Checkpoints;

/// <summary>
/// A run's folder of checkpoints. Saving writes the model and the optimizer to files named by the step, then
/// <c>run.json</c> (replaced atomically: it is the commit point), then removes the files of earlier steps; a run killed
/// at any moment leaves a folder whose <c>run.json</c> names files that exist. <c>curve.csv</c> is the curve so far,
/// for people.
/// </summary>
public static class RunCheckpoint
{
    /// <summary>The format of <c>run.json</c> this version writes and reads.</summary>
    public const int Format = 1;

    /// <summary>The run's file in the folder.</summary>
    public const string RunFile = "run.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The run saved in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="FileNotFoundException">The folder holds no run.json.</exception>
    /// <exception cref="InvalidDataException">run.json cannot be read, is of another format, or names files that are missing; the message names the file.</exception>
    public static SavedRun Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string path = Path.Combine(folder, RunFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No saved run in {folder} (no {RunFile}); `warmup train --save {folder} ...` saves one.", path);
        }

        SavedRun? run;
        try
        {
            run = JsonSerializer.Deserialize<SavedRun>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"{path} is not a saved run this version can read ({e.Message}).", e);
        }

        if (run is null || run.Format != Format || run.Settings is null || run.Curve is null || run.Diagnostics is null)
        {
            throw new InvalidDataException($"{path} is not a saved run of format {Format}.");
        }

        foreach (string file in new[] { run.Model, run.Optimizer })
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new InvalidDataException($"{path} names {file}, which is not in {folder}.");
            }
        }

        return run;
    }

    /// <summary>Saves <paramref name="run"/> with the model's weights and the optimizer's state (see the class).</summary>
    /// <param name="folder">The folder (created if missing).</param>
    /// <param name="run">The run's progress; its file names are set here.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer (a Warmup optimizer, or the experiments' SGD).</param>
    /// <returns>The run as saved.</returns>
    internal static SavedRun Save(string folder, SavedRun run, nn.Module model, optim.Optimizer optimizer)
    {
        Directory.CreateDirectory(folder);
        string step = run.Done.ToString(CultureInfo.InvariantCulture);
        var saved = run with { Format = Format, Model = $"model-{step}.bin", Optimizer = $"optimizer-{step}.bin" };
        Atomically(Path.Combine(folder, saved.Model), path => model.save(path));
        Atomically(Path.Combine(folder, saved.Optimizer), path => OptimizerFiles.Save(optimizer, path));
        Atomically(Path.Combine(folder, "curve.csv"), path => CsvTable.Write(path, ["step", "train_loss", "lr"], saved.Curve.Select(p => (IReadOnlyList<object>)[p.Step, p.TrainLoss, p.LearningRate])));
        Atomically(Path.Combine(folder, RunFile), path => File.WriteAllText(path, JsonSerializer.Serialize(saved, Json), new UTF8Encoding(false)));
        foreach (string old in Directory.EnumerateFiles(folder, "*.bin"))
        {
            string name = Path.GetFileName(old);
            if ((name.StartsWith("model-", StringComparison.Ordinal) || name.StartsWith("optimizer-", StringComparison.Ordinal)) && name != saved.Model && name != saved.Optimizer)
            {
                File.Delete(old);
            }
        }

        return saved;
    }

    /// <summary>Loads the model's weights and the optimizer's state saved with <paramref name="run"/>.</summary>
    internal static void Load(string folder, SavedRun run, nn.Module model, optim.Optimizer optimizer)
    {
        model.load(Path.Combine(folder, run.Model));
        OptimizerFiles.Load(optimizer, Path.Combine(folder, run.Optimizer));
    }

    /// <summary>The settings as saved, for comparing a run with the one in a folder.</summary>
    internal static string Describe(TrainSettings s) => JsonSerializer.Serialize(s, Json);

    // Writes through a temporary file in the same folder, then renames it over the target.
    private static void Atomically(string path, Action<string> write)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The optimizers a run can use, saved and loaded each by its own format.</summary>
    private static class OptimizerFiles
    {
        public static void Save(optim.Optimizer optimizer, string path)
        {
            switch (optimizer)
            {
                case AdaptiveOptimizer adaptive:
                    adaptive.save_state_dict(path);
                    break;
                case MomentumSgd sgd:
                    sgd.Save(path);
                    break;
                default:
                    throw new NotSupportedException($"A run with a {optimizer.GetType().Name} cannot be saved: only Warmup's optimizers and the experiments' SGD can.");
            }
        }

        public static void Load(optim.Optimizer optimizer, string path)
        {
            switch (optimizer)
            {
                case AdaptiveOptimizer adaptive:
                    adaptive.load_state_dict(path);
                    break;
                case MomentumSgd sgd:
                    sgd.Load(path);
                    break;
                default:
                    throw new NotSupportedException($"A run with a {optimizer.GetType().Name} cannot be resumed: only Warmup's optimizers and the experiments' SGD can.");
            }
        }
    }
}
