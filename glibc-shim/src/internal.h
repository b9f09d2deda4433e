/* Private to glibc-shim: the one import, argument packing, and the
 * translations between wasi-libc's constants (what cage code is compiled
 * with) and Linux's (what crosses the import). See ../README.md. */
#ifndef LIND_SHIM_INTERNAL_H
#define LIND_SHIM_INTERNAL_H

#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <lind/abi.h>

/* (import "lind" "syscall" (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64
 *                                       i64 i64 i64 i64 i64 i64) (result i64))) */
__attribute__((import_module(LIND_IMPORT_MODULE), import_name(LIND_IMPORT_NAME)))
int64_t __lind_syscall_import(int32_t nr, uint64_t self, uint64_t target,
                              uint64_t a1, uint64_t a1cage,
                              uint64_t a2, uint64_t a2cage,
                              uint64_t a3, uint64_t a3cage,
                              uint64_t a4, uint64_t a4cage,
                              uint64_t a5, uint64_t a5cage,
                              uint64_t a6, uint64_t a6cage);

/* Argument packing. Signed integers are sign-extended, unsigned integers,
 * sizes and pointers zero-extended (a wasm32 pointer is a u32 offset into
 * the calling cage's memory). */
#define LA_I(x) ((uint64_t)(int64_t)(x))
#define LA_U(x) ((uint64_t)(x))
#define LA_P(x) ((uint64_t)(uintptr_t)(x))

/* Every call from the C library names the calling cage (0) for self,
 * target and all six argument cages. */
static inline int64_t __lind_sc6(int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                 uint64_t a4, uint64_t a5, uint64_t a6) {
    return __lind_syscall_import(nr, LIND_SELF, LIND_SELF, a1, LIND_SELF, a2, LIND_SELF,
                                 a3, LIND_SELF, a4, LIND_SELF, a5, LIND_SELF, a6, LIND_SELF);
}
#define SC0(nr) __lind_sc6((nr), 0, 0, 0, 0, 0, 0)
#define SC1(nr, a) __lind_sc6((nr), (a), 0, 0, 0, 0, 0)
#define SC2(nr, a, b) __lind_sc6((nr), (a), (b), 0, 0, 0, 0)
#define SC3(nr, a, b, c) __lind_sc6((nr), (a), (b), (c), 0, 0, 0)
#define SC4(nr, a, b, c, d) __lind_sc6((nr), (a), (b), (c), (d), 0, 0)
#define SC5(nr, a, b, c, d, e) __lind_sc6((nr), (a), (b), (c), (d), (e), 0)
#define SC6(nr, a, b, c, d, e, f) __lind_sc6((nr), (a), (b), (c), (d), (e), (f))

/* Is a raw result an error (-4095..-1)? */
static inline int __lind_is_err(int64_t r) {
    return (uint64_t)r >= (uint64_t)-(int64_t)LIND_MAX_ERRNO;
}

/* Linux errno number -> the errno value cage code sees (wasi-libc's
 * numbering, extended in our <__errno_values.h>). */
int __lind_errno_from_linux(int linux_errno);
/* ... and back (used by strerror to find the message). 0 if unknown. */
int __lind_errno_to_linux(int e);

/* Raw result -> C convention: errors set errno and give -1. */
static inline long __lind_ret(int64_t r) {
    if (__lind_is_err(r)) {
        errno = __lind_errno_from_linux((int)-r);
        return -1;
    }
    return (long)r;
}
static inline int64_t __lind_ret64(int64_t r) {
    if (__lind_is_err(r)) {
        errno = __lind_errno_from_linux((int)-r);
        return -1;
    }
    return r;
}
/* For functions that return the error number instead of setting errno. */
static inline int __lind_ret_errnum(int64_t r) {
    return __lind_is_err(r) ? __lind_errno_from_linux((int)-r) : 0;
}
static inline long __lind_fail(int e) {
    errno = e;
    return -1;
}

/* open(2)-style flags: wasi-libc's O_* values <-> Linux x86-64 values. */
uint64_t __lind_oflags_to_linux(int flags);
int __lind_oflags_from_linux(uint64_t lflags);

/* Linux directory-entry type -> wasi-libc DT_* value. */
unsigned char __lind_dtype_from_linux(unsigned char t);

/* Kernel-layout struct timespec / timeval (x86-64: two 64-bit fields).
 * wasi-libc's timeval matches; its timespec has a 32-bit tv_nsec followed
 * by padding, so input timespecs are copied into these and the padding
 * never reaches the kernel. */
struct __lind_kernel_timespec { int64_t tv_sec; int64_t tv_nsec; };
struct __lind_kernel_timeval { int64_t tv_sec; int64_t tv_usec; };

/* Linux clock id for a wasi-libc clockid_t (a pointer to one of the
 * _CLOCK_* objects, or a small integer cast to clockid_t). -1 if unknown. */
struct __clockid;
int64_t __lind_clockid_to_linux(const struct __clockid *id);

#define LIND_AT_FDCWD (-100)

/* Linux x86-64 numbers this library issues that abi.h does not list yet
 * (lind-boot answers -ENOSYS until it serves them). */
#ifndef LIND_SYS_getitimer
#define LIND_SYS_getitimer 36
#endif
#ifndef LIND_SYS_getrusage
#define LIND_SYS_getrusage 98
#endif
#ifndef LIND_SYS_rt_sigpending
#define LIND_SYS_rt_sigpending 127
#endif
#ifndef LIND_SYS_mknod
#define LIND_SYS_mknod 133
#endif
#ifndef LIND_SYS_fadvise64
#define LIND_SYS_fadvise64 221
#endif
#ifndef LIND_SYS_mknodat
#define LIND_SYS_mknodat 259
#endif
#ifndef LIND_SYS_fallocate
#define LIND_SYS_fallocate 285
#endif
#ifndef LIND_SYS_preadv
#define LIND_SYS_preadv 295
#endif
#ifndef LIND_SYS_pwritev
#define LIND_SYS_pwritev 296
#endif
#ifndef LIND_SYS_prlimit64
#define LIND_SYS_prlimit64 302
#endif

#endif
