using System.Globalization;
using System.Text.Json.Serialization;
using Warmup.Core.Maths;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training.Tasks;

namespace Warmup.Experiments.Training;

/// <summary>One training run. Defaults are documented per property.</summary>
public sealed record TrainSettings
{
    /// <summary>
    /// The tasks (<see cref="TrainingTasks"/>): Fashion-MNIST with the MLP or the CNN, the character-level language
    /// model, or which fortunes file a fortune comes from with a fastText-style bag of hashed n-grams.
    /// </summary>
    public static IReadOnlyList<string> Tasks => TrainingTasks.Names;

    /// <summary>The default of <see cref="MlpHidden"/>.</summary>
    public const int DefaultMlpHidden = 256;

    /// <summary>One of <see cref="Tasks"/>.</summary>
    public required string Task { get; init; }

    /// <summary>The method.</summary>
    public required MethodSpec Method { get; init; }

    /// <summary>Base learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam's beta1. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's beta2. Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Weight decay. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Decoupled weight decay instead of L2. Default false.</summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <summary>Seed of the initial weights, the data order and the probes. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Optimizer steps. Default 1,000. Ignored when <see cref="Epochs"/> is set.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Passes over the training data (images, or the training text in sequences), instead of <see cref="Steps"/>. Default null.</summary>
    public double? Epochs { get; init; }

    /// <summary>Minibatch size. Default 0: 128 images or documents, or 32 sequences.</summary>
    public int BatchSize { get; init; }

    /// <summary>Characters per sequence of the language model. Default 64.</summary>
    public int Context { get; init; } = 64;

    /// <summary>Width of the language model. Default 64.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Blocks of the language model. Default 2.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Units in each of the two hidden layers of the fmnist-mlp model. Default 256 (about 270 k parameters).</summary>
    public int MlpHidden { get; init; } = DefaultMlpHidden;

    /// <summary>Pre-LN language model (else post-LN, where Adam without warmup is known to fail). Default false.</summary>
    public bool PreNorm { get; init; }

    /// <summary>The default of <see cref="LogEvery"/>.</summary>
    public const int DefaultLogEvery = 10;

    /// <summary>Training loss is logged as the mean over this many steps. Default 10.</summary>
    public int LogEvery { get; init; } = DefaultLogEvery;

    /// <summary>Diagnostics every this many steps (every step up to 10, every 5 up to 100 as well); 0: none. Default 50.</summary>
    public int DiagnoseEvery { get; init; } = 50;

    /// <summary>
    /// The test metric is also measured every this many steps, for observers (a live line, TensorBoard); 0: only at the
    /// end. It changes nothing that is trained, so it is not part of <see cref="Configuration"/>. Default 0.
    /// </summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Examples whose individual gradients estimate the gradients' coefficient of variation. Default 16.</summary>
    public int ProbeExamples { get; init; } = 16;

    /// <summary>Fashion-MNIST folder, or null to search (see <see cref="Data.FashionMnist.Load"/>).</summary>
    public string? DataFolder { get; init; }

    /// <summary>Text files for charlm (one text) or fortunes-bow (one class per file), or null for the default corpus.</summary>
    public IReadOnlyList<string>? TextFiles { get; init; }

    /// <summary>The batch size in force.</summary>
    /// <exception cref="ArgumentException">The task is unknown.</exception>
    [JsonIgnore]
    public int EffectiveBatchSize => BatchSize > 0 ? BatchSize : TrainingTasks.Get(Task).DefaultBatchSize;

    /// <summary>The weight decay the run applies: its method's own (AdamW's argument), else <see cref="WeightDecay"/>.</summary>
    [JsonIgnore]
    public double AppliedWeightDecay => Method.Definition.WeightDecayFromArgument ? Method.Argument ?? 0 : WeightDecay;

    /// <summary>Whether the run's weight decay is decoupled: always for a method with its own (AdamW), else <see cref="DecoupledWeightDecay"/>.</summary>
    [JsonIgnore]
    public bool AppliedDecoupledWeightDecay => Method.Definition.WeightDecayFromArgument || DecoupledWeightDecay;

    /// <summary>The hyperparameters for the method (with the weight decay it applies).</summary>
    [JsonIgnore]
    public Hyperparameters Hyperparameters => new(LearningRate, Beta1, Beta2, AppliedWeightDecay, AppliedDecoupledWeightDecay);

    /// <summary>
    /// What identifies the run in a sweep database: everything that changes its numbers except the seed, method, lr
    /// and beta2, which have columns of their own, including the data actually found (the folder or text files that
    /// would be read, as full paths), so that runs on the shipped sample and on the full data set never mix.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Fashion-MNIST is nowhere to be found.</exception>
    /// <exception cref="FileNotFoundException">No text corpus is found.</exception>
    [JsonIgnore]
    public string Configuration
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            string length = Epochs is double e ? e.ToString(c) + " epochs" : Steps.ToString(c);
            var task = TrainingTasks.Get(Task);
            string data = task.DataKey(this);
            string model = task.ModelKey(this);
            return string.Create(c, $"task={Task};steps={length};batch={EffectiveBatchSize};beta1={Beta1};wd={WeightDecay};decoupled={DecoupledWeightDecay};probes={ProbeExamples}{model};{data}");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        _ = TrainingTasks.Get(Task);
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr must be a positive number (got {LearningRate}).");
        Check(MomentDecay.IsValid(Beta1), $"--beta1 must be in {MomentDecay.Range} (got {Beta1}).");
        Check(MomentDecay.IsValid(Beta2), $"--beta2 must be in {MomentDecay.Range} (got {Beta2}).");
        Check(WeightDecay >= 0, $"--weight-decay must be >= 0 (got {WeightDecay}).");
        Check(
            !Method.Definition.WeightDecayFromArgument || (WeightDecay == 0 && !DecoupledWeightDecay),
            $"{Method.Definition.Name} sets its own decoupled weight decay ({Method.Definition.Syntax}, default {Method.Definition.Argument.Write(Method.Definition.Argument.Default ?? 0)}): drop --weight-decay and --decoupled, or use adam with them.");
        Check(Steps >= 1, $"--steps must be at least 1 (got {Steps}).");
        Check(Epochs is null || (Epochs > 0 && double.IsFinite(Epochs.Value)), $"--epochs must be a positive number (got {Epochs}).");
        Check(BatchSize >= 0, $"--batch-size must be >= 0 (got {BatchSize}).");
        Check(Context >= 2 && Width >= 4 && Layers >= 1, $"language-model sizes must be positive (context {Context}, width {Width}, layers {Layers}).");
        Check(MlpHidden is >= 1 and <= 1 << 16, $"--mlp-hidden must be between 1 and 65536 (got {MlpHidden}).");
        Check(EvaluateEvery >= 0, $"--evaluate-every must be >= 0 (got {EvaluateEvery}).");
        Check(LogEvery >= 1 && DiagnoseEvery >= 0 && ProbeExamples >= 2, "--log-every >= 1, --diagnose-every >= 0 and at least 2 probe examples are needed.");
    }
}
