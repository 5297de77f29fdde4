import NNSpecIR

struct SklearnExporter {
    var ctx: ExportContext
    init(_ ctx: ExportContext) { self.ctx = ctx }
    func script() -> Result<String, ExportFailure> { .failure(ExportFailure(refusals: [ExportRefusal(field: "target", reason: "not yet")])) }
}
