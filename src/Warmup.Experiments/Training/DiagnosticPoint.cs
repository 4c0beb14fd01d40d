namespace Warmup.Experiments.Training;

/// <summary>
/// What the papers look at during training, at one step (Ma and Yarats Fig. 1, Liu et al. Fig. 2).
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="TrainLoss">The minibatch loss of the step.</param>
/// <param name="LearningRate">The effective learning rate of the step.</param>
/// <param name="MedianUpdate">Median over all parameter entries of |change| / effective learning rate; null when that rate is 0.</param>
/// <param name="MomentCorrelation">Pearson correlation of |m_t| and sqrt(v_t) over all entries after the step; null for SGD.</param>
/// <param name="GradientCv">
/// Median over entries of the coefficient of variation of the minibatch gradient, estimated from the probe examples'
/// individual gradients: std / (sqrt(batch size) |mean|).
/// </param>
/// <param name="LogGradientHistogram">Counts of log10 |g| of the minibatch gradient over all entries, in <see cref="Histogram.Bins"/>.</param>
public sealed record DiagnosticPoint(int Step, double TrainLoss, double LearningRate, double? MedianUpdate, double? MomentCorrelation, double? GradientCv, int[] LogGradientHistogram);
