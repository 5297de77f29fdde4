/// Every training monitor, in the order diagnoses are reported and `nnspec explain` lists them.
/// Adding a monitor is one file under Monitors/ and one line here.
public enum MonitorRegistry {
    static var monitors: [any TrainingMonitor.Type] {
        [
            Divergence.self,
            Saturation.self,
            DeadUnits.self,
            IdenticalUnits.self,
            GradientsVanish.self,
            GradientsExplode.self,
            Plateau.self,
            Oscillation.self,
            OverFitting.self,
            PenaltyDominates.self,
        ]
    }

    public static var descriptions: [MonitorDescription] { monitors.map { $0.description } }

    public static func description(id: String) -> MonitorDescription? {
        descriptions.first { $0.id == id }
    }
}
