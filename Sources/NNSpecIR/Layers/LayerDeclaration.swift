import NNSpecSyntax

/// Where a layer sits and what its convention supplies, for a declaration's decoder.
struct LayerDecodeContext {
    /// `model.layers[i]`.
    var path: String
    var index: Int
    /// Layers in the model.
    var count: Int
    var preset: ConventionPreset
    var convention: Convention
    /// The first layer's activation as written: scikit-learn's init factor depends on it.
    var hiddenActivation: String?
}

/// What a kind of layer declares to the front end: the `type:` it is written with, the keys it
/// accepts besides `name` and `type`, how it is decoded (defaults and their origins) and printed
/// back in canonical form. The decoder, the canonical printer and the grammar (and through it
/// the JSON Schema test) read these declarations; the registry lists them.
public protocol LayerDeclaration {
    static var type: String { get }
    static var keys: [String] { get }
    static func canonical(_ layer: LayerSpec) -> [(String, CanonicalValue)]
    /// Whether the layer's meaning depends on `model.data_format` (spatial layers).
    static var readsDataFormat: Bool { get }
    /// Other `type:` names read as this kind (the frameworks' own spellings).
    static var aliases: [String] { get }
}

extension LayerDeclaration {
    public static var readsDataFormat: Bool { true }
    public static var aliases: [String] { [] }
}

/// The decoding half of a declaration (the decoder's types are the front end's own).
protocol LayerDecoding: LayerDeclaration {
    static func decode(_ node: Node, _ decoder: SpecDecoder, _ context: LayerDecodeContext) -> LayerSpec?
}

/// Every layer kind the front end knows. Adding a kind is its declaration file and one line here
/// (a test fails when a `LayerDeclaration` is not listed).
public enum LayerRegistry {
    static let decoders: [any LayerDecoding.Type] = [Dense.self, Conv2D.self, MaxPooling2D.self, AveragePooling2D.self, Flatten.self, Dropout.self,
                                                   BatchNormalization.self]
    public static var kinds: [any LayerDeclaration.Type] { decoders }
    /// The type of a layer that does not write `type:`.
    static let defaultType: any LayerDecoding.Type = Dense.self

    static func declaration(named type: String) -> (any LayerDecoding.Type)? {
        decoders.first { $0.type == type || $0.aliases.contains(type) }
    }

    /// The keys of the `layer` object: name and type, then each kind's keys in registry order.
    public static var keys: [String] {
        var out = ["name", "type"]
        for k in kinds { for key in k.keys where !out.contains(key) { out.append(key) } }
        return out
    }
}
