using System.Runtime.InteropServices;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>The step: checks, the non-finite guard, the current step's statistics where asked, the fused pass, what rules learn.</summary>
public abstract partial class AdaptiveOptimizer
{
    /// <summary>Performs one optimization step on every parameter that has a gradient.</summary>
    /// <param name="closure">Optional closure that re-evaluates the model and returns the loss.</param>
    /// <returns>The closure's loss, or null.</returns>
    /// <exception cref="ArgumentException">An option is out of range, or a gradient is sparse.</exception>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using (enable_grad())
            {
                loss = closure();
            }
        }

        using (no_grad())
        {
            try
            {
                // Every check first (options, gradients, state); then, if asked, the non-finite guard; only then any change.
                int withoutGradient = Prepare();
                int lanes = get_num_threads(); // the fused passes split each tensor as libtorch's threads do (ChunkList)
                int nonFinite = SkipNonFiniteSteps ? CountNonFiniteGradients(lanes) : 0;
                if (nonFinite > 0)
                {
                    SkippedSteps++;
                    LastStep = new StepStatistics { WithoutGradient = withoutGradient, NonFiniteTensors = nonFinite, LearningRates = new double[_parameter_groups.Count] };
                    return loss!;
                }

                // Allocations first (AMSGrad buffers switched on or off), so that running out of memory changes no moment.
                foreach (var w in _pending)
                {
                    w.State.UseAmsGrad(w.AmsGrad);
                    w.State.UseFormat(w.Format); // a group whose format changed: its moments converted now
                }

                PlanWithCurrentStatistics(lanes);
                int fused = Apply(lanes);
                LastStep = new StepStatistics
                {
                    FusedTensors = fused, TensorOpTensors = _pending.Count - fused, WithoutGradient = withoutGradient, LearningRates = AppliedRates(),
                };
            }
            finally
            {
                foreach (var w in _pending)
                {
                    w.Gradient.Dispose();
                }

                _pending.Clear();
                _batch.Clear();
                _preview.Clear();
                _check.Clear();
            }
        }

        return loss!;
    }

    // The read-only pass for parameters whose chain asks for the current step's statistics, then the rest of their plans.
    private void PlanWithCurrentStatistics(int lanes)
    {
        var pending = CollectionsMarshal.AsSpan(_pending);
        _preview.Clear(lanes);
        bool any = false;
        for (int i = 0; i < pending.Length; i++)
        {
            ref var w = ref pending[i];
            if (w.Current == TensorStatistics.None)
            {
                continue;
            }

            any = true;
            if (!(UseFusedKernel && _preview.TryAdd(w.Parameter, w.Gradient, w.State, w.Coefficients, w.Current, owner: i, w.RoundingSeed)))
            {
                w.Statistics = TensorOpStep.Preview(w.Parameter, w.Gradient, w.State, w.Coefficients, w.Current);
            }
        }

        if (!any)
        {
            return;
        }

        _preview.Run(_maxThreads);
        for (int k = 0; k < _preview.Count; k++)
        {
            var (owner, statistics) = _preview.PreviewOf(k);
            pending[owner].Statistics = statistics;
        }

        foreach (ref var w in pending)
        {
            if (w.Current != TensorStatistics.None)
            {
                var context = new StepContext(w.State.Step + 1, w.Hyperparameters) { Statistics = w.Statistics };
                w.Coefficients = RuleChain.Finish(RuleChain.Fold(w.Chain, w.FirstCurrent, w.Chain.Count, w.Coefficients, context, w.RuleState));
            }
        }
    }

    // The step itself: the fused pass for every eligible parameter, tensor operations for the rest; then the rules learn.
    private int Apply(int lanes)
    {
        int fused = 0;
        _batch.Clear(lanes);
        foreach (var w in _pending)
        {
            w.State.Step++;
            if (UseFusedKernel && _batch.TryAdd(w.Parameter, w.Gradient, w.State, w.Coefficients, w.Observed, roundingSeed: w.RoundingSeed))
            {
                fused++;
            }
            else
            {
                TensorOpStep.Apply(w.Parameter, w.Gradient, w.State, w.Coefficients, w.Observed);
            }
        }

        _batch.Run(_maxThreads, lastChunkFirst: SkipNonFiniteSteps);
        foreach (var w in _pending)
        {
            w.State.AppliedLearningRate = w.Coefficients.LearningRate;
            if (w.StatefulRules is { Length: > 0 })
            {
                w.State.UseRuleState(w.RuleState!, w.StatefulRules);
                RuleChain.Observe(w.Chain, w.RuleState, w.Coefficients, w.State.Statistics);
            }
        }

        return fused;
    }

    // Per group, the rate its parameters applied: their common rate, or the element-weighted mean when rules made them differ.
    private double[] AppliedRates()
    {
        var rates = new double[_parameter_groups.Count];
        var weights = new double[_parameter_groups.Count];
        var first = new double?[_parameter_groups.Count];
        var uniform = new bool[_parameter_groups.Count];
        foreach (var w in _pending)
        {
            double lr = w.Coefficients.LearningRate, n = w.Parameter.numel();
            if (first[w.Group] is null)
            {
                (first[w.Group], uniform[w.Group]) = (lr, true);
            }

            uniform[w.Group] &= lr == first[w.Group];
            rates[w.Group] += lr * n;
            weights[w.Group] += n;
        }

        for (int g = 0; g < rates.Length; g++)
        {
            rates[g] = first[g] is not { } common ? 0.0 : uniform[g] ? common : weights[g] > 0 ? rates[g] / weights[g] : common;
        }

        return rates;
    }

    // The guard's read-only pass: contiguous float32 CPU gradients in parallel SIMD chunks, the others by a reduction.
    private int CountNonFiniteGradients(int lanes)
    {
        int nonFinite = 0;
        _check.Clear(lanes);
        foreach (var w in _pending)
        {
            if (!_check.TryAdd(w.Gradient))
            {
                using var scope = NewDisposeScope(); // holds isfinite()'s result until all() has read it
                nonFinite += w.Gradient.isfinite().all().item<bool>() ? 0 : 1;
            }
        }

        return nonFinite + _check.CountNonFinite(_maxThreads);
    }
}
