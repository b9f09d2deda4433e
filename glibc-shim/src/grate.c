/* The grate API (lind_syscall.h): the 3i calls 1001-1003 and
 * make_threei_call. Argument layouts: README, "The 3i calls". */
#include <lind_syscall.h>

#include "internal.h"

/* Results in -4095..-1 come back in the cage's errno numbering, so a grate
 * can compare them with its <errno.h> constants and return them; its
 * handler results are mapped back to Linux by __lind_grate_result. */
static int cage_result(int64_t r) {
    if (__lind_is_err(r)) return -__lind_errno_from_linux((int)-r);
    return (int)r;
}

int make_threei_call(unsigned int nr, uint64_t callname, uint64_t self, uint64_t target,
                     uint64_t a1, uint64_t a1c, uint64_t a2, uint64_t a2c, uint64_t a3, uint64_t a3c,
                     uint64_t a4, uint64_t a4c, uint64_t a5, uint64_t a5c, uint64_t a6, uint64_t a6c,
                     int translate_errno) {
    (void)callname; /* the import carries no name */
    int64_t r = __lind_syscall_import((int32_t)nr, self, target, a1, a1c, a2, a2c, a3, a3c, a4, a4c,
                                      a5, a5c, a6, a6c);
    if (translate_errno == TRANSLATE_ERRNO_ON) return (int)__lind_ret(r);
    return cage_result(r);
}

int register_handler(uint64_t targetcage, uint64_t targetcallnum, uint64_t this_grate_id,
                     uint64_t fn) {
    return cage_result(__lind_syscall_import(LIND_SYS_register_handler, LIND_SELF, targetcage,
                                             targetcage, targetcallnum, /* a1, a1cage */
                                             0, this_grate_id,          /* a2, a2cage */
                                             fn, 0,                     /* a3, a3cage */
                                             0, 0, 0, 0, 0, 0));
}

int copy_data_between_cages(uint64_t thiscage, uint64_t targetcage, uint64_t srcaddr,
                            uint64_t srccage, uint64_t destaddr, uint64_t destcage, uint64_t len,
                            uint64_t copytype) {
    return cage_result(__lind_syscall_import(LIND_SYS_copy_data_between_cages, thiscage, targetcage,
                                             srcaddr, srccage,   /* a1, a1cage */
                                             destaddr, destcage, /* a2, a2cage */
                                             len, 0,             /* a3, a3cage */
                                             copytype, 0,        /* a4, a4cage */
                                             0, 0, 0, 0));
}

int copy_handler_table_to_cage(uint64_t thiscage, uint64_t targetcage) {
    return cage_result(__lind_syscall_import(LIND_SYS_copy_handler_table_to_cage, LIND_SELF,
                                             targetcage, thiscage, targetcage, /* a1, a1cage */
                                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
}

/* Exported from grates (lind-clang --compile-grate): the runtime passes each
 * handler's return value through it before handing it to the calling cage.
 * Handlers return -errno in this C library's numbering (-EPERM from
 * <errno.h>, or a forwarded make_threei_call result); the cage expects
 * Linux's. Anything outside -4095..-1 is returned unchanged. */
__attribute__((export_name("__lind_grate_result"))) int32_t __lind_grate_result(int32_t r) {
    if (r < 0 && r > -(1000 + LIND_MAX_ERRNO)) {
        int l = __lind_errno_to_linux(-r);
        return l ? -l : r;
    }
    return r;
}
