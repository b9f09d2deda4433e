#include "spec_values.h"

#include <bit>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace lind::spec {
namespace {

using rt::ValType;

constexpr uint32_t kF32SignMask = 0x8000'0000u;
constexpr uint32_t kF32CanonicalNan = 0x7fc0'0000u;  // exponent all ones, quiet bit
constexpr uint64_t kF64SignMask = 0x8000'0000'0000'0000ull;
constexpr uint64_t kF64CanonicalNan = 0x7ff8'0000'0000'0000ull;

uint64_t parse_u64(const std::string& text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::runtime_error("bad number '" + text + "'");
  return v;
}

std::optional<ValType> val_type(const std::string& name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  return std::nullopt;
}

bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

// Bits of `v` that carry its value (i32/f32 occupy the low half of a slot).
uint64_t significant_bits(ValType t, uint64_t bits) {
  return (t == ValType::I32 || t == ValType::F32) ? bits & 0xffff'ffffull : bits;
}

bool nan_matches(ValType t, const std::string& kind, uint64_t bits) {
  bool canonical = kind == "nan:canonical";
  if (t == ValType::F32) {
    uint32_t b = static_cast<uint32_t>(bits) & ~kF32SignMask;
    return canonical ? b == kF32CanonicalNan : (b & kF32CanonicalNan) == kF32CanonicalNan;
  }
  uint64_t b = bits & ~kF64SignMask;
  return canonical ? b == kF64CanonicalNan : (b & kF64CanonicalNan) == kF64CanonicalNan;
}

std::string describe_bits(ValType t, uint64_t bits) {
  char buf[96];
  switch (t) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "i32:%u", static_cast<uint32_t>(bits));
      break;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "i64:%llu", static_cast<unsigned long long>(bits));
      break;
    case ValType::F32: {
      auto b = static_cast<uint32_t>(bits);
      std::snprintf(buf, sizeof buf, "f32:%.9g (0x%08x)",
                    static_cast<double>(std::bit_cast<float>(b)), b);
      break;
    }
    case ValType::F64:
      std::snprintf(buf, sizeof buf, "f64:%.17g (0x%016llx)", std::bit_cast<double>(bits),
                    static_cast<unsigned long long>(bits));
      break;
    case ValType::FuncRef:
      return bits == 0 ? "funcref:null" : "funcref:non-null";
    case ValType::ExternRef:
      if (bits == 0) return "externref:null";
      std::snprintf(buf, sizeof buf, "externref:%llu",
                    static_cast<unsigned long long>(bits - kExternRefBias));
      break;
    default:
      std::snprintf(buf, sizeof buf, "?type%d:0x%llx", static_cast<int>(t),
                    static_cast<unsigned long long>(bits));
      break;
  }
  return buf;
}

}  // namespace

rt::Value to_value(const SpecValue& v) {
  auto t = val_type(v.type);
  if (!t) throw std::runtime_error("unsupported argument type " + v.type);
  if (!v.value) throw std::runtime_error("argument of type " + v.type + " has no value");
  const std::string& text = *v.value;
  if (is_ref(*t)) {
    if (text == "null") return {*t, 0};
    if (*t == ValType::FuncRef) throw std::runtime_error("non-null funcref argument");
    return rt::Value::externref(parse_u64(text) + kExternRefBias);
  }
  return {*t, significant_bits(*t, parse_u64(text))};
}

bool matches(const SpecValue& expected, const rt::Value& got) {
  auto t = val_type(expected.type);
  if (!t || *t != got.type) return false;
  if (!expected.value) return true;  // only the type is given
  const std::string& text = *expected.value;
  if (text.starts_with("nan:")) return nan_matches(*t, text, got.bits);
  if (is_ref(*t)) {
    if (text == "null") return got.bits == 0;
    if (*t == ValType::FuncRef) return got.bits != 0;
    return got.bits == parse_u64(text) + kExternRefBias;
  }
  return significant_bits(*t, got.bits) == significant_bits(*t, parse_u64(text));
}

std::string describe(const SpecValue& v) {
  if (!v.value) return v.type;
  const std::string& text = *v.value;
  auto t = val_type(v.type);
  if (!t) {
    std::string lanes;
    for (const auto& l : v.lanes) lanes += (lanes.empty() ? "" : " ") + l;
    return v.type + ":" + v.lane_type + "[" + lanes + "]";
  }
  if (text.starts_with("nan:")) return v.type + ":" + text;
  if (is_ref(*t)) {
    if (text == "null") return v.type + ":null";
    return *t == ValType::FuncRef ? "funcref:non-null" : "externref:" + text;
  }
  try {
    return describe_bits(*t, parse_u64(text));
  } catch (const std::exception&) {
    return v.type + ":" + text;
  }
}

std::string describe(const rt::Value& v) { return describe_bits(v.type, v.bits); }

}  // namespace lind::spec
