// libevdev, plus the kernel's input event codes, for DeepMouseInput only.
#include <libevdev/libevdev.h>
#include <linux/input.h>
#include <stdint.h>

/// The event's timestamp in microseconds. `input_event_sec`/`input_event_usec` are macros whose
/// expansion depends on the architecture's time_t layout (32-bit boards with 64-bit time), which
/// Swift cannot import; this is the one place that reads them.
static inline int64_t deepmouse_event_time_us(const struct input_event *ev) {
    return (int64_t)ev->input_event_sec * 1000000 + (int64_t)ev->input_event_usec;
}

/// The event's seconds and microseconds fields as the kernel wrote them (the same macros).
static inline int64_t deepmouse_event_seconds(const struct input_event *ev) { return (int64_t)ev->input_event_sec; }
static inline int64_t deepmouse_event_microseconds(const struct input_event *ev) {
    return (int64_t)ev->input_event_usec;
}

