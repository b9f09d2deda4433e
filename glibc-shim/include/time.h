/* glibc-shim: wasi-libc's <time.h> (with our <__header_time.h>) with a real
 * clock() and tzset. */
#ifndef __LIND_TIME_H
#define __LIND_TIME_H
#ifndef _WASI_EMULATED_PROCESS_CLOCKS
#define _WASI_EMULATED_PROCESS_CLOCKS
#define __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#endif
#include_next <time.h>
#ifdef __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#undef _WASI_EMULATED_PROCESS_CLOCKS
#undef __LIND_UNDEF_EMULATED_PROCESS_CLOCKS
#endif
#endif
