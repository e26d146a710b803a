/// What one evdev read delivered to the caller.
public enum DeviceInput {
    /// One event (key events other than pointer buttons and touch state never get here).
    case event(InputEvent)
    /// The kernel dropped events (SYN_DROPPED): a touch break; libevdev's resync events follow.
    case resync
}
