using Warmup.Experiments.Data;

namespace Warmup.Experiments.Training.Tasks;

/// <summary>Which file a document comes from, with the fastText-style bag of hashed n-grams; test accuracy.</summary>
internal sealed class FortunesBowTaskDefinition : TaskDefinition
{
    public override string Name => "fortunes-bow";

    public override string Metric => "test accuracy (%)";

    public override bool HigherIsBetter => true;

    /// <summary>"fortunes, bag of n-grams".</summary>
    public override string Title(string configuration) => "fortunes, bag of n-grams";

    /// <summary>ln of the class count the data note states ("... classes"), else unknown.</summary>
    public override double? ChanceLoss(string dataNote) => NoteCount(dataNote, "classes") is { } k ? Math.Log(k) : null;

    /// <summary>1 point of accuracy.</summary>
    public override double NonInferiorityMargin(double referenceMean) => 1.0;

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
