import LinearAlgebra
@testable import Optimizers
import Testing

/// The factory is the one table of optimizers: every name it lists has a specification that names
/// itself, says how it is displayed and what a step costs, makes an optimizer, and is exercised by the
/// common battery (`OptimizerCase.all`), so a new optimizer missing from any of them fails here.
@Suite struct OptimizerCatalogTests {
    @Test func everyFactoryNameHasASpecificationThatMakesAnOptimizer() throws {
        let shapes = [LoRAShape(rank: 2, inFeatures: 5, outFeatures: 3)]
        for name in OptimizerFactory.names {
            let specification = try OptimizerFactory.specification(name)
            #expect(specification.name == name)
            #expect(!specification.displayName.isEmpty, "\(name) has no display name")
            let optimizer = try OptimizerFactory.make(name, hyperparameters: [:], shapes: shapes, scalar: Double.self)
            #expect(optimizer.name == name)
        }
        #expect(OptimizerFactory.specifications.map(\.name) == OptimizerFactory.names)
    }

    @Test func namesAndDisplayNamesAreDistinct() {
        #expect(Set(OptimizerFactory.names).count == OptimizerFactory.names.count)
        let displayNames = OptimizerFactory.specifications.map(\.displayName)
        #expect(Set(displayNames).count == displayNames.count, "display names: \(displayNames)")
    }

    @Test func everyStepCostHasPositiveLeadingPowers() {
        for specification in OptimizerFactory.specifications {
            for size in StepCost.Size.allCases {
                let power = specification.stepCost.leadingPower(size)
                #expect((1 ... 3).contains(power), "\(specification.name): leading power \(power) in \(size.rawValue), expected 1 to 3")
            }
        }
    }

    @Test func theBatteryCoversEveryFactoryOptimizerAndNoOther() {
        let battery = Set(OptimizerCase.all.map(\.name))
        #expect(battery == Set(OptimizerFactory.names),
                "battery \(battery.sorted()) against factory \(OptimizerFactory.names)")
    }

    @Test func onlyLoRARiteSkipsTheTrainersGradientClip() {
        let unclipped = OptimizerFactory.names.filter { !OptimizerFactory.usesTrainerGradientClipping($0) }
        #expect(unclipped == ["lora-rite"])
    }
}
