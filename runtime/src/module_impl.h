// Our decoded form of a module: everything instantiation needs, with WABT's
// IR already translated and dropped.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code.h"
#include "lind/runtime.h"

namespace lind::rt {

enum class ExternKind : uint8_t { Func, Table, Memory, Global };

// A constant expression (global initialisers, segment offsets, element items).
struct ConstExpr {
  enum class Op : uint8_t { Const, GlobalGet, RefNull, RefFunc } op = Op::Const;
  ValType type = ValType::I32;
  uint64_t value = 0;  // the constant's bits, or the global/function index
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

struct ImportDecl {
  std::string module, name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // index into Module::Impl::types
  TableType table;
  Limits memory;
  GlobalType global;
};

struct ExportDecl {
  std::string name;
  ExternKind kind;
  uint32_t index;
};

struct ElemSegment {
  enum class Mode : uint8_t { Active, Passive, Declared } mode = Mode::Active;
  uint32_t table = 0;
  ConstExpr offset;
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> items;
};

struct DataSegment {
  bool active = true;
  ConstExpr offset;
  std::vector<uint8_t> bytes;
};

struct Module::Impl {
  std::string name;
  std::vector<FuncSig> types;
  std::vector<uint32_t> type_ids;  // canonical id per entry of `types`

  std::vector<ImportDecl> imports;
  uint32_t num_func_imports = 0, num_table_imports = 0, num_memory_imports = 0,
           num_global_imports = 0;

  std::vector<uint32_t> func_types;  // type index of every function (imports first)
  std::vector<std::unique_ptr<interp::FuncCode>> code;  // defined functions
  std::vector<std::string> func_names;  // from the name section; may be empty
  std::vector<std::string> global_names;  // the same, for globals (imports first)

  std::vector<TableType> tables;   // imports first
  std::vector<Limits> memories;    // imports first
  std::vector<GlobalType> globals; // imports first
  std::vector<ConstExpr> global_inits;  // defined globals only

  std::vector<ExportDecl> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;

  const FuncSig& func_sig(uint32_t func_index) const { return types[func_types[func_index]]; }
};

// Interned signatures: equal signatures get equal ids across all modules,
// so call_indirect checks a type with one integer comparison.
uint32_t canonical_type_id(const FuncSig& sig);

}  // namespace lind::rt
