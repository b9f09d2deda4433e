// wasi_snapshot_preview1: the per-cage state, instance setup, the import
// definitions, and the functions that are not about files: args, environ,
// clocks, random, poll_oneoff, proc_exit, proc_raise, sched_yield, sock_*.
// The fd_* and path_* families are in wasi_fd.cpp and wasi_path.cpp.
#include "wasi_preview1.h"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <vector>

#include "lind/rawposix.h"
#include "wasi_call.h"

namespace lind::boot::wasi {
namespace {

std::array<std::atomic<CageState*>, threei::kMaxCages> g_states{};

// --- args, environ: the lind start-up calls mirror WASI's exactly --------

Errno args_get(Call& c, const uint64_t* a) {
  return errno_from_result(c.sys(LIND_SYS_args_get, u32(a[0]), u32(a[1])));
}
Errno args_sizes_get(Call& c, const uint64_t* a) {
  return errno_from_result(c.sys(LIND_SYS_args_sizes, u32(a[0]), u32(a[1])));
}
Errno environ_get(Call& c, const uint64_t* a) {
  return errno_from_result(c.sys(LIND_SYS_environ_get, u32(a[0]), u32(a[1])));
}
Errno environ_sizes_get(Call& c, const uint64_t* a) {
  return errno_from_result(c.sys(LIND_SYS_environ_sizes, u32(a[0]), u32(a[1])));
}

// --- clocks: WASI's four clock ids are Linux's 0-3 -------------------------

constexpr uint32_t kMaxWasiClock = 3;

// Reads clock `id` into *ns through clock_gettime or clock_getres, with
// the timespec at `ts_addr` (scratch).
Errno read_clock(Call& c, uint32_t nr, uint32_t id, uint64_t ts_addr, uint64_t& ns) {
  if (id > kMaxWasiClock) return kInval;
  int64_t r = c.sys(nr, id, ts_addr);
  if (r < 0) return errno_from_result(r);
  LinuxTimespec ts{};
  c.load(ts_addr, ts);
  ns = to_ns(ts.sec, ts.nsec);
  return kSuccess;
}

Errno clock_call(Call& c, uint32_t nr, uint32_t id, uint32_t out) {
  if (!c.valid(out, 8)) return kFault;
  uint64_t ns = 0;
  {
    Scratch scratch(c.memory(), sizeof(LinuxTimespec), {{out, 8}});
    if (!scratch.ok()) return kNomem;
    if (Errno e = read_clock(c, nr, id, scratch.at(0), ns)) return e;
  }
  c.store<uint64_t>(out, ns);
  return kSuccess;
}

Errno clock_res_get(Call& c, const uint64_t* a) { return clock_call(c, LIND_SYS_clock_getres, u32(a[0]), u32(a[1])); }

// The precision argument is a hint; the clock is read at full resolution.
Errno clock_time_get(Call& c, const uint64_t* a) {
  return clock_call(c, LIND_SYS_clock_gettime, u32(a[0]), u32(a[2]));
}

// --- random: getrandom until the buffer is full ----------------------------

Errno random_get(Call& c, const uint64_t* a) {
  const uint32_t buf = u32(a[0]), len = u32(a[1]);
  if (len == 0) return kSuccess;
  if (!c.valid(buf, len)) return kFault;
  uint64_t done = 0;
  while (done < len) {
    int64_t r = c.sys(LIND_SYS_getrandom, buf + done, len - done, 0);
    if (r == -EINTR) continue;
    if (r < 0) return errno_from_result(r);
    if (r == 0) return kIo;
    done += static_cast<uint64_t>(r);
  }
  return kSuccess;
}

// --- poll_oneoff -----------------------------------------------------------
//
// Clock subscriptions become a clock_nanosleep (relative, or TIMER_ABSTIME
// for an absolute one) on the earliest deadline; fd subscriptions become
// one poll() whose timeout is that deadline. Every clock subscription whose
// deadline has passed when the wait ends gets an event.

constexpr size_t kSubSize = sizeof(Subscription), kEventSize = sizeof(Event);

Errno poll_oneoff(Call& c, const uint64_t* a) {
  const uint32_t in = u32(a[0]), out = u32(a[1]), n = u32(a[2]), nevents_ptr = u32(a[3]);
  if (n == 0) return kInval;
  if (!c.valid(in, uint64_t{n} * kSubSize) || !c.valid(out, uint64_t{n} * kEventSize) ||
      !c.valid(nevents_ptr, 4))
    return kFault;
  auto sub_at = [&](uint32_t i) {
    Subscription s{};
    c.load(in + uint64_t{i} * kSubSize, s);
    return s;
  };
  // Scratch: a timespec, FIONREAD's int, then the pollfd array.
  uint64_t fd_subs = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t tag = sub_at(i).tag;
    fd_subs += tag == kEventFdRead || tag == kEventFdWrite;
  }
  if (fd_subs > kScratchBufSize / sizeof(LinuxPollfd)) return kInval;  // more than poll() takes here
  Scratch scratch(c.memory(), 32 + fd_subs * sizeof(LinuxPollfd),
                  {{in, uint64_t{n} * kSubSize}, {out, uint64_t{n} * kEventSize}, {nevents_ptr, 4}});
  if (!scratch.ok()) return kNomem;
  const uint64_t ts_addr = scratch.at(0), count_addr = scratch.at(16), pollfds = scratch.at(32);

  uint32_t nevents = 0;
  auto emit = [&](const Subscription& s, uint8_t type, Errno err, uint64_t nbytes = 0, uint16_t flags = 0) {
    if (nevents == n) return;  // at most one event per subscription
    Event ev{};
    ev.userdata = s.userdata;
    ev.error = err;
    ev.type = type;
    ev.nbytes = nbytes;
    ev.flags = flags;
    c.store(out + uint64_t{nevents} * kEventSize, ev);
    ++nevents;
  };

  // Pass 1: the earliest deadline, the pollfd array, and subscriptions that
  // fail at once.
  constexpr uint64_t kNever = UINT64_MAX;
  uint64_t min_wait = kNever;  // ns from now until the earliest deadline
  int64_t min_sub = -1;
  uint32_t nfds = 0;
  // How long clock subscription s waits from now; kNever after an error event.
  auto wait_of = [&](const Subscription& s, bool report) {
    const auto& clk = s.u.clock;
    uint64_t now = 0;
    Errno e = clk.id > kMaxWasiClock ? kInval : kSuccess;
    if (!e && (clk.flags & kSubclockAbstime)) e = read_clock(c, LIND_SYS_clock_gettime, clk.id, ts_addr, now);
    if (e) {
      if (report) emit(s, kEventClock, e);
      return kNever;
    }
    if (!(clk.flags & kSubclockAbstime)) return clk.timeout;
    return clk.timeout > now ? clk.timeout - now : 0;
  };
  for (uint32_t i = 0; i < n; ++i) {
    Subscription s = sub_at(i);
    if (s.tag == kEventClock) {
      uint64_t w = wait_of(s, true);
      if (w < min_wait) {
        min_wait = w;
        min_sub = i;
      }
    } else if (s.tag == kEventFdRead || s.tag == kEventFdWrite) {
      LinuxPollfd p{static_cast<int32_t>(s.u.fd_readwrite.fd),
                    static_cast<int16_t>(s.tag == kEventFdRead ? POLLIN : POLLOUT), 0};
      c.store(pollfds + uint64_t{nfds} * sizeof p, p);
      ++nfds;
    } else {
      emit(s, s.tag, kInval);
    }
  }
  const bool immediate = nevents > 0;

  // Pass 2: wait. `waited` is how much of the relative timeouts has passed
  // for certain when the wait ends.
  uint64_t waited = 0;
  int64_t failed_sub = -1;  // a clock that could not be slept on
  if (nfds > 0) {
    int64_t timeout_ms = -1;
    if (immediate) {
      timeout_ms = 0;
    } else if (min_wait != kNever) {
      timeout_ms = static_cast<int64_t>(std::min<uint64_t>((min_wait + 999'999) / 1'000'000, INT_MAX));
    }
    int64_t r = c.sys(LIND_SYS_poll, pollfds, nfds, static_cast<uint64_t>(timeout_ms));
    if (r == -ENOSYS) {
      // Nobody serves poll: report every fd as ready (true for files).
      for (uint32_t k = 0; k < nfds; ++k) {
        LinuxPollfd p{};
        c.load(pollfds + uint64_t{k} * sizeof p, p);
        p.revents = p.events;
        c.store(pollfds + uint64_t{k} * sizeof p, p);
      }
      r = nfds;
    }
    if (r < 0) return errno_from_result(r);
    if (r == 0 && min_wait != kNever) waited = min_wait;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; ++i) {
      Subscription s = sub_at(i);
      if (s.tag != kEventFdRead && s.tag != kEventFdWrite) continue;
      LinuxPollfd p{};
      c.load(pollfds + uint64_t{k++} * sizeof p, p);
      if (!p.revents) continue;
      if (p.revents & POLLNVAL) {
        emit(s, s.tag, kBadf);
        continue;
      }
      uint64_t nbytes = 0;
      if (s.tag == kEventFdRead && (p.revents & POLLIN)) {
        if (c.sys(LIND_SYS_ioctl, s.u.fd_readwrite.fd, FIONREAD, count_addr) == 0) {
          int32_t v = 0;
          c.load(count_addr, v);
          nbytes = v > 0 ? static_cast<uint64_t>(v) : 0;
        }
      }
      const bool err_only = (p.revents & POLLERR) && !(p.revents & (POLLIN | POLLOUT));
      emit(s, s.tag, err_only ? kIo : kSuccess, nbytes, (p.revents & POLLHUP) ? kEventHangup : 0);
    }
  } else if (!immediate && min_sub >= 0 && min_wait > 0) {
    // Clocks only: sleep until the earliest deadline, on its clock.
    Subscription s = sub_at(static_cast<uint32_t>(min_sub));
    const bool abs = s.u.clock.flags & kSubclockAbstime;
    c.store(ts_addr, to_timespec(abs ? s.u.clock.timeout : min_wait));
    int64_t r;
    do {
      r = c.sys(LIND_SYS_clock_nanosleep, s.u.clock.id, abs ? TIMER_ABSTIME : 0, ts_addr, 0);
    } while (r == -EINTR && abs);
    if (r == -EINTR) return kIntr;
    if (r < 0) {
      emit(s, kEventClock, errno_from_result(r));  // the CPU-time clocks cannot sleep
      failed_sub = min_sub;
    } else {
      waited = min_wait;
    }
  }

  // Pass 3: every clock whose deadline has passed fires.
  if (min_sub >= 0) {
    for (uint32_t i = 0; i < n; ++i) {
      Subscription s = sub_at(i);
      if (s.tag != kEventClock || static_cast<int64_t>(i) == failed_sub) continue;
      const bool abs = s.u.clock.flags & kSubclockAbstime;
      if (s.u.clock.id > kMaxWasiClock) continue;  // reported in pass 1
      if (abs ? wait_of(s, false) == 0 : s.u.clock.timeout <= waited) emit(s, kEventClock, kSuccess);
    }
  }
  c.store(nevents_ptr, nevents);
  return kSuccess;
}

// --- processes -------------------------------------------------------------

Errno proc_raise(Call&, const uint64_t*) { return kNosys; }

Errno sched_yield(Call& c, const uint64_t*) { return errno_from_result(c.sys(LIND_SYS_sched_yield)); }

// Sockets: lind has no socket calls yet.
Errno sock_unsupported(Call&, const uint64_t*) { return kNosys; }

const FnDef kMisc[] = {
    {"args_get", "ii", args_get},
    {"args_sizes_get", "ii", args_sizes_get},
    {"environ_get", "ii", environ_get},
    {"environ_sizes_get", "ii", environ_sizes_get},
    {"clock_res_get", "ii", clock_res_get},
    {"clock_time_get", "iIi", clock_time_get},
    {"random_get", "ii", random_get},
    {"poll_oneoff", "iiii", poll_oneoff},
    {"proc_raise", "i", proc_raise},
    {"sched_yield", "", sched_yield},
    {"sock_accept", "iii", sock_unsupported},
    {"sock_recv", "iiiiii", sock_unsupported},
    {"sock_send", "iiiii", sock_unsupported},
    {"sock_shutdown", "ii", sock_unsupported},
};

// proc_exit: exit_group through 3i, then stop the cage with the status
// RawPOSIX recorded. It never returns to the program.
void proc_exit(rt::HostContext& ctx, const uint64_t* args, uint64_t*) {
  Call c(ctx);
  const uint32_t code = u32(args[0]);
  if (c.usable()) c.sys(LIND_SYS_exit_group, code);
  std::optional<int> status = c.cage() ? rawposix::exit_status(c.cage()) : std::nullopt;
  ctx.exit(status ? *status : static_cast<int>(code & 0xff));
}

rt::FuncSig signature(const char* params, bool result) {
  rt::FuncSig sig;
  for (const char* p = params; *p; ++p) sig.params.push_back(*p == 'I' ? rt::ValType::I64 : rt::ValType::I32);
  if (result) sig.results.push_back(rt::ValType::I32);
  return sig;
}

void define_table(rt::Linker& linker, const FnDef* defs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    Fn fn = defs[i].fn;
    linker.define_func(kModule, defs[i].name, signature(defs[i].params, true),
                       [fn](rt::HostContext& ctx, const uint64_t* args, uint64_t* results) {
                         Call c(ctx);
                         Errno e = c.usable() ? fn(c, args) : kFault;
                         results[0] = e;
                       });
  }
}

}  // namespace

CageState* cage_state(CageId cage) {
  return cage < g_states.size() ? g_states[cage].load(std::memory_order_acquire) : nullptr;
}

Filetype filetype_from_mode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return kRegularFile;
    case S_IFDIR: return kDirectory;
    case S_IFLNK: return kSymbolicLink;
    case S_IFCHR: return kCharacterDevice;
    case S_IFBLK: return kBlockDevice;
    case S_IFIFO: return kSocketStream;
    case S_IFSOCK: return kSocketStream;
    default: return kUnknown;
  }
}

Filestat filestat_from_linux(const LinuxStat& st) {
  Filestat f{};
  f.dev = st.st_dev;
  f.ino = st.st_ino;
  f.filetype = filetype_from_mode(st.st_mode);
  f.nlink = st.st_nlink;
  f.size = static_cast<uint64_t>(st.st_size);
  f.atim = to_ns(st.st_atime_sec, st.st_atime_nsec);
  f.mtim = to_ns(st.st_mtime_sec, st.st_mtime_nsec);
  f.ctim = to_ns(st.st_ctime_sec, st.st_ctime_nsec);
  return f;
}

bool imports_wasi(const rt::Module& module) {
  for (const rt::ImportDesc& i : module.imports())
    if (i.module == kModule) return true;
  return false;
}

void define_imports(rt::Linker& linker) {
  define_table(linker, kMisc, std::size(kMisc));
  size_t n = 0;
  const FnDef* fd = fd_functions(n);
  define_table(linker, fd, n);
  const FnDef* path = path_functions(n);
  define_table(linker, path, n);
  linker.define_func(kModule, "proc_exit", signature("i", false), proc_exit);
}

void setup_instance(threei::CageId cage, rt::Instance& instance) {
  if (cage >= g_states.size()) return;
  delete g_states[cage].exchange(new CageState, std::memory_order_acq_rel);
  rt::MemoryInst* mem = instance.memory();
  if (!mem) {
    spdlog::warn("cage {}: the WASI program has no memory; WASI calls will fail", cage);
    return;
  }
  // A module that also imports `lind` is a glibc-shim program that happens
  // to use a WASI function: its C library expects fd 3 to be free.
  for (const rt::ImportDesc& i : instance.module().imports()) {
    if (i.module == LIND_IMPORT_MODULE) {
      spdlog::debug("cage {}: imports both lind and WASI: no preopen", cage);
      return;
    }
  }
  // The preopen: "/" opened by the cage itself, through 3i.
  int64_t fd;
  {
    Scratch scratch(mem, 2, {});
    if (!scratch.ok()) {
      spdlog::warn("cage {}: memory too small to preopen / for WASI", cage);
      return;
    }
    mem->write(scratch.at(0), "/", 2);
    threei::Args a{{static_cast<uint64_t>(AT_FDCWD), scratch.at(0), O_RDONLY | O_DIRECTORY, 0, 0, 0},
                   {cage, cage, cage, cage, cage, cage}};
    fd = threei::registry().dispatch(cage, LIND_SYS_openat, cage, a);
  }
  if (fd < 0) {
    spdlog::warn("cage {}: cannot preopen / for WASI: {}", cage, std::strerror(static_cast<int>(-fd)));
    return;
  }
  CageState* st = cage_state(cage);
  std::lock_guard lock(st->mu);
  st->preopens[static_cast<uint32_t>(fd)] = "/";
  spdlog::debug("cage {}: / preopened as fd {}", cage, fd);
}

void forget(threei::CageId cage) {
  if (cage < g_states.size()) delete g_states[cage].exchange(nullptr, std::memory_order_acq_rel);
}

}  // namespace lind::boot::wasi
