// wasi_snapshot_preview1 path_* functions, each served by the matching
// Linux *at syscall through 3i, with the WASI path (pointer + length)
// copied NUL-terminated into scratch borrowed from the cage's memory
// (Scratch, wasi_call.h):
//   path_open → openat            path_create_directory → mkdirat
//   path_remove_directory → unlinkat(AT_REMOVEDIR)
//   path_unlink_file → unlinkat   path_rename → renameat
//   path_link → linkat            path_symlink → symlinkat
//   path_readlink → readlinkat    path_filestat_get → newfstatat
//   path_filestat_set_times → utimensat
// Paths resolve as RawPOSIX resolves every cage path: inside lindfs.
#include <fcntl.h>

#include <optional>
#include <vector>

#include "wasi_call.h"

namespace lind::boot::wasi {
namespace {

// Scratch for a call with one or two paths and `extra` bytes after them:
// the paths (checked) are copied there NUL-terminated. `outputs` are the
// call's other WASI buffers, which the scratch must not overlap.
class PathScratch {
 public:
  PathScratch(Call& c, uint32_t p1, uint32_t l1, uint32_t p2, uint32_t l2, uint64_t extra,
              std::initializer_list<Span> outputs)
  {
    if ((err_ = check_path(c, p1, l1))) return;
    if (p2 != kNone && (err_ = check_path(c, p2, l2))) return;
    const uint64_t n1 = (uint64_t{l1} + 16) & ~uint64_t{15};
    const uint64_t n2 = p2 == kNone ? 0 : (uint64_t{l2} + 16) & ~uint64_t{15};
    std::vector<Span> avoid{{p1, l1}};
    if (p2 != kNone) avoid.push_back({p2, l2});
    avoid.insert(avoid.end(), outputs.begin(), outputs.end());
    scratch_.emplace(c.memory(), n1 + n2 + extra, std::span<const Span>(avoid));
    if (!scratch_->ok()) {
      err_ = kNomem;
      return;
    }
    path1_ = scratch_->at(0);
    copy_path(c, p1, l1, path1_);
    if (p2 != kNone) {
      path2_ = scratch_->at(n1);
      copy_path(c, p2, l2, path2_);
    }
    extra_ = scratch_->at(n1 + n2);
  }
  static constexpr uint32_t kNone = UINT32_MAX;
  Errno error() const { return err_; }
  uint64_t path1() const { return path1_; }
  uint64_t path2() const { return path2_; }
  uint64_t extra() const { return extra_; }

 private:
  Errno err_ = kSuccess;
  std::optional<Scratch> scratch_;
  uint64_t path1_ = 0, path2_ = 0, extra_ = 0;
};

// A dirfd argument, or EBADF.
#define WASI_DIRFD(var, arg) \
  uint64_t var;              \
  if (!fd_arg(arg, var)) return kBadf

int at_follow(uint32_t lookupflags) { return (lookupflags & kLookupSymlinkFollow) ? 0 : AT_SYMLINK_NOFOLLOW; }

// Access mode from the rights asked for (wasi-libc's open() asks for read
// rights iff O_RDONLY/O_RDWR and write rights iff O_WRONLY/O_RDWR); a
// directory is always opened read-only (Linux refuses to open one for
// writing, WASI runtimes hand out "write" rights on it for path calls).
int access_mode(uint64_t base, uint16_t oflags) {
  const bool rd = base & (rights::kFdRead | rights::kFdReaddir);
  const bool wr = base & (rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize);
  if ((oflags & kOflagDirectory) || !wr) return O_RDONLY;
  return rd ? O_RDWR : O_WRONLY;
}

// A call taking (dirfd, path): the syscall with the scratch path.
template <typename F>
Errno one_path(Call& c, uint64_t dirfd_arg, uint64_t ptr, uint64_t len, F&& syscall) {
  WASI_DIRFD(dirfd, dirfd_arg);
  PathScratch ps(c, u32(ptr), u32(len), PathScratch::kNone, 0, 0, {});
  if (ps.error()) return ps.error();
  return errno_from_result(syscall(dirfd, ps.path1()));
}

Errno path_open(Call& c, const uint64_t* a) {
  WASI_DIRFD(dirfd, a[0]);
  const uint32_t dirflags = u32(a[1]);
  const uint32_t oflags = u32(a[4]), fdflags = u32(a[7]), fd_out = u32(a[8]);
  const uint64_t base = a[5];
  if (!c.valid(fd_out, 4)) return kFault;
  if (oflags & ~uint32_t{kOflagCreat | kOflagDirectory | kOflagExcl | kOflagTrunc}) return kInval;
  if (fdflags & ~uint32_t{kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync})
    return kInval;
  int flags = access_mode(base, static_cast<uint16_t>(oflags));
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (kFdflagSync | kFdflagRsync)) flags |= O_SYNC;
  if (!(dirflags & kLookupSymlinkFollow)) flags |= O_NOFOLLOW;
  int64_t fd;
  {
    PathScratch ps(c, u32(a[2]), u32(a[3]), PathScratch::kNone, 0, 0, {});
    if (ps.error()) return ps.error();
    // WASI has no mode: new files get 0666 less the cage's umask.
    fd = c.sys(LIND_SYS_openat, dirfd, ps.path1(), static_cast<uint64_t>(flags), 0666);
  }
  if (fd < 0) return errno_from_result(fd);
  c.store(fd_out, static_cast<uint32_t>(fd));
  return kSuccess;
}

Errno path_create_directory(Call& c, const uint64_t* a) {
  return one_path(c, a[0], a[1], a[2], [&](uint64_t fd, uint64_t p) { return c.sys(LIND_SYS_mkdirat, fd, p, 0777); });
}

Errno path_remove_directory(Call& c, const uint64_t* a) {
  return one_path(c, a[0], a[1], a[2],
                  [&](uint64_t fd, uint64_t p) { return c.sys(LIND_SYS_unlinkat, fd, p, AT_REMOVEDIR); });
}

Errno path_unlink_file(Call& c, const uint64_t* a) {
  return one_path(c, a[0], a[1], a[2], [&](uint64_t fd, uint64_t p) { return c.sys(LIND_SYS_unlinkat, fd, p, 0); });
}

Errno path_rename(Call& c, const uint64_t* a) {
  WASI_DIRFD(oldfd, a[0]);
  WASI_DIRFD(newfd, a[3]);
  PathScratch ps(c, u32(a[1]), u32(a[2]), u32(a[4]), u32(a[5]), 0, {});
  if (ps.error()) return ps.error();
  return errno_from_result(c.sys(LIND_SYS_renameat, oldfd, ps.path1(), newfd, ps.path2()));
}

Errno path_link(Call& c, const uint64_t* a) {
  WASI_DIRFD(oldfd, a[0]);
  const uint32_t oldflags = u32(a[1]);
  WASI_DIRFD(newfd, a[4]);
  PathScratch ps(c, u32(a[2]), u32(a[3]), u32(a[5]), u32(a[6]), 0, {});
  if (ps.error()) return ps.error();
  const int flags = (oldflags & kLookupSymlinkFollow) ? AT_SYMLINK_FOLLOW : 0;
  return errno_from_result(c.sys(LIND_SYS_linkat, oldfd, ps.path1(), newfd, ps.path2(), flags));
}

Errno path_symlink(Call& c, const uint64_t* a) {
  WASI_DIRFD(dirfd, a[2]);
  PathScratch ps(c, u32(a[0]), u32(a[1]), u32(a[3]), u32(a[4]), 0, {});
  if (ps.error()) return ps.error();
  return errno_from_result(c.sys(LIND_SYS_symlinkat, ps.path1(), dirfd, ps.path2()));
}

// readlinkat writes straight into the WASI buffer.
Errno path_readlink(Call& c, const uint64_t* a) {
  WASI_DIRFD(dirfd, a[0]);
  const uint32_t buf = u32(a[3]), buf_len = u32(a[4]), used_ptr = u32(a[5]);
  if (!c.valid(used_ptr, 4)) return kFault;
  int64_t n;
  {
    PathScratch ps(c, u32(a[1]), u32(a[2]), PathScratch::kNone, 0, 0, {{buf, buf_len}, {used_ptr, 4}});
    if (ps.error()) return ps.error();
    n = c.sys(LIND_SYS_readlinkat, dirfd, ps.path1(), buf, buf_len);
  }
  if (n < 0) return errno_from_result(n);
  c.store(used_ptr, static_cast<uint32_t>(n));
  return kSuccess;
}

Errno path_filestat_get(Call& c, const uint64_t* a) {
  WASI_DIRFD(dirfd, a[0]);
  const uint32_t flags = u32(a[1]), out = u32(a[4]);
  if (!c.valid(out, sizeof(Filestat))) return kFault;
  LinuxStat st{};
  {
    PathScratch ps(c, u32(a[2]), u32(a[3]), PathScratch::kNone, 0, sizeof st, {});
    if (ps.error()) return ps.error();
    int64_t r = c.sys(LIND_SYS_newfstatat, dirfd, ps.path1(), ps.extra(), at_follow(flags));
    if (r < 0) return errno_from_result(r);
    c.load(ps.extra(), st);
  }
  c.store(out, filestat_from_linux(st));
  return kSuccess;
}

Errno path_filestat_set_times(Call& c, const uint64_t* a) {
  WASI_DIRFD(dirfd, a[0]);
  const uint32_t flags = u32(a[1]);
  LinuxTimespec times[2];
  if (Errno e = utimens_times(a[4], a[5], u32(a[6]), times)) return e;
  PathScratch ps(c, u32(a[2]), u32(a[3]), PathScratch::kNone, 0, sizeof times, {});
  if (ps.error()) return ps.error();
  c.store(ps.extra(), times);
  return errno_from_result(c.sys(LIND_SYS_utimensat, dirfd, ps.path1(), ps.extra(), at_follow(flags)));
}

#undef WASI_DIRFD

const FnDef kPath[] = {
    {"path_create_directory", "iii", path_create_directory},
    {"path_filestat_get", "iiiii", path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", path_filestat_set_times},
    {"path_link", "iiiiiii", path_link},
    {"path_open", "iiiiiIIii", path_open},
    {"path_readlink", "iiiiii", path_readlink},
    {"path_remove_directory", "iii", path_remove_directory},
    {"path_rename", "iiiiii", path_rename},
    {"path_symlink", "iiiii", path_symlink},
    {"path_unlink_file", "iii", path_unlink_file},
};

}  // namespace

const FnDef* path_functions(size_t& n) {
  n = std::size(kPath);
  return kPath;
}

}  // namespace lind::boot::wasi
