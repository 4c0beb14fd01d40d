using Warmup.Experiments.Data;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Tasks;

namespace Warmup.Experiments.Tests.Training;

/// <summary>The tasks' registry, and the configuration keys a sweep database matches runs on, written out in full.</summary>
public class TaskRegistryTests
{
    /// <summary>
    /// The keys as the trainer wrote them before the registry (main at 9e5d099): a change here would split a sweep
    /// database's existing runs from new ones.
    /// </summary>
    [Fact]
    public void ConfigurationKeysAreThoseOfEarlierSweeps()
    {
        string images = Path.GetFullPath(FashionMnist.SampleFolder);
        string text = TextCorpus.Locate();
        TrainSettings S(string task) => new() { Task = task, Method = MethodSpec.Parse("adam"), DataFolder = FashionMnist.SampleFolder };

        Assert.Equal($"task=fmnist-mlp;steps=1000;batch=128;beta1=0.9;wd=0;decoupled=False;probes=16;data={images}", S("fmnist-mlp").Configuration);
        Assert.Equal($"task=fmnist-mlp;steps=1000;batch=128;beta1=0.9;wd=0;decoupled=False;probes=16;hidden=512;data={images}", (S("fmnist-mlp") with { MlpHidden = 512 }).Configuration);
        Assert.Equal($"task=fmnist-cnn;steps=2.5 epochs;batch=64;beta1=0.9;wd=0.01;decoupled=True;probes=16;data={images}", (S("fmnist-cnn") with { Epochs = 2.5, BatchSize = 64, WeightDecay = 0.01, DecoupledWeightDecay = true, MlpHidden = 512 }).Configuration);
        Assert.Equal($"task=charlm;steps=1000;batch=32;beta1=0.9;wd=0;decoupled=False;probes=16;context=64;width=64;layers=2;prenorm=False;text={text}", S("charlm").Configuration);
        Assert.Equal($"task=fortunes-bow;steps=1000;batch=128;beta1=0.9;wd=0;decoupled=False;probes=16;text={text}", S("fortunes-bow").Configuration);
    }

    [Fact]
    public void EveryTaskIsFoundByItsNameAndUnknownNamesAreListed()
    {
        Assert.Equal(["fmnist-mlp", "fmnist-cnn", "charlm", "fortunes-bow"], TrainingTasks.Names.Take(4));   // then any a test registered
        Assert.All(TrainingTasks.All, t => Assert.Same(t, TrainingTasks.Get(t.Name)));
        Assert.StartsWith(
            "--task: unknown task 'mnist'; expected one of fmnist-mlp, fmnist-cnn, charlm, fortunes-bow",
            Assert.Throws<ArgumentException>(() => TrainingTasks.Get("mnist")).Message, StringComparison.Ordinal);
        Assert.Equal([true, true, false, true], TrainingTasks.All.Take(4).Select(t => t.HigherIsBetter));
        Assert.Equal([128, 128, 32, 128], TrainingTasks.All.Take(4).Select(t => t.DefaultBatchSize));
    }
}
