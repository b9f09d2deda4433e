// Integer and floating-point operations: wasm semantics in plain C++.
// Each is one small function; see ops.h for the operand encodings.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "../ops.h"

namespace lind::rt::interp {
namespace {

using u32 = uint32_t;
using i32 = int32_t;
using u64 = uint64_t;
using i64 = int64_t;
using f32 = float;
using f64 = double;

template <typename F>
F wasm_min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // propagates a quiet NaN
  if (a == b) return std::signbit(a) ? a : b;         // min(-0, +0) = -0
  return a < b ? a : b;
}
template <typename F>
F wasm_max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;         // max(-0, +0) = +0
  return a > b ? a : b;
}
f32 copysign32(f32 a, f32 b) {
  return std::bit_cast<f32>((std::bit_cast<u32>(a) & 0x7fffffffu) |
                            (std::bit_cast<u32>(b) & 0x80000000u));
}
f64 copysign64(f64 a, f64 b) {
  return std::bit_cast<f64>((std::bit_cast<u64>(a) & ~(1ull << 63)) |
                            (std::bit_cast<u64>(b) & (1ull << 63)));
}

}  // namespace

// A binary operation that cannot trap.
#define BINARY(name, T, R, expr)                 \
  LIND_OP(op_##name) {                           \
    T a = LIND_SLOT(T, pc[1].s.a);               \
    T b = LIND_SLOT(T, pc[1].s.b);               \
    LIND_SLOT(R, pc[2].s.a) = static_cast<R>(expr); \
    LIND_NEXT(3);                                \
  }
// The same operation with its right operand as an immediate.
#define BINARY_IMM(name, T, R, expr)             \
  LIND_OP(op_##name##Imm) {                      \
    T a = LIND_SLOT(T, pc[1].s.a);               \
    T b = static_cast<T>(pc[2].u64);             \
    LIND_SLOT(R, pc[1].s.b) = static_cast<R>(expr); \
    LIND_NEXT(3);                                \
  }
#define BOTH(name, T, R, expr) BINARY(name, T, R, expr) BINARY_IMM(name, T, R, expr)

BOTH(I32Add, u32, u32, a + b)
BOTH(I32Sub, u32, u32, a - b)
BOTH(I32Mul, u32, u32, a * b)
BOTH(I32And, u32, u32, a & b)
BOTH(I32Or, u32, u32, a | b)
BOTH(I32Xor, u32, u32, a ^ b)
BOTH(I32Shl, u32, u32, a << (b & 31))
BOTH(I32ShrS, i32, i32, a >> (b & 31))
BOTH(I32ShrU, u32, u32, a >> (b & 31))
BINARY(I32Rotl, u32, u32, std::rotl(a, static_cast<int>(b & 31)))
BINARY(I32Rotr, u32, u32, std::rotr(a, static_cast<int>(b & 31)))
BOTH(I64Add, u64, u64, a + b)
BOTH(I64Sub, u64, u64, a - b)
BOTH(I64Mul, u64, u64, a * b)
BOTH(I64And, u64, u64, a & b)
BOTH(I64Or, u64, u64, a | b)
BOTH(I64Xor, u64, u64, a ^ b)
BOTH(I64Shl, u64, u64, a << (b & 63))
BOTH(I64ShrS, i64, i64, a >> (b & 63))
BOTH(I64ShrU, u64, u64, a >> (b & 63))
BINARY(I64Rotl, u64, u64, std::rotl(a, static_cast<int>(b & 63)))
BINARY(I64Rotr, u64, u64, std::rotr(a, static_cast<int>(b & 63)))

BOTH(I32Eq, u32, u32, a == b)
BOTH(I32Ne, u32, u32, a != b)
BOTH(I32LtS, i32, u32, a < b)
BOTH(I32LtU, u32, u32, a < b)
BOTH(I32GtS, i32, u32, a > b)
BOTH(I32GtU, u32, u32, a > b)
BOTH(I32LeS, i32, u32, a <= b)
BOTH(I32LeU, u32, u32, a <= b)
BOTH(I32GeS, i32, u32, a >= b)
BOTH(I32GeU, u32, u32, a >= b)
BOTH(I64Eq, u64, u32, a == b)
BOTH(I64Ne, u64, u32, a != b)
BOTH(I64LtS, i64, u32, a < b)
BOTH(I64LtU, u64, u32, a < b)
BOTH(I64GtS, i64, u32, a > b)
BOTH(I64GtU, u64, u32, a > b)
BOTH(I64LeS, i64, u32, a <= b)
BOTH(I64LeU, u64, u32, a <= b)
BOTH(I64GeS, i64, u32, a >= b)
BOTH(I64GeU, u64, u32, a >= b)

BINARY(F32Add, f32, f32, a + b)
BINARY(F32Sub, f32, f32, a - b)
BINARY(F32Mul, f32, f32, a * b)
BINARY(F32Div, f32, f32, a / b)
BINARY(F32Min, f32, f32, wasm_min(a, b))
BINARY(F32Max, f32, f32, wasm_max(a, b))
BINARY(F32Copysign, f32, f32, copysign32(a, b))
BINARY(F64Add, f64, f64, a + b)
BINARY(F64Sub, f64, f64, a - b)
BINARY(F64Mul, f64, f64, a * b)
BINARY(F64Div, f64, f64, a / b)
BINARY(F64Min, f64, f64, wasm_min(a, b))
BINARY(F64Max, f64, f64, wasm_max(a, b))
BINARY(F64Copysign, f64, f64, copysign64(a, b))
BINARY(F32Eq, f32, u32, a == b)
BINARY(F32Ne, f32, u32, a != b)
BINARY(F32Lt, f32, u32, a < b)
BINARY(F32Gt, f32, u32, a > b)
BINARY(F32Le, f32, u32, a <= b)
BINARY(F32Ge, f32, u32, a >= b)
BINARY(F64Eq, f64, u32, a == b)
BINARY(F64Ne, f64, u32, a != b)
BINARY(F64Lt, f64, u32, a < b)
BINARY(F64Gt, f64, u32, a > b)
BINARY(F64Le, f64, u32, a <= b)
BINARY(F64Ge, f64, u32, a >= b)

// Division and remainder trap on zero and (signed division) on overflow.
#define DIVISION(name, T, expr, overflow_check)                                   \
  LIND_OP(op_##name) {                                                            \
    T a = LIND_SLOT(T, pc[1].s.a);                                                \
    T b = LIND_SLOT(T, pc[1].s.b);                                                \
    if (LIND_UNLIKELY(b == 0))                                                    \
      return raise_trap(t, TrapKind::IntegerDivideByZero, "integer divide by zero"); \
    overflow_check;                                                               \
    LIND_SLOT(T, pc[2].s.a) = (expr);                                             \
    LIND_NEXT(3);                                                                 \
  }
#define SIGNED_OVERFLOW(T)                                                        \
  if (LIND_UNLIKELY(a == std::numeric_limits<T>::min() && b == -1))               \
    return raise_trap(t, TrapKind::IntegerOverflow, "integer overflow");
DIVISION(I32DivS, i32, a / b, SIGNED_OVERFLOW(i32))
DIVISION(I32DivU, u32, a / b, )
DIVISION(I32RemS, i32, b == -1 ? 0 : a % b, )
DIVISION(I32RemU, u32, a % b, )
DIVISION(I64DivS, i64, a / b, SIGNED_OVERFLOW(i64))
DIVISION(I64DivU, u64, a / b, )
DIVISION(I64RemS, i64, b == -1 ? 0 : a % b, )
DIVISION(I64RemU, u64, a % b, )

#define UNARY(name, T, R, expr)                  \
  LIND_OP(op_##name) {                           \
    T a = LIND_SLOT(T, pc[1].s.a);               \
    LIND_SLOT(R, pc[1].s.b) = static_cast<R>(expr); \
    LIND_NEXT(2);                                \
  }

UNARY(I32Eqz, u32, u32, a == 0)
UNARY(I32Clz, u32, u32, std::countl_zero(a))
UNARY(I32Ctz, u32, u32, std::countr_zero(a))
UNARY(I32Popcnt, u32, u32, std::popcount(a))
UNARY(I64Eqz, u64, u32, a == 0)
UNARY(I64Clz, u64, u64, std::countl_zero(a))
UNARY(I64Ctz, u64, u64, std::countr_zero(a))
UNARY(I64Popcnt, u64, u64, std::popcount(a))
UNARY(I32Extend8S, u32, i32, static_cast<int8_t>(a))
UNARY(I32Extend16S, u32, i32, static_cast<int16_t>(a))
UNARY(I64Extend8S, u64, i64, static_cast<int8_t>(a))
UNARY(I64Extend16S, u64, i64, static_cast<int16_t>(a))
UNARY(I64Extend32S, u64, i64, static_cast<int32_t>(a))
UNARY(I64ExtendI32S, i32, i64, a)
UNARY(I64ExtendI32U, u32, u64, a)

UNARY(F32Abs, u32, u32, a & 0x7fffffffu)
UNARY(F32Neg, u32, u32, a ^ 0x80000000u)
UNARY(F32Ceil, f32, f32, std::ceil(a))
UNARY(F32Floor, f32, f32, std::floor(a))
UNARY(F32Trunc, f32, f32, std::trunc(a))
UNARY(F32Nearest, f32, f32, std::nearbyint(a))
UNARY(F32Sqrt, f32, f32, std::sqrt(a))
UNARY(F64Abs, u64, u64, a & ~(1ull << 63))
UNARY(F64Neg, u64, u64, a ^ (1ull << 63))
UNARY(F64Ceil, f64, f64, std::ceil(a))
UNARY(F64Floor, f64, f64, std::floor(a))
UNARY(F64Trunc, f64, f64, std::trunc(a))
UNARY(F64Nearest, f64, f64, std::nearbyint(a))
UNARY(F64Sqrt, f64, f64, std::sqrt(a))

UNARY(F32ConvertI32S, i32, f32, a)
UNARY(F32ConvertI32U, u32, f32, a)
UNARY(F32ConvertI64S, i64, f32, a)
UNARY(F32ConvertI64U, u64, f32, a)
UNARY(F32DemoteF64, f64, f32, a)
UNARY(F64ConvertI32S, i32, f64, a)
UNARY(F64ConvertI32U, u32, f64, a)
UNARY(F64ConvertI64S, i64, f64, a)
UNARY(F64ConvertI64U, u64, f64, a)
UNARY(F64PromoteF32, f32, f64, a)
UNARY(RefIsNull, u64, u32, a == 0)

// Float → integer. In range means strictly inside (lo, hi) as wasm defines.
#define TRUNC(name, F, R, lo, hi)                                                  \
  LIND_OP(op_##name) {                                                             \
    F a = LIND_SLOT(F, pc[1].s.a);                                                 \
    if (LIND_UNLIKELY(std::isnan(a)))                                              \
      return raise_trap(t, TrapKind::InvalidConversion, "invalid conversion to integer"); \
    if (LIND_UNLIKELY(!(a > (lo) && a < (hi))))                                    \
      return raise_trap(t, TrapKind::IntegerOverflow, "integer overflow");         \
    LIND_SLOT(R, pc[1].s.b) = static_cast<R>(a);                                   \
    LIND_NEXT(2);                                                                  \
  }
#define TRUNC_SAT(name, F, R, lo, hi)                                              \
  LIND_OP(op_##name) {                                                             \
    F a = LIND_SLOT(F, pc[1].s.a);                                                 \
    R r;                                                                           \
    if (std::isnan(a)) r = 0;                                                      \
    else if (!(a > (lo))) r = std::numeric_limits<R>::min();                       \
    else if (!(a < (hi))) r = std::numeric_limits<R>::max();                       \
    else r = static_cast<R>(a);                                                    \
    LIND_SLOT(R, pc[1].s.b) = r;                                                   \
    LIND_NEXT(2);                                                                  \
  }
// Lower bounds are the largest float below the type's minimum (exactly
// representable), so `a > lo` admits the minimum itself.
constexpr f32 kF32I32Lo = -2147483904.0f;  // largest f32 < -2^31
TRUNC(I32TruncF32S, f32, i32, kF32I32Lo, 2147483648.0f)
TRUNC(I32TruncF32U, f32, u32, -1.0f, 4294967296.0f)
TRUNC(I32TruncF64S, f64, i32, -2147483649.0, 2147483648.0)
TRUNC(I32TruncF64U, f64, u32, -1.0, 4294967296.0)
constexpr f32 kF32I64Lo = -9223373136366403584.0f;  // largest f32 < -2^63
constexpr f64 kF64I64Lo = -9223372036854777856.0;   // largest f64 < -2^63
TRUNC(I64TruncF32S, f32, i64, kF32I64Lo, 9223372036854775808.0f)
TRUNC(I64TruncF32U, f32, u64, -1.0f, 18446744073709551616.0f)
TRUNC(I64TruncF64S, f64, i64, kF64I64Lo, 9223372036854775808.0)
TRUNC(I64TruncF64U, f64, u64, -1.0, 18446744073709551616.0)
TRUNC_SAT(I32TruncSatF32S, f32, i32, kF32I32Lo, 2147483648.0f)
TRUNC_SAT(I32TruncSatF32U, f32, u32, -1.0f, 4294967296.0f)
TRUNC_SAT(I32TruncSatF64S, f64, i32, -2147483649.0, 2147483648.0)
TRUNC_SAT(I32TruncSatF64U, f64, u32, -1.0, 4294967296.0)
TRUNC_SAT(I64TruncSatF32S, f32, i64, kF32I64Lo, 9223372036854775808.0f)
TRUNC_SAT(I64TruncSatF32U, f32, u64, -1.0f, 18446744073709551616.0f)
TRUNC_SAT(I64TruncSatF64S, f64, i64, kF64I64Lo, 9223372036854775808.0)
TRUNC_SAT(I64TruncSatF64U, f64, u64, -1.0, 18446744073709551616.0)

}  // namespace lind::rt::interp
