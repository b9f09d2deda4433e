#include "values.h"

#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace lind::boot {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Magnitude of an unsigned decimal or 0x hex number, no sign, no spaces.
std::optional<uint64_t> parse_magnitude(std::string_view s) {
  int base = 10;
  if (starts_with_ci(s, "0x")) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// An integer of `bits` bits (32 or 64), signed or unsigned, two's complement.
std::optional<uint64_t> parse_int(std::string_view s, unsigned bits) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::optional<uint64_t> mag = parse_magnitude(s);
  if (!mag) return std::nullopt;
  const uint64_t umax = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  if (!negative) {
    if (*mag > umax) return std::nullopt;
    return *mag;
  }
  const uint64_t min_magnitude = uint64_t{1} << (bits - 1);
  if (*mag > min_magnitude) return std::nullopt;
  return (uint64_t{0} - *mag) & umax;
}

// "nan:0xPAYLOAD" (optionally signed) as the bits of an f32 (mant_bits 23,
// exp_bits 8) or f64 (52, 11).
std::optional<uint64_t> parse_nan_payload(std::string_view s, unsigned mant_bits,
                                          unsigned exp_bits) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (!starts_with_ci(s, "nan:0x")) return std::nullopt;
  s.remove_prefix(4);
  std::optional<uint64_t> payload = parse_magnitude(s);
  const uint64_t mant_mask = (uint64_t{1} << mant_bits) - 1;
  if (!payload || *payload == 0 || *payload > mant_mask) return std::nullopt;
  const uint64_t exp_all_ones = ((uint64_t{1} << exp_bits) - 1) << mant_bits;
  const uint64_t sign = negative ? uint64_t{1} << (mant_bits + exp_bits) : 0;
  return sign | exp_all_ones | *payload;
}

template <typename F>
std::optional<F> parse_float(std::string_view s) {
  // strtod skips leading spaces and stops at trailing junk: reject both.
  if (s.empty() || s.front() == ' ' || s.front() == '\t' || s.front() == '\n') return std::nullopt;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  F v;
  if constexpr (sizeof(F) == 4)
    v = std::strtof(buf.c_str(), &end);
  else
    v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return std::nullopt;
  // ERANGE on overflow gives ±HUGE_VAL: reject, unless the text asked for inf.
  // (Underflow to a subnormal or zero also sets ERANGE; that value is fine.)
  if (errno == ERANGE && std::isinf(v)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<rt::Value> parse_value(rt::ValType type, std::string_view text) {
  using rt::Value;
  using rt::ValType;
  switch (type) {
    case ValType::I32:
      if (auto v = parse_int(text, 32)) return Value::i32(static_cast<uint32_t>(*v));
      return std::nullopt;
    case ValType::I64:
      if (auto v = parse_int(text, 64)) return Value::i64(*v);
      return std::nullopt;
    case ValType::F32:
      if (auto bits = parse_nan_payload(text, 23, 8))
        return Value::f32_bits(static_cast<uint32_t>(*bits));
      if (auto v = parse_float<float>(text)) return Value::f32_bits(std::bit_cast<uint32_t>(*v));
      return std::nullopt;
    case ValType::F64:
      if (auto bits = parse_nan_payload(text, 52, 11)) return Value::f64_bits(*bits);
      if (auto v = parse_float<double>(text)) return Value::f64_bits(std::bit_cast<uint64_t>(*v));
      return std::nullopt;
    case ValType::ExternRef:
      if (text == "null") return Value::externref(0);
      if (auto v = parse_int(text, 64); v && *v != 0) return Value::externref(*v);
      return std::nullopt;
    case ValType::FuncRef:
      if (text == "null") return Value::funcref_null();
      return std::nullopt;
  }
  return std::nullopt;
}

const char* value_syntax(rt::ValType type) {
  switch (type) {
    case rt::ValType::I32:
    case rt::ValType::I64: return "a decimal or 0x hex integer";
    case rt::ValType::F32:
    case rt::ValType::F64: return "a number, nan or inf";
    case rt::ValType::ExternRef: return "null or a non-zero integer";
    case rt::ValType::FuncRef: return "null";
  }
  return "a value";
}

}  // namespace lind::boot
