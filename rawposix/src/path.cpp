#include "path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include <cerrno>
#include <algorithm>
#include <climits>
#include <cstdio>
#include <optional>
#include <vector>

#include "cage_memory.h"

namespace lind::rawposix {
namespace {

// openat2(2), retried while the kernel reports a concurrent rename that
// it could not prove harmless (EAGAIN with RESOLVE_IN_ROOT/BENEATH).
int raw_openat2(int dirfd, const char* path, int flags, mode_t mode, uint64_t resolve) {
  open_how how{};
  how.flags = static_cast<uint64_t>(static_cast<unsigned>(flags | O_CLOEXEC));
  how.mode = mode;
  how.resolve = resolve | RESOLVE_NO_MAGICLINKS;
  for (int tries = 0;; ++tries) {
    long r = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (r >= 0) return static_cast<int>(r);
    if (errno != EAGAIN || tries >= 64) return -errno;
  }
}

int open_from_root(const std::string& path, int flags, mode_t mode) {
  return raw_openat2(lindfs_root_fd(), path.c_str(), flags, mode, RESOLVE_IN_ROOT);
}

bool same_file(int a, int b) {
  struct stat sa, sb;
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// readlink of /proc/self/fd/N: the kernel's name for what fd N refers to.
int proc_fd_path(int fd, std::string& out) {
  char link[40];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  std::vector<char> buf(kPathMax + 1);
  ssize_t n = ::readlink(link, buf.data(), buf.size());
  if (n < 0) return errno == ENAMETOOLONG ? -ENAMETOOLONG : -ENOSYS;
  if (static_cast<size_t>(n) >= buf.size()) return -ENAMETOOLONG;
  out.assign(buf.data(), n);
  return 0;
}

// Whether the absolute lindfs path `rel` leads, without symlinks, to the
// directory `host_fd`.
bool names_dir(const std::string& rel, int host_fd) {
  int fd = raw_openat2(lindfs_root_fd(), rel.c_str(), O_PATH | O_DIRECTORY, 0,
                       RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (fd < 0) return false;
  bool same = same_file(fd, host_fd);
  ::close(fd);
  return same;
}

// lindfs_path_of_dir, but -ENAMETOOLONG when the kernel's name for the
// directory is too long for it (a host path over PATH_MAX).
int kernel_dir_path(int host_fd, std::string& out) {
  std::string root, dir;
  if (int r = proc_fd_path(lindfs_root_fd(), root)) return r;
  if (int r = proc_fd_path(host_fd, dir)) return r;
  std::string rel;
  if (root == "/") {
    rel = dir;
  } else if (dir == root) {
    rel = "/";
  } else if (dir.size() > root.size() && dir.compare(0, root.size(), root) == 0 && dir[root.size()] == '/') {
    rel = dir.substr(root.size());
  } else {
    return -ENOENT;  // moved out of lindfs by the host
  }
  if (rel.empty() || rel[0] != '/') return -ENOENT;  // "(deleted)", "(unreachable)"...
  // Verify: the name must lead, without symlinks, to this very directory
  // (a removed directory reads back as "path (deleted)").
  if (!names_dir(rel, host_fd)) return -ENOENT;
  out = std::move(rel);
  return 0;
}

// When the kernel could not name a directory (`e`), the path it was opened
// by, `hint`: as it is without /proc, and only if it still names the
// directory when the kernel's name was too long.
int path_from_hint(int host_fd, const std::string* hint, int e, std::string& out) {
  if (!hint || hint->empty()) return e;
  if (e == -ENOSYS || (e == -ENAMETOOLONG && hint->size() < kPathMax && names_dir(*hint, host_fd))) {
    out = *hint;
    return 0;
  }
  return e;
}

// Whether the directory `fd` lies inside lindfs: its chain of ".." reaches
// the root before the host's "/". Only for directories without a name the
// kernel can tell (removed, or a host path over PATH_MAX): reachable ones
// are checked through /proc.
bool inside_lindfs(int fd) {
  struct stat root;
  if (::fstat(lindfs_root_fd(), &root) != 0) return false;
  HostFd cur(fd, false);
  for (int depth = 0; depth < 4096; ++depth) {
    struct stat st;
    if (::fstat(cur.get(), &st) != 0) return false;
    if (st.st_dev == root.st_dev && st.st_ino == root.st_ino) return true;
    int up = raw_openat2(cur.get(), "..", O_PATH | O_DIRECTORY, 0, 0);
    if (up < 0) return false;
    HostFd next(up, true);
    struct stat su;
    if (::fstat(up, &su) != 0 || (su.st_dev == st.st_dev && su.st_ino == st.st_ino)) return false;  // the host's "/"
    cur = std::move(next);
  }
  return false;
}

// The kernel's ".." step from the directory `fd` (its d_parent, also for a
// removed directory), stopped at the lindfs root as in a chroot.
int parent_in_lindfs(int fd, HostFd& out) {
  if (same_file(fd, lindfs_root_fd())) {
    out = HostFd(lindfs_root_fd(), false);
    return 0;
  }
  int up = raw_openat2(fd, "..", O_PATH | O_DIRECTORY, 0, 0);
  if (up < 0) return up;
  HostFd parent(up, true);
  std::string ignored;
  if (lindfs_path_of_dir(up, ignored) != 0 && !inside_lindfs(up)) return -ENOENT;
  out = std::move(parent);
  return 0;
}

// If the first component of the relative `path` (after any "." ones) is
// "..", what follows it (no leading slashes); else nullopt.
std::optional<std::string> after_leading_dotdot(const std::string& path) {
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string_view comp(path.data() + i, j - i);
    if (comp == "..") {
      size_t rest = path.find_first_not_of('/', j);
      return rest == std::string::npos ? std::string() : path.substr(rest);
    }
    if (comp != "." && !comp.empty()) return std::nullopt;
    i = j;
  }
  return std::nullopt;
}

// `path` (relative, non-empty) from the directory `dir_fd`, whose lindfs
// path was `dir_path_hint` when it was opened (used only when the kernel
// cannot tell the current one).
int open_from_dir(int dir_fd, const std::string& path, int flags, mode_t mode,
                  const std::string* dir_path_hint) {
  int r = raw_openat2(dir_fd, path.c_str(), flags, mode, RESOLVE_BENEATH);
  if (r != -EXDEV) return r;
  // The walk goes above the directory (".." or an absolute symlink): redo
  // it from the root, starting at the directory's current path.
  std::string base;
  if (int e = kernel_dir_path(dir_fd, base); e < 0) {
    // No current name: the directory was removed, its host path is over
    // PATH_MAX, or there is no /proc. A leading ".." is still exact: take
    // the kernel's own step to the parent (a removed directory keeps it),
    // then walk the rest from there. (Any other name in a removed directory
    // is ENOENT before the walk could leave it.)
    if (std::optional<std::string> rest = after_leading_dotdot(path)) {
      HostFd parent;
      if (int p = parent_in_lindfs(dir_fd, parent)) return p;
      return open_from_dir(parent.get(), rest->empty() ? "." : *rest, flags, mode, nullptr);
    }
    e = path_from_hint(dir_fd, dir_path_hint, e, base);
    if (e == -ENOSYS) return -ENAMETOOLONG;
    if (e < 0) return -ENOENT;
  }
  if (base.size() + 1 + path.size() < kPathMax)
    return open_from_root(base == "/" ? "/" + path : base + "/" + path, flags, mode);
  // Too long to join (each part fits; Linux has no limit on the sum): walk
  // a leading part, a directory, then the rest from there. Every step is
  // itself confined; the walk is the kernel's, cut at a component boundary.
  size_t room = base.size() + 2 < kPathMax ? kPathMax - 2 - base.size() : 0;
  size_t cut = path.rfind('/', std::min(room, path.size() - 1));
  if (cut == std::string::npos || cut == 0) cut = path.find('/');
  if (cut == std::string::npos || cut + 1 >= path.size()) return -ENAMETOOLONG;
  size_t rest = path.find_first_not_of('/', cut);
  if (rest == std::string::npos) return -ENAMETOOLONG;
  int mid = open_from_dir(dir_fd, path.substr(0, cut + 1), O_PATH | O_DIRECTORY, 0, nullptr);
  if (mid < 0) return mid;
  HostFd hold(mid, true);
  return open_from_dir(mid, path.substr(rest), flags, mode, nullptr);
}

bool all_slashes(std::string_view s) { return s.find_first_not_of('/') == std::string_view::npos; }

}  // namespace

HostFd& HostFd::operator=(HostFd&& o) noexcept {
  if (this != &o) {
    reset();
    fd_ = o.fd_;
    owned_ = o.owned_;
    o.fd_ = -1;
  }
  return *this;
}

void HostFd::reset() {
  if (owned_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

int read_path(CageId mem_cage, uint64_t addr, std::string_view& out, bool allow_empty) {
  int r = CageMemory(mem_cage).string(addr, kPathMax, out);
  if (r) return r;
  if (out.empty() && !allow_empty) return -ENOENT;
  return 0;
}

OpenFile* cage_file(Cage& c, uint64_t fd) {
  int n = int_arg(fd);
  return n < 0 ? nullptr : c.fds.get(n);
}

int cwd_host_fd(const Cage& c) { return c.cwd ? c.cwd->host_fd : lindfs_root_fd(); }

int check_dirfd(Cage& c, int dirfd) {
  if (dirfd == kAtFdcwd) return 0;
  OpenFile* f = cage_file(c, static_cast<uint32_t>(dirfd));
  if (!f) return -EBADF;
  if (f->dir_path.empty()) return -ENOTDIR;
  return 0;
}

int open_in_lindfs(Cage& c, int dirfd, std::string_view path, int flags, mode_t mode) {
  if (path.empty()) return -ENOENT;
  if (path[0] == '/') return open_from_root(std::string(path), flags, mode);
  if (dirfd == kAtFdcwd) {
    // In the root, RESOLVE_IN_ROOT is the exact walk (".." stays there).
    if (!c.cwd) return open_from_root(std::string(path), flags, mode);
    return open_from_dir(c.cwd->host_fd, std::string(path), flags, mode, &c.cwd->dir_path);
  }
  if (int r = check_dirfd(c, dirfd)) return r;
  OpenFile* f = cage_file(c, static_cast<uint32_t>(dirfd));
  return open_from_dir(f->host_fd, std::string(path), flags, mode, &f->dir_path);
}

int lookup(Cage& c, int dirfd, std::string_view path, bool follow, HostFd& out) {
  if (path.empty()) {
    if (dirfd == kAtFdcwd) {
      out = HostFd(cwd_host_fd(c), false);
      return 0;
    }
    OpenFile* f = cage_file(c, static_cast<uint32_t>(dirfd));
    if (!f) return -EBADF;
    out = HostFd(f->host_fd, false);
    return 0;
  }
  int fd = open_in_lindfs(c, dirfd, path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0);
  if (fd < 0) return fd;
  out = HostFd(fd, true);
  return 0;
}

int resolve_parent(Cage& c, int dirfd, std::string_view path, Parent& out) {
  if (path.empty()) return -ENOENT;
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  if (end == 0) {  // "/", "//"...: the root itself
    out.dir = HostFd(lindfs_root_fd(), false);
    out.name.clear();
    out.kind = Parent::kRoot;
    out.trailing_slash = true;
    return 0;
  }
  size_t slash = path.rfind('/', end - 1);
  size_t start = slash == std::string_view::npos ? 0 : slash + 1;
  std::string_view last = path.substr(start, end - start);
  out.name = std::string(path.substr(start));
  out.trailing_slash = end < path.size();
  out.kind = last == "." ? Parent::kDot : last == ".." ? Parent::kDotDot : Parent::kNormal;

  std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, start);
  if (!dir.empty() && all_slashes(dir)) {
    out.dir = HostFd(lindfs_root_fd(), false);
    return 0;
  }
  if (dir.empty()) {  // a single component: its parent is the base directory
    if (dirfd == kAtFdcwd) {
      out.dir = HostFd(cwd_host_fd(c), false);
      return 0;
    }
    if (int r = check_dirfd(c, dirfd)) return r;
    out.dir = HostFd(cage_file(c, static_cast<uint32_t>(dirfd))->host_fd, false);
    return 0;
  }
  // "dir/" ends with a slash, so the walk requires a directory and follows
  // a final symlink, as the kernel's parent walk does.
  int fd = open_in_lindfs(c, dirfd, dir, O_PATH | O_DIRECTORY, 0);
  if (fd < 0) return fd;
  out.dir = HostFd(fd, true);
  return 0;
}

int lindfs_path_of_dir(int host_fd, std::string& out) {
  int r = kernel_dir_path(host_fd, out);
  return r == -ENAMETOOLONG ? -ENOENT : r;
}

int reopen_dir(int host_fd) {
  return raw_openat2(host_fd, ".", O_PATH | O_DIRECTORY, 0, RESOLVE_BENEATH);
}

int cwd_path(const Cage& c, std::string& out) {
  if (!c.cwd) {
    out = "/";
    return 0;
  }
  int fd = c.cwd->host_fd;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_nlink == 0) return -ENOENT;  // removed (Linux: d_unlinked)
  int r = kernel_dir_path(fd, out);
  if (r < 0) r = path_from_hint(fd, &c.cwd->dir_path, r, out);
  return r == -ENOSYS ? -ENOENT : r;
}

std::string lexical_join(std::string_view base, std::string_view path) {
  std::vector<std::string_view> parts;
  auto add = [&](std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t j = s.find('/', i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view comp = s.substr(i, j - i);
      if (comp == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!comp.empty() && comp != ".") {
        parts.push_back(comp);
      }
      i = j + 1;
    }
  };
  if (path.empty() || path[0] != '/') add(base);
  add(path);
  std::string out;
  for (auto p : parts) out.append(1, '/').append(p);
  return out.empty() ? "/" : out;
}

}  // namespace lind::rawposix
