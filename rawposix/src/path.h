// Path resolution inside the lindfs root.
//
// Every path a cage names is resolved by the kernel with openat2(2):
//   - absolute paths are resolved against the lindfs root fd with
//     RESOLVE_IN_ROOT, so "/" is the root, ".." stops there and symlinks
//     (absolute or relative) are resolved as if the process were chrooted;
//   - paths relative to a directory — a directory fd, or the cage's cwd,
//     which is kept as Linux keeps it, as a reference to the directory
//     (Cage::cwd, an O_PATH host fd) — are first resolved from that
//     directory's host fd with RESOLVE_BENEATH (exact even if the directory
//     was renamed or removed since); only if that walk would leave the
//     directory (EXDEV: a ".." above it or an absolute symlink) is the path
//     joined to the directory's *current* lindfs path (read back from the
//     kernel) and resolved in the root as above. A directory the kernel
//     cannot name (removed) still has a parent: a leading ".." takes the
//     kernel's own step to it, stopped at the root. With the cwd at the
//     root, relative paths go straight to RESOLVE_IN_ROOT;
//   - RESOLVE_NO_MAGICLINKS everywhere.
// Calls with no openat2 form act on what openat2 returned: either an O_PATH
// fd of the object itself (stat, chmod, chown, utimensat, access, readlink,
// statfs, link's source) with AT_EMPTY_PATH, or an O_PATH fd of the parent
// directory plus one final component that is a plain name (mkdir, unlink,
// rmdir, rename, link's and symlink's new name). The host never resolves a
// symlink or a ".." that openat2 did not check: a final component passed to
// a host *at call is never "." or "..", and those calls do not follow it.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <string_view>

#include "cage.h"
#include "lind/threei.h"

namespace lind::rawposix {

constexpr int kAtFdcwd = -100;  // AT_FDCWD, Linux value
constexpr size_t kPathMax = 4096;

// An int argument as the kernel sees it (the low 32 bits, signed).
inline int int_arg(uint64_t v) { return static_cast<int>(static_cast<uint32_t>(v)); }

// A host fd, closed on destruction when owned.
class HostFd {
 public:
  HostFd() = default;
  HostFd(int fd, bool owned) : fd_(fd), owned_(owned) {}
  HostFd(HostFd&& o) noexcept : fd_(o.fd_), owned_(o.owned_) { o.fd_ = -1; }
  HostFd& operator=(HostFd&& o) noexcept;
  HostFd(const HostFd&) = delete;
  HostFd& operator=(const HostFd&) = delete;
  ~HostFd() { reset(); }
  void reset();
  int get() const { return fd_; }
  // Gives up ownership.
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
  bool owned_ = false;
};

// Reads the path argument at `addr` in cage `mem_cage`'s memory: 0, -EFAULT,
// -ENAMETOOLONG (no NUL within PATH_MAX), or -ENOENT for an empty string
// unless `allow_empty`.
int read_path(CageId mem_cage, uint64_t addr, std::string_view& out, bool allow_empty = false);

// openat2 with RESOLVE_IN_ROOT-style confinement; see the file comment.
// `flags` are open(2) flags (O_CLOEXEC is always added), `mode` the final
// creation mode (already masked by the cage's umask). Returns a host fd
// (owned by the caller) or -errno. `path` must be non-empty.
int open_in_lindfs(Cage& c, int dirfd, std::string_view path, int flags, mode_t mode);

// The object a path names, as an O_PATH fd (following a final symlink when
// `follow`). With an empty path (callers allow it only for AT_EMPTY_PATH),
// the object dirfd names: the cwd for AT_FDCWD, else the cage fd's own host
// fd (borrowed).
int lookup(Cage& c, int dirfd, std::string_view path, bool follow, HostFd& out);

// The parent directory of a path and its final component.
struct Parent {
  enum Kind { kNormal, kDot, kDotDot, kRoot };
  HostFd dir;        // O_PATH (or borrowed) fd of the parent directory
  std::string name;  // the final component with its trailing slashes, if any
  Kind kind = kNormal;
  bool trailing_slash = false;
};
// Resolves everything but the final component. `path` must be non-empty.
int resolve_parent(Cage& c, int dirfd, std::string_view path, Parent& out);

// rmdir of a resolved parent + final component (sys_fs_dir.cpp; also
// unlinkat(AT_REMOVEDIR)).
int64_t rmdir_parent(const Parent& p);

// The base directory of a dirfd-relative call, checked the way the kernel
// checks it for a relative, non-empty path: -EBADF for a bad fd, -ENOTDIR for
// an fd that is not one of the cage's directories.
int check_dirfd(Cage& c, int dirfd);

// The current lindfs path of a directory host fd, read back from the kernel
// (/proc/self/fd) and verified; -ENOENT if it is no longer reachable inside
// lindfs (removed, or moved out by the host, or a host path the kernel
// cannot name within PATH_MAX), -ENOSYS without /proc.
int lindfs_path_of_dir(int host_fd, std::string& out);

// The host fd of the cage's cwd (borrowed): the lindfs root's when it is
// there.
int cwd_host_fd(const Cage& c);

// A new O_PATH fd of the directory `host_fd` refers to (also when it has
// been removed); -errno.
int reopen_dir(int host_fd);

// The cwd's current lindfs path, as getcwd(2) reports it: read back from the
// kernel; -ENOENT if the directory was removed (as Linux says) or is no
// longer inside lindfs; -ENAMETOOLONG if its host path is beyond what the
// kernel can name and the path it was entered by no longer leads to it.
// Without /proc, the path it was entered by.
int cwd_path(const Cage& c, std::string& out);

// `path` applied to the absolute lindfs path `base`, lexically ("." and ".."
// collapsed, no symlinks resolved). Used only for OpenFile::dir_path, the
// fallback when the kernel cannot tell us the path.
std::string lexical_join(std::string_view base, std::string_view path);

// The cage's view of an fd argument: the open file, or nullptr (EBADF).
OpenFile* cage_file(Cage& c, uint64_t fd);

}  // namespace lind::rawposix
