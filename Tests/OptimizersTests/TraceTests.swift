import Foundation
import LinearAlgebra
import NaiveReferences
import Optimizers
import Testing

/// A trace problem as JSON text, with numbers in Swift's shortest round-trip form.
func traceJSON(optimizer: String, hyperparameters: String, steps: Int, problem: LeastSquares, extra: String = "") -> String {
    func matrix(_ m: Dense) -> String { "[" + m.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]" }
    let pairs = zip(problem.start, problem.data).map { p, d in
        "{\"A\": \(matrix(p.a)), \"B\": \(matrix(p.b)), \"X\": \(matrix(d.x)), \"Y\": \(matrix(d.y))}"
    }
    return "{\"optimizer\": \"\(optimizer)\", \"hyperparameters\": \(hyperparameters), \"steps\": \(steps),\(extra) \"pairs\": ["
        + pairs.joined(separator: ", ") + "]}"
}

struct TraceOutput: Decodable {
    struct Step: Decodable {
        var step: Int
        var loss: Double
        var pairs: [[String: [[Double]]]]
    }
    var steps: [Step]
}

@Suite("rite-repro trace: problem decoding, runner, output")
struct TraceTests {
    let problem = LeastSquares.random(seed: 61, shapes: [(3, 5, 4, 8), (2, 4, 7, 6)], zeroB: false)

    @Test("analytic gradients match central finite differences and the naive gradients")
    func gradients() {
        let pairs = problem.start.map(\.loRAPair)
        let data = problem.data.map { (inputs: Matrix($0.x), targets: Matrix($0.y)) }
        let (loss, gradients) = TraceRunner.lossAndGradients(pairs, data: data)
        #expect(abs(loss - problem.loss(problem.start)) <= 1e-13 * loss)
        let naive = problem.gradients(problem.start)
        for (g, n) in zip(gradients, naive) {
            #expect(relativeDifference(g.a.nestedRows, n.a) <= 1e-13 && relativeDifference(g.b.nestedRows, n.b) <= 1e-13)
        }
        let h = 1e-6
        for i in pairs.indices {
            for (row, col, inA) in [(0, 0, true), (1, 2, true), (2, 1, false), (0, 1, false)] {
                var plus = problem.start, minus = problem.start
                if inA { plus[i].a[row][col] += h; minus[i].a[row][col] -= h } else { plus[i].b[row][col] += h; minus[i].b[row][col] -= h }
                let numeric = (problem.loss(plus) - problem.loss(minus)) / (2 * h)
                let analytic = inA ? gradients[i].a[row, col] : gradients[i].b[row, col]
                #expect(abs(numeric - analytic) <= 1e-7 * max(1, abs(analytic)), "pair \(i) \(inA ? "A" : "B")[\(row), \(col)]")
            }
        }
    }

    @Test("decode, run and write: the JSON round-trips the trajectory exactly", arguments: OptimizerFactory.names)
    func runEveryOptimizer(_ name: String) throws {
        let text = traceJSON(optimizer: name, hyperparameters: #"{"lr": 0.01}"#, steps: 6, problem: problem)
        let decoded = try TraceProblem.decode(Data(text.utf8))
        #expect(decoded.optimizer == name && decoded.learningRate == 0.01 && decoded.steps == 6 && decoded.hyperparameters.isEmpty)
        #expect(decoded.pairs == problem.start.map(\.loRAPair))
        let steps = try TraceRunner.run(decoded)
        // Same numbers as driving the optimizer directly (gradients agree to rounding).
        let direct = try trajectory(try OptimizerFactory.make(name, hyperparameters: [:], shapes: problem.shapes, scalar: Double.self),
                                    problem: problem, steps: 6, learningRate: 0.01)
        for (s, d) in zip(steps, direct) {
            for (p, q) in zip(s.pairs, d) {
                #expect(relativeDifference(p.a.nestedRows, q.a) <= 1e-10 && relativeDifference(p.b.nestedRows, q.b) <= 1e-10)
            }
        }
        #expect(steps.first!.loss == TraceRunner.lossAndGradients(problem.start.map(\.loRAPair),
                                                                  data: decoded.data).loss)
        let output = try JSONDecoder().decode(TraceOutput.self, from: Data(TraceRunner.json(steps).utf8))
        #expect(output.steps.count == 6)
        for (written, step) in zip(output.steps, steps) {
            #expect(written.step == step.step && written.loss == step.loss)
            #expect(written.pairs.map { $0["A"]! } == step.pairs.map(\.a.nestedRows))
            #expect(written.pairs.map { $0["B"]! } == step.pairs.map(\.b.nestedRows))
        }
    }

    @Test("clip_grad_norm clips the raw gradients before each step")
    func rawGradientClip() throws {
        let text = traceJSON(optimizer: "sgd", hyperparameters: #"{"lr": 0.1}"#, steps: 1, problem: problem, extra: #" "clip_grad_norm": 0.5,"#)
        let decoded = try TraceProblem.decode(Data(text.utf8))
        #expect(decoded.clipGradientNorm == 0.5)
        let result = try TraceRunner.run(decoded)[0].pairs
        var gradients = TraceRunner.lossAndGradients(decoded.pairs, data: decoded.data).gradients
        let norm = clipGlobalNorm(&gradients, maxNorm: 0.5)
        #expect(norm > 0.5)
        for (i, pair) in decoded.pairs.enumerated() {
            var a = pair.a
            a.add(gradients[i].a, scaledBy: -0.1)
            #expect(result[i].a == a)
        }
    }

    @Test("a bad problem gives one line naming the field", arguments: [
        (#"{"optimizer": "adam", "#, "not valid JSON"),
        (#"[1, 2]"#, "expected a JSON object, got an array"),
        (#"{"optimizer": "adamw", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": []}"#,
         #"optimizer: unknown optimizer "adamw"; known optimizers: "# + OptimizerFactory.names.joined(separator: ", ")),
        (#"{"hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": []}"#,
         "optimizer: expected the name of an optimizer (\(OptimizerFactory.names.joined(separator: ", "))), but it is missing"),
        (#"{"optimizer": "adam", "hyperparameters": {"beta1": 0.5}, "steps": 1, "pairs": []}"#,
         "hyperparameters.lr: expected the constant learning rate, a number >= 0, but it is missing"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": "fast"}, "steps": 1, "pairs": []}"#,
         "hyperparameters.lr: expected the constant learning rate, a number >= 0, got a string"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1, "beta1": [0.9]}, "steps": 1, "pairs": []}"#,
         "hyperparameters.beta1: expected a number, true/false or a word, got an array"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1, "beta1": 2}, "steps": 1, "pairs": []}"#,
         "hyperparameters: invalid hyper-parameter beta1 = 2: expected a number in [0, 1)"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1, "momentum": 0.9}, "steps": 1, "pairs": []}"#,
         #"hyperparameters: optimizer adam has no hyper-parameter "momentum"; known: beta1, beta2, eps, weight_decay"#),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 2.5, "pairs": []}"#,
         "steps: expected an integer from 0 to 10000000, got 2.5"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [], "seed": 3}"#,
         "seed: unknown field; expected only optimizer, hyperparameters, steps, clip_grad_norm, pairs"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": []}"#,
         "pairs: expected a non-empty array of pairs, got an array"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "clip_grad_norm": 0, "pairs": []}"#,
         "clip_grad_norm: expected a number > 0, got 0.0"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "B": [[1]], "X": [[1, 2]], "Y": [[1]], "W": 1}]}"#,
         "pairs[0].W: unknown field; expected only A, B, X, Y"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2], [3]], "B": [[1]], "X": [[1, 2]], "Y": [[1]]}]}"#,
         "pairs[0].A: expected rows of 2 numbers (its first row has 2 numbers), got a row of 1"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "B": [[1]], "X": [[1, 2, 3]], "Y": [[1]]}]}"#,
         "pairs[0].X: expected rows of 2 numbers (A has 2 columns), got a row of 3"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "B": [[1]], "X": [[1, 2]], "Y": [[1], [2]]}]}"#,
         "pairs[0].Y: expected 1 row of 1 number (X has 1 row, its first row has 1 number), got 2 rows"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "B": [[1, 2]], "X": [[1, 2]], "Y": [[1, 2, 3]]}]}"#,
         "pairs[0].B: expected 3 rows of 1 number (Y has 3 columns, A has 1 row), got 1 row"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "B": [[1], [2, 3], [4]], "X": [[1, 2]], "Y": [[1, 2, 3]]}]}"#,
         "pairs[0].B: expected 3 rows of 1 number (Y has 3 columns, A has 1 row), got a row of 2"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, "2"]], "B": [[1]], "X": [[1, 2]], "Y": [[1]]}]}"#,
         "pairs[0].A[0][1]: expected a number, got a string"),
        (#"{"optimizer": "adam", "hyperparameters": {"lr": 0.1}, "steps": 1, "pairs": [{"A": [[1, 2]], "X": [[1, 2]], "Y": [[1]]}]}"#,
         "pairs[0].B: missing"),
    ] as [(String, String)])
    func errors(_ json: String, _ expected: String) {
        do {
            _ = try TraceProblem.decode(Data(json.utf8))
            Issue.record("decoded without error: \(json)")
        } catch let error as TraceError {
            let text = error.description
            #expect(expected.hasPrefix("not valid JSON") ? text.hasPrefix(expected) : text == expected)
            #expect(!text.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a numerical failure names its step")
    func divergence() throws {
        var loud = problem
        loud.data = loud.data.map { ($0.x, scaled($0.y, 1e200)) }
        let text = traceJSON(optimizer: "sgd", hyperparameters: #"{"lr": 1e10}"#, steps: 5, problem: loud)
        #expect(throws: TraceStepFailure(step: 2, error: .nonFiniteGradient(pair: 0, factor: "A"))) {
            try TraceRunner.run(try TraceProblem.decode(Data(text.utf8)))
        }
    }
}
