// Converting --invoke ARGS to wasm values.
#pragma once

#include <lind/runtime.h>

#include <optional>
#include <string_view>

namespace lind::boot {

// Parses `text` as a value of type `type`:
//   i32, i64    decimal (optionally signed), or 0x hex (optionally signed);
//               anything in [-2^(N-1), 2^N - 1], stored two's complement
//   f32, f64    what strtof/strtod accept in full (decimal, hex floats, nan,
//               inf, infinity), or nan:0xPAYLOAD with an explicit payload;
//               out of range (e.g. 1e400 for f64) is rejected
//   externref   null, or a non-zero integer (the host value)
//   funcref     null
// Returns nullopt when the text is not a valid value of that type.
std::optional<rt::Value> parse_value(rt::ValType type, std::string_view text);

// What parse_value accepts for `type`, for error messages.
const char* value_syntax(rt::ValType type);

}  // namespace lind::boot
