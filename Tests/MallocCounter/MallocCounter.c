// See MallocCounter.h. glibc >= 2.34 has no malloc hooks, so we interpose.
#include "MallocCounter.h"
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread int counting;
static __thread int64_t count;
static int interposed;

static inline void note(void) {
    interposed = 1;
    if (counting) count++;
}

void *malloc(size_t n) { note(); return __libc_malloc(n); }
void *calloc(size_t n, size_t s) { note(); return __libc_calloc(n, s); }
void *realloc(void *p, size_t n) { note(); return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t a, size_t n) { note(); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { note(); return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    note();
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

void malloc_counter_start(void) { count = 0; counting = 1; }
int64_t malloc_counter_stop(void) { counting = 0; return count; }
int malloc_counter_is_active(void) {
    void *p = malloc(1);
    free(p);
    return interposed;
}
