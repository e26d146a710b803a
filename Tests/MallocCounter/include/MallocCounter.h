// Counts heap allocations made by the calling thread between start and stop.
//
// The test binary defines malloc, calloc, realloc, posix_memalign, aligned_alloc
// and memalign itself (symbols in the executable take precedence over libc's),
// counts each call while the calling thread has counting switched on, and
// forwards to glibc's __libc_* entry points. Tests use it to prove that a
// steady-state path allocates nothing; other threads are never counted.
#ifndef DEEPMOUSE_MALLOC_COUNTER_H
#define DEEPMOUSE_MALLOC_COUNTER_H
#include <stdint.h>

/// Starts counting this thread's allocations from zero.
void malloc_counter_start(void);
/// Stops counting and returns the number of allocation calls seen since start.
int64_t malloc_counter_stop(void);
/// True when the interposer is linked in and active (a sanity check for tests).
int malloc_counter_is_active(void);

#endif
