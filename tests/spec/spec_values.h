// Conversion between wast2json values and lind::rt::Value, and result
// matching (exact bits, NaN classes, reference nullness).
#pragma once

#include <lind/runtime.h>

#include <string>

#include "script.h"

namespace lind::spec {

// The spec's host references "ref.extern N" are passed to the engine as
// externref N+1, since the engine reserves 0 for null.
inline constexpr uint64_t kExternRefBias = 1;

// An argument for a call. Throws std::runtime_error for values the runner
// cannot express (v128, non-null funcref arguments, bad numbers).
rt::Value to_value(const SpecValue& v);

// Whether a result matches an expected value: same type, and the same bits,
// or the NaN class ("nan:canonical", "nan:arithmetic"), or for references
// null / the same externref / any non-null funcref.
bool matches(const SpecValue& expected, const rt::Value& got);

// "i32:42", "f32:1.5 (0x3fc00000)", "externref:7", "funcref:null", ...
std::string describe(const SpecValue& v);
std::string describe(const rt::Value& v);

}  // namespace lind::spec
