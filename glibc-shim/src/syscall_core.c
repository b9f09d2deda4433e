/* The translations between what cage code is compiled with (wasi-libc's
 * errno numbers, O_* flags, DT_* types and clockid_t objects) and the Linux
 * x86-64 values that cross the lind import. Tables documented in README. */
#include <dirent.h>
#include <fcntl.h>
#include <time.h>

#include "internal.h"

/* Linux errno -> cage errno: every Linux name, indexed by its Linux number
 * (our <__errno_values.h> defines the ones WASI lacks as 1000 + n). */
static const unsigned short linux_to_cage[134] = {
    [1] = EPERM,
    [2] = ENOENT,
    [3] = ESRCH,
    [4] = EINTR,
    [5] = EIO,
    [6] = ENXIO,
    [7] = E2BIG,
    [8] = ENOEXEC,
    [9] = EBADF,
    [10] = ECHILD,
    [11] = EAGAIN,
    [12] = ENOMEM,
    [13] = EACCES,
    [14] = EFAULT,
    [15] = ENOTBLK,
    [16] = EBUSY,
    [17] = EEXIST,
    [18] = EXDEV,
    [19] = ENODEV,
    [20] = ENOTDIR,
    [21] = EISDIR,
    [22] = EINVAL,
    [23] = ENFILE,
    [24] = EMFILE,
    [25] = ENOTTY,
    [26] = ETXTBSY,
    [27] = EFBIG,
    [28] = ENOSPC,
    [29] = ESPIPE,
    [30] = EROFS,
    [31] = EMLINK,
    [32] = EPIPE,
    [33] = EDOM,
    [34] = ERANGE,
    [35] = EDEADLK,
    [36] = ENAMETOOLONG,
    [37] = ENOLCK,
    [38] = ENOSYS,
    [39] = ENOTEMPTY,
    [40] = ELOOP,
    [42] = ENOMSG,
    [43] = EIDRM,
    [44] = ECHRNG,
    [45] = EL2NSYNC,
    [46] = EL3HLT,
    [47] = EL3RST,
    [48] = ELNRNG,
    [49] = EUNATCH,
    [50] = ENOCSI,
    [51] = EL2HLT,
    [52] = EBADE,
    [53] = EBADR,
    [54] = EXFULL,
    [55] = ENOANO,
    [56] = EBADRQC,
    [57] = EBADSLT,
    [59] = EBFONT,
    [60] = ENOSTR,
    [61] = ENODATA,
    [62] = ETIME,
    [63] = ENOSR,
    [64] = ENONET,
    [65] = ENOPKG,
    [66] = EREMOTE,
    [67] = ENOLINK,
    [68] = EADV,
    [69] = ESRMNT,
    [70] = ECOMM,
    [71] = EPROTO,
    [72] = EMULTIHOP,
    [73] = EDOTDOT,
    [74] = EBADMSG,
    [75] = EOVERFLOW,
    [76] = ENOTUNIQ,
    [77] = EBADFD,
    [78] = EREMCHG,
    [79] = ELIBACC,
    [80] = ELIBBAD,
    [81] = ELIBSCN,
    [82] = ELIBMAX,
    [83] = ELIBEXEC,
    [84] = EILSEQ,
    [85] = ERESTART,
    [86] = ESTRPIPE,
    [87] = EUSERS,
    [88] = ENOTSOCK,
    [89] = EDESTADDRREQ,
    [90] = EMSGSIZE,
    [91] = EPROTOTYPE,
    [92] = ENOPROTOOPT,
    [93] = EPROTONOSUPPORT,
    [94] = ESOCKTNOSUPPORT,
    [95] = EOPNOTSUPP,
    [96] = EPFNOSUPPORT,
    [97] = EAFNOSUPPORT,
    [98] = EADDRINUSE,
    [99] = EADDRNOTAVAIL,
    [100] = ENETDOWN,
    [101] = ENETUNREACH,
    [102] = ENETRESET,
    [103] = ECONNABORTED,
    [104] = ECONNRESET,
    [105] = ENOBUFS,
    [106] = EISCONN,
    [107] = ENOTCONN,
    [108] = ESHUTDOWN,
    [109] = ETOOMANYREFS,
    [110] = ETIMEDOUT,
    [111] = ECONNREFUSED,
    [112] = EHOSTDOWN,
    [113] = EHOSTUNREACH,
    [114] = EALREADY,
    [115] = EINPROGRESS,
    [116] = ESTALE,
    [117] = EUCLEAN,
    [118] = ENOTNAM,
    [119] = ENAVAIL,
    [120] = EISNAM,
    [121] = EREMOTEIO,
    [122] = EDQUOT,
    [123] = ENOMEDIUM,
    [124] = EMEDIUMTYPE,
    [125] = ECANCELED,
    [126] = ENOKEY,
    [127] = EKEYEXPIRED,
    [128] = EKEYREVOKED,
    [129] = EKEYREJECTED,
    [130] = EOWNERDEAD,
    [131] = ENOTRECOVERABLE,
    [132] = ERFKILL,
    [133] = EHWPOISON,
};

int __lind_errno_from_linux(int e) {
    if (e > 0 && e < (int)(sizeof linux_to_cage / sizeof linux_to_cage[0]) &&
        linux_to_cage[e] != 0)
        return linux_to_cage[e];
    return 1000 + e; /* unknown: keep the number visible to strerror */
}

int __lind_errno_to_linux(int e) {
    if (e >= 1000) return e - 1000;
    if (e <= 0) return 0;
    for (int i = 1; i < (int)(sizeof linux_to_cage / sizeof linux_to_cage[0]); ++i)
        if (linux_to_cage[i] == e) return i;
    if (e == ENOTCAPABLE) return 1; /* WASI-only: the nearest is EPERM */
    return 0;
}

/* Linux x86-64 open(2) flags. */
enum {
    L_O_WRONLY = 01, L_O_RDWR = 02, L_O_CREAT = 0100, L_O_EXCL = 0200,
    L_O_NOCTTY = 0400, L_O_TRUNC = 01000, L_O_APPEND = 02000,
    L_O_NONBLOCK = 04000, L_O_DSYNC = 010000, L_O_ASYNC = 020000,
    L_O_DIRECT = 040000, L_O_LARGEFILE = 0100000, L_O_DIRECTORY = 0200000,
    L_O_NOFOLLOW = 0400000, L_O_NOATIME = 01000000, L_O_CLOEXEC = 02000000,
    L___O_SYNC = 04000000, L_O_PATH = 010000000, L___O_TMPFILE = 020000000,
};

/* Bits whose value is the same on both sides. */
#define PASS_BITS (O_NOCTTY | O_NOATIME | O_CLOEXEC | O_PATH | 0x00400000)

uint64_t __lind_oflags_to_linux(int f) {
    uint64_t l = 0;
    int acc = f & (O_RDONLY | O_WRONLY);
    if (acc == O_RDWR) l |= L_O_RDWR;
    else if (acc == O_WRONLY) l |= L_O_WRONLY;
    else if (acc == 0 && (f & (O_EXEC | O_SEARCH))) l |= L_O_PATH;
    /* O_RDONLY, or no access bits at all (Linux O_RDONLY is 0): 0 */
    if (f & O_APPEND) l |= L_O_APPEND;
    if (f & O_DSYNC) l |= L_O_DSYNC;
    if (f & O_NONBLOCK) l |= L_O_NONBLOCK;
    if (f & (O_SYNC | O_RSYNC)) l |= L___O_SYNC | L_O_DSYNC;
    if (f & O_CREAT) l |= L_O_CREAT;
    if (f & O_DIRECTORY) l |= L_O_DIRECTORY;
    if (f & O_EXCL) l |= L_O_EXCL;
    if (f & O_TRUNC) l |= L_O_TRUNC;
    if (f & O_NOFOLLOW) l |= L_O_NOFOLLOW;
    if (f & O_ASYNC) l |= L_O_ASYNC;
    if (f & O_DIRECT) l |= L_O_DIRECT;
    l |= (uint64_t)(f & PASS_BITS);
    return l;
}

int __lind_oflags_from_linux(uint64_t l) {
    int f = 0;
    switch (l & 3) {
    case 0: f |= (l & L_O_PATH) ? O_PATH : O_RDONLY; break;
    case L_O_WRONLY: f |= O_WRONLY; break;
    default: f |= O_RDWR; break;
    }
    if (l & L_O_APPEND) f |= O_APPEND;
    if (l & L___O_SYNC) f |= O_SYNC;
    else if (l & L_O_DSYNC) f |= O_DSYNC;
    if (l & L_O_NONBLOCK) f |= O_NONBLOCK;
    if (l & L_O_CREAT) f |= O_CREAT;
    if (l & L_O_EXCL) f |= O_EXCL;
    if (l & L_O_TRUNC) f |= O_TRUNC;
    if (l & L_O_NOFOLLOW) f |= O_NOFOLLOW;
    if (l & L_O_ASYNC) f |= O_ASYNC;
    if (l & L_O_DIRECT) f |= O_DIRECT;
    if (l & L___O_TMPFILE) f |= O_TMPFILE;
    else if (l & L_O_DIRECTORY) f |= O_DIRECTORY;
    f |= (int)(l & (L_O_NOCTTY | L_O_NOATIME | L_O_CLOEXEC));
    return f;
}

/* Linux DT_* -> wasi-libc DT_* (struct dirent keeps wasi-libc's layout and
 * values: kept objects such as glob read d_type). DT_SOCK, which wasi-libc
 * lacks, is ours (<__header_dirent.h>). */
unsigned char __lind_dtype_from_linux(unsigned char t) {
    switch (t) {
    case 1: return DT_FIFO;
    case 2: return DT_CHR;
    case 4: return DT_DIR;
    case 6: return DT_BLK;
    case 8: return DT_REG;
    case 10: return DT_LNK;
    case 12: return DT_SOCK;
    default: return DT_UNKNOWN;
    }
}

int __wasilibc_iftodt(int mode) {
    switch (mode & S_IFMT) {
    case S_IFIFO: return DT_FIFO;
    case S_IFCHR: return DT_CHR;
    case S_IFDIR: return DT_DIR;
    case S_IFBLK: return DT_BLK;
    case S_IFREG: return DT_REG;
    case S_IFLNK: return DT_LNK;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
    }
}

int __wasilibc_dttoif(int t) {
    switch (t) {
    case DT_FIFO: return S_IFIFO;
    case DT_CHR: return S_IFCHR;
    case DT_DIR: return S_IFDIR;
    case DT_BLK: return S_IFBLK;
    case DT_REG: return S_IFREG;
    case DT_LNK: return S_IFLNK;
    case DT_SOCK: return S_IFSOCK;
    default: return 0;
    }
}

int64_t __lind_clockid_to_linux(const struct __clockid *id) {
    if (id == CLOCK_REALTIME) return 0;
    if (id == CLOCK_MONOTONIC) return 1;
    if (id == CLOCK_PROCESS_CPUTIME_ID) return 2;
    if (id == CLOCK_THREAD_CPUTIME_ID) return 3;
    uintptr_t n = (uintptr_t)id;
    if (n < 16) return (int64_t)n; /* a Linux clock id cast to clockid_t */
    return -1;
}
