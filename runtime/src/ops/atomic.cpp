// The threads proposal's atomic operations (encodings in ops_atomic.h).
//
// Every access is sequentially consistent, done with std::atomic_ref on the
// host address: a cage's MAP_SHARED region is a host shared mapping
// (memory.cpp), so these are atomic against other cages mapping the same
// pages too. Bounds work as for plain loads and stores (guard regions, or
// LIND_EXPLICIT_BOUNDS_CHECKS); a misaligned effective address traps first
// ("unaligned atomic").
//
// wait/notify park host threads in a table keyed by host address. Waiting
// on an unshared memory traps ("expected shared memory"), notify on one
// wakes nobody and returns 0, both as the proposal says. A wait checks
// for interrupts every 20 ms and runs the handler there, as a safe point.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "../instance_impl.h"
#include "../ops_atomic.h"

namespace lind::rt::interp {

namespace {
const char kUnaligned[] = "unaligned atomic";
const char kOutOfBounds[] = "out of bounds memory access";
}  // namespace

#if LIND_EXPLICIT_BOUNDS_CHECKS
#define ATOMIC_CHECK_BOUNDS(T)                                      \
  if (LIND_UNLIKELY(ea_ + sizeof(T) > t->memory->size_bytes()))     \
    return raise_trap(t, TrapKind::MemoryOutOfBounds, kOutOfBounds);
#else
#define ATOMIC_CHECK_BOUNDS(T)
#endif

// Declares `ref`, an atomic_ref<T> on the effective address of the address
// operand at `addr_off` plus the offset immediate in word `off_word`.
#define ATOMIC_REF(T, ref, addr_off, off_word)                                          \
  const uint64_t ea_ = static_cast<uint64_t>(LIND_SLOT(uint32_t, addr_off)) + pc[off_word].u64; \
  if (LIND_UNLIKELY(ea_ % sizeof(T) != 0)) return raise_trap(t, TrapKind::UnalignedAtomic, kUnaligned); \
  ATOMIC_CHECK_BOUNDS(T)                                                                \
  std::atomic_ref<T> ref(*reinterpret_cast<T*>(mem + ea_))

#define ATOMIC_LOAD(name, T)                                \
  LIND_OP(op_##name) {                                      \
    ATOMIC_REF(T, ref, pc[1].s.a, 2);                       \
    LIND_SLOT(uint64_t, pc[1].s.b) = ref.load();            \
    LIND_NEXT(3);                                           \
  }
LIND_ATOMIC_LOAD_OPS(ATOMIC_LOAD)

#define ATOMIC_STORE(name, T)                                \
  LIND_OP(op_##name) {                                       \
    ATOMIC_REF(T, ref, pc[1].s.a, 2);                        \
    ref.store(static_cast<T>(LIND_SLOT(uint64_t, pc[1].s.b))); \
    LIND_NEXT(3);                                            \
  }
LIND_ATOMIC_STORE_OPS(ATOMIC_STORE)

namespace {
template <typename T> T rmw_Add(std::atomic_ref<T> r, T v) { return r.fetch_add(v); }
template <typename T> T rmw_Sub(std::atomic_ref<T> r, T v) { return r.fetch_sub(v); }
template <typename T> T rmw_And(std::atomic_ref<T> r, T v) { return r.fetch_and(v); }
template <typename T> T rmw_Or(std::atomic_ref<T> r, T v) { return r.fetch_or(v); }
template <typename T> T rmw_Xor(std::atomic_ref<T> r, T v) { return r.fetch_xor(v); }
template <typename T> T rmw_Xchg(std::atomic_ref<T> r, T v) { return r.exchange(v); }
}  // namespace

// The result is the old value, zero-extended.
#define ATOMIC_RMW(name, T, Op)                                  \
  LIND_OP(op_##name) {                                           \
    ATOMIC_REF(T, ref, pc[1].s.a, 3);                            \
    const T v = static_cast<T>(LIND_SLOT(uint64_t, pc[1].s.b));  \
    LIND_SLOT(uint64_t, pc[2].s.a) = rmw_##Op<T>(ref, v);        \
    LIND_NEXT(4);                                                \
  }
LIND_ATOMIC_RMW_OPS(ATOMIC_RMW)

// Narrow forms compare the expected value wrapped to the access width.
#define ATOMIC_CMPXCHG(name, T, Op)                                     \
  LIND_OP(op_##name) {                                                  \
    ATOMIC_REF(T, ref, pc[1].s.a, 3);                                   \
    T expected = static_cast<T>(LIND_SLOT(uint64_t, pc[1].s.b));        \
    const T replacement = static_cast<T>(LIND_SLOT(uint64_t, pc[2].s.a)); \
    ref.compare_exchange_strong(expected, replacement);                 \
    LIND_SLOT(uint64_t, pc[2].s.b) = expected;                          \
    LIND_NEXT(4);                                                       \
  }
LIND_ATOMIC_CMPXCHG_OPS(ATOMIC_CMPXCHG)

LIND_OP(op_atomic_fence) {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  LIND_NEXT(1);
}

// ---- wait and notify ----
namespace {

struct Waiter {
  explicit Waiter(const void* a) : addr(a) {}
  const void* addr;
  bool woken = false;
  std::condition_variable cv;
};

// Waiters by host address, in arrival order (notify wakes the oldest).
struct Bucket {
  std::mutex mu;
  std::vector<Waiter*> waiters;
};

Bucket& bucket_of(const void* p) {
  static Bucket buckets[64];
  return buckets[(reinterpret_cast<uintptr_t>(p) >> 3) % 64];
}

constexpr auto kSlice = std::chrono::milliseconds(20);

enum WaitOutcome : int64_t { kOk = 0, kNotEqual = 1, kTimedOut = 2, kStopped = -1 };

// Blocks until notified or `timeout_ns` (negative: never) passes, if *p
// holds `expected`. Interrupts are handled every slice; kStopped when the
// handler ended the execution.
template <typename T>
int64_t park(Thread* t, char* fp, T* p, T expected, int64_t timeout_ns) {
  using Clock = std::chrono::steady_clock;
  const bool forever = timeout_ns < 0;
  const Clock::time_point deadline = forever ? Clock::time_point::max()
                                             : Clock::now() + std::chrono::nanoseconds(timeout_ns);
  Bucket& b = bucket_of(p);
  std::unique_lock lock(b.mu);
  // Under the bucket's lock, so a notify after a store that changed the
  // value cannot slip between this check and the enqueue.
  if (std::atomic_ref<T>(*p).load() != expected) return kNotEqual;
  Waiter w(p);
  b.waiters.push_back(&w);
  auto leave = [&] {
    if (!w.woken) std::erase(b.waiters, &w);
  };
  while (!w.woken) {
    const Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    const Clock::time_point until = forever || deadline - now > kSlice ? now + kSlice : deadline;
    w.cv.wait_until(lock, until, [&] { return w.woken; });
    if (w.woken || !t->interrupt.load(std::memory_order_relaxed)) continue;
    lock.unlock();
    const bool go_on = safepoint(t, fp);
    lock.lock();
    if (!go_on) {
      leave();
      return kStopped;
    }
  }
  leave();
  return w.woken ? kOk : kTimedOut;
}

uint32_t notify(const void* p, uint32_t count) {
  Bucket& b = bucket_of(p);
  std::lock_guard lock(b.mu);
  uint32_t n = 0;
  for (auto it = b.waiters.begin(); it != b.waiters.end() && n < count;) {
    if ((*it)->addr != p) {
      ++it;
      continue;
    }
    (*it)->woken = true;
    (*it)->cv.notify_one();
    it = b.waiters.erase(it);
    ++n;
  }
  return n;
}

}  // namespace

// Alignment, then bounds, then sharedness, as the proposal orders them.
#define WAIT_OR_NOTIFY_ADDRESS(T)                                                         \
  const uint64_t ea = static_cast<uint64_t>(LIND_SLOT(uint32_t, pc[1].s.a)) + pc[3].u64;  \
  if (LIND_UNLIKELY(ea % sizeof(T) != 0)) return raise_trap(t, TrapKind::UnalignedAtomic, kUnaligned); \
  const MemoryInst* m = t->inst->memory.get();                                            \
  if (LIND_UNLIKELY(!m->in_bounds(ea, sizeof(T))))                                       \
    return raise_trap(t, TrapKind::MemoryOutOfBounds, kOutOfBounds);                      \
  T* p = reinterpret_cast<T*>(mem + ea)

#define WAIT_OP(name, T)                                                                    \
  LIND_OP(op_memory_atomic_##name) {                                                        \
    WAIT_OR_NOTIFY_ADDRESS(T);                                                              \
    if (!m->limits().shared)                                                                \
      return raise_trap(t, TrapKind::ExpectedSharedMemory, "expected shared memory");       \
    const T expected = static_cast<T>(LIND_SLOT(uint64_t, pc[1].s.b));                      \
    const int64_t r = park<T>(t, fp, p, expected, LIND_SLOT(int64_t, pc[2].s.a));           \
    if (r == kStopped) return;                                                              \
    LIND_SLOT(uint64_t, pc[2].s.b) = static_cast<uint64_t>(r);                              \
    LIND_NEXT(4);                                                                           \
  }
WAIT_OP(wait32, uint32_t)
WAIT_OP(wait64, uint64_t)

LIND_OP(op_memory_atomic_notify) {
  WAIT_OR_NOTIFY_ADDRESS(uint32_t);
  const uint32_t count = LIND_SLOT(uint32_t, pc[1].s.b);
  LIND_SLOT(uint64_t, pc[2].s.a) = m->limits().shared ? notify(p, count) : 0;
  LIND_NEXT(4);
}

}  // namespace lind::rt::interp
