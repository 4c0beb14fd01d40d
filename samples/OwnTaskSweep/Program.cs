// Your own model and data in a sweep, with the papers' kind of report: a classifier of two interleaved spirals (your
// data as tensors, your TorchSharp model), swept over methods and seeds, then reported with Welch's test and figures.
using Warmup.Experiments.Methods;
using Warmup.Experiments.Report;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Tasks;
using Warmup.Reports;
using static TorchSharp.torch;

string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "warmup-own-task-sweep");
if (Directory.Exists(output))
{
    Directory.Delete(output, recursive: true);
}

// The task (data built once and shared by every run; the model built under each run's seed), a sweep of 3 methods x
// 3 seeds of 300 steps (run it again and nothing is trained twice), and the report: tables, comparisons with
// verdicts, curves, diagnostics.
TrainingTasks.Register(new ClassifierTask("spirals", Spirals, settings => SpiralNet()) { DisplayName = "two spirals, MLP 64x64", BatchSize = 64 });
var methods = new[] { "adam", "untuned-linear", "radam" }.Select(MethodSpec.Parse).ToList();
var spec = new SweepSpec(new TrainSettings { Task = "spirals", Method = methods[0], Steps = 300 }, methods, [1e-2], [0.99], [1, 2, 3]);
int trained = SweepRunner.Run(spec, Path.Combine(output, "sweep.db"), jobs: 2);
using var db = SweepDatabase.OpenReadOnly(Path.Combine(output, "sweep.db"));
var md = new MarkdownReport().Heading(1, "Two spirals: Adam, untuned warmup and RAdam");
var result = ExperimentReport.Write(db, md, Path.Combine(output, "figures"), file => $"figures/{file}");
md.Save(Path.Combine(output, "report.md"));

// Every table also as CSV and JSON.
ReportExport.WriteTables(Path.Combine(output, "tables"), md.Tables);
result.WriteData(Path.Combine(output, "tables"));

var (heading, table) = result.MainTables[0];
Console.WriteLine(heading);
Console.WriteLine(string.Join(" | ", table.Header));
foreach (var row in table.Rows)
{
    Console.WriteLine(string.Join(" | ", row));
}

Console.WriteLine($"own task swept: {trained} runs trained, {result.Runs.Count} in the report; {Path.Combine(output, "report.md")} with {Directory.GetFiles(Path.Combine(output, "figures")).Length} figures");

// A multilayer perceptron, 2-64-64-2 with tanh.
static nn.Module<Tensor, Tensor> SpiralNet() =>
    nn.Sequential(("hidden1", nn.Linear(2, 64)), ("tanh1", nn.Tanh()), ("hidden2", nn.Linear(64, 64)), ("tanh2", nn.Tanh()), ("out", nn.Linear(64, 2)));

// Two spirals of 1,000 points each (600 to train, 400 to test per class), with a little noise; a fixed seed.
static ClassificationData Spirals()
{
    var random = new Random(7);
    var train = new List<(float X, float Y, long Label)>();
    var test = new List<(float X, float Y, long Label)>();
    for (int label = 0; label < 2; label++)
    {
        for (int i = 0; i < 1000; i++)
        {
            double t = 0.25 + (2.0 * Math.PI * i / 1000);
            double angle = t + (label * Math.PI);
            var point = ((float)((t * Math.Cos(angle) / 10) + (0.05 * (random.NextDouble() - 0.5))), (float)((t * Math.Sin(angle) / 10) + (0.05 * (random.NextDouble() - 0.5))), (long)label);
            (i % 5 < 3 ? train : test).Add(point);
        }
    }

    Tensor Inputs(List<(float X, float Y, long Label)> rows) => tensor(rows.SelectMany(r => new[] { r.X, r.Y }).ToArray()).reshape(rows.Count, 2);
    Tensor Labels(List<(float X, float Y, long Label)> rows) => tensor(rows.Select(r => r.Label).ToArray());
    return new ClassificationData(Inputs(train), Labels(train), Inputs(test), Labels(test), Classes: 2, Note: "two spirals, 1,200 training and 800 test points, 2 classes");
}
