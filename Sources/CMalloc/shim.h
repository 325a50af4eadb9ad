#ifndef KCW_CMALLOC_SHIM_H
#define KCW_CMALLOC_SHIM_H
#include <malloc.h>

/* Multi-megabyte API page buffers live for one page: with glibc's adaptive mmap threshold they move onto the
   heap after the first free and the memory is kept; a fixed threshold hands them back to the system at once,
   and two arenas stop every worker thread from keeping an arena of its own. */
static inline void kcw_limit_heap_growth(void) {
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 2);
}
#endif
