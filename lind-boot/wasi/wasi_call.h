// Internals shared by the WASI function families (wasi_fd.cpp,
// wasi_path.cpp, wasi_preview1.cpp): the per-cage WASI state, and Call, the
// context one WASI function runs with — its cage, that cage's memory, and
// `sys`, which issues a Linux syscall through 3i exactly as the cage's own
// `lind.syscall` import would.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lind/abi.h"
#include "lind/runtime.h"
#include "lind/threei.h"
#include "wasi_abi.h"

namespace lind::boot::wasi {

using threei::CageId;

inline constexpr uint64_t kPathMax = 4096;  // Linux PATH_MAX, with the NUL
// The most scratch one call borrows for a getdents64 buffer or a pollfd array.
inline constexpr uint64_t kScratchBufSize = 48 * 1024;

// Linux syscall numbers used here that the lind ABI does not list (3i
// answers ENOSYS for them until someone implements them).
inline constexpr uint32_t kSysFadvise64 = 221;
inline constexpr uint32_t kSysFallocate = 285;

// Where fd_readdir can resume without rescanning: the Linux directory
// offset at which entry number `index` starts, for the last entry the
// previous call returned (asked for again when it was cut short) and the
// one after it (asked for next otherwise).
struct DirCursor {
  uint64_t index[2];
  int64_t offset[2];
};

struct CageState {
  std::mutex mu;  // guards the maps
  std::map<uint32_t, std::string> preopens;  // fd → the name the program sees ("/")
  std::map<uint32_t, DirCursor> dir_cursors;  // fd → fd_readdir resume points
};

// The WASI state of a cage, or nullptr if it has none.
CageState* cage_state(CageId cage);

class Call {
 public:
  explicit Call(rt::HostContext& ctx)
      : ctx_(ctx),
        cage_(ctx.caller() ? ctx.caller()->user_data() : 0),
        mem_(ctx.memory()),
        state_(cage_state(cage_)) {}

  CageId cage() const { return cage_; }
  rt::HostContext& ctx() { return ctx_; }
  CageState* state() const { return state_; }
  bool usable() const { return cage_ != 0 && mem_ != nullptr; }

  // A Linux syscall on this cage, through 3i: the result, or -errno.
  int64_t sys(uint32_t nr, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0, uint64_t a4 = 0,
              uint64_t a5 = 0, uint64_t a6 = 0) const {
    threei::Args a{{a1, a2, a3, a4, a5, a6}, {cage_, cage_, cage_, cage_, cage_, cage_}};
    return threei::registry().dispatch(cage_, nr, cage_, a);
  }

  // Host address of [addr, addr+len) in the cage's memory, or nullptr.
  uint8_t* range(uint64_t addr, uint64_t len) const {
    return mem_ && mem_->in_bounds(addr, len) ? mem_->data() + addr : nullptr;
  }
  bool valid(uint64_t addr, uint64_t len) const { return range(addr, len) != nullptr; }
  template <typename T>
  bool load(uint64_t addr, T& out) const {
    const uint8_t* p = range(addr, sizeof(T));
    if (p) std::memcpy(&out, p, sizeof(T));
    return p != nullptr;
  }
  template <typename T>
  bool store(uint64_t addr, const T& v) const {
    uint8_t* p = range(addr, sizeof(T));
    if (p) std::memcpy(p, &v, sizeof(T));
    return p != nullptr;
  }

  rt::MemoryInst* memory() const { return mem_; }

 private:
  rt::HostContext& ctx_;
  CageId cage_;
  rt::MemoryInst* mem_;
  CageState* state_;
};

// A range of cage memory an argument of the current call names.
struct Span {
  uint64_t addr, len;
};

// Scratch space for one call, borrowed from the cage's own memory.
//
// The Linux syscalls need their arguments in the cage's memory (a path with
// its NUL, room for a struct stat, a getdents64 buffer, a pollfd array), so
// that RawPOSIX — and any grate interposing on the cage — reads and writes
// them exactly as it does for the cage's own calls. Scratch takes `len`
// bytes of that memory that overlap none of the call's own arguments
// (`avoid`: the WASI buffers it reads or writes), saves what they hold, and
// puts it back when it goes out of scope, before the host function returns
// to the program. That is invisible to the program: a WASI program is one
// thread, and none of its code runs while the host function does.
//
// Why not a page of our own: memory grown for lind-boot is not safe from
// the program's allocator. The 2022 wasi-libc that Debian ships (and that
// plain `clang --target=wasm32-wasi` links) initialises dlmalloc on the
// first malloc with the segment [__heap_base, sbrk(0)), sbrk(0) being the
// memory's *current* size, so every page that exists by then — including a
// page grown at instantiation — becomes malloc's (its first malloc runs in a
// libc constructor, after instantiation). Only pages grown after that are
// safe, and when that happens cannot be seen from outside.
class Scratch {
 public:
  Scratch(rt::MemoryInst* mem, uint64_t len, std::initializer_list<Span> avoid)
      : Scratch(mem, len, std::span<const Span>(avoid.begin(), avoid.size())) {}
  Scratch(rt::MemoryInst* mem, uint64_t len, std::span<const Span> avoid) : mem_(mem) {
    len_ = (len + 15) & ~uint64_t{15};
    if (!mem_ || len_ == 0) return;
    const uint64_t size = mem_->size_bytes();
    constexpr uint64_t kLow = 1024;  // never the lowest KiB (NULL and its neighbours)
    if (len_ + kLow > size) return;
    uint64_t start = (size - len_) & ~uint64_t{15};
    // Move below every argument it overlaps; a handful of arguments, so a
    // few rounds settle it.
    for (int round = 0; round < 8; ++round) {
      bool moved = false;
      for (const Span& s : avoid) {
        if (s.len == 0 || s.addr >= start + len_ || s.addr + s.len <= start) continue;
        if (s.addr < len_ + kLow) return;  // no room below it
        start = (s.addr - len_) & ~uint64_t{15};
        moved = true;
      }
      if (!moved) {
        base_ = start;
        const uint8_t* p = mem_->data() + base_;
        if (len_ <= sizeof small_) {
          std::memcpy(small_, p, len_);
        } else {
          big_.assign(p, p + len_);
        }
        return;
      }
    }
  }
  ~Scratch() {
    if (base_) std::memcpy(mem_->data() + base_, len_ <= sizeof small_ ? small_ : big_.data(), len_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  bool ok() const { return base_ != 0; }
  uint64_t at(uint64_t offset) const { return base_ + offset; }

 private:
  rt::MemoryInst* mem_;
  uint64_t base_ = 0, len_ = 0;
  uint8_t small_[256];  // what the borrowed bytes held (small_ up to 256)
  std::vector<uint8_t> big_;
};

// Checks a WASI path (ptr, len: not NUL-terminated) for a Linux path
// argument: kSuccess, or EFAULT (bad range), ENAMETOOLONG (PATH_MAX or
// more), EINVAL (a NUL inside).
inline Errno check_path(const Call& c, uint32_t ptr, uint32_t len) {
  const uint8_t* src = c.range(ptr, len);
  if (!src) return kFault;
  if (len >= kPathMax) return kNametoolong;
  if (std::memchr(src, 0, len)) return kInval;
  return kSuccess;
}
// Copies a checked path into scratch at `dst`, NUL-terminated.
inline void copy_path(const Call& c, uint32_t ptr, uint32_t len, uint64_t dst) {
  uint8_t* d = c.range(dst, uint64_t{len} + 1);
  std::memcpy(d, c.range(ptr, len), len);
  d[len] = 0;
}

// WASI timestamps (u64 ns) ↔ Linux timespec.
inline LinuxTimespec to_timespec(uint64_t ns) {
  return {static_cast<int64_t>(ns / 1'000'000'000), static_cast<int64_t>(ns % 1'000'000'000)};
}
inline uint64_t to_ns(int64_t sec, int64_t nsec) {
  if (sec < 0) return 0;  // before 1970: WASI timestamps are unsigned
  return static_cast<uint64_t>(sec) * 1'000'000'000 + static_cast<uint64_t>(nsec);
}

// WASI's (atim, mtim, fst_flags) as utimensat's times[2]: UTIME_NOW,
// UTIME_OMIT or the time. EINVAL for unknown flags, or a time given both
// explicitly and as "now".
inline Errno utimens_times(uint64_t atim, uint64_t mtim, uint32_t fst, LinuxTimespec out[2]) {
  constexpr int64_t kUtimeNow = (1l << 30) - 1, kUtimeOmit = (1l << 30) - 2;
  if (fst & ~uint32_t{kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow}) return kInval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return kInval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return kInval;
  out[0] = (fst & kFstAtimNow) ? LinuxTimespec{0, kUtimeNow} : (fst & kFstAtim) ? to_timespec(atim) : LinuxTimespec{0, kUtimeOmit};
  out[1] = (fst & kFstMtimNow) ? LinuxTimespec{0, kUtimeNow} : (fst & kFstMtim) ? to_timespec(mtim) : LinuxTimespec{0, kUtimeOmit};
  return kSuccess;
}

// A WASI fd as a Linux fd argument: WASI fds are u32, Linux's are int, so
// values above INT_MAX (which Linux would read as negative, AT_FDCWD among
// them) are no fd at all.
inline bool fd_arg(uint64_t wasi_fd, uint64_t& out) {
  uint32_t fd = static_cast<uint32_t>(wasi_fd);
  if (fd > 0x7fffffffu) return false;
  out = fd;
  return true;
}

// st_mode → filetype (a FIFO is SOCKET_STREAM: wasi-libc's S_IFIFO and
// DT_FIFO are that value).
Filetype filetype_from_mode(uint32_t mode);
Filestat filestat_from_linux(const LinuxStat& st);

// A WASI function: decoded i32/i64 arguments in args[], returns the errno.
using Fn = Errno (*)(Call& c, const uint64_t* args);
inline uint32_t u32(uint64_t v) { return static_cast<uint32_t>(v); }

struct FnDef {
  const char* name;
  const char* params;  // one letter per parameter: i = i32, I = i64
  Fn fn;
};
// The families: each returns its table and its length.
const FnDef* fd_functions(size_t& n);
const FnDef* path_functions(size_t& n);

}  // namespace lind::boot::wasi
