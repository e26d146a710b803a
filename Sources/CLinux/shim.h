// Linux facilities Swift's Glibc module does not include (timerfd, signalfd), and the
// function-like stat macros Swift cannot import. Imported by DeepMouseInput only.
#ifndef DEEPMOUSE_CLINUX_SHIM_H
#define DEEPMOUSE_CLINUX_SHIM_H
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

/// S_ISFIFO (a macro).
static inline int deepmouse_is_fifo(mode_t mode) { return S_ISFIFO(mode); }
/// S_ISREG (a macro).
static inline int deepmouse_is_regular(mode_t mode) { return S_ISREG(mode); }
/// S_ISLNK (a macro).
static inline int deepmouse_is_symlink(mode_t mode) { return S_ISLNK(mode); }
/// S_ISCHR (a macro).
static inline int deepmouse_is_char_device(mode_t mode) { return S_ISCHR(mode); }
#endif
