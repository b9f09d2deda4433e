// Runs one script, normally in a forked child so that a crashing or hanging
// engine costs that script's remaining assertions, not the whole run.
#pragma once

#include <string>
#include <vector>

#include "script.h"

namespace lind::spec {

struct RunOptions {
  bool verbose = false;
  bool isolate = true;      // fork per script
  int timeout_seconds = 0;  // 0: none (only with isolate)
};

struct RunOutcome {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> lines;  // failures (and notes), one per line
};

RunOutcome run_script(const Script& script, const RunOptions& options);

}  // namespace lind::spec
