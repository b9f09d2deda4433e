// spec-runner: runs wast2json scripts of the WebAssembly spec test suite
// against lind_runtime.
//
//   spec-runner [-v] [--no-fork] [--timeout SEC] [--count] FILE.json...
//
// Per file it prints "FILE  passed N  failed M" and then one line per
// failure, "SOURCE.wast:LINE: COMMAND: what went wrong". Exit status 1 when
// anything failed, 2 on bad usage.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "isolated_run.h"
#include "script.h"

namespace {

using lind::spec::RunOptions;

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: spec-runner [options] FILE.json...\n"
               "  FILE.json      wast2json output; module files are next to it\n"
               "  -v, --verbose  also print notes (trap text or error kind differing\n"
               "                 from the script's) and spectest.print* calls\n"
               "  --no-fork      run scripts in this process (for debuggers)\n"
               "  --timeout SEC  kill a script's run after SEC seconds (default: none)\n"
               "  --count        only print the number of assertions per file\n");
}

struct Args {
  RunOptions run;
  bool count_only = false;
  std::vector<std::string> files;
};

bool parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-v" || a == "--verbose") {
      args.run.verbose = true;
    } else if (a == "--no-fork") {
      args.run.isolate = false;
    } else if (a == "--count") {
      args.count_only = true;
    } else if (a == "--timeout" && i + 1 < argc) {
      args.run.timeout_seconds = std::atoi(argv[++i]);
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      std::exit(0);
    } else if (a.starts_with("-")) {
      std::fprintf(stderr, "spec-runner: unknown option %s\n", argv[i]);
      return false;
    } else {
      args.files.emplace_back(a);
    }
  }
  return !args.files.empty();
}

// Runs one file and prints its report; returns whether everything passed.
bool run_file(const std::string& path, const Args& args) {
  lind::spec::Script script;
  try {
    script = lind::spec::load_script(path);
  } catch (const std::exception& e) {
    std::printf("%s  error: %s\n", path.c_str(), e.what());
    return false;
  }
  if (args.count_only) {
    std::printf("%s  assertions %d\n", path.c_str(), lind::spec::count_assertions(script));
    return true;
  }
  lind::spec::RunOutcome out;
  try {
    out = lind::spec::run_script(script, args.run);
  } catch (const std::exception& e) {
    std::printf("%s  error: %s\n", path.c_str(), e.what());
    return false;
  }
  std::printf("%s  passed %d  failed %d\n", path.c_str(), out.passed, out.failed);
  for (const auto& line : out.lines) std::printf("  %s\n", line.c_str());
  std::fflush(stdout);
  return out.failed == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    usage(stderr);
    return 2;
  }
  bool all_passed = true;
  for (const auto& file : args.files) all_passed = run_file(file, args) && all_passed;
  return all_passed ? 0 : 1;
}
