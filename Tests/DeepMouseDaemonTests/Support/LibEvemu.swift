import DeepMouseMotion
import Foundation

/// evemu's own reader (libevemu, what evemu-play and evemu-device use), loaded with dlopen: a
/// recording DeepMouse writes must read back through it with the same description and events.
enum LibEvemu {
    nonisolated(unsafe) static let handle: UnsafeMutableRawPointer? = dlopen("libevemu.so.3", RTLD_NOW)
    static var available: Bool { handle != nil }

    struct Read {
        var name: String
        var resolutions: (x: Int32, y: Int32)
        var events: [InputEvent]
    }

    static func read(_ url: URL) -> Read? {
        guard let handle else { return nil }
        func symbol<T>(_ name: String, _ type: T.Type) -> T { unsafeBitCast(dlsym(handle, name)!, to: type) }
        let new = symbol("evemu_new", (@convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?).self)
        let delete = symbol("evemu_delete", (@convention(c) (OpaquePointer?) -> Void).self)
        let readDevice = symbol(
            "evemu_read", (@convention(c) (OpaquePointer?, UnsafeMutablePointer<FILE>?) -> Int32).self)
        let name = symbol("evemu_get_name", (@convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?).self)
        let resolution = symbol("evemu_get_abs_resolution", (@convention(c) (OpaquePointer?, Int32) -> Int32).self)
        let readEvent = symbol(
            "evemu_read_event", (@convention(c) (UnsafeMutablePointer<FILE>?, UnsafeMutableRawPointer) -> Int32).self)
        guard let file = fopen(url.path, "r"), let device = new(nil) else { return nil }
        defer {
            fclose(file)
            delete(device)
        }
        guard readDevice(device, file) > 0 else { return nil }
        var result = Read(
            name: String(cString: name(device)!), resolutions: (resolution(device, 0), resolution(device, 1)),
            events: [])
        var raw = [UInt8](repeating: 0, count: 24)  // struct input_event on 64-bit Linux: timeval, type, code, value
        while raw.withUnsafeMutableBytes({ readEvent(file, $0.baseAddress!) }) > 0 {
            raw.withUnsafeBytes { b in
                result.events.append(
                    InputEvent(
                        seconds: b.load(fromByteOffset: 0, as: Int64.self),
                        microseconds: b.load(fromByteOffset: 8, as: Int64.self),
                        type: b.load(fromByteOffset: 16, as: UInt16.self),
                        code: b.load(fromByteOffset: 18, as: UInt16.self),
                        value: b.load(fromByteOffset: 20, as: Int32.self)))
            }
        }
        return result
    }
}
