// The `spectest` host module that the spec scripts import from.
#pragma once

#include <lind/runtime.h>

namespace lind::spec {

// Defines spectest.{print*, global_*, table, memory} in `linker`. The print
// functions write their arguments to stdout when `verbose`, else nothing.
void define_spectest(rt::Linker& linker, bool verbose);

}  // namespace lind::spec
