#include "spectest_host.h"

#include <bit>
#include <cstdio>
#include <string>
#include <vector>

namespace lind::spec {
namespace {

using rt::ValType;

constexpr const char* kModule = "spectest";

void print_args(const char* name, const std::vector<ValType>& params, const uint64_t* args) {
  std::printf("spectest.%s(", name);
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) std::printf(", ");
    switch (params[i]) {
      case ValType::I32:
        std::printf("i32:%d", static_cast<int32_t>(args[i]));
        break;
      case ValType::I64:
        std::printf("i64:%lld", static_cast<long long>(args[i]));
        break;
      case ValType::F32:
        std::printf("f32:%g",
                    static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(args[i]))));
        break;
      case ValType::F64:
        std::printf("f64:%g", std::bit_cast<double>(args[i]));
        break;
      default:
        std::printf("ref:0x%llx", static_cast<unsigned long long>(args[i]));
        break;
    }
  }
  std::printf(")\n");
  std::fflush(stdout);
}

void define_print(rt::Linker& linker, const char* name, std::vector<ValType> params, bool verbose) {
  rt::FuncSig sig{params, {}};
  linker.define_func(kModule, name, sig,
                     [name, params, verbose](rt::HostContext&, const uint64_t* args, uint64_t*) {
                       if (verbose) print_args(name, params, args);
                     });
}

void define_global(rt::Linker& linker, const char* name, rt::Value v) {
  rt::Extern ext;
  ext.global = rt::GlobalInst::create(v, /*mut=*/false);
  linker.define(kModule, name, std::move(ext));
}

}  // namespace

void define_spectest(rt::Linker& linker, bool verbose) {
  define_print(linker, "print", {}, verbose);
  define_print(linker, "print_i32", {ValType::I32}, verbose);
  define_print(linker, "print_i64", {ValType::I64}, verbose);
  define_print(linker, "print_f32", {ValType::F32}, verbose);
  define_print(linker, "print_f64", {ValType::F64}, verbose);
  define_print(linker, "print_i32_f32", {ValType::I32, ValType::F32}, verbose);
  define_print(linker, "print_f64_f64", {ValType::F64, ValType::F64}, verbose);

  define_global(linker, "global_i32", rt::Value::i32(666));
  define_global(linker, "global_i64", rt::Value::i64(666));
  define_global(linker, "global_f32", rt::Value::f32_bits(std::bit_cast<uint32_t>(666.6f)));
  define_global(linker, "global_f64", rt::Value::f64_bits(std::bit_cast<uint64_t>(666.6)));

  rt::Extern table;
  table.table = rt::TableInst::create(ValType::FuncRef, rt::Limits{10, 20});
  linker.define(kModule, "table", std::move(table));

  rt::Extern memory;
  memory.memory = rt::MemoryInst::create(rt::Limits{1, 2});
  linker.define(kModule, "memory", std::move(memory));
}

}  // namespace lind::spec
