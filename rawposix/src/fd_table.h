// A cage's file-descriptor table. Cage fds name open file descriptions
// (OpenFile), each holding one host fd; dup and fork share the description,
// so offsets and status flags are shared exactly as on Linux, and the host
// fd closes with the last reference. close-on-exec belongs to the cage fd.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace lind::rawposix {

struct OpenFile {
  int host_fd = -1;
  bool owned = true;      // false for the host's stdio, never closed
  // Set for a directory opened inside lindfs (and only then: it marks the fds
  // that may serve as a dirfd or for fchdir): the lindfs path it was opened
  // by, joined lexically. The current path is read back from the kernel when
  // needed (path.h); this is the fallback.
  std::string dir_path;
  // How transfers on it are made (interruptible.cpp): -1 not known yet,
  // 0 plain host calls (never block), 1 non-blocking attempts then a wait,
  // 2 a wait first (the host file refuses non-blocking attempts).
  std::atomic<int8_t> blocking_mode{-1};
  ~OpenFile();
};

class FdTable {
 public:
  static constexpr int kMaxFds = 1024;  // RLIMIT_NOFILE as cages see it

  struct Entry {
    std::shared_ptr<OpenFile> file;
    bool cloexec = false;
  };

  // The open file at `fd`, or nullptr.
  OpenFile* get(int fd) const {
    if (fd < 0 || static_cast<size_t>(fd) >= fds_.size()) return nullptr;
    return fds_[fd].file.get();
  }
  Entry* entry(int fd) {
    if (fd < 0 || static_cast<size_t>(fd) >= fds_.size() || !fds_[fd].file) return nullptr;
    return &fds_[fd];
  }
  // The lowest free fd >= min_fd, holding `file`; -EMFILE when none.
  int allocate(std::shared_ptr<OpenFile> file, bool cloexec, int min_fd = 0);
  // The fd allocate() would return, without taking it; -EMFILE when none.
  int lowest_free(int min_fd = 0) const;
  // Puts `file` at exactly `fd`, closing what was there. -EBADF if out of range.
  int install(int fd, std::shared_ptr<OpenFile> file, bool cloexec);
  // 0 or -EBADF.
  int close(int fd);
  void close_on_exec();
  void clear() { fds_.clear(); }

 private:
  std::vector<Entry> fds_;
};

}  // namespace lind::rawposix
