// Translates one validated WABT function into our internal code.
#pragma once

#include <wabt/ir.h>

#include "module_impl.h"

namespace lind::rt {

// `codes` holds one FuncCode per defined function (index = function index
// minus imports), so direct calls can point at their callee. Throws Error.
void translate_function(const wabt::Module& wm, const Module::Impl& m, const wabt::Func& func,
                        uint32_t func_index,
                        const std::vector<std::unique_ptr<interp::FuncCode>>& codes,
                        interp::FuncCode& out);

}  // namespace lind::rt
