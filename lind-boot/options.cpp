#include "options.h"

#include <boost/program_options.hpp>

#include <array>
#include <cstdlib>
#include <string_view>

#ifndef LIND_BOOT_VERSION
#define LIND_BOOT_VERSION "0.0.0"
#endif
#ifndef LIND_WABT_VERSION
#define LIND_WABT_VERSION ""
#endif

namespace po = boost::program_options;

namespace lind::boot {
namespace {

constexpr std::array<std::string_view, 6> kLogLevels = {"trace", "debug", "info",
                                                        "warn",  "error", "off"};

// Only used for parsing; --help prints help_text(), written out by hand.
po::options_description option_table() {
  po::options_description desc;
  desc.add_options()                                  //
      ("help,h", "")                                  //
      ("version", "")                                 //
      ("verbose,v", "")                               //
      ("log-level", po::value<std::string>(), "")     //
      ("invoke", po::value<std::string>(), "")       //
      ("lindfs", po::value<std::string>(), "")       //
      ("env", po::value<std::string>(), "")          //
      ("max-cages", po::value<std::string>(), "")    //
      ("no-seccomp", "");
  return desc;
}

// Number of tokens an option takes (0 or 1), or -1 if it is unknown.
int option_arity(const po::options_description& desc, const std::string& key) {
  const po::option_description* d = desc.find_nothrow(key, /*approx=*/false);
  if (!d) return -1;
  return d->semantic()->max_tokens() > 0 ? 1 : 0;
}

// Index of MODULE in argv (argv[0] is the program name), or argv.size() if
// there is none. `dashdash` is set when MODULE follows a "--" (which is then
// not an option for Boost either).
size_t find_module(const po::options_description& desc, const std::vector<std::string>& argv,
                   bool& dashdash) {
  dashdash = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      dashdash = true;
      return i + 1;
    }
    if (a.size() < 2 || a[0] != '-') return i;  // includes "-" on its own
    if (a[1] == '-') {                          // --name or --name=value
      if (a.find('=') != std::string::npos) continue;
      if (option_arity(desc, a.substr(2)) == 1) ++i;  // value is the next argument
      continue;
    }
    // A cluster of short options, e.g. -vv or -xVALUE: the first one that
    // takes a value takes the rest of the cluster, or the next argument.
    for (size_t j = 1; j < a.size(); ++j) {
      int arity = option_arity(desc, std::string("-") + a[j]);
      if (arity == 1) {
        if (j + 1 == a.size()) ++i;
        break;
      }
      if (arity < 0) break;  // unknown: Boost reports it
    }
  }
  return argv.size();
}

}  // namespace

Options parse_options(const std::vector<std::string>& argv) {
  po::options_description desc = option_table();
  bool dashdash = false;
  size_t module_at = find_module(desc, argv, dashdash);
  size_t options_end = dashdash ? module_at - 1 : module_at;

  std::vector<std::string> option_args(argv.begin() + (argv.empty() ? 0 : 1),
                                       argv.begin() + std::max<size_t>(options_end, 1));
  po::parsed_options parsed(&desc);
  try {
    parsed = po::command_line_parser(option_args)
                 .options(desc)
                 .style(po::command_line_style::default_style &
                        ~po::command_line_style::allow_guessing)
                 .run();
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see 'lind-boot --help')");
  }

  Options opt;
  for (const po::option& o : parsed.options) {
    if (o.string_key == "help") {
      opt.help = true;
    } else if (o.string_key == "version") {
      opt.version = true;
    } else if (o.string_key == "verbose") {
      ++opt.verbosity;
    } else if (o.string_key == "log-level" && !o.value.empty()) {
      opt.log_level = o.value.front();
    } else if (o.string_key == "invoke" && !o.value.empty()) {
      opt.invoke = o.value.front();
    } else if (o.string_key == "lindfs" && !o.value.empty()) {
      opt.lindfs = o.value.front();
    } else if (o.string_key == "env" && !o.value.empty()) {
      if (o.value.front().empty() || o.value.front().front() == '=')
        throw UsageError("--env needs NAME or NAME=VALUE, got '" + o.value.front() + "'");
      opt.env.push_back(o.value.front());
    } else if (o.string_key == "max-cages" && !o.value.empty()) {
      const std::string& v = o.value.front();
      char* end = nullptr;
      unsigned long n = std::strtoul(v.c_str(), &end, 10);
      if (v.empty() || *end || v[0] == '-' || n < 1 || n > 4000)
        throw UsageError("--max-cages needs a number from 1 to 4000, got '" + v + "'");
      opt.max_cages = static_cast<unsigned>(n);
    } else if (o.string_key == "no-seccomp") {
      opt.no_seccomp = true;

    } else {
      // Not reachable with the table above; never let it pass silently.
      throw UsageError("unexpected argument '" +
                       (o.original_tokens.empty() ? o.string_key : o.original_tokens.front()) +
                       "' (see 'lind-boot --help')");
    }
  }

  if (opt.log_level) {
    bool known = false;
    for (std::string_view l : kLogLevels) known = known || *opt.log_level == l;
    if (!known)
      throw UsageError("invalid --log-level '" + *opt.log_level +
                       "' (expected trace, debug, info, warn, error or off)");
  }
  if (opt.invoke && opt.invoke->empty()) throw UsageError("--invoke needs an export name");

  if (module_at < argv.size()) {
    opt.module = argv[module_at];
    opt.args.assign(argv.begin() + module_at + 1, argv.end());
  } else if (!opt.help && !opt.version) {
    throw UsageError("missing MODULE (usage: lind-boot [OPTIONS] MODULE [ARGS...]; see "
                     "'lind-boot --help')");
  }
  if (!opt.help && !opt.version && opt.module.empty())
    throw UsageError("MODULE is an empty string");
  return opt;
}

Options parse_options(int argc, const char* const* argv) {
  std::vector<std::string> v;
  v.reserve(argc > 0 ? static_cast<size_t>(argc) : 0);
  for (int i = 0; i < argc; ++i) v.emplace_back(argv[i] ? argv[i] : "");
  return parse_options(v);
}

std::string effective_log_level(const Options& opt) {
  if (opt.log_level) return *opt.log_level;
  switch (opt.verbosity) {
    case 0: return "warn";
    case 1: return "info";
    case 2: return "debug";
    default: return "trace";
  }
}

std::string version_text() {
  std::string s = "lind-boot " LIND_BOOT_VERSION "\n";
  std::string_view wabt = LIND_WABT_VERSION;
  if (!wabt.empty()) s += "WABT " + std::string(wabt) + "\n";
  return s;
}

std::string help_text() {
  return R"(Usage: lind-boot [OPTIONS] MODULE [ARGS...]

Runs the WebAssembly module MODULE (binary .wasm or .cwasm, or text .wat):
WABT decodes and validates it, lind's interpreter runs it.
Options must come before MODULE: MODULE and everything after it are not read
as options (so `lind-boot m.wasm --help` hands --help to the program). Use
`--` before a MODULE whose name starts with '-'.

A module that imports `lind.syscall` (built with tools/lind-clang) runs as
cage 1: its argv is MODULE ARGS..., its environment only what --env gives,
its "/" the lindfs root, and its exit status becomes lind-boot's.
MODULE is looked up inside lindfs first, then as a host path (read only to
load the module).

What runs:
  without --invoke  the export `_start` (the program's entry point).
  --invoke NAME     the exported function NAME is called with ARGS converted
                    to its parameter types, and each result is printed on its
                    own line as TYPE:VALUE (e.g. i32:42).
                      i32, i64   decimal, signed or unsigned, or 0x hex
                                 (-1, 4294967295, 0xff)
                      f32, f64   decimal or hex floats, nan, inf, -inf,
                                 nan:0xPAYLOAD
                      externref  null or a non-zero integer; funcref: null

Options:
  -h, --help           print this help and exit
      --version        print the versions of lind-boot and WABT and exit
  -v, --verbose        log more to stderr; repeat for more
                       (-v info, -vv debug, -vvv trace)
      --log-level LEVEL
                       trace, debug, info, warn, error or off (default warn;
                       overrides -v)
      --invoke NAME    call the export NAME with ARGS instead of _start
      --lindfs DIR     the cage's root directory (default: $LIND_FS_ROOT,
                       else this build's lindfs/)
      --env NAME[=VALUE]
                       give the cage this environment variable; NAME alone
                       passes the host's value (dropped when unset);
                       repeatable. The host environment is not passed.
      --max-cages N    at most N cages at once, zombies included (default
                       256); a fork beyond it fails with EAGAIN
      --no-seccomp     do not confine lind-boot itself with seccomp (by
                       default, once the module is loaded, lind-boot can make
                       only the host syscalls it needs; see
                       rawposix/README.md). Prints a warning.

Errors are reported on stderr as one line `lind-boot: ...`; a trap is
followed by its wasm backtrace, one indented frame per line.

Exit status:
  0    success (for a cage: its exit status, 0-255)
  1    internal error in lind-boot (please report it)
  2    usage error: bad option, missing MODULE, no such export, wrong ARGS
  126  MODULE cannot be loaded: malformed, invalid, unlinkable (an import
       lind-boot does not provide) or uses an unsupported feature
  127  MODULE is missing or unreadable
  134  the wasm code trapped
  128+N  cage 1 was killed by signal N (143: SIGTERM)
)";
}

}  // namespace lind::boot
