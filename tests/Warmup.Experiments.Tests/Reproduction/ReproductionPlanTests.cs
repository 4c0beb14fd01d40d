using Warmup.Experiments.Methods;
using Warmup.Reproduction;

namespace Warmup.Experiments.Tests.Reproduction;

public class ReproductionPlanTests
{
    [Theory]
    [InlineData(ReproductionScale.Tiny)]
    [InlineData(ReproductionScale.Default)]
    [InlineData(ReproductionScale.Full)]
    public void EverySweepOfEveryScaleIsValidAndNamesOnlyRegisteredMethods(ReproductionScale scale)
    {
        // A misspelt method or an argument out of range would otherwise surface only when the sweep reaches it.
        foreach (var sweep in ReproductionPlan.For(scale))
        {
            sweep.Validate();
            Assert.All(sweep.Methods, m => Assert.Same(m.Definition, ExperimentMethods.Find(m.Definition.Name)));
        }
    }

    [Fact]
    public void NoRunIsPlannedTwiceInTheFullGrid()
    {
        var keys = ReproductionPlan.For(ReproductionScale.Full).SelectMany(s => s.Runs()).Select(r => (r.Configuration, r.Method.Name, r.LearningRate, r.Beta2, r.Seed)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void TheDefaultLanguageModelSweepHasARateWhereAdamFailsAndDynamicWarmup()
    {
        // REPRODUCTION.md: Adam without warmup fails on the post-LN language model at lr 3e-2, and not at 3e-3.
        var lm = Assert.Single(ReproductionPlan.For(ReproductionScale.Default), s => s.Base.Task == "charlm");
        Assert.False(lm.Base.PreNorm);
        Assert.Equal([3e-3, 3e-2], lm.LearningRates);
        Assert.Contains(lm.Methods, m => m.Name == "dynamic");
        Assert.Contains(lm.Methods, m => m.Name == "adam");
    }
}
