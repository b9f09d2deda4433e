// Data transfer on file descriptors: forwarded to the host fd behind the
// cage fd, with every buffer checked against the cage's memory first.
// Transfers that may block can be interrupted by signals (interruptible.h).
#include <sys/uio.h>
#include <unistd.h>

#include <climits>
#include <vector>

#include "cage_memory.h"
#include "interruptible.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

OpenFile* file_of(CageId target, uint64_t fd) {
  Cage* c = find_cage(target);
  return c && fd <= INT_MAX ? c->fds.get(static_cast<int>(fd)) : nullptr;
}

// Linux caps one transfer at 0x7ffff000 bytes.
constexpr uint64_t kMaxTransfer = 0x7ffff000;

// The cage's iovec array (wasm32 layout) as host iovecs; 0 or -errno.
int host_iovecs(const Args& a, std::vector<iovec>& out) {
  uint64_t count = a.a[2];
  if (count > IOV_MAX) return -EINVAL;
  CageMemory mem(a.cage[1]);
  struct CageIovec {
    uint32_t base, len;
  };
  const auto* iov = reinterpret_cast<const CageIovec*>(mem.range(a.a[1], count * sizeof(CageIovec)));
  if (!iov && count) return -EFAULT;
  out.resize(count);
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint8_t* p = mem.range(iov[i].base, iov[i].len);
    if (!p) return -EFAULT;
    total += iov[i].len;
    if (total > SSIZE_MAX) return -EINVAL;
    out[i] = iovec{p, iov[i].len};
  }
  return 0;
}

}  // namespace

namespace {

// One buffer: fd, then (buf, count) in a2/a3, then the offset in a4 for the
// positioned calls. `io` does the host call on (host fd, buffer, length).
template <typename Io>
int64_t transfer(CageId target, const Args& a, Io io) {
  OpenFile* f = file_of(target, a.a[0]);
  if (!f) return -EBADF;
  uint64_t len = std::min(a.a[2], kMaxTransfer);
  uint8_t* buf = CageMemory(a.cage[1]).range(a.a[1], len);
  if (!buf) return -EFAULT;
  return host_result(io(f->host_fd, buf, len));
}

// An iovec array: fd, then (iov, iovcnt), then the offset for the
// positioned calls.
template <typename Io>
int64_t transfer_vector(CageId target, const Args& a, Io io) {
  OpenFile* f = file_of(target, a.a[0]);
  if (!f) return -EBADF;
  std::vector<iovec> iov;
  if (int r = host_iovecs(a, iov)) return r;
  return host_result(io(f->host_fd, iov.data(), static_cast<int>(iov.size())));
}

// The positioned calls' offset: a negative one is EINVAL (checked after the
// fd and buffers, as Linux does).
bool bad_offset(const Args& a) { return static_cast<off_t>(a.a[3]) < 0; }

}  // namespace

namespace {

// read/readv/write/writev: a pipe, FIFO, socket or terminal that would
// block waits so that a signal can interrupt it; a write that finds no
// reader also gets SIGPIPE, as on Linux.
int64_t stream_transfer(CageId target, OpenFile& f, iovec* iov, int count, bool write) {
  int64_t r;
  if (may_block(f)) {
    r = interruptible_io(*find_cage(target), f, iov, count, write);
  } else if (count == 1) {  // read/write: the kernel's vector path costs more
    r = host_result(write ? ::write(f.host_fd, iov->iov_base, iov->iov_len) : ::read(f.host_fd, iov->iov_base, iov->iov_len));
  } else {
    r = host_result(write ? ::writev(f.host_fd, iov, count) : ::readv(f.host_fd, iov, count));
  }
  if (r == -EPIPE) post_signal(target, SIGPIPE, 0);
  return r;
}

int64_t stream_one(CageId target, const Args& a, bool write) {
  OpenFile* f = file_of(target, a.a[0]);
  if (!f) return -EBADF;
  uint64_t len = std::min(a.a[2], kMaxTransfer);
  uint8_t* buf = CageMemory(a.cage[1]).range(a.a[1], len);
  if (!buf) return -EFAULT;
  iovec iov{buf, len};
  return stream_transfer(target, *f, &iov, 1, write);
}

int64_t stream_vector(CageId target, const Args& a, bool write) {
  OpenFile* f = file_of(target, a.a[0]);
  if (!f) return -EBADF;
  std::vector<iovec> iov;
  if (int r = host_iovecs(a, iov)) return r;
  return stream_transfer(target, *f, iov.data(), static_cast<int>(iov.size()), write);
}

}  // namespace

LIND_SYSCALL(read) { return stream_one(target, a, false); }

LIND_SYSCALL(write) { return stream_one(target, a, true); }

LIND_SYSCALL(pread64) {
  return transfer(target, a, [&](int fd, uint8_t* b, size_t n) -> ssize_t {
    if (bad_offset(a)) return errno = EINVAL, -1;
    return ::pread(fd, b, n, static_cast<off_t>(a.a[3]));
  });
}

LIND_SYSCALL(pwrite64) {
  return transfer(target, a, [&](int fd, uint8_t* b, size_t n) -> ssize_t {
    if (bad_offset(a)) return errno = EINVAL, -1;
    return ::pwrite(fd, b, n, static_cast<off_t>(a.a[3]));
  });
}

LIND_SYSCALL(readv) { return stream_vector(target, a, false); }

LIND_SYSCALL(writev) { return stream_vector(target, a, true); }

// preadv/pwritev (x86-64): the offset is the whole of a4; a5 (pos_h) is
// what 32-bit callers fill, and the kernel ignores it on 64-bit.
LIND_SYSCALL(preadv) {
  return transfer_vector(target, a, [&](int fd, iovec* v, int n) -> ssize_t {
    if (bad_offset(a)) return errno = EINVAL, -1;
    return ::preadv(fd, v, n, static_cast<off_t>(a.a[3]));
  });
}

LIND_SYSCALL(pwritev) {
  return transfer_vector(target, a, [&](int fd, iovec* v, int n) -> ssize_t {
    if (bad_offset(a)) return errno = EINVAL, -1;
    return ::pwritev(fd, v, n, static_cast<off_t>(a.a[3]));
  });
}

LIND_SYSCALL(lseek) {
  OpenFile* f = file_of(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::lseek(f->host_fd, static_cast<off_t>(a.a[1]), static_cast<int>(a.a[2])));
}

LIND_SYSCALL(close) {
  Cage* c = find_cage(target);
  if (!c || a.a[0] > INT_MAX) return -EBADF;
  return c->fds.close(static_cast<int>(a.a[0]));
}

}  // namespace lind::rawposix
