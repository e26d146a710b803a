// libudev, for device discovery and hotplug in DeepMouseInput only.
#include <libudev.h>
