/// Every lint rule, in the order `nnspec explain` lists them. Adding a rule is one file under
/// Rules/ and one line here.
public enum RuleRegistry {
    public static let rules: [any LintRule.Type] = [
        PenaltyScope.self,
        MixedConventions.self,
        SymmetricInit.self,
        UnscaledInputs.self,
        BroadcastTargets.self,
        SeparableUnpenalized.self,
        TooFewUpdates.self,
        MSEOnClasses.self,
        SoftmaxBinaryCrossentropy.self,
        SigmoidCategoricalCrossentropy.self,
        LogitsWithoutFromLogits.self,
        DoubleActivation.self,
        SoftmaxSingleUnit.self,
        HiddenSoftmax.self,
        TargetEncoding.self,
        NonFiniteData.self,
        VanishingGradient.self,
        LinearHidden.self,
        DropoutBeforeRegressionOutput.self,
        BatchNormCopiedMomentum.self,
        BatchNormStaleStatistics.self,
        BatchNormSmallBatch.self,
        BiasBeforeBatchNorm.self,
        BatchNormWeightDecay.self,
        KeepProbReadAsRate.self,
        IncreasingWidths.self,
        NonzeroBiasInit.self,
        AdaptiveStepSize.self,
        DivergentStep.self,
        UnboundedGrowth.self,
        UnknownRule.self,
        MirrorUnreadable.self,
        MirrorArchitecture.self,
        MirrorWindowPadding.self,
        MirrorAveragePoolBorder.self,
        MirrorDropoutRate.self,
        MirrorBatchNormMomentum.self,
        MirrorBatchNormEpsilon.self,
        MirrorBatchNormRunningVariance.self,
        MirrorFlattenOrder.self,
        MirrorData.self,
        MirrorLoss.self,
        MirrorPenalty.self,
        MirrorPenaltyScope.self,
        MirrorInit.self,
        MirrorOptimizer.self,
        MirrorEpsilon.self,
        MirrorBatching.self,
        MirrorShuffle.self,
        MirrorDType.self,
    ]

    public static func rule(id: String) -> (any LintRule.Type)? {
        rules.first { $0.description.id == id }
    }

    public static var ids: [String] { rules.map { $0.description.id } }
}
