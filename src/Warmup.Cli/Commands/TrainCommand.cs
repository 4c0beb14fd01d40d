using System.CommandLine;
using System.Text.Json;
using Warmup.Experiments.Data;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Watching;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup train</c>: one training run.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new TrainingOptions();
        var method = new Option<string>("--method") { Description = $"Method: {string.Join(", ", MethodSpec.Syntax)}.", Required = true };
        var lr = new Option<double>("--lr") { Description = "Base learning rate.", DefaultValueFactory = _ => 1e-3 };
        var beta2 = new Option<double>("--beta2") { Description = "Adam's beta2.", DefaultValueFactory = _ => 0.999 };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights, data order and probes.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (final_train_loss, test_metric, diverged, ...)." };
        var command = new Command("train", "Train one model with one method and report the final training loss and the test metric.") { method, lr, beta2, seed, json };
        options.AddTo(command);
        TrainSettings? running = null;
        command.SetAction(parse => CommandRunner.Run(() => Stopped(running), cancel =>
        {
            var settings = running = options.Read(parse) with
            {
                Method = MethodSpec.Parse(parse.GetValue(method)!),
                LearningRate = parse.GetValue(lr),
                Beta2 = parse.GetValue(beta2),
                Seed = parse.GetValue(seed),
            };
            settings.Validate();
            TrainingData.Check([settings]);
            TrainResult r;
            using (var live = new LiveStatus(bins: 10))
            {
                var watch = TrainingObservers.Combine(new RampWarning([settings], live.Print), live.Watch($"{settings.Task} {settings.Method.Name}"));
                r = Trainer.Run(settings, watch, cancel: cancel);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        r.FinalTrainLoss,
                        r.TestMetric,
                        r.MetricName,
                        r.Diverged,
                        r.DivergedAtStep,
                        Steps = r.StepsDone,
                        r.Seconds,
                        Method = settings.Method.Name,
                        settings.Task,
                        settings.LearningRate,
                        settings.Beta1,
                        settings.Beta2,
                        WeightDecay = settings.AppliedWeightDecay,
                        DecoupledWeightDecay = settings.AppliedDecoupledWeightDecay,
                        BatchSize = settings.EffectiveBatchSize,
                        settings.Epochs,
                        settings.Seed,
                        settings.Context,
                        settings.Width,
                        settings.Layers,
                        settings.PreNorm,
                        settings.MlpHidden,
                        settings.LogEvery,
                        settings.DiagnoseEvery,
                        settings.EvaluateEvery,
                        settings.ProbeExamples,
                        settings.Configuration,
                        Data = r.DataNote,
                    },
                    Json.Options));
                return 0;
            }

            Console.WriteLine($"{settings.Task} {settings.Method.Name} lr={settings.LearningRate} beta2={settings.Beta2} seed={settings.Seed}, {r.StepsDone} steps in {r.Seconds:F1} s");
            Console.WriteLine($"data: {r.DataNote}");
            Console.WriteLine(r.Diverged
                ? $"diverged at step {r.DivergedAtStep} (non-finite loss)"
                : $"final training loss {r.FinalTrainLoss:F4}; {r.MetricName} {r.TestMetric:F2}");
            return 0;
        }));
        return command;
    }

    // What a stop keeps and discards: a run saves nothing before it ends.
    private static string Stopped(TrainSettings? run) =>
        run is null ? "nothing was trained" : $"discarded the run in flight ({SweepStoppedException.Label(run)}); nothing of it is saved";
}
