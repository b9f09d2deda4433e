// WASI preview 1 (wasi_snapshot_preview1) as it crosses the boundary:
// constants and the wasm32 layouts of its structures, from the witx
// definitions (the same values as wasi-libc's <wasi/api.h>, which cannot be
// included in a 64-bit host build). Offsets are checked below.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lind::boot::wasi {

inline constexpr const char* kModule = "wasi_snapshot_preview1";

// errno
enum Errno : uint16_t {
  kSuccess = 0, k2big = 1, kAcces = 2, kAddrinuse = 3, kAddrnotavail = 4, kAfnosupport = 5,
  kAgain = 6, kAlready = 7, kBadf = 8, kBadmsg = 9, kBusy = 10, kCanceled = 11, kChild = 12,
  kConnaborted = 13, kConnrefused = 14, kConnreset = 15, kDeadlk = 16, kDestaddrreq = 17,
  kDom = 18, kDquot = 19, kExist = 20, kFault = 21, kFbig = 22, kHostunreach = 23, kIdrm = 24,
  kIlseq = 25, kInprogress = 26, kIntr = 27, kInval = 28, kIo = 29, kIsconn = 30, kIsdir = 31,
  kLoop = 32, kMfile = 33, kMlink = 34, kMsgsize = 35, kMultihop = 36, kNametoolong = 37,
  kNetdown = 38, kNetreset = 39, kNetunreach = 40, kNfile = 41, kNobufs = 42, kNodev = 43,
  kNoent = 44, kNoexec = 45, kNolck = 46, kNolink = 47, kNomem = 48, kNomsg = 49,
  kNoprotoopt = 50, kNospc = 51, kNosys = 52, kNotconn = 53, kNotdir = 54, kNotempty = 55,
  kNotrecoverable = 56, kNotsock = 57, kNotsup = 58, kNotty = 59, kNxio = 60, kOverflow = 61,
  kOwnerdead = 62, kPerm = 63, kPipe = 64, kProto = 65, kProtonosupport = 66, kPrototype = 67,
  kRange = 68, kRofs = 69, kSpipe = 70, kSrch = 71, kStale = 72, kTimedout = 73, kTxtbsy = 74,
  kXdev = 75, kNotcapable = 76,
};

// A Linux errno (positive) as a WASI errno; every Linux value has one
// (wasi_errno.cpp lists them all).
Errno errno_from_linux(int linux_errno);
// A syscall result: >= 0 is success, -errno otherwise.
inline Errno errno_from_result(int64_t r) {
  return r >= 0 ? kSuccess : errno_from_linux(static_cast<int>(-r));
}

// filetype
enum Filetype : uint8_t {
  kUnknown = 0, kBlockDevice = 1, kCharacterDevice = 2, kDirectory = 3, kRegularFile = 4,
  kSocketDgram = 5, kSocketStream = 6, kSymbolicLink = 7,
};

// rights
namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0, kFdRead = 1ull << 1, kFdSeek = 1ull << 2,
                          kFdFdstatSetFlags = 1ull << 3, kFdSync = 1ull << 4, kFdTell = 1ull << 5,
                          kFdWrite = 1ull << 6, kFdAdvise = 1ull << 7, kFdAllocate = 1ull << 8,
                          kPathCreateDirectory = 1ull << 9, kPathCreateFile = 1ull << 10,
                          kPathLinkSource = 1ull << 11, kPathLinkTarget = 1ull << 12,
                          kPathOpen = 1ull << 13, kFdReaddir = 1ull << 14,
                          kPathReadlink = 1ull << 15, kPathRenameSource = 1ull << 16,
                          kPathRenameTarget = 1ull << 17, kPathFilestatGet = 1ull << 18,
                          kPathFilestatSetSize = 1ull << 19, kPathFilestatSetTimes = 1ull << 20,
                          kFdFilestatGet = 1ull << 21, kFdFilestatSetSize = 1ull << 22,
                          kFdFilestatSetTimes = 1ull << 23, kPathSymlink = 1ull << 24,
                          kPathRemoveDirectory = 1ull << 25, kPathUnlinkFile = 1ull << 26,
                          kPollFdReadwrite = 1ull << 27, kSockShutdown = 1ull << 28,
                          kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;
}  // namespace rights

// fdflags, oflags, lookupflags, fstflags, whence, subclockflags, eventtype
inline constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4,
                          kFdflagRsync = 8, kFdflagSync = 16;
inline constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
inline constexpr uint32_t kLookupSymlinkFollow = 1;
inline constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
inline constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
inline constexpr uint16_t kSubclockAbstime = 1;
inline constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
inline constexpr uint16_t kEventHangup = 1;
inline constexpr uint8_t kPreopentypeDir = 0;

// Structures, wasm32 layout.
struct Iovec {  // also ciovec; the lind ABI's iovec has the same layout
  uint32_t buf, len;
};
struct Fdstat {
  uint8_t fs_filetype;
  uint8_t pad0;
  uint16_t fs_flags;
  uint32_t pad1;
  uint64_t fs_rights_base;
  uint64_t fs_rights_inheriting;
};
struct Filestat {
  uint64_t dev, ino;
  uint8_t filetype;
  uint8_t pad[7];
  uint64_t nlink, size, atim, mtim, ctim;
};
struct Dirent {  // followed by d_namlen bytes of name, no NUL
  uint64_t d_next, d_ino;
  uint32_t d_namlen;
  uint8_t d_type;
  uint8_t pad[3];
};
struct Prestat {
  uint8_t tag;
  uint8_t pad[3];
  uint32_t pr_name_len;
};
struct Subscription {
  uint64_t userdata;
  uint8_t tag;  // eventtype
  uint8_t pad[7];
  union {
    struct {
      uint32_t id;
      uint32_t pad;
      uint64_t timeout, precision;
      uint16_t flags;
      uint8_t pad2[6];
    } clock;
    struct {
      uint32_t fd;
    } fd_readwrite;
  } u;
};
struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint8_t pad[5];
  uint64_t nbytes;
  uint16_t flags;
  uint8_t pad2[6];
};

static_assert(sizeof(Iovec) == 8);
static_assert(sizeof(Fdstat) == 24 && offsetof(Fdstat, fs_flags) == 2 &&
              offsetof(Fdstat, fs_rights_base) == 8 && offsetof(Fdstat, fs_rights_inheriting) == 16);
static_assert(sizeof(Filestat) == 64 && offsetof(Filestat, filetype) == 16 &&
              offsetof(Filestat, nlink) == 24 && offsetof(Filestat, size) == 32 &&
              offsetof(Filestat, atim) == 40 && offsetof(Filestat, ctim) == 56);
static_assert(sizeof(Dirent) == 24 && offsetof(Dirent, d_namlen) == 16 && offsetof(Dirent, d_type) == 20);
static_assert(sizeof(Prestat) == 8 && offsetof(Prestat, pr_name_len) == 4);
static_assert(sizeof(Subscription) == 48 && offsetof(Subscription, tag) == 8 &&
              offsetof(Subscription, u) == 16 && offsetof(Subscription, u.clock.timeout) == 24 &&
              offsetof(Subscription, u.clock.precision) == 32 && offsetof(Subscription, u.clock.flags) == 40);
static_assert(sizeof(Event) == 32 && offsetof(Event, error) == 8 && offsetof(Event, type) == 10 &&
              offsetof(Event, nbytes) == 16 && offsetof(Event, flags) == 24);

// Linux x86-64 structures the translated syscalls produce.
struct LinuxStat {
  uint64_t st_dev, st_ino, st_nlink;
  uint32_t st_mode, st_uid, st_gid, pad0;
  uint64_t st_rdev;
  int64_t st_size, st_blksize, st_blocks;
  int64_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec, st_ctime_nsec;
  int64_t reserved[3];
};
static_assert(sizeof(LinuxStat) == 144 && offsetof(LinuxStat, st_size) == 48 &&
              offsetof(LinuxStat, st_atime_sec) == 72);
struct LinuxTimespec {
  int64_t sec, nsec;
};
struct LinuxDirent64Header {  // followed by the NUL-terminated name
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;
};
inline constexpr size_t kLinuxDirent64NameOffset = 19;
struct LinuxPollfd {
  int32_t fd;
  int16_t events, revents;
};

}  // namespace lind::boot::wasi
