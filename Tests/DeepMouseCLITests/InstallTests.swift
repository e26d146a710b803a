import Foundation
import TestSupport
import Testing

/// `make install` (its `install-built` half, on the binaries under test) and `make uninstall`: the layout, the
/// installed daemon finding its model from anywhere, the manual pages rendering, the unit's paths, one version.
@Suite(.serialized) struct InstallTests {
    static let root = SharedData.repositoryRoot

    /// The folder holding both built programs (what `BUILT=` points `make install-built` to).
    static func built() throws -> URL {
        let daemon = try #require(BuiltProduct("deepmoused"), "deepmoused not built (swift build --build-tests)")
        let cli = try #require(BuiltProduct("deepmouse"), "deepmouse not built (swift build --build-tests)")
        #expect(daemon.url.deletingLastPathComponent() == cli.url.deletingLastPathComponent())
        return daemon.url.deletingLastPathComponent()
    }

    static func make(_ arguments: [String]) throws -> BuiltProduct.Result {
        try BuiltProduct(url: URL(fileURLWithPath: "/usr/bin/make")).run(
            ["--no-print-directory", "-C", root.path] + arguments)
    }

    /// Every file below `directory`, relative to it, sorted.
    static func files(under directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(
                atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    @Test func installThenRunFromAnywhereThenUninstall() throws {
        let built = try Self.built()
        let prefix = try TestTemporaryDirectory.make("prefix")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = try Self.make(["install-built", "BUILT=\(built.path)", "PREFIX=\(prefix.path)"])
        #expect(install.status == 0, "\(install.stdout)\n\(install.stderr)")

        let files = Self.files(under: prefix)
        for expected in [
            "bin/deepmoused", "bin/deepmouse", "bin/deepmouse-follow", "share/deepmouse/models/touchpad.dmm",
            "share/deepmouse/models/touchpad.md",
            "share/deepmouse/models/mouse.dmm", "share/deepmouse/models/mouse-small.dmm",
            "share/man/man1/deepmoused.1", "share/man/man1/deepmouse.1", "lib/systemd/system/deepmoused.service"
        ] {
            #expect(files.contains(expected), "\(expected) not installed: \(files)")
        }

        // Run from /, without --model: the installed model is found next to the executable.
        let daemon = BuiltProduct(url: prefix.appendingPathComponent("bin/deepmoused"))
        let recording = Self.root.appendingPathComponent("tools/demo/demo.events").path
        let replay = try daemon.run(["--replay", recording], in: URL(fileURLWithPath: "/"))
        #expect(replay.status == 0, "\(replay.stderr)")
        let model = prefix.appendingPathComponent("share/deepmouse/models/touchpad.dmm").path
        #expect(replay.stderr.contains("model \(model) (the default)"), "\(replay.stderr)")
        #expect(replay.objects(type: "hand").map { $0["hand"] as? String } == ["left", "right"])

        // The unit runs the installed daemon on the installed model.
        let unit = try String(
            contentsOf: prefix.appendingPathComponent("lib/systemd/system/deepmoused.service"), encoding: .utf8)
        #expect(
            unit.contains(
                "\nExecStart=\(prefix.path)/bin/deepmoused --model \(model) --output fifo:/run/deepmouse/hand"
                    + " --fifo-group deepmouse\n"),
            "\(unit)")
        #expect(!unit.contains("/usr/local/"))

        // The manual pages are the help texts, and render.
        let page = prefix.appendingPathComponent("share/man/man1/deepmoused.1")
        let roff = try String(contentsOf: page, encoding: .utf8)
        #expect(roff.contains(".TH DEEPMOUSED 1"))
        #expect(roff.contains(".SH \"NAME\"\ndeepmoused \\- tell which hand moves"), "\(roff.prefix(300))")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let man = BuiltProduct(url: URL(fileURLWithPath: "/usr/bin/man"))
            let rendered = try man.run(["-l", page.path], environment: ["MANPAGER": "cat", "MANWIDTH": "100"])
            #expect(rendered.status == 0, "\(rendered.stderr)")
            let help = try daemon.run(["--help"]).stdout
            // every option of --help, and the subcommands' own pages
            for option in ["--model FILE", "--replay FILE", "--fifo-mode MODE", "--list-devices"] {
                #expect(help.contains(option) && rendered.stdout.contains(option), "\(option)")
            }
            #expect(rendered.stdout.contains("DEEPMOUSED RECORD") && rendered.stdout.contains("--hand left|right"))
            let cliPage = prefix.appendingPathComponent("share/man/man1/deepmouse.1").path
            let cli = try man.run(["-l", cliPage], environment: ["MANPAGER": "cat", "MANWIDTH": "100"])
            #expect(cli.status == 0, "\(cli.stderr)")
            for section in ["DEEPMOUSE TRAIN", "DEEPMOUSE EXPORT", "DEEPMOUSE DATASET CONVERT"] {
                #expect(cli.stdout.contains(section), "\(section) missing from deepmouse(1)")
            }
        }

        let uninstall = try Self.make(["uninstall", "PREFIX=\(prefix.path)"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(Self.files(under: prefix) == [])
    }

    /// DESTDIR stages the files; the paths written into them are PREFIX's.
    @Test func destdirStagesWithThePrefixsPaths() throws {
        let built = try Self.built()
        let stage = try TestTemporaryDirectory.make("stage")
        defer { try? FileManager.default.removeItem(at: stage) }
        let r = try Self.make(["install-built", "BUILT=\(built.path)", "PREFIX=/usr", "DESTDIR=\(stage.path)"])
        #expect(r.status == 0, "\(r.stderr)")
        let unit = try String(
            contentsOf: stage.appendingPathComponent("usr/lib/systemd/system/deepmoused.service"), encoding: .utf8)
        #expect(
            unit.contains(
                "\nExecStart=/usr/bin/deepmoused --model /usr/share/deepmouse/models/touchpad.dmm --output fifo:"))
        #expect(FileManager.default.isExecutableFile(atPath: stage.appendingPathComponent("usr/bin/deepmoused").path))
    }

    /// `deepmouse --version` and `deepmoused --version` print the one version (DeepMouseVersion).
    @Test func bothProgramsPrintTheSameVersion() throws {
        let built = try Self.built()
        let cli = try BuiltProduct(url: built.appendingPathComponent("deepmouse")).run(["--version"])
        let daemon = try BuiltProduct(url: built.appendingPathComponent("deepmoused")).run(["--version"])
        #expect(cli.status == 0 && daemon.status == 0)
        #expect(cli.stdout == "deepmouse 0.1.0 (model format 1)\n")
        #expect(daemon.stdout.hasPrefix("deepmoused 0.1.0 (model format 1;"), "\(daemon.stdout)")
    }
}
