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

    /// <summary>ln of the vocabulary size the data note states ("105 symbols").</summary>
    public override double? ChanceLoss(string dataNote) => NoteCount(dataNote, "symbols") is { } k ? Math.Log(k) : null;

    /// <summary>2 % of the reference's perplexity.</summary>
    public override double NonInferiorityMargin(double referenceMean) => 0.02 * referenceMean;
}
