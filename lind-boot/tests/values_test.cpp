#include "values.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>

using lind::boot::parse_value;
using lind::rt::ValType;

namespace {

uint64_t bits(ValType t, const char* s) {
  auto v = parse_value(t, s);
  EXPECT_TRUE(v) << s;
  if (!v) return 0;
  EXPECT_EQ(v->type, t);
  return v->bits;
}

bool bad(ValType t, const char* s) { return !parse_value(t, s); }

TEST(Values, I32) {
  EXPECT_EQ(bits(ValType::I32, "42"), 42u);
  EXPECT_EQ(bits(ValType::I32, "+7"), 7u);
  EXPECT_EQ(bits(ValType::I32, "-1"), 0xffffffffu);
  EXPECT_EQ(bits(ValType::I32, "4294967295"), 0xffffffffu);
  EXPECT_EQ(bits(ValType::I32, "-2147483648"), 0x80000000u);
  EXPECT_EQ(bits(ValType::I32, "0xff"), 0xffu);
  EXPECT_EQ(bits(ValType::I32, "0XFFFFFFFF"), 0xffffffffu);
  EXPECT_EQ(bits(ValType::I32, "-0x1"), 0xffffffffu);
  EXPECT_TRUE(bad(ValType::I32, "4294967296"));
  EXPECT_TRUE(bad(ValType::I32, "-2147483649"));
  EXPECT_TRUE(bad(ValType::I32, "0x100000000"));
  EXPECT_TRUE(bad(ValType::I32, ""));
  EXPECT_TRUE(bad(ValType::I32, "-"));
  EXPECT_TRUE(bad(ValType::I32, "0x"));
  EXPECT_TRUE(bad(ValType::I32, "12abc"));
  EXPECT_TRUE(bad(ValType::I32, " 1"));
  EXPECT_TRUE(bad(ValType::I32, "--1"));
  EXPECT_TRUE(bad(ValType::I32, "1.5"));
}

TEST(Values, I64) {
  EXPECT_EQ(bits(ValType::I64, "18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(bits(ValType::I64, "-9223372036854775808"), uint64_t{1} << 63);
  EXPECT_EQ(bits(ValType::I64, "-1"), UINT64_MAX);
  EXPECT_EQ(bits(ValType::I64, "0x7fffffffffffffff"), uint64_t{INT64_MAX});
  EXPECT_TRUE(bad(ValType::I64, "18446744073709551616"));
  EXPECT_TRUE(bad(ValType::I64, "-9223372036854775809"));
}

TEST(Values, F32) {
  EXPECT_EQ(bits(ValType::F32, "1.5"), std::bit_cast<uint32_t>(1.5f));
  EXPECT_EQ(bits(ValType::F32, "-0"), 0x80000000u);
  EXPECT_EQ(bits(ValType::F32, "0x1p-1"), std::bit_cast<uint32_t>(0.5f));
  EXPECT_EQ(bits(ValType::F32, "inf"), 0x7f800000u);
  EXPECT_EQ(bits(ValType::F32, "-inf"), 0xff800000u);
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(static_cast<uint32_t>(bits(ValType::F32, "nan")))));
  EXPECT_EQ(bits(ValType::F32, "nan:0x200000"), 0x7fa00000u);
  EXPECT_EQ(bits(ValType::F32, "-nan:0x1"), 0xff800001u);
  // 0.1 rounds once, straight to float (not through double).
  EXPECT_EQ(bits(ValType::F32, "0.1"), std::bit_cast<uint32_t>(0.1f));
  EXPECT_TRUE(bad(ValType::F32, "1e39"));
  EXPECT_TRUE(bad(ValType::F32, "nan:0x800000"));
  EXPECT_TRUE(bad(ValType::F32, "nan:0x0"));
  EXPECT_TRUE(bad(ValType::F32, "1.5x"));
  EXPECT_TRUE(bad(ValType::F32, ""));
  EXPECT_TRUE(bad(ValType::F32, " 1"));
}

TEST(Values, F64) {
  EXPECT_EQ(bits(ValType::F64, "2.5"), std::bit_cast<uint64_t>(2.5));
  EXPECT_EQ(bits(ValType::F64, "1e-320"), std::bit_cast<uint64_t>(1e-320));  // subnormal
  EXPECT_EQ(bits(ValType::F64, "infinity"), 0x7ff0000000000000u);
  EXPECT_EQ(bits(ValType::F64, "nan:0x8000000000000"), 0x7ff8000000000000u);
  EXPECT_TRUE(bad(ValType::F64, "1e400"));
  EXPECT_TRUE(bad(ValType::F64, "one"));
}

TEST(Values, References) {
  EXPECT_EQ(bits(ValType::ExternRef, "null"), 0u);
  EXPECT_EQ(bits(ValType::ExternRef, "7"), 7u);
  EXPECT_TRUE(bad(ValType::ExternRef, "0"));
  EXPECT_EQ(bits(ValType::FuncRef, "null"), 0u);
  EXPECT_TRUE(bad(ValType::FuncRef, "1"));
}

}  // namespace
