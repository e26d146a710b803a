import DeepMouseCore
import DeepMouseFollow
import DeepMouseMotion
import Testing

@Suite struct FollowerTests {
    typealias L = DaemonLines
    static let pad = "/dev/input/event5"
    static let mouse = "/dev/input/event6"
    static let touchpadKey = ["gsettings", "set", "org.gnome.desktop.peripherals.touchpad", "left-handed"]
    static let mouseKey = ["gsettings", "set", "org.gnome.desktop.peripherals.mouse", "left-handed"]

    @Test func leftThenRightIsOneCallPerChangeAndUnknownKeepsTheSetting() throws {
        var f = Follower(desktop: .gnome)
        let calls = try f.commands([
            L.added(Self.pad, "Pad", .touchpad), L.hand(.left, Self.pad), L.hand(.left, Self.pad),
            L.hand(.unknown, Self.pad), L.hand(.left, Self.pad), L.hand(.right, Self.pad), L.hand(.unknown, Self.pad),
            L.hand(.right, Self.pad)
        ])
        #expect(calls == [Self.touchpadKey + ["left"], Self.touchpadKey + ["right"]])
    }

    @Test func aChangeWaitsUntilEveryButtonIsUp() throws {
        var f = Follower(desktop: .gnome)
        #expect(
            try f.commands([L.added(Self.mouse, "Mouse", .mouse), L.hand(.right, Self.mouse)]) == [
                Self.mouseKey + ["false"]
            ])
        // Held across the change: nothing until the release, then the hand asked for last.
        #expect(
            try f.commands([L.buttons(true, Self.mouse), L.hand(.left, Self.mouse), L.hand(.unknown, Self.mouse)]) == []
        )
        #expect(try f.commands([L.buttons(false, Self.mouse)]) == [Self.mouseKey + ["true"]])
        // Left, then back to what is applied, while held: nothing at all.
        #expect(
            try f.commands([
                L.buttons(true, Self.mouse), L.hand(.right, Self.mouse), L.hand(.left, Self.mouse),
                L.buttons(false, Self.mouse)
            ]) == [])
        // Unplugged while held: the waiting change goes with the device.
        #expect(
            try f.commands([L.buttons(true, Self.mouse), L.hand(.right, Self.mouse), L.removed(Self.mouse)]) == [])
    }

    @Test func mouseAndTouchpadAreSetSeparately() throws {
        var f = Follower(desktop: .gnome)
        let calls = try f.commands([
            L.added(Self.pad, "Pad", .touchpad), L.added(Self.mouse, "Mouse", .mouse),
            L.hand(.left, Self.pad), L.hand(.right, Self.mouse),
            // a button held on the mouse does not hold the touchpad back
            L.buttons(true, Self.mouse), L.hand(.right, Self.pad), L.hand(.left, Self.mouse),
            L.buttons(false, Self.mouse)
        ])
        #expect(
            calls == [
                Self.touchpadKey + ["left"], Self.mouseKey + ["false"], Self.touchpadKey + ["right"],
                Self.mouseKey + ["true"]
            ])
    }

    @Test func twoMiceShareGnomesMouseKeyButNotSwaysDevices() throws {
        let other = "/dev/input/event7"
        let lines = [
            L.added(Self.mouse, "Mouse A", .mouse, vendor: 1, product: 2),
            L.added(other, "Mouse B", .mouse, vendor: 3, product: 4),
            L.hand(.right, Self.mouse), L.hand(.right, other), L.buttons(true, Self.mouse), L.hand(.left, other)
        ]
        var gnome = Follower(desktop: .gnome)
        #expect(try gnome.commands(lines) == [Self.mouseKey + ["false"]])  // B's change waits for A's button
        #expect(try gnome.commands([L.buttons(false, Self.mouse)]) == [Self.mouseKey + ["true"]])
        var sway = Follower(desktop: .sway)
        #expect(
            try sway.commands(lines) == [
                ["swaymsg", "input", "1:2:Mouse_A", "left_handed", "disabled"],
                ["swaymsg", "input", "3:4:Mouse_B", "left_handed", "disabled"],
                ["swaymsg", "input", "3:4:Mouse_B", "left_handed", "enabled"]
            ])
    }

    @Test func swayIdentifiersAndNamesSwayWouldParse() {
        func id(_ name: String, _ kind: DeviceKind = .touchpad, vendor: Int? = 2, product: Int? = 7) -> String {
            Desktop.swayIdentifier(FollowedDevice(path: "/x", name: name, vendor: vendor, product: product, kind: kind))
        }
        #expect(id("SynPS/2 Synaptics TouchPad") == "2:7:SynPS/2_Synaptics_TouchPad")
        #expect(id("  ELAN1300:00 04F3:3059 Touchpad ") == "2:7:ELAN1300:00_04F3:3059_Touchpad")
        #expect(id("Mäus\tX") == "2:7:M__us_X")  // every byte of a non-ASCII character, as sway
        #expect(id("Pad; exec rm -rf ~") == "type:touchpad")
        #expect(id("Mouse, kill", .mouse) == "type:pointer")
        #expect(id("\"quoted\"", .mouse) == "type:pointer")
        #expect(id("Pad", vendor: nil) == "type:touchpad")
    }

    @Test func x11AndExecCommands() throws {
        var x = Follower(desktop: .x11)
        let lines = [L.added(Self.pad, "Pad \"one\"", .touchpad), L.hand(.left, Self.pad)]
        #expect(
            try x.commands(lines) == [
                ["xinput", "set-prop", "pointer:Pad \"one\"", "libinput Left Handed Enabled", "1"]
            ])
        var e = Follower(desktop: .exec(program: "hand-changed", arguments: ["--quiet"]))
        var switches: [Switch] = []
        for text in lines { switches += e.take(try StreamLine.parse(Array(text.utf8.dropLast()))) }
        let command = try #require(switches.first?.command)
        #expect(command.arguments == ["hand-changed", "--quiet", "left", "touchpad", Self.pad, "Pad \"one\""])
        #expect(
            command.environment.map(\.name) == [
                "DEEPMOUSE_HAND", "DEEPMOUSE_LEFT_HANDED", "DEEPMOUSE_KIND", "DEEPMOUSE_DEVICE", "DEEPMOUSE_NAME"
            ])
        #expect(command.environment.map(\.value) == ["left", "1", "touchpad", Self.pad, "Pad \"one\""])
    }

    @Test func handsOfUnannouncedDevicesAreIgnoredAndARestartForgetsTheDevices() throws {
        var f = Follower(desktop: .gnome)
        #expect(try f.commands([L.hand(.left, Self.pad)]) == [])
        #expect(f.ignoredHands == 1 && f.lastIgnoredDevice == Self.pad)
        #expect(try f.commands([L.added(Self.pad, "Pad", .touchpad), L.hand(.left, Self.pad)]).count == 1)
        f.writerRestarted()
        #expect(try f.commands([L.hand(.right, Self.pad)]) == [])  // not announced by the new daemon yet
        // announced again: what was applied stays applied
        #expect(try f.commands([L.added(Self.pad, "Pad", .touchpad), L.hand(.left, Self.pad)]) == [])
        #expect(try f.commands([L.hand(.right, Self.pad)]) == [Self.touchpadKey + ["right"]])
    }

    @Test func aFailedSwitchIsTriedAgain() throws {
        var f = Follower(desktop: .gnome)
        let made =
            f.take(try StreamLine.parse(Array(L.added(Self.pad, "Pad", .touchpad).utf8.dropLast())))
            + f.take(try StreamLine.parse(Array(L.hand(.left, Self.pad).utf8.dropLast())))
        #expect(made.count == 1)
        f.failed(made[0])
        #expect(try f.commands([L.hand(.left, Self.pad)]) == [Self.touchpadKey + ["left"]])
    }

    @Test func linesThatCannotBeFollowedSayWhy() {
        #expect(throws: StreamLine.Failure.notJSON) {
            try StreamLine.parse(Array("12.340 /dev/input/event5 hand left (p_left 0.930)".utf8))
        }
        #expect(throws: StreamLine.Failure.badField(type: "hand", field: "hand")) {
            try StreamLine.parse(Array(#"{"v":1,"type":"hand","hand":"both","device":"x"}"#.utf8))
        }
        #expect(throws: StreamLine.Failure.badField(type: "device", field: "kind")) {
            try StreamLine.parse(
                Array(#"{"type":"device","event":"added","device":"x","name":"n","kind":"tablet"}"#.utf8))
        }
        #expect((try? StreamLine.parse(Array(#"{"v":1,"type":"motion","dx_units":1}"#.utf8))) == .other)
        #expect(
            "\(StreamLine.Failure.notJSON)".contains("--format json"))
    }

    @Test func printedCommandsAreShellWordsThatCannotMoveTheTerminal() {
        #expect(ShellQuote.word("org.gnome.desktop.peripherals.mouse") == "org.gnome.desktop.peripherals.mouse")
        #expect(ShellQuote.word("pointer:Logitech USB Mouse") == "'pointer:Logitech USB Mouse'")
        #expect(ShellQuote.word("it's") == "'it'\\''s'")
        #expect(ShellQuote.word("a\u{1b}[2Jb\n") == "'a'$'\\x1b''[2Jb'$'\\x0a'")
        #expect(ShellQuote.word("") == "''")
        #expect(
            ShellQuote.line(FollowCommand(["prog", "x y"], environment: [("DEEPMOUSE_NAME", "a;b")]))
                == "DEEPMOUSE_NAME='a;b' prog 'x y'")
    }
}
