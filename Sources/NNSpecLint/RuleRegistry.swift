/// Every lint rule, in the order `nnspec explain` lists them. Adding a rule is one file under
/// Rules/ and one line here.
public enum RuleRegistry {
    public static let rules: [any LintRule.Type] = [
        PenaltyScope.self,
    ]

    public static func rule(id: String) -> (any LintRule.Type)? {
        rules.first { $0.description.id == id }
    }

    public static var ids: [String] { rules.map { $0.description.id } }
}
