#include "path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include <cerrno>
#include <algorithm>
#include <climits>
#include <cstdio>
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

// `path` (relative, non-empty) from the directory `dir_fd`, whose lindfs
// path at open time was `dir_path_hint` (used only without /proc).
int open_from_dir(int dir_fd, const std::string& path, int flags, mode_t mode,
                  const std::string* dir_path_hint) {
  int r = raw_openat2(dir_fd, path.c_str(), flags, mode, RESOLVE_BENEATH);
  if (r != -EXDEV) return r;
  // The walk goes above the directory (".." or an absolute symlink): redo
  // it from the root, starting at the directory's current path.
  std::string base;
  int e = lindfs_path_of_dir(dir_fd, base);
  if (e == -ENOSYS && dir_path_hint) {
    base = *dir_path_hint;  // no /proc: the path the directory was opened by
  } else if (e == -ENOSYS) {
    return -ENAMETOOLONG;
  } else if (e < 0) {
    return e;
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
    if (c.cwd == "/") return open_from_root(std::string(path), flags, mode);
    if (c.cwd.size() + 1 + path.size() < kPathMax) {
      std::string joined;
      joined.reserve(c.cwd.size() + 1 + path.size());
      joined.append(c.cwd).append(1, '/').append(path);
      return open_from_root(joined, flags, mode);
    }
    // Too long to join (the kernel would take it: the limit is per
    // argument): walk from the cwd directory itself.
    int cwd = open_from_root(c.cwd, O_PATH | O_DIRECTORY, 0);
    if (cwd < 0) return cwd;
    HostFd hold(cwd, true);
    return open_from_dir(cwd, std::string(path), flags, mode, &c.cwd);
  }
  if (int r = check_dirfd(c, dirfd)) return r;
  OpenFile* f = cage_file(c, static_cast<uint32_t>(dirfd));
  return open_from_dir(f->host_fd, std::string(path), flags, mode, &f->dir_path);
}

int lookup(Cage& c, int dirfd, std::string_view path, bool follow, HostFd& out) {
  if (path.empty()) {
    if (dirfd == kAtFdcwd) {
      int fd = open_from_root(c.cwd, O_PATH, 0);
      if (fd < 0) return fd;
      out = HostFd(fd, true);
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
      if (c.cwd == "/") {
        out.dir = HostFd(lindfs_root_fd(), false);
        return 0;
      }
      int fd = open_from_root(c.cwd, O_PATH | O_DIRECTORY, 0);
      if (fd < 0) return fd;
      out.dir = HostFd(fd, true);
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

namespace {

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

bool same_file(int a, int b) {
  struct stat sa, sb;
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

int lindfs_path_of_dir(int host_fd, std::string& out) {
  std::string root, dir;
  if (int r = proc_fd_path(lindfs_root_fd(), root)) return r;
  if (int r = proc_fd_path(host_fd, dir)) return r == -ENAMETOOLONG ? -ENOENT : r;
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
  int fd = raw_openat2(lindfs_root_fd(), rel.c_str(), O_PATH | O_DIRECTORY, 0,
                       RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
  if (fd < 0) return -ENOENT;
  bool same = same_file(fd, host_fd);
  ::close(fd);
  if (!same) return -ENOENT;
  out = std::move(rel);
  return 0;
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
