import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Report
import Store
import Testing

/// Golden files under Tests/ReportTests/Golden. With RITE_UPDATE_GOLDEN=1 the test rewrites the file
/// (and still fails, so a regeneration is never mistaken for a pass); otherwise it compares bytes.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ name: String, _ content: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RITE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
            Issue.record("regenerated golden file \(name); run the tests again without RITE_UPDATE_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        guard let stored = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name); run the tests once with RITE_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(stored == Data(content.utf8), "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    static func goldenSVGs() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "svg" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// Checks that an SVG is well-formed XML with an <svg> root, holds no non-finite number, and that
/// rsvg-convert turns it into a PNG. rsvg-convert is looked up on PATH; when it is missing the
/// conversion is skipped, unless RITE_REQUIRE_RSVG=1, in which case the test fails.
enum SVGCheck {
    /// Records the root element, open-element depth and errors. (On Linux `XMLParser.parse()` can
    /// return true for a document with unclosed tags; the error shows only in `parserError` and the
    /// delegate, so all three are checked.)
    final class Collector: NSObject, XMLParserDelegate {
        var root: String?
        var depth = 0
        var errors: [String] = []
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if root == nil { root = elementName }
            depth += 1
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            depth -= 1
        }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { errors.append("\(parseError)") }
    }

    static func validate(_ svg: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let parsed = parser.parse()
        let wellFormed = parsed && parser.parserError == nil && collector.errors.isEmpty && collector.depth == 0
        #expect(wellFormed, "\(name) is not well-formed XML: \(String(describing: parser.parserError)) \(collector.errors)",
                sourceLocation: sourceLocation)
        #expect(collector.root == "svg", "\(name): root element is \(collector.root ?? "none")", sourceLocation: sourceLocation)
        for bad in ["nan", "inf", "NaN"] {
            let attributeValues = svg.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            #expect(!attributeValues.contains { $0.contains(bad) }, "\(name) has \(bad) in an attribute", sourceLocation: sourceLocation)
        }
        try convertToPNG(svg, name: name, sourceLocation: sourceLocation)
    }

    static func rsvgConvert() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Converts with rsvg-convert and checks the PNG signature; returns the PNG's URL (nil if skipped).
    @discardableResult
    static func convertToPNG(_ svg: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL? {
        guard let tool = rsvgConvert() else {
            if ProcessInfo.processInfo.environment["RITE_REQUIRE_RSVG"] == "1" {
                Issue.record("rsvg-convert is not on PATH but RITE_REQUIRE_RSVG=1 (install librsvg2-bin)", sourceLocation: sourceLocation)
            }
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rite-report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("\(name).svg")
        let output = directory.appendingPathComponent("\(name).png")
        try Data(svg.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--format=png", "--output=\(output.path)", input.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "rsvg-convert failed on \(name): \(message)", sourceLocation: sourceLocation)
        let png = FileManager.default.contents(atPath: output.path) ?? Data()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                "rsvg-convert gave no PNG for \(name)", sourceLocation: sourceLocation)
        #expect(png.count > 1000, "PNG of \(name) is suspiciously small (\(png.count) bytes)", sourceLocation: sourceLocation)
        return output
    }
}

/// Hand-made runs for the table tests.
func run(_ optimizer: String, task: String, lr: Double, seed: Int, status: RunStatus = .done,
         dev: Double? = nil, test: Double? = nil, metric: String? = nil, preset: String = "tiny", rank: Int = 16,
         speed: Double? = nil, experiment: String = "paper-tables") -> RunResult {
    let metricName = metric ?? ReportCatalog.defaultScoring.first { $0.task == task }!.selectionMetric
    return RunResult(
        experiment: experiment, preset: preset, task: task, optimizer: optimizer, rank: rank, learningRate: lr,
        seed: seed, status: status,
        devScores: dev.map { [metricName: $0] } ?? [:], testScores: test.map { [metricName: $0] } ?? [:],
        stepsPerSecond: speed,
        runKey: "\(experiment)/\(preset)/\(task)/\(optimizer)/r\(rank)/lr\(lr)/s\(seed)"
    )
}

/// The Markdown table row that starts with `prefix` (e.g. "| Adam | ours (tiny) |"), or nil.
func row(_ markdown: String, startingWith prefix: String, after marker: String? = nil) -> String? {
    var text = Substring(markdown)
    if let marker {
        guard let range = markdown.range(of: marker) else { return nil }
        text = markdown[range.upperBound...]
    }
    return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
}
