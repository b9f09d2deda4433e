// Module loading: WABT reads and validates; we convert its IR into
// Module::Impl and translate every function once.
#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/error-formatter.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/validator.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <fstream>
#include <iterator>

#include "module_impl.h"
#include "translator.h"

namespace lind::rt {
namespace {

// The Wasm 2.0 feature set minus SIMD (not implemented yet: modules using
// it are rejected by WABT with a clear message), plus the threads
// proposal's shared memories and atomic instructions (ops/atomic.cpp).
wabt::Features engine_features() {
  wabt::Features f;
  f.disable_simd();
  f.disable_exceptions();
  f.enable_threads();
  f.disable_tail_call();
  return f;
}

// Names the defined function whose body contains `offset`, if any.
std::string function_at(const wabt::Module& wm, size_t offset) {
  const wabt::Func* best = nullptr;
  size_t best_index = 0;
  for (size_t i = wm.num_func_imports; i < wm.funcs.size(); ++i) {
    size_t start = wm.funcs[i]->loc.offset;
    if (start != wabt::kInvalidOffset && start <= offset && (!best || start >= best->loc.offset)) {
      best = wm.funcs[i];
      best_index = i;
    }
  }
  if (!best) return {};
  std::string s = "function " + std::to_string(best_index);
  if (!best->name.empty()) s += " " + best->name;
  return s;
}

std::string format_errors(const wabt::Errors& errors, const wabt::Module* wm) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    if (e.loc.offset != wabt::kInvalidOffset) {
      char buf[32];
      snprintf(buf, sizeof buf, "at offset 0x%zx: ", e.loc.offset);
      out += buf;
      if (wm) {
        std::string f = function_at(*wm, e.loc.offset);
        if (!f.empty()) out += "in " + f + ": ";
      }
    }
    out += e.message;
  }
  return out;
}

ValType val_type(wabt::Type t, const std::string& where) {
  switch (t) {
    case wabt::Type::I32: return ValType::I32;
    case wabt::Type::I64: return ValType::I64;
    case wabt::Type::F32: return ValType::F32;
    case wabt::Type::F64: return ValType::F64;
    case wabt::Type::FuncRef: return ValType::FuncRef;
    case wabt::Type::ExternRef: return ValType::ExternRef;
    default: throw Error(Error::Kind::Unsupported, where + ": unsupported value type " + t.GetName());
  }
}

FuncSig func_sig(const wabt::FuncSignature& s, const std::string& where) {
  FuncSig sig;
  for (auto t : s.param_types) sig.params.push_back(val_type(t, where));
  for (auto t : s.result_types) sig.results.push_back(val_type(t, where));
  return sig;
}

Limits limits(const wabt::Limits& l) {
  Limits out;
  out.min = l.initial;
  if (l.has_max) out.max = l.max;
  out.shared = l.is_shared;
  return out;
}

// WABT's validator lets some malformed constant expressions through (an
// empty offset, for one); without extended-const, anything but exactly one
// constant instruction is invalid.
ConstExpr const_expr(const wabt::ExprList& list, const std::string& where) {
  if (list.size() != 1)
    throw Error(Error::Kind::Invalid, where + ": type mismatch: a constant expression must be one instruction, not " +
                                          std::to_string(list.size()));
  const wabt::Expr& e = list.front();
  ConstExpr c;
  switch (e.type()) {
    case wabt::ExprType::Const: {
      const wabt::Const& k = wabt::cast<wabt::ConstExpr>(&e)->const_;
      c.op = ConstExpr::Op::Const;
      c.type = val_type(k.type(), where);
      switch (k.type()) {
        case wabt::Type::I32: c.value = k.u32(); break;
        case wabt::Type::I64: c.value = k.u64(); break;
        case wabt::Type::F32: c.value = k.f32_bits(); break;
        case wabt::Type::F64: c.value = k.f64_bits(); break;
        default: break;
      }
      return c;
    }
    case wabt::ExprType::GlobalGet:
      c.op = ConstExpr::Op::GlobalGet;
      c.value = wabt::cast<wabt::GlobalGetExpr>(&e)->var.index();
      return c;
    case wabt::ExprType::RefNull:
      c.op = ConstExpr::Op::RefNull;
      c.type = val_type(wabt::cast<wabt::RefNullExpr>(&e)->type, where);
      return c;
    case wabt::ExprType::RefFunc:
      c.op = ConstExpr::Op::RefFunc;
      c.type = ValType::FuncRef;
      c.value = wabt::cast<wabt::RefFuncExpr>(&e)->var.index();
      return c;
    default:
      throw Error(Error::Kind::Invalid, where + ": constant expression required");
  }
}

std::unique_ptr<Module::Impl> convert(const wabt::Module& wm, const std::string& name) {
  auto m = std::make_unique<Module::Impl>();
  m->name = name;
  for (const wabt::TypeEntry* t : wm.types) {
    const auto* ft = wabt::dyn_cast<wabt::FuncType>(t);
    if (!ft) throw Error(Error::Kind::Unsupported, name + ": non-function type entries are not supported");
    m->types.push_back(func_sig(ft->sig, name));
    m->type_ids.push_back(canonical_type_id(m->types.back()));
  }
  for (const wabt::Import* imp : wm.imports) {
    ImportDecl d;
    d.module = imp->module_name;
    d.name = imp->field_name;
    switch (imp->kind()) {
      case wabt::ExternalKind::Func:
        d.kind = ExternKind::Func;
        d.func_type = wm.GetFuncTypeIndex(wabt::cast<wabt::FuncImport>(imp)->func.decl);
        break;
      case wabt::ExternalKind::Table: {
        const auto& t = wabt::cast<wabt::TableImport>(imp)->table;
        d.kind = ExternKind::Table;
        d.table = {val_type(t.elem_type, name), limits(t.elem_limits)};
        break;
      }
      case wabt::ExternalKind::Memory:
        d.kind = ExternKind::Memory;
        d.memory = limits(wabt::cast<wabt::MemoryImport>(imp)->memory.page_limits);
        break;
      case wabt::ExternalKind::Global: {
        const auto& g = wabt::cast<wabt::GlobalImport>(imp)->global;
        d.kind = ExternKind::Global;
        d.global = {val_type(g.type, name), g.mutable_};
        break;
      }
      default:
        throw Error(Error::Kind::Unsupported, name + ": unsupported import kind for " + d.module + "." + d.name);
    }
    m->imports.push_back(std::move(d));
  }
  m->num_func_imports = wm.num_func_imports;
  m->num_table_imports = wm.num_table_imports;
  m->num_memory_imports = wm.num_memory_imports;
  m->num_global_imports = wm.num_global_imports;

  for (const wabt::Func* f : wm.funcs) {
    m->func_types.push_back(wm.GetFuncTypeIndex(f->decl));
    // WABT spells names as in the text format ("$name"); we show them bare.
    m->func_names.push_back(!f->name.empty() && f->name[0] == '$' ? f->name.substr(1) : f->name);
  }
  for (const wabt::Table* t : wm.tables) m->tables.push_back({val_type(t->elem_type, name), limits(t->elem_limits)});
  for (const wabt::Memory* mem : wm.memories) m->memories.push_back(limits(mem->page_limits));
  for (size_t i = 0; i < wm.globals.size(); ++i) {
    const wabt::Global* g = wm.globals[i];
    m->global_names.push_back(!g->name.empty() && g->name[0] == '$' ? g->name.substr(1) : g->name);
    m->globals.push_back({val_type(g->type, name), g->mutable_});
    if (i >= wm.num_global_imports) m->global_inits.push_back(const_expr(g->init_expr, name + ": global " + std::to_string(i)));
  }
  for (const wabt::Export* e : wm.exports) {
    ExternKind k;
    switch (e->kind) {
      case wabt::ExternalKind::Func: k = ExternKind::Func; break;
      case wabt::ExternalKind::Table: k = ExternKind::Table; break;
      case wabt::ExternalKind::Memory: k = ExternKind::Memory; break;
      case wabt::ExternalKind::Global: k = ExternKind::Global; break;
      default: throw Error(Error::Kind::Unsupported, name + ": unsupported export kind for " + e->name);
    }
    m->exports.push_back({e->name, k, wm.GetFuncIndex(e->var)});
    // GetFuncIndex only resolves names; binary modules give plain indices.
    m->exports.back().index = e->var.index();
  }
  if (!wm.starts.empty()) m->start = wm.starts.front()->index();
  for (size_t i = 0; i < wm.elem_segments.size(); ++i) {
    const wabt::ElemSegment* s = wm.elem_segments[i];
    std::string where = name + ": element segment " + std::to_string(i);
    ElemSegment seg;
    switch (s->kind) {
      case wabt::SegmentKind::Active: seg.mode = ElemSegment::Mode::Active; break;
      case wabt::SegmentKind::Passive: seg.mode = ElemSegment::Mode::Passive; break;
      case wabt::SegmentKind::Declared: seg.mode = ElemSegment::Mode::Declared; break;
    }
    if (seg.mode == ElemSegment::Mode::Active) {
      seg.table = s->table_var.index();
      seg.offset = const_expr(s->offset, where);
    }
    seg.type = val_type(s->elem_type, where);
    for (const auto& item : s->elem_exprs) seg.items.push_back(const_expr(item, where));
    m->elems.push_back(std::move(seg));
  }
  for (size_t i = 0; i < wm.data_segments.size(); ++i) {
    const wabt::DataSegment* s = wm.data_segments[i];
    DataSegment seg;
    seg.active = s->kind == wabt::SegmentKind::Active;
    if (seg.active) seg.offset = const_expr(s->offset, name + ": data segment " + std::to_string(i));
    seg.bytes = s->data;
    m->datas.push_back(std::move(seg));
  }

  // Translate: FuncCode objects first, so calls can point at their callees.
  size_t defined = wm.funcs.size() - wm.num_func_imports;
  for (size_t i = 0; i < defined; ++i) m->code.push_back(std::make_unique<interp::FuncCode>());
  for (size_t i = 0; i < defined; ++i) {
    uint32_t index = static_cast<uint32_t>(i + wm.num_func_imports);
    interp::FuncCode& fc = *m->code[i];
    fc.type_id = m->type_ids[m->func_types[index]];
    translate_function(wm, *m, *wm.funcs[index], index, m->code, fc);
  }
  return m;
}

}  // namespace

std::shared_ptr<Module> Module::from_binary(Engine&, std::span<const uint8_t> bytes,
                                            const std::string& name) {
  wabt::Features features = engine_features();
  wabt::Errors errors;
  wabt::Module wm;
  wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names=*/true,
                                  /*stop_on_first_error=*/true,
                                  /*fail_on_custom_section_error=*/true);
  if (wabt::Failed(wabt::ReadBinaryIr(name.c_str(), bytes.data(), bytes.size(), options, &errors, &wm)))
    throw Error(Error::Kind::Malformed, name + ": malformed module: " + format_errors(errors, nullptr));
  wabt::ValidateOptions vopts(features);
  if (wabt::Failed(wabt::ValidateModule(&wm, &errors, vopts)))
    throw Error(Error::Kind::Invalid, name + ": invalid module: " + format_errors(errors, &wm));
  return std::shared_ptr<Module>(new Module(convert(wm, name)));
}

std::shared_ptr<Module> Module::from_text(Engine& engine, std::string_view text, const std::string& name) {
  wabt::Features features = engine_features();
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(name, text.data(), text.size(), &errors);
  std::unique_ptr<wabt::Module> wm;
  wabt::WastParseOptions parse_options(features);
  auto fail = [&](Error::Kind kind, const char* what) {
    // One line: "FILE:LINE:COL: error: ..." joined by "; ".
    std::string msg;
    for (const auto& e : errors) {
      if (!msg.empty()) msg += "; ";
      msg += std::to_string(e.loc.line) + ":" + std::to_string(e.loc.first_column) + ": " + e.message;
    }
    throw Error(kind, name + ": " + what + ": " + msg);
  };
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &wm, &errors, &parse_options)))
    fail(Error::Kind::Malformed, "malformed text module");
  wabt::ValidateOptions vopts(features);
  if (wabt::Failed(wabt::ValidateModule(wm.get(), &errors, vopts)))
    fail(Error::Kind::Invalid, "invalid module");
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions wopts(features, /*canonicalize_lebs=*/true, /*relocatable=*/false,
                                 /*write_debug_names=*/true);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, wm.get(), wopts)))
    throw Error(Error::Kind::Malformed, name + ": could not encode text module");
  const auto& data = stream.output_buffer().data;
  return from_binary(engine, std::span<const uint8_t>(data.data(), data.size()), name);
}

std::shared_ptr<Module> Module::from_file(Engine& engine, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Error::Kind::Io, path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(Error::Kind::Io, path + ": read error");
  return from_bytes(engine, bytes, path);
}

std::shared_ptr<Module> Module::from_bytes(Engine& engine, std::span<const uint8_t> bytes,
                                           const std::string& name) {
  static const uint8_t kMagic[4] = {0, 'a', 's', 'm'};
  if (bytes.size() >= 4 && std::equal(kMagic, kMagic + 4, bytes.begin()))
    return from_binary(engine, bytes, name);
  bool looks_textual = !bytes.empty() && std::all_of(bytes.begin(), bytes.end(), [](uint8_t c) {
    return c == '\n' || c == '\r' || c == '\t' || c >= 0x20;
  });
  if (!looks_textual)
    throw Error(Error::Kind::Malformed, name + ": not a WebAssembly module (no \\0asm magic)");
  return from_text(engine, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), name);
}

Module::Module(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Module::~Module() = default;
const std::string& Module::name() const { return impl_->name; }

}  // namespace lind::rt
