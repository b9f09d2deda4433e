// Loading, instantiating and running a module for lind-boot.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "options.h"

namespace lind::boot {

// Runs opt.module as the options say: results go to `out`, errors to `err`
// as one line "lind-boot: ..." (a trap adds its backtrace, indented). Returns
// the process exit status (exit_status.h). Does not throw for anything a
// module or the command line can cause.
int run(const Options& opt, std::ostream& out, std::ostream& err);

// `text` with control characters (newlines included) shown as \xNN, so that
// names taken from a module or the command line cannot break the one-line
// error format or send terminal escapes.
std::string printable(std::string_view text);

// Sends spdlog's default logger to stderr at `level` (trace ... off).
void setup_logging(const std::string& level);

}  // namespace lind::boot
