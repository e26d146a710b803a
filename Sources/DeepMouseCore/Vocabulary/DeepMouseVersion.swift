/// The version of DeepMouse, the one definition: `deepmouse --version`, `deepmoused --version`, the recorder's
/// name in recordings and the manual pages (`make install`) all print it.
public enum DeepMouseVersion {
    /// The release, as `MAJOR.MINOR.PATCH`.
    public static let string: StaticString = "0.1.0"
}
