import DeepMouseCore
import DeepMouseTraining
import Testing

/// `deepmouse train` starts from the recipe of the data's device: the shipped models' recipes for
/// what `deepmoused record` writes, the original network for the study's pixels.
@Suite struct TrainingRecipeTests {
    @Test func theDataUnitPicksTheRecipe() {
        #expect(TrainingRecipe.forData(in: .mm) == .touchpad)
        #expect(TrainingRecipe.forData(in: .counts) == .mouse)
        #expect(TrainingRecipe.forData(in: .px) == .original)
    }

    @Test func recipesAreTheShippedModelsOnes() {
        // The touchpad card's run: --window 104 --stride 13 --hidden 64 --readout mean --moving-samples-only.
        let touchpad = TrainingRecipe.touchpad
        #expect((touchpad.window, touchpad.stride, touchpad.hidden) == (104, 13, 64))
        #expect(touchpad.readout == .mean && touchpad.movingSamplesOnly)
        // The mouse card's run: --window 400 --stride 50, GRU 128, last readout, moving samples only.
        let mouse = TrainingRecipe.mouse
        #expect((mouse.window, mouse.stride, mouse.hidden) == (400, 50, 128))
        #expect(mouse.readout == .last && mouse.movingSamplesOnly)
        // The original study: 800 samples of every kind, stride window / 4.
        let original = TrainingRecipe.original
        #expect((original.window, original.stride, original.movingSamplesOnly) == (800, 200, false))
        for name in TrainingRecipe.Name.allCases { #expect(TrainingRecipe.named(name).name == name) }
    }
}
