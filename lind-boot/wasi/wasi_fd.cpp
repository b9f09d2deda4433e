// wasi_snapshot_preview1 fd_* functions, each served by the matching Linux
// syscalls through 3i:
//   fd_read/fd_write → readv/writev (WASI's iovec is the ABI's wasm32 iovec)
//   fd_pread/fd_pwrite → pread64/pwrite64, one per iovec
//   fd_seek/fd_tell → lseek;  fd_close → close;  fd_sync → fsync;
//   fd_datasync → fdatasync;  fd_renumber → dup2 + close
//   fd_fdstat_get → fstat + fcntl(F_GETFL) (+ lseek for devices and pipes)
//   fd_fdstat_set_flags → fcntl(F_SETFL);  fd_fdstat_set_rights → fstat
//   fd_filestat_get → fstat;  fd_filestat_set_size → ftruncate
//   fd_filestat_set_times → utimensat(fd, NULL, times, 0)
//   fd_advise → fadvise64;  fd_allocate → fallocate (each falls back to
//     fstat [+ ftruncate] while nothing serves that number: see README.md)
//   fd_readdir → lseek + getdents64 (cookies are entry numbers)
//   fd_prestat_get/fd_prestat_dir_name → lind-boot's preopen table
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi_call.h"

namespace lind::boot::wasi {
namespace {

// fstat of fd, through scratch.
Errno fstat_fd(Call& c, uint64_t fd, LinuxStat& st) {
  Scratch scratch(c.memory(), sizeof st, {});
  if (!scratch.ok()) return kNomem;
  const uint64_t at = scratch.at(0);
  int64_t r = c.sys(LIND_SYS_fstat, fd, at);
  if (r < 0) return errno_from_result(r);
  c.load(at, st);
  return kSuccess;
}

uint16_t fdflags_from_linux(int64_t fl) {
  uint16_t f = 0;
  if (fl & O_APPEND) f |= kFdflagAppend;
  if (fl & O_NONBLOCK) f |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    f |= kFdflagSync | kFdflagRsync | kFdflagDsync;  // Linux: O_RSYNC == O_SYNC, which includes O_DSYNC
  } else if (fl & O_DSYNC) {
    f |= kFdflagDsync;
  }
  return f;
}

int linux_from_fdflags(uint16_t f) {
  int fl = 0;
  if (f & kFdflagAppend) fl |= O_APPEND;
  if (f & kFdflagNonblock) fl |= O_NONBLOCK;
  if (f & kFdflagDsync) fl |= O_DSYNC;
  if (f & (kFdflagSync | kFdflagRsync)) fl |= O_SYNC;
  return fl;
}

Errno fd_close(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  int64_t r = c.sys(LIND_SYS_close, fd);
  if (r == 0 && c.state()) {
    std::lock_guard lock(c.state()->mu);
    c.state()->preopens.erase(static_cast<uint32_t>(fd));
    c.state()->dir_cursors.erase(static_cast<uint32_t>(fd));
  }
  return errno_from_result(r);
}

Errno fd_datasync(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  return errno_from_result(c.sys(LIND_SYS_fdatasync, fd));
}

Errno fd_sync(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  return errno_from_result(c.sys(LIND_SYS_fsync, fd));
}

// Rights are not enforced; they are reported so that wasi-libc draws the
// same conclusions as native code: read rights iff the fd is open for
// reading (fcntl F_GETFL → O_RDONLY/O_RDWR), write rights iff open for
// writing, seek/tell iff lseek works (isatty() in wasi-libc is "character
// device without seek rights"). Everything else is granted.
Errno fd_fdstat_get(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t out = u32(a[1]);
  if (!c.valid(out, sizeof(Fdstat))) return kFault;
  LinuxStat st{};
  if (Errno e = fstat_fd(c, fd, st)) return e;
  Fdstat f{};
  f.fs_filetype = filetype_from_mode(st.st_mode);
  int64_t fl = c.sys(LIND_SYS_fcntl, fd, F_GETFL);
  if (fl < 0) fl = O_RDWR;  // fcntl not served: claim everything
  f.fs_flags = fdflags_from_linux(fl);
  uint64_t base = rights::kAll;
  const int acc = static_cast<int>(fl & O_ACCMODE);
  if (acc == O_WRONLY) base &= ~(rights::kFdRead | rights::kFdReaddir);
  if (acc == O_RDONLY)
    base &= ~(rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize | rights::kFdDatasync);
  const uint32_t type = st.st_mode & S_IFMT;
  if (type != S_IFREG && type != S_IFDIR && type != S_IFBLK && c.sys(LIND_SYS_lseek, fd, 0, SEEK_CUR) < 0)
    base &= ~(rights::kFdSeek | rights::kFdTell);
  f.fs_rights_base = base;
  f.fs_rights_inheriting = rights::kAll;
  c.store(out, f);
  return kSuccess;
}

Errno fd_fdstat_set_flags(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t flags = u32(a[1]);
  if (flags & ~uint32_t{kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync})
    return kInval;
  return errno_from_result(c.sys(LIND_SYS_fcntl, fd, F_SETFL, linux_from_fdflags(static_cast<uint16_t>(flags))));
}

// Rights are not enforced, so there is nothing to drop; the fd must exist.
Errno fd_fdstat_set_rights(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  LinuxStat st{};
  return fstat_fd(c, fd, st);
}

Errno fd_filestat_get(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t out = u32(a[1]);
  if (!c.valid(out, sizeof(Filestat))) return kFault;
  LinuxStat st{};
  if (Errno e = fstat_fd(c, fd, st)) return e;
  c.store(out, filestat_from_linux(st));
  return kSuccess;
}

Errno fd_filestat_set_size(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  return errno_from_result(c.sys(LIND_SYS_ftruncate, fd, a[1]));
}

Errno fd_filestat_set_times(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  LinuxTimespec times[2];
  if (Errno e = utimens_times(a[1], a[2], u32(a[3]), times)) return e;
  Scratch scratch(c.memory(), sizeof times, {});
  if (!scratch.ok()) return kNomem;
  const uint64_t at = scratch.at(0);
  c.store(at, times);
  return errno_from_result(c.sys(LIND_SYS_utimensat, fd, 0 /* NULL: the fd itself */, at, 0));
}

// The cage's iovec array, checked.
bool load_iovecs(Call& c, uint32_t iovs, uint32_t n, const Iovec*& out) {
  out = reinterpret_cast<const Iovec*>(c.range(iovs, uint64_t{n} * sizeof(Iovec)));
  return out != nullptr;
}

Errno fd_read(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t nread = u32(a[3]);
  if (!c.valid(nread, 4)) return kFault;
  int64_t r = c.sys(LIND_SYS_readv, fd, u32(a[1]), u32(a[2]));
  if (r < 0) return errno_from_result(r);
  c.store(nread, static_cast<uint32_t>(r));
  return kSuccess;
}

Errno fd_write(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t nwritten = u32(a[3]);
  if (!c.valid(nwritten, 4)) return kFault;
  int64_t r = c.sys(LIND_SYS_writev, fd, u32(a[1]), u32(a[2]));
  if (r < 0) return errno_from_result(r);
  c.store(nwritten, static_cast<uint32_t>(r));
  return kSuccess;
}

// pread64/pwrite64 for each iovec in turn, stopping at a short transfer.
// An error after some bytes moved reports those bytes (like preadv).
Errno positioned(Call& c, const uint64_t* a, uint32_t nr) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t iovs = u32(a[1]), n = u32(a[2]), done_ptr = u32(a[4]);
  const uint64_t offset = a[3];
  if (!c.valid(done_ptr, 4)) return kFault;
  const Iovec* iov;
  if (!load_iovecs(c, iovs, n, iov)) return kFault;
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    Iovec v;
    std::memcpy(&v, iov + i, sizeof v);
    if (v.len == 0) continue;
    int64_t r = c.sys(nr, fd, v.buf, v.len, offset + total);
    if (r < 0) {
      if (total == 0) return errno_from_result(r);
      break;
    }
    total += static_cast<uint64_t>(r);
    if (static_cast<uint64_t>(r) < v.len || total > UINT32_MAX) break;
  }
  if (n == 0 || total == 0) {
    // Nothing moved: still check the fd and offset as Linux would.
    int64_t r = c.sys(nr, fd, iovs, 0, offset);
    if (r < 0) return errno_from_result(r);
  }
  c.store(done_ptr, static_cast<uint32_t>(total));
  return kSuccess;
}

Errno fd_pread(Call& c, const uint64_t* a) { return positioned(c, a, LIND_SYS_pread64); }
Errno fd_pwrite(Call& c, const uint64_t* a) { return positioned(c, a, LIND_SYS_pwrite64); }

Errno fd_seek(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t whence = u32(a[2]), out = u32(a[3]);
  if (!c.valid(out, 8)) return kFault;
  // WASI has SET, CUR and END only (Linux's 3 and 4 are SEEK_DATA/HOLE).
  if (whence > kWhenceEnd) return kInval;
  int64_t r = c.sys(LIND_SYS_lseek, fd, a[1], whence);
  if (r < 0) return errno_from_result(r);
  c.store(out, static_cast<uint64_t>(r));
  return kSuccess;
}

Errno fd_tell(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t out = u32(a[1]);
  if (!c.valid(out, 8)) return kFault;
  int64_t r = c.sys(LIND_SYS_lseek, fd, 0, SEEK_CUR);
  if (r < 0) return errno_from_result(r);
  c.store(out, static_cast<uint64_t>(r));
  return kSuccess;
}

// fadvise64. While nothing serves it (ENOSYS), the same checks without
// the advice: a bad fd, a pipe, negative ranges, unknown advice.
Errno fd_advise(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t advice = u32(a[3]);
  int64_t r = c.sys(kSysFadvise64, fd, a[1], a[2], advice);
  if (r != -ENOSYS) return errno_from_result(r);
  LinuxStat st{};
  if (Errno e = fstat_fd(c, fd, st)) return e;
  if ((st.st_mode & S_IFMT) == S_IFIFO) return kSpipe;
  if (static_cast<int64_t>(a[1]) < 0 || static_cast<int64_t>(a[2]) < 0 || advice > 5) return kInval;
  return kSuccess;
}

// fallocate(fd, 0, offset, len). While nothing serves it (ENOSYS): the
// checks fallocate makes, then ftruncate when the range ends past EOF
// (what posix_fallocate's fallback does, minus writing the blocks).
Errno fd_allocate(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint64_t offset = a[1], len = a[2];
  int64_t r = c.sys(kSysFallocate, fd, 0, offset, len);
  if (r != -ENOSYS) return errno_from_result(r);
  if (static_cast<int64_t>(offset) < 0 || static_cast<int64_t>(len) <= 0) return kInval;
  LinuxStat st{};
  if (Errno e = fstat_fd(c, fd, st)) return e;
  int64_t fl = c.sys(LIND_SYS_fcntl, fd, F_GETFL);
  if (fl >= 0 && (fl & O_ACCMODE) == O_RDONLY) return kBadf;
  const uint32_t type = st.st_mode & S_IFMT;
  if (type == S_IFIFO) return kSpipe;
  if (type != S_IFREG) return kNodev;
  if (offset > static_cast<uint64_t>(INT64_MAX) - len) return kFbig;
  if (static_cast<int64_t>(offset + len) <= st.st_size) return kSuccess;
  return errno_from_result(c.sys(LIND_SYS_ftruncate, fd, offset + len));
}

Errno fd_prestat_get(Call& c, const uint64_t* a) {
  const uint32_t fd = u32(a[0]), out = u32(a[1]);
  if (!c.valid(out, sizeof(Prestat))) return kFault;
  if (!c.state()) return kBadf;
  std::lock_guard lock(c.state()->mu);
  auto it = c.state()->preopens.find(fd);
  if (it == c.state()->preopens.end()) return kBadf;  // ends wasi-libc's preopen scan
  Prestat p{};
  p.tag = kPreopentypeDir;
  p.pr_name_len = static_cast<uint32_t>(it->second.size());
  c.store(out, p);
  return kSuccess;
}

Errno fd_prestat_dir_name(Call& c, const uint64_t* a) {
  const uint32_t fd = u32(a[0]), path = u32(a[1]), len = u32(a[2]);
  if (!c.state()) return kBadf;
  std::lock_guard lock(c.state()->mu);
  auto it = c.state()->preopens.find(fd);
  if (it == c.state()->preopens.end()) return kBadf;
  const std::string& name = it->second;
  if (len < name.size()) return kNametoolong;
  uint8_t* dst = c.range(path, name.size());
  if (!dst) return kFault;
  std::memcpy(dst, name.data(), name.size());
  return kSuccess;
}

// dup2(from, to) and close(from); both must be open (WASI). The preopen
// table follows the renumbering.
Errno fd_renumber(Call& c, const uint64_t* a) {
  uint64_t from, to;
  if (!fd_arg(a[0], from) || !fd_arg(a[1], to)) return kBadf;
  LinuxStat st{};
  if (Errno e = fstat_fd(c, to, st)) return e;
  int64_t r = c.sys(LIND_SYS_dup2, from, to);
  if (r < 0) return errno_from_result(r);
  if (from != to) c.sys(LIND_SYS_close, from);
  if (c.state() && from != to) {
    std::lock_guard lock(c.state()->mu);
    auto& pre = c.state()->preopens;
    pre.erase(static_cast<uint32_t>(to));
    c.state()->dir_cursors.erase(static_cast<uint32_t>(to));
    c.state()->dir_cursors.erase(static_cast<uint32_t>(from));
    if (auto it = pre.find(static_cast<uint32_t>(from)); it != pre.end()) {
      pre[static_cast<uint32_t>(to)] = it->second;
      pre.erase(it);
    }
  }
  return kSuccess;
}

uint8_t filetype_from_dtype(uint8_t d) {
  switch (d) {
    case DT_BLK: return kBlockDevice;
    case DT_CHR: return kCharacterDevice;
    case DT_DIR: return kDirectory;
    case DT_REG: return kRegularFile;
    case DT_LNK: return kSymbolicLink;
    case DT_FIFO: return kSocketStream;  // wasi-libc's DT_FIFO
    case DT_SOCK: return kSocketStream;
    default: return kUnknown;
  }
}

// WASI directory cookies are entry numbers (0: the start; an entry's
// d_next is its number + 1), not Linux's d_off: ext4's d_off is a 63-bit
// hash, and the 2022 wasi-libc's telldir() returns the cookie as a 32-bit
// long, which would break seekdir. The directory is read with getdents64
// from the Linux offset where entry `cookie` starts — known from the
// previous call in the usual case (DirCursor), else found by reading from
// the start — until the WASI buffer is full; the last entry may be cut
// short, as WASI allows (wasi-libc then asks again from that entry with a
// larger buffer).
Errno fd_readdir(Call& c, const uint64_t* a) {
  uint64_t fd;
  if (!fd_arg(a[0], fd)) return kBadf;
  const uint32_t buf = u32(a[1]), buf_len = u32(a[2]), used_ptr = u32(a[4]);
  const uint64_t cookie = a[3];
  uint8_t* out = c.range(buf, buf_len);
  if (!out || !c.valid(used_ptr, 4)) return kFault;
  // The getdents64 buffer: about the WASI buffer's size (a Linux record is
  // never much longer than the WASI one for the same name), plus room for
  // one long name.
  const uint64_t dents_size = std::min<uint64_t>(kScratchBufSize, uint64_t{buf_len} + 1024);
  Scratch scratch(c.memory(), dents_size, {{buf, buf_len}, {used_ptr, 4}});
  if (!scratch.ok()) return kNomem;
  const uint64_t dents = scratch.at(0);

  uint64_t index = 0;  // the number of the entry getdents64 returns next
  int64_t start = 0;   // the Linux offset it starts at
  if (cookie != 0 && c.state()) {
    std::lock_guard lock(c.state()->mu);
    auto it = c.state()->dir_cursors.find(static_cast<uint32_t>(fd));
    if (it != c.state()->dir_cursors.end()) {
      for (int k = 0; k < 2; ++k) {
        if (it->second.index[k] == cookie) {
          index = cookie;
          start = it->second.offset[k];
        }
      }
    }
  }
  int64_t r = c.sys(LIND_SYS_lseek, fd, static_cast<uint64_t>(start), SEEK_SET);
  if (r < 0) return errno_from_result(r);

  uint32_t used = 0;
  auto put = [&](const void* p, size_t n) {
    size_t k = std::min<size_t>(n, buf_len - used);
    std::memcpy(out + used, p, k);
    used += static_cast<uint32_t>(k);
  };
  bool emitted = false;
  DirCursor cursor{};
  while (used < buf_len) {
    // Ask for about what is left of the WASI buffer, so few records are read
    // that will not fit; skipping to the cookie reads as much as there is room.
    const uint64_t want = index < cookie ? dents_size : std::min<uint64_t>(dents_size, uint64_t{buf_len - used} + 1024);
    int64_t n = c.sys(LIND_SYS_getdents64, fd, dents, want);
    if (n < 0) return errno_from_result(n);
    if (n == 0) break;
    const uint8_t* p = c.range(dents, static_cast<uint64_t>(n));
    if (!p) return kIo;
    for (int64_t off = 0; off < n && used < buf_len;) {
      uint64_t ino;
      int64_t d_off;
      uint16_t reclen;
      std::memcpy(&ino, p + off, 8);
      std::memcpy(&d_off, p + off + 8, 8);
      std::memcpy(&reclen, p + off + 16, 2);
      const uint8_t dtype = p[off + 18];
      if (reclen <= kLinuxDirent64NameOffset || off + reclen > n) return kIo;
      off += reclen;
      if (index < cookie) {  // skipping to the cookie
        ++index;
        start = d_off;
        continue;
      }
      const char* name = reinterpret_cast<const char*>(p + off - reclen + kLinuxDirent64NameOffset);
      const size_t namelen = strnlen(name, reclen - kLinuxDirent64NameOffset);
      Dirent d{};
      d.d_next = index + 1;
      d.d_ino = ino;
      d.d_namlen = static_cast<uint32_t>(namelen);
      d.d_type = filetype_from_dtype(dtype);
      put(&d, sizeof d);
      put(name, namelen);
      cursor = DirCursor{{index, index + 1}, {start, d_off}};
      emitted = true;
      ++index;
      start = d_off;
    }
  }
  if (emitted && c.state()) {
    std::lock_guard lock(c.state()->mu);
    c.state()->dir_cursors[static_cast<uint32_t>(fd)] = cursor;
  }
  c.store(used_ptr, used);
  return kSuccess;
}

const FnDef kFd[] = {
    {"fd_advise", "iIIi", fd_advise},
    {"fd_allocate", "iII", fd_allocate},
    {"fd_close", "i", fd_close},
    {"fd_datasync", "i", fd_datasync},
    {"fd_fdstat_get", "ii", fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", fd_filestat_get},
    {"fd_filestat_set_size", "iI", fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", fd_filestat_set_times},
    {"fd_pread", "iiiIi", fd_pread},
    {"fd_prestat_get", "ii", fd_prestat_get},
    {"fd_prestat_dir_name", "iii", fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", fd_pwrite},
    {"fd_read", "iiii", fd_read},
    {"fd_readdir", "iiiIi", fd_readdir},
    {"fd_renumber", "ii", fd_renumber},
    {"fd_seek", "iIii", fd_seek},
    {"fd_sync", "i", fd_sync},
    {"fd_tell", "ii", fd_tell},
    {"fd_write", "iiii", fd_write},
};

}  // namespace

const FnDef* fd_functions(size_t& n) {
  n = std::size(kFd);
  return kFd;
}

}  // namespace lind::boot::wasi
