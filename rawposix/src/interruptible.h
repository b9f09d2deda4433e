// Waiting in the host for a cage in a way a cage signal can interrupt: the
// wait covers the cage's wake fd (signal_state.h) beside what it waits
// for, so a signal posted at any moment, even just before the wait
// starts, ends it.
#pragma once

#include <poll.h>
#include <sys/uio.h>
#include <time.h>

#include "cage.h"

namespace lind::rawposix {

enum class WaitResult { Ready, Timeout, Signal };

// Until host fd `fd` has one of `events` (fd < 0: nothing but the signal),
// a signal is deliverable to `c`, or `timeout` (relative; nullptr: none)
// has passed.
WaitResult wait_fd_or_signal(Cage& c, int fd, short events, const timespec* timeout);

// readv/writev on a file that may block (pipes, FIFOs, sockets, terminals):
// the host call is made without blocking, and a wait as above stands in
// for the block. Returns the byte count, -errno, or kRestartSyscall when a
// signal came before anything was transferred (a blocking write
// interrupted part way returns what it wrote, as Linux does).
int64_t interruptible_io(Cage& c, OpenFile& f, iovec* iov, int count, bool write);

// Whether transfers on `f` can block: it is not a regular file, directory,
// block device or memory device (/dev/null and the like). Asked of the
// host once per open file description.
bool may_block(OpenFile& f);

}  // namespace lind::rawposix
