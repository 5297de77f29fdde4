// What a run produces is a results file: the runtime fills in NNSpecResults' model, which also
// writes the file and reads it back (for `nnspec diff --results`). Re-exported, so code that
// runs specs sees the results types (`RunResult`, `DenseParameters`) with the runtime.
@_exported import NNSpecResults

/// What `Runner.run` returns: the results file of the run.
public typealias RunResult = ResultsFile
