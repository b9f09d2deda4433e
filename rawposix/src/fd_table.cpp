#include "fd_table.h"

#include <unistd.h>

#include <cerrno>

namespace lind::rawposix {

OpenFile::~OpenFile() {
  if (owned && host_fd >= 0) ::close(host_fd);
}

int FdTable::allocate(std::shared_ptr<OpenFile> file, bool cloexec, int min_fd) {
  if (min_fd < 0 || min_fd >= kMaxFds) return -EINVAL;
  for (size_t fd = min_fd; fd < fds_.size(); ++fd) {
    if (!fds_[fd].file) {
      fds_[fd] = Entry{std::move(file), cloexec};
      return static_cast<int>(fd);
    }
  }
  size_t fd = std::max(fds_.size(), static_cast<size_t>(min_fd));
  if (fd >= kMaxFds) return -EMFILE;
  fds_.resize(fd + 1);
  fds_[fd] = Entry{std::move(file), cloexec};
  return static_cast<int>(fd);
}

int FdTable::lowest_free(int min_fd) const {
  if (min_fd < 0 || min_fd >= kMaxFds) return -EINVAL;
  for (size_t fd = min_fd; fd < fds_.size(); ++fd)
    if (!fds_[fd].file) return static_cast<int>(fd);
  size_t fd = std::max(fds_.size(), static_cast<size_t>(min_fd));
  return fd >= kMaxFds ? -EMFILE : static_cast<int>(fd);
}

int FdTable::install(int fd, std::shared_ptr<OpenFile> file, bool cloexec) {
  if (fd < 0 || fd >= kMaxFds) return -EBADF;
  if (static_cast<size_t>(fd) >= fds_.size()) fds_.resize(fd + 1);
  fds_[fd] = Entry{std::move(file), cloexec};
  return fd;
}

int FdTable::close(int fd) {
  Entry* e = entry(fd);
  if (!e) return -EBADF;
  e->file.reset();
  e->cloexec = false;
  return 0;
}

void FdTable::close_on_exec() {
  for (Entry& e : fds_)
    if (e.cloexec) e = Entry{};
}

}  // namespace lind::rawposix
