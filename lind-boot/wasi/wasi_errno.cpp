// Linux errno → WASI errno, for every Linux errno (x86-64, 1-133).
// WASI's list is POSIX's; the Linux-only values map to the closest POSIX
// meaning, and where there is none to EIO (what WASI runtimes report for an
// I/O failure they cannot name).
#include <cerrno>

#include "wasi_abi.h"

namespace lind::boot::wasi {

Errno errno_from_linux(int e) {
  switch (e) {
    case 0: return kSuccess;
    case EPERM: return kPerm;
    case ENOENT: return kNoent;
    case ESRCH: return kSrch;
    case EINTR: return kIntr;
    case EIO: return kIo;
    case ENXIO: return kNxio;
    case E2BIG: return k2big;
    case ENOEXEC: return kNoexec;
    case EBADF: return kBadf;
    case ECHILD: return kChild;
    case EAGAIN: return kAgain;  // also EWOULDBLOCK
    case ENOMEM: return kNomem;
    case EACCES: return kAcces;
    case EFAULT: return kFault;
    case ENOTBLK: return kNotsup;  // "block device required"
    case EBUSY: return kBusy;
    case EEXIST: return kExist;
    case EXDEV: return kXdev;
    case ENODEV: return kNodev;
    case ENOTDIR: return kNotdir;
    case EISDIR: return kIsdir;
    case EINVAL: return kInval;
    case ENFILE: return kNfile;
    case EMFILE: return kMfile;
    case ENOTTY: return kNotty;
    case ETXTBSY: return kTxtbsy;
    case EFBIG: return kFbig;
    case ENOSPC: return kNospc;
    case ESPIPE: return kSpipe;
    case EROFS: return kRofs;
    case EMLINK: return kMlink;
    case EPIPE: return kPipe;
    case EDOM: return kDom;
    case ERANGE: return kRange;
    case EDEADLK: return kDeadlk;  // also EDEADLOCK
    case ENAMETOOLONG: return kNametoolong;
    case ENOLCK: return kNolck;
    case ENOSYS: return kNosys;
    case ENOTEMPTY: return kNotempty;
    case ELOOP: return kLoop;
    case ENOMSG: return kNomsg;
    case EIDRM: return kIdrm;
    // STREAMS and other Linux-only errors.
    case ECHRNG: return kRange;
    case EL2NSYNC: return kIo;
    case EL3HLT: return kIo;
    case EL3RST: return kIo;
    case ELNRNG: return kRange;
    case EUNATCH: return kIo;
    case ENOCSI: return kIo;
    case EL2HLT: return kIo;
    case EBADE: return kInval;
    case EBADR: return kInval;
    case EXFULL: return kNospc;
    case ENOANO: return kIo;
    case EBADRQC: return kInval;
    case EBADSLT: return kInval;
    case EBFONT: return kInval;
    case ENOSTR: return kInval;
    case ENODATA: return kNomsg;
    case ETIME: return kTimedout;
    case ENOSR: return kNomem;
    case ENONET: return kNetunreach;
    case ENOPKG: return kNosys;
    case EREMOTE: return kIo;
    case ENOLINK: return kNolink;
    case EADV: return kIo;
    case ESRMNT: return kIo;
    case ECOMM: return kIo;
    case EPROTO: return kProto;
    case EMULTIHOP: return kMultihop;
    case EDOTDOT: return kIo;
    case EBADMSG: return kBadmsg;
    case EOVERFLOW: return kOverflow;
    case ENOTUNIQ: return kInval;
    case EBADFD: return kBadf;
    case EREMCHG: return kIo;
    case ELIBACC: return kNoexec;
    case ELIBBAD: return kNoexec;
    case ELIBSCN: return kNoexec;
    case ELIBMAX: return kNoexec;
    case ELIBEXEC: return kNoexec;
    case EILSEQ: return kIlseq;
    case ERESTART: return kIntr;
    case ESTRPIPE: return kPipe;
    case EUSERS: return kIo;
    // Sockets.
    case ENOTSOCK: return kNotsock;
    case EDESTADDRREQ: return kDestaddrreq;
    case EMSGSIZE: return kMsgsize;
    case EPROTOTYPE: return kPrototype;
    case ENOPROTOOPT: return kNoprotoopt;
    case EPROTONOSUPPORT: return kProtonosupport;
    case ESOCKTNOSUPPORT: return kNotsup;
    case EOPNOTSUPP: return kNotsup;  // also ENOTSUP
    case EPFNOSUPPORT: return kAfnosupport;
    case EAFNOSUPPORT: return kAfnosupport;
    case EADDRINUSE: return kAddrinuse;
    case EADDRNOTAVAIL: return kAddrnotavail;
    case ENETDOWN: return kNetdown;
    case ENETUNREACH: return kNetunreach;
    case ENETRESET: return kNetreset;
    case ECONNABORTED: return kConnaborted;
    case ECONNRESET: return kConnreset;
    case ENOBUFS: return kNobufs;
    case EISCONN: return kIsconn;
    case ENOTCONN: return kNotconn;
    case ESHUTDOWN: return kPipe;
    case ETOOMANYREFS: return kIo;
    case ETIMEDOUT: return kTimedout;
    case ECONNREFUSED: return kConnrefused;
    case EHOSTDOWN: return kHostunreach;
    case EHOSTUNREACH: return kHostunreach;
    case EALREADY: return kAlready;
    case EINPROGRESS: return kInprogress;
    case ESTALE: return kStale;
    case EUCLEAN: return kIo;
    case ENOTNAM: return kIo;
    case ENAVAIL: return kIo;
    case EISNAM: return kIo;
    case EREMOTEIO: return kIo;
    case EDQUOT: return kDquot;
    case ENOMEDIUM: return kNodev;
    case EMEDIUMTYPE: return kNodev;
    case ECANCELED: return kCanceled;
    case ENOKEY: return kAcces;
    case EKEYEXPIRED: return kAcces;
    case EKEYREVOKED: return kAcces;
    case EKEYREJECTED: return kAcces;
    case EOWNERDEAD: return kOwnerdead;
    case ENOTRECOVERABLE: return kNotrecoverable;
    case ERFKILL: return kIo;
    case EHWPOISON: return kIo;
    default: return kIo;  // not a Linux errno
  }
}

}  // namespace lind::boot::wasi
