// Exit statuses of lind-boot. Documented in --help and lind-boot/README.md;
// tests/cli_test.sh checks each of them.
#pragma once

namespace lind::boot {

enum ExitStatus : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug in lind-boot (an exception nobody expected)
  kExitUsage = 2,         // command line: options, missing MODULE, export, ARGS
  kExitCannotLoad = 126,  // malformed, invalid, unlinkable or unsupported module
  kExitNotFound = 127,    // MODULE missing or unreadable
  kExitTrap = 134,        // the wasm code trapped
};

}  // namespace lind::boot
