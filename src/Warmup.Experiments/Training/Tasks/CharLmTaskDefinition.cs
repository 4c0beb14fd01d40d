using System.Globalization;
using Warmup.Experiments.Data;

namespace Warmup.Experiments.Training.Tasks;

/// <summary>Character-level language modelling with the small Transformer; validation perplexity.</summary>
internal sealed class CharLmTaskDefinition : TaskDefinition
{
    public override string Name => "charlm";

    public override string Metric => "validation perplexity";

    public override bool HigherIsBetter => false;

    public override int DefaultBatchSize => 32;

    public override string ModelKey(TrainSettings s) =>
        string.Create(CultureInfo.InvariantCulture, $";context={s.Context};width={s.Width};layers={s.Layers};prenorm={s.PreNorm}");

    public override string DataKey(TrainSettings s) => "text=" + TextCorpus.Locate(s.TextFiles);

    public override void CheckData(TrainSettings s, IDictionary<string, object> loaded)
    {
        string key = DataKey(s);
        if (!loaded.TryGetValue(key, out var corpus))
        {
            corpus = loaded[key] = TextCorpus.Load(s.TextFiles);
        }

        TrainingData.CheckLength((TextCorpus)corpus, s.Context, s.EffectiveBatchSize);
    }

    internal override TrainingTask Create(TrainSettings s) => new LanguageModelTask(s, this);

    /// <summary>"char LM, post-LN", or pre-LN, with the width and depth when they are not 64 and 2.</summary>
    public override string Title(string configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string Part(string key) => configuration.Split(';').FirstOrDefault(p => p.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] ?? string.Empty;
        string model = Part("width") is "64" or "" && Part("layers") is "2" or "" ? string.Empty : $", width {Part("width")}, {Part("layers")} layers";
        return $"char LM, {(Part("prenorm") == "True" ? "pre-LN" : "post-LN")}{model}";
    }

    /// <summary>ln of the vocabulary size the data note states ("105 symbols").</summary>
    public override double? ChanceLoss(string dataNote) => NoteCount(dataNote, "symbols") is { } k ? Math.Log(k) : null;

    /// <summary>2 % of the reference's perplexity.</summary>
    public override double NonInferiorityMargin(double referenceMean) => 0.02 * referenceMean;
}
