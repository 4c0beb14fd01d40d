using Warmup.Experiments.Data;

namespace Warmup.Experiments.Training.Tasks;

/// <summary>Which file a document comes from, with the fastText-style bag of hashed n-grams; test accuracy.</summary>
internal sealed class FortunesBowTaskDefinition : TaskDefinition
{
    public override string Name => "fortunes-bow";

    public override string Metric => "test accuracy (%)";

    public override bool HigherIsBetter => true;

    public override int DefaultBatchSize => 128;

    public override string DataKey(TrainSettings s) => "text=" + TextCorpus.Locate(s.TextFiles);

    public override void CheckData(TrainSettings s, IDictionary<string, object> loaded)
    {
        string key = "classes:" + DataKey(s);
        if (!loaded.ContainsKey(key))
        {
            loaded[key] = LabelledTexts.Load(s.TextFiles);
        }
    }

    internal override TrainingTask Create(TrainSettings s) => new TextClassificationTask(s, this);
}
