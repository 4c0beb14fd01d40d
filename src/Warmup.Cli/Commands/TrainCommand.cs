using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warmup.Experiments.Data;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Checkpoints;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup train</c>: one training run.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new TrainingOptions(taskRequired: false);
        var method = new Option<string>("--method") { Description = $"Method (required unless --resume): {string.Join(", ", MethodSpec.Syntax)}." };
        var lr = new Option<double>("--lr") { Description = "Base learning rate.", DefaultValueFactory = _ => 1e-3 };
        var beta2 = new Option<double>("--beta2") { Description = "Adam's beta2.", DefaultValueFactory = _ => 0.999 };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights, data order and probes.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the outcome (final_train_loss, test_metric, diverged, ...) and every setting of the run." };
        var save = new Option<string?>("--save")
        {
            Description = "Save the run into DIR: the model, the optimizer's state, the data order's position and the curve (DIR/run.json, model-STEP.bin, optimizer-STEP.bin, curve.csv), " +
                "when it ends and when it is stopped (Ctrl+C, SIGTERM), so that --resume DIR continues it.",
        };
        var saveEvery = new Option<int>("--save-every") { Description = "With --save: also save every N steps (0: only when the run ends or is stopped).", DefaultValueFactory = _ => 0 };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue the run saved in DIR (by --save) with its own settings, to the numbers it would have had without the stop, bit for bit; it goes on saving into DIR.",
        };
        var command = new Command("train", "Train one model with one method and report the final training loss and the test metric.") { method, lr, beta2, seed, json, save, saveEvery, resume };
        options.AddTo(command);
        TrainSettings? running = null;
        TrainingCheckpoints? saving = null;
        command.SetAction(parse => CommandRunner.Run(() => Stopped(running, saving), cancel =>
        {
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            TrainSettings settings;
            TrainingCheckpoints? checkpoints;
            if (parse.GetValue(resume) is { } from)
            {
                var fixedByRun = options.RunDefining.Append(method).Append(lr).Append(beta2).Append(seed).Append(save).Where(Given).Select(o => o.Name).ToList();
                if (fixedByRun.Count > 0)
                {
                    throw new ArgumentException($"--resume continues the run saved in {from} with its own settings; drop {string.Join(", ", fixedByRun)}.");
                }

                settings = RunCheckpoint.Read(from).Settings with { EvaluateEvery = options.EvaluateEvery(parse) };
                checkpoints = new TrainingCheckpoints(from) { Every = Require.AtLeast(parse.GetValue(saveEvery), 0, "--save-every"), Resume = true };
            }
            else
            {
                settings = options.Read(parse) with
                {
                    Method = MethodSpec.Parse(parse.GetValue(method) ?? throw new ArgumentException("--method is required (or --resume DIR).")),
                    LearningRate = parse.GetValue(lr),
                    Beta2 = parse.GetValue(beta2),
                    Seed = parse.GetValue(seed),
                };
                checkpoints = parse.GetValue(save) is { } to
                    ? new TrainingCheckpoints(OutputPaths.Folder(to, "--save")) { Every = Require.AtLeast(parse.GetValue(saveEvery), 0, "--save-every") }
                    : Given(saveEvery) ? throw new ArgumentException("--save-every needs --save DIR.") : null;
            }

            settings.Validate();
            TrainingData.Check([settings]);
            (running, saving) = (settings, checkpoints);
            TrainResult r;
            string? events;
            using (var board = options.TensorBoard(parse) is { } dir ? new TensorBoardObserver(dir) : null)
            using (var live = new LiveStatus(bins: 10))
            {
                events = board?.FilePath;
                var watch = TrainingObservers.Combine(new RampWarning([settings], live.Print), live.Watch($"{settings.Task} {settings.Method.Name}"), board);
                r = Trainer.Run(settings, watch, checkpoints: checkpoints, cancel: cancel);
            }

            if (parse.GetValue(json))
            {
                // The outcome, then every setting as the run's saved settings are written (one definition of the fields).
                var output = new JsonObject
                {
                    ["final_train_loss"] = r.FinalTrainLoss,
                    ["test_metric"] = r.TestMetric,
                    ["metric_name"] = r.MetricName,
                    ["diverged"] = r.Diverged,
                    ["diverged_at_step"] = r.DivergedAtStep,
                    ["steps"] = r.StepsDone,
                    ["seconds"] = r.Seconds,
                    ["data"] = r.DataNote,
                    ["configuration"] = settings.Configuration,
                };
                foreach (var (key, value) in JsonSerializer.SerializeToNode(settings with { BatchSize = settings.EffectiveBatchSize, WeightDecay = settings.AppliedWeightDecay, DecoupledWeightDecay = settings.AppliedDecoupledWeightDecay }, Json.Options)!.AsObject())
                {
                    output[key == "steps" ? "steps_planned" : key] = value?.DeepClone();
                }

                Console.WriteLine(output.ToJsonString(Json.Options));
                return 0;
            }

            Console.WriteLine($"{settings.Task} {settings.Method.Name} lr={settings.LearningRate} beta2={settings.Beta2} seed={settings.Seed}, {r.StepsDone} steps in {r.Seconds:F1} s");
            Console.WriteLine($"data: {r.DataNote}");
            Console.WriteLine(r.Diverged
                ? $"diverged at step {r.DivergedAtStep} (non-finite loss)"
                : $"final training loss {r.FinalTrainLoss:F4}; {r.MetricName} {r.TestMetric:F2}");
            if (events is not null)
            {
                Console.WriteLine($"TensorBoard events: {events}; view them with `tensorboard --logdir {Path.GetDirectoryName(events)}`.");
            }

            return 0;
        }));
        return command;
    }

    // What a stop keeps and discards: with --save, the run as of its last whole step (saved as it stopped); else nothing.
    private static string Stopped(TrainSettings? run, TrainingCheckpoints? checkpoints) =>
        run is null ? "nothing was trained"
        : checkpoints is not null && File.Exists(Path.Combine(checkpoints.Folder, RunCheckpoint.RunFile))
            ? $"the run ({SweepStoppedException.Label(run)}) is saved at step {RunCheckpoint.Read(checkpoints.Folder).Step} in {checkpoints.Folder}; `warmup train --resume {checkpoints.Folder}` continues it"
            : $"discarded the run in flight ({SweepStoppedException.Label(run)}); nothing of it is saved (--save DIR keeps a stopped run)";
}
