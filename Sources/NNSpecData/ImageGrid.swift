import NNSpecIR

extension DataSpec {
    /// The (height, width) of the images that the rows of `data.inputs` flatten, as their IDX
    /// file declares them (MNIST's `[28, 28]`); nil when the inputs are anything else (another
    /// file, a generator, an expression over the file's rows) or are one-hot encoded. An IDX image
    /// file loads as n × (h·w) rows, which a dense layer reads as they are; a model whose first
    /// layer takes images reads each row as a one-channel h × w image instead (see
    /// `ExperimentPlan`), so the file's own shape needs no `reshape`.
    ///
    /// Reads only the file's header; a file that cannot be read gives nil (loading it reports why).
    public func inputImageGrid(specFile: String) -> [Int]? {
        if preprocess.contains(where: { step in
            if case .oneHot = step.kind { return step.applyTo == .inputs } else { return false }
        }) { return nil }
        var expr = inputs
        var visited: Set<String> = []
        while true {
            switch expr.kind {
            case .ref(let name):
                // The definition a reference sees is the last one of that name (names are unique
                // once the spec is valid); a cycle cannot occur, but is cut all the same.
                guard visited.insert(name).inserted, let d = arrays.last(where: { $0.name == name }) else { return nil }
                expr = d.expr
            case .idx(let path, _):
                let resolved = DataFile.resolve(path, relativeTo: expr.location?.file ?? specFile)
                return (try? IDXReader.readHeader(path: resolved))?.imageGrid
            default:
                return nil
            }
        }
    }
}
