// lind.setjmp and lind.longjmp: the imports behind glibc-shim's <setjmp.h>.
#pragma once

#include <lind/runtime.h>

namespace lind::boot {

// Defines in `linker`:
//   lind.setjmp (i32 env) -> i32   records the calling function's host call
//     as a jump point (rt::HostContext::set_jump_point), stores its token in
//     the first 8 bytes of the jmp_buf at `env`, returns 0;
//   lind.longjmp (i32 env, i32 val)  makes the setjmp that stored the
//     jmp_buf's token return val (1 when val is 0).
// A jmp_buf outside the cage's memory, or a token that names no live
// setjmp, traps the cage with a message saying so.
void define_jump_imports(rt::Linker& linker);

}  // namespace lind::boot
