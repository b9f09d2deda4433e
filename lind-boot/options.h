// Command-line parsing for lind-boot.
//
//   lind-boot [OPTIONS] MODULE [ARGS...]
//
// Options are parsed only up to MODULE (the first argument that is neither an
// option nor an option's value, or the argument after "--"); MODULE and
// everything after it is left untouched for the program.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lind::boot {

// A bad command line. what() is the one-line message (without "lind-boot: ").
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  bool help = false;
  bool version = false;
  int verbosity = 0;                     // number of -v
  std::optional<std::string> log_level;  // --log-level, validated
  std::optional<std::string> invoke;     // --invoke NAME
  std::optional<std::string> lindfs;     // --lindfs DIR
  std::vector<std::string> env;          // --env NAME[=VALUE], in order
  bool no_seccomp = false;               // --no-seccomp
  std::optional<unsigned> max_cages;     // --max-cages N
  std::string module;                    // MODULE; empty only with --help/--version
  std::vector<std::string> args;         // ARGS, verbatim
};

// Throws UsageError. Does not require MODULE when --help or --version is given.
Options parse_options(const std::vector<std::string>& argv);
Options parse_options(int argc, const char* const* argv);

// The --help text (ends with a newline).
std::string help_text();
// The --version text (ends with a newline).
std::string version_text();

// The spdlog level name lind-boot will use: --log-level if given, otherwise
// from the number of -v (0: warn, 1: info, 2: debug, 3+: trace).
std::string effective_log_level(const Options&);

}  // namespace lind::boot
