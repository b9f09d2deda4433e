/* glibc-shim: wasi-libc's <sys/times.h> without its -D_WASI_EMULATED_*
 * requirement. times() is computed from clock_gettime (CPU time of the
 * cage; children's times are 0), in sysconf(_SC_CLK_TCK) = 100 Hz ticks. */
#ifndef __LIND_SYS_TIMES_H
#define __LIND_SYS_TIMES_H
#ifndef _WASI_EMULATED_PROCESS_CLOCKS
#define _WASI_EMULATED_PROCESS_CLOCKS
#define __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#endif
#include_next <sys/times.h>
#ifdef __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#undef _WASI_EMULATED_PROCESS_CLOCKS
#undef __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#endif
#endif
