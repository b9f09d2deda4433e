// Turns faults inside a linear-memory reservation into wasm traps.
#pragma once

namespace lind::rt::interp {

// Installs the SIGSEGV/SIGBUS handler once per process (idempotent).
void install_fault_handler();

}  // namespace lind::rt::interp
