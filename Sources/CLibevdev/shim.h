// libevdev, plus the kernel's input event codes, for DeepMouseInput only.
#include <libevdev/libevdev.h>
#include <linux/input.h>
