#include "jump_imports.h"

#include <cstdio>
#include <string>

#include "lind/abi.h"

namespace lind::boot {
namespace {

using rt::ValType;

// The token lives in the cage's jmp_buf, which the cage may change at will:
// it only names a jump point, and the runtime checks it before jumping.
constexpr uint64_t kTokenBytes = sizeof(uint64_t);

std::string bad_buffer(const char* fn, uint32_t env) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s: jmp_buf at 0x%x is outside the cage's memory", fn, env);
  return buf;
}

void lind_setjmp(rt::HostContext& ctx, const uint64_t* args, uint64_t* results) {
  auto env = static_cast<uint32_t>(args[0]);
  rt::MemoryInst* memory = ctx.memory();
  if (!memory || !memory->in_bounds(env, kTokenBytes)) return ctx.trap(bad_buffer("setjmp", env));
  uint64_t token = ctx.set_jump_point();
  if (!token) return ctx.trap("setjmp: too many setjmp calls in functions that are still active");
  memory->write(env, &token, kTokenBytes);
  results[0] = 0;
}

void lind_longjmp(rt::HostContext& ctx, const uint64_t* args, uint64_t*) {
  auto env = static_cast<uint32_t>(args[0]);
  auto val = static_cast<uint32_t>(args[1]);
  rt::MemoryInst* memory = ctx.memory();
  uint64_t token = 0;
  if (!memory || !memory->read(env, &token, kTokenBytes)) return ctx.trap(bad_buffer("longjmp", env));
  ctx.long_jump(token, val == 0 ? 1 : val);
}

}  // namespace

void define_jump_imports(rt::Linker& linker) {
  linker.define_func(LIND_IMPORT_MODULE, "setjmp", rt::FuncSig{{ValType::I32}, {ValType::I32}},
                     lind_setjmp);
  linker.define_func(LIND_IMPORT_MODULE, "longjmp", rt::FuncSig{{ValType::I32, ValType::I32}, {}},
                     lind_longjmp);
}

}  // namespace lind::boot
