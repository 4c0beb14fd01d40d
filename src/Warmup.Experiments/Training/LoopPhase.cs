namespace Warmup.Experiments.Training;

/// <summary>The parts of one training step that <see cref="LoopTimer"/> times, in the order the loop runs them.</summary>
public enum LoopPhase
{
    /// <summary><c>optimizer.zero_grad()</c>.</summary>
    ZeroGrad,

    /// <summary>Choosing the minibatch and gathering its inputs and targets (batch selection).</summary>
    Data,

    /// <summary>The model's forward pass and the loss.</summary>
    Forward,

    /// <summary><c>loss.backward()</c>.</summary>
    Backward,

    /// <summary><c>optimizer.step()</c> (and SGD's decoupled weight decay).</summary>
    Step,

    /// <summary>
    /// The rest of the step: reading the loss, diagnostics, the curve, progress, and freeing the step's temporary
    /// tensors (its dispose scope), which happens after the step's last phase.
    /// </summary>
    Other,
}
