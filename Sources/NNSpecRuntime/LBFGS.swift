import NNSpecIR

extension Trainer {
    func runLBFGS() -> RunResult.Stop {
        .length
    }
}
