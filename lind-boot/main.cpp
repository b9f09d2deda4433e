// lind-boot: loads a WebAssembly module and runs it (see --help).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "exit_status.h"
#include "options.h"
#include "run.h"

int main(int argc, char** argv) {
  using namespace lind::boot;
  try {
    Options opt;
    try {
      opt = parse_options(argc, argv);
    } catch (const UsageError& e) {
      std::cerr << "lind-boot: " << printable(e.what()) << std::endl;
      return kExitUsage;
    }
    if (opt.help) {
      std::cout << help_text() << std::flush;
      return kExitOk;
    }
    if (opt.version) {
      std::cout << version_text() << std::flush;
      return kExitOk;
    }
    setup_logging(effective_log_level(opt));
    int status = run(opt, std::cout, std::cerr);
    // Cages forked by the program may still be running on their threads:
    // end the process without running static destructors under them.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(status);
  } catch (const std::bad_alloc&) {
    std::cerr << "lind-boot: out of memory" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "lind-boot: internal error: " << printable(e.what()) << std::endl;
  } catch (...) {
    std::cerr << "lind-boot: internal error: unknown exception" << std::endl;
  }
  return kExitInternal;
}
