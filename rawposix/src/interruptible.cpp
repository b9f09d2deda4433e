#include "interruptible.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

#include "lind/rawposix.h"

namespace lind::rawposix {
namespace {

enum : int8_t { kPlain = 0, kTryThenWait = 1, kWaitFirst = 2 };

bool nonblocking(int fd) {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && (fl & O_NONBLOCK);
}

// Drops the first n bytes of the iovec array.
void advance(iovec*& iov, int& count, size_t n) {
  while (count > 0 && n >= iov->iov_len) {
    n -= iov->iov_len;
    ++iov;
    --count;
  }
  if (count > 0) {
    iov->iov_base = static_cast<char*>(iov->iov_base) + n;
    iov->iov_len -= n;
  }
}

size_t total_of(const iovec* iov, int count) {
  size_t t = 0;
  for (int i = 0; i < count; ++i) t += iov[i].iov_len;
  return t;
}

}  // namespace

WaitResult wait_fd_or_signal(Cage& c, int fd, short events, const timespec* timeout) {
  pollfd p[2] = {{c.signals.wake_fd, POLLIN, 0}, {fd, events, 0}};
  const nfds_t n = fd >= 0 ? 2 : 1;
  for (;;) {
    if (c.interrupt_pending.load(std::memory_order_acquire)) return WaitResult::Signal;
    int r = ::ppoll(p, n, timeout, nullptr);
    if (r < 0 && errno == EINTR) continue;  // a host signal, not a cage's
    if (r < 0) return WaitResult::Ready;    // let the real call report the error
    if (r == 0) return WaitResult::Timeout;
    if (n == 2 && p[1].revents) return WaitResult::Ready;
    // Only the wake fd: re-check the flag (it is drained once handled).
    if (!c.interrupt_pending.load(std::memory_order_acquire)) {
      uint64_t v;
      [[maybe_unused]] ssize_t d = ::read(c.signals.wake_fd, &v, sizeof v);
    }
  }
}

bool may_block(OpenFile& f) {
  int8_t mode = f.blocking_mode.load(std::memory_order_relaxed);
  if (mode < 0) {
    struct stat st {};
    // Regular files, directories and block devices never wait; nor do the
    // memory devices (major 1: /dev/null, zero, full, random, urandom).
    bool plain = ::fstat(f.host_fd, &st) == 0 &&
                 (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode) ||
                  (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1));
    mode = plain ? kPlain : kTryThenWait;
    f.blocking_mode.store(mode, std::memory_order_relaxed);
  }
  return mode != kPlain;
}

int64_t interruptible_io(Cage& c, OpenFile& f, iovec* iov, int count, bool write) {
  const int fd = f.host_fd;
  const short events = write ? POLLOUT : POLLIN;
  const size_t total = total_of(iov, count);
  size_t done = 0;
  for (;;) {
    ssize_t n;
    if (f.blocking_mode.load(std::memory_order_relaxed) == kWaitFirst) {
      if (!nonblocking(fd) && wait_fd_or_signal(c, fd, events, nullptr) == WaitResult::Signal)
        return done ? static_cast<int64_t>(done) : kRestartSyscall;
      n = write ? ::writev(fd, iov, count) : ::readv(fd, iov, count);
      if (n < 0) return done ? static_cast<int64_t>(done) : -errno;
    } else {
      n = write ? ::pwritev2(fd, iov, count, -1, RWF_NOWAIT) : ::preadv2(fd, iov, count, -1, RWF_NOWAIT);
      if (n < 0) {
        int err = errno;
        if (err == EOPNOTSUPP || err == EINVAL) {
          f.blocking_mode.store(kWaitFirst, std::memory_order_relaxed);
          continue;
        }
        if (err != EAGAIN) return done ? static_cast<int64_t>(done) : -err;
        if (nonblocking(fd)) return done ? static_cast<int64_t>(done) : -EAGAIN;
        if (wait_fd_or_signal(c, fd, events, nullptr) == WaitResult::Signal)
          return done ? static_cast<int64_t>(done) : kRestartSyscall;
        continue;
      }
    }
    // A read returns what it got; a blocking write goes on until all of it
    // is written.
    done += static_cast<size_t>(n);
    if (!write || done >= total) return static_cast<int64_t>(done);
    advance(iov, count, static_cast<size_t>(n));
  }
}

}  // namespace lind::rawposix
