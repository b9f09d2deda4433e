// Randomness: getrandom, forwarded to the host's getrandom straight into
// the cage's buffer.
//
// Linux semantics: flags other than GRND_NONBLOCK, GRND_RANDOM and
// GRND_INSECURE are EINVAL, and so is GRND_RANDOM together with
// GRND_INSECURE (checked before anything else). One call returns at most
// 33554431 bytes (INT_MAX >> 6, the cap getrandom(2) documents); a longer
// request is a short read, which is why callers loop. The buffer is checked
// for the length actually transferred; a bad range (or NULL) is EFAULT. A zero-length
// request returns 0 without looking at the buffer (the host is still asked,
// so GRND_NONBLOCK before the pool is ready gives EAGAIN as on Linux).
// Whatever else the host says (EAGAIN, EINTR, a short count) is passed on.
#include <sys/random.h>

#include "cage_memory.h"
#include "syscalls.h"

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004
#endif

namespace lind::rawposix {

namespace {
constexpr uint64_t kMaxGetrandom = 33554431;
}

LIND_SYSCALL(getrandom) {
  const auto flags = static_cast<uint32_t>(a.a[2]);  // unsigned int in Linux
  if (flags & ~uint32_t{GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE}) return -EINVAL;
  if ((flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) return -EINVAL;
  uint64_t len = std::min(a.a[1], kMaxGetrandom);
  if (len == 0) {
    uint8_t none;
    return host_result(::getrandom(&none, 0, flags));
  }
  uint8_t* buf = a.a[0] ? CageMemory(a.cage[0]).range(a.a[0], len) : nullptr;
  if (!buf) return -EFAULT;  // NULL, or off the end of the memory
  return host_result(::getrandom(buf, len, flags));
}

}  // namespace lind::rawposix
