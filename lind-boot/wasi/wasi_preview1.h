// WASI preview 1: plain wasm32-wasi programs (built with clang
// --target=wasm32-wasi and wasi-libc, no shim) run as cages. Every
// `wasi_snapshot_preview1` function is served by issuing the matching Linux
// syscall through 3i (threei::registry().dispatch), so RawPOSIX does the
// work and a grate sees and may interpose on Linux syscall numbers, never a
// WASI call. See README.md in this folder for the mapping and deviations.
#pragma once

#include <lind/runtime.h>

#include "lind/threei.h"

namespace lind::boot::wasi {

// Does the module import anything from wasi_snapshot_preview1?
bool imports_wasi(const rt::Module& module);

// Defines every wasi_snapshot_preview1 function in the linker.
void define_imports(rt::Linker& linker);

// Prepares a new instance of a WASI program running as `cage` (call it from
// Linker::on_instantiate, after the cage's memory is attached to RawPOSIX):
// opens "/" (the lindfs root) with the openat syscall, so the preopen is an
// ordinary cage fd (3, the lowest free one), and records it as the
// preopened directory "/". (Not for a module that also imports `lind`: that
// is a glibc-shim program whose C library expects fd 3 free.) Nothing is
// grown: the Linux-layout structures each call needs live in scratch
// borrowed from the cage's memory for the duration of the call (Scratch in
// wasi_call.h, which says why a page of our own would not be safe).
// Problems are logged; the program then runs without a preopen.
void setup_instance(threei::CageId cage, rt::Instance& instance);

// Drops the cage's WASI state.
void forget(threei::CageId cage);

}  // namespace lind::boot::wasi
