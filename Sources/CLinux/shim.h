// The C library as DeepMouseInput sees it: the POSIX and Linux headers it calls (including
// timerfd, signalfd and inotify, which Swift's Glibc module does not cover), and small inline
// functions for what Swift cannot import (function-like macros, errno). DeepMouseInput imports
// this module instead of Glibc, so the same sources also build as Embedded Swift, where the Glibc
// overlay does not exist. Imported by DeepMouseInput only.
#ifndef DEEPMOUSE_CLINUX_SHIM_H
#define DEEPMOUSE_CLINUX_SHIM_H
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>   /* rename(2) for the recorder's atomic finish */
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/// errno (a macro over a thread-local location).
static inline int deepmouse_errno(void) { return errno; }
/// signal(signum, SIG_IGN) (SIG_IGN is a macro casting 1 to a function pointer).
static inline int deepmouse_ignore_signal(int signum) { return signal(signum, SIG_IGN) == SIG_ERR ? -1 : 0; }
/// open(2) (variadic in C).
static inline int deepmouse_open(const char *path, int flags, mode_t mode) { return open(path, flags, mode); }
/// openat(2) (variadic in C).
static inline int deepmouse_openat(int folder, const char *path, int flags, mode_t mode) {
    return openat(folder, path, flags, mode);
}
/// O_PATH, declared by fcntl.h only with _GNU_SOURCE: a descriptor naming a folder that needs no
/// read permission on it (Linux's value when the header hides it).
static inline int deepmouse_o_path(void) {
#ifdef O_PATH
    return O_PATH;
#else
    return 010000000;
#endif
}
/// fcntl(2) with an int argument (variadic in C).
static inline int deepmouse_fcntl(int fd, int command, int argument) { return fcntl(fd, command, argument); }
/// S_ISFIFO (a macro).
static inline int deepmouse_is_fifo(mode_t mode) { return S_ISFIFO(mode); }
/// S_ISREG (a macro).
static inline int deepmouse_is_regular(mode_t mode) { return S_ISREG(mode); }
/// S_ISLNK (a macro).
static inline int deepmouse_is_symlink(mode_t mode) { return S_ISLNK(mode); }
/// S_ISDIR (a macro).
static inline int deepmouse_is_directory(mode_t mode) { return S_ISDIR(mode); }
/// S_ISCHR (a macro).
static inline int deepmouse_is_char_device(mode_t mode) { return S_ISCHR(mode); }
#endif
