/* lind_syscall.h — the grate API of glibc-shim (lind-boot's cage C library).
 *
 * Source-compatible with the peer system's header of the same name: the
 * same function names, signatures and constants, so grates written for it
 * compile unchanged. The wire format (which of self/target/aN/aNcage carries
 * what for calls 1001-1003) is specified in glibc-shim/README.md, section
 * "The 3i calls".
 *
 * Cage ids are small integers (the first cage is 1; getpid() is the calling
 * cage's id). Addresses are offsets into the linear memory of the cage named
 * next to them; lind-boot checks every range, nothing is ever translated to
 * a host address. GRATE_MEMORY_FLAG on a cage id is accepted and ignored.
 */
#ifndef _LIND_SYSCALL_H
#define _LIND_SYSCALL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <lind/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRATE_MEMORY_FLAG LIND_GRATE_MEMORY_FLAG

/* Values for the translate_errno argument of make_threei_call. */
#define TRANSLATE_ERRNO_ON 1
#define TRANSLATE_ERRNO_OFF 0

/* Results -MAX_ERRNO..-1 are -errno (the peer uses 256; lind-boot 4095). */
#define MAX_ERRNO LIND_MAX_ERRNO

/* Filler for unused argument slots (any value works; lind-boot ignores
 * unused slots). */
#define NOTUSED 0xdeadbeefdeadbeefULL
#define UNUSED_ARG NOTUSED
#define UNUSED_ID NOTUSED
#define UNUSED_NAME NOTUSED

/* The 3i calls. */
#define REGISTER_HANDLER_SYSCALL LIND_SYS_register_handler
#define COPY_DATA_BETWEEN_CAGES_SYSCALL LIND_SYS_copy_data_between_cages
#define COPY_HANDLER_TABLE_TO_CAGE_SYSCALL LIND_SYS_copy_handler_table_to_cage
/* register_handler's this_grate_id value that removes an entry. */
#define THREEI_DEREGISTER LIND_THREEI_DEREGISTER

/* copy_data_between_cages copy types. */
#define COPY_TYPE_MEMCPY 0 /* exactly len bytes */
#define COPY_TYPE_STRNCPY 1 /* a NUL-terminated string of at most len bytes */

/* The peer's 3i error codes, for grates that compare against them.
 * lind-boot reports failures as -errno instead (README). */
#define ELINDAPIABORTED 0xE0010001
#define ELINDESRCH 0xE0010002

/* Issue syscall `callnumber` through 3i. Lookup uses self_cageid's handler
 * table; the call then acts on target_cageid. callname is accepted for
 * source compatibility and not sent (the import carries no name).
 * translate_errno: TRANSLATE_ERRNO_ON turns -4095..-1 into errno and -1;
 * OFF returns the raw result (a grate returns it to its caller as is). */
int make_threei_call(unsigned int callnumber, uint64_t callname,
                     uint64_t self_cageid, uint64_t target_cageid,
                     uint64_t arg1, uint64_t arg1cageid,
                     uint64_t arg2, uint64_t arg2cageid,
                     uint64_t arg3, uint64_t arg3cageid,
                     uint64_t arg4, uint64_t arg4cageid,
                     uint64_t arg5, uint64_t arg5cageid,
                     uint64_t arg6, uint64_t arg6cageid,
                     int translate_errno);

/* From now on, calls `targetcallnum` made by `targetcage` run the handler
 * at function-table index `in_grate_fn_ptr_u64` ((uint64_t)&handler) in
 * cage `this_grate_id`. this_grate_id == THREEI_DEREGISTER (500) removes
 * the entry. Returns 0 or -errno. */
int register_handler(uint64_t targetcage, uint64_t targetcallnum,
                     uint64_t this_grate_id, uint64_t in_grate_fn_ptr_u64);

/* Copy len bytes (copytype 0) or a NUL-terminated string of at most len
 * bytes including the NUL (copytype 1) from srcaddr in cage srccage to
 * destaddr in cage destcage. thiscage is the caller (getpid()), targetcage
 * the cage being served. Returns destaddr, or -errno. */
int copy_data_between_cages(uint64_t thiscage, uint64_t targetcage,
                            uint64_t srcaddr, uint64_t srccage,
                            uint64_t destaddr, uint64_t destcage,
                            uint64_t len, uint64_t copytype);

/* Replace targetcage's whole handler table with a copy of thiscage's.
 * Returns 0 or -errno. */
int copy_handler_table_to_cage(uint64_t thiscage, uint64_t targetcage);

#ifdef __cplusplus
}
#endif

#endif
