using System.CommandLine;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;

namespace Warmup.Cli.Commands;

/// <summary>The options shared by <c>train</c> and <c>sweep</c>: the task, its size and the fixed hyperparameters.</summary>
/// <param name="taskRequired">False when the command has a mode without training (<c>sweep --status</c>); <see cref="Read"/> then asks for --task itself.</param>
internal sealed class TrainingOptions(bool taskRequired = true)
{
    private readonly Option<string> _task = new("--task") { Description = string.Join(", ", Warmup.Experiments.Training.Tasks.TrainingTasks.Names) + ".", Required = taskRequired };
    private readonly Option<int?> _steps = new("--steps") { Description = "Optimizer steps (default 1000)." };
    private readonly Option<double?> _epochs = new("--epochs") { Description = "Passes over the training data, instead of --steps." };
    private readonly Option<int?> _batch = new("--batch-size") { Description = $"Minibatch size (default: the task's, {string.Join(", ", Warmup.Experiments.Training.Tasks.TrainingTasks.All.Select(t => $"{t.Name} {t.DefaultBatchSize}"))})." };
    private readonly Option<double> _beta1 = new("--beta1") { Description = "Adam's beta1.", DefaultValueFactory = _ => 0.9 };
    private readonly Option<double> _weightDecay = new("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 0 };
    private readonly Option<bool> _decoupled = new("--decoupled") { Description = "Decoupled weight decay (p *= 1 - lr wd) instead of L2, for every method." };
    private readonly Option<string?> _data = new("--data") { Description = "Fashion-MNIST folder (default: $WARMUP_DATA, /usr/share/datasets/fashion-mnist, ~/.cache/warmup/fashion-mnist, then the shipped sample)." };
    private readonly Option<string[]> _text = new("--text") { Description = "UTF-8 text file(s) for charlm, or for fortunes-bow one class per file, documents between '%' lines or else separated by empty lines (default: the English fortunes files).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _context = new("--context") { Description = "charlm: characters per sequence.", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _width = new("--width") { Description = "charlm: model width.", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _mlpHidden = new("--mlp-hidden") { Description = "fmnist-mlp: units in each of the two hidden layers.", DefaultValueFactory = _ => TrainSettings.DefaultMlpHidden };
    private readonly Option<int> _layers = new("--layers") { Description = "charlm: Transformer blocks.", DefaultValueFactory = _ => 2 };
    private readonly Option<bool> _preNorm = new("--pre-norm") { Description = "charlm: pre-LN blocks (default post-LN, where Adam without warmup is known to fail)." };
    private readonly Option<int> _diagnoseEvery = new("--diagnose-every") { Description = "Diagnostics every N steps (and densely in the first 100); 0: none.", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _evaluateEvery = new("--evaluate-every") { Description = "Also measure the test metric every N steps, for the live line and TensorBoard (changes nothing trained); 0: at the end only.", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _tensorBoard = new("--tensorboard")
    {
        Description = "Write TensorBoard event files into DIR (train: the run's; sweep: one subfolder per run trained, <task>_<config hash>/<method>_lr=.._beta2=.._seed=..): " +
            "train/loss (mean over each 10 steps) and train/learning_rate (the rate applied), eval/<metric> at each evaluation, diagnostics/<name>. View with `tensorboard --logdir DIR`.",
        HelpName = "DIR",
    };

    /// <summary>
    /// Runs at the same time by default: one per core, at most 8. The small models of the experiments use cores better
    /// as parallel single-threaded runs (measured on 2 cores: 1.6x the throughput of one run on both) than one at a time.
    /// </summary>
    public static int DefaultJobs => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>The help text of --jobs.</summary>
    public const string JobsDescription =
        "Runs at the same time (default: one per core, at most 8); each gets cores / jobs TorchSharp threads. Numbers are reproducible for the same --jobs on the same machine.";

    /// <summary>Every option, in help order.</summary>
    public IReadOnlyList<Option> All => [_task, _steps, _epochs, _batch, _beta1, _weightDecay, _decoupled, _data, _text, _context, _width, _layers, _mlpHidden, _preNorm, _diagnoseEvery, _evaluateEvery, _tensorBoard];

    /// <summary>The options that define what a run computes (all but --evaluate-every and --tensorboard, which only watch it).</summary>
    public IReadOnlyList<Option> RunDefining => [.. All.Where(o => o != _evaluateEvery && o != _tensorBoard)];

    /// <summary>The --evaluate-every value.</summary>
    public int EvaluateEvery(ParseResult parse) => parse.GetValue(_evaluateEvery);

    public void AddTo(Command command)
    {
        foreach (var o in All)
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The --tensorboard folder as a full path, or null; a file there is refused before training (the folder is created as runs start).</summary>
    public string? TensorBoard(ParseResult parse)
    {
        if (parse.GetValue(_tensorBoard) is not { } dir)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(dir))
        {
            throw new ArgumentException("--tensorboard needs a folder.");
        }

        if (File.Exists(dir))
        {
            throw new IOException($"--tensorboard {dir} is a file; give a folder (it is created if needed).");
        }

        return Path.GetFullPath(dir);
    }

    /// <summary>The settings these options describe, with a placeholder method, lr, beta2 and seed.</summary>
    public TrainSettings Read(ParseResult parse)
    {
        int? steps = parse.GetValue(_steps);
        double? epochs = parse.GetValue(_epochs);
        if (steps is not null && epochs is not null)
        {
            throw new ArgumentException("Give --steps or --epochs, not both.");
        }

        var text = parse.GetValue(_text);
        var settings = new TrainSettings
        {
            Task = parse.GetValue(_task) ?? throw new ArgumentException("--task is required."),
            Method = MethodSpec.Parse("adam"),
            Steps = steps ?? 1000,
            Epochs = epochs,
            BatchSize = parse.GetValue(_batch) ?? 0,
            Beta1 = parse.GetValue(_beta1),
            WeightDecay = parse.GetValue(_weightDecay),
            DecoupledWeightDecay = parse.GetValue(_decoupled),
            DataFolder = parse.GetValue(_data),
            TextFiles = text is { Length: > 0 } ? text : null,
            Context = parse.GetValue(_context),
            Width = parse.GetValue(_width),
            Layers = parse.GetValue(_layers),
            MlpHidden = parse.GetValue(_mlpHidden),
            PreNorm = parse.GetValue(_preNorm),
            DiagnoseEvery = parse.GetValue(_diagnoseEvery),
            EvaluateEvery = parse.GetValue(_evaluateEvery),
        };
        settings.Validate();
        return settings;
    }
}
