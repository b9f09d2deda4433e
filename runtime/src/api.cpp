// The small objects of the embedding API: values, signatures, traps,
// function and module instances.
#include <bit>
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>

#include "instance_impl.h"

namespace lind::rt {
namespace {
EngineConfig g_config;  // the most recent Engine's configuration
}

const char* to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

Value Value::f32(float v) { return f32_bits(std::bit_cast<uint32_t>(v)); }
Value Value::f64(double v) { return f64_bits(std::bit_cast<uint64_t>(v)); }
float Value::as_f32() const { return std::bit_cast<float>(static_cast<uint32_t>(bits)); }
double Value::as_f64() const { return std::bit_cast<double>(bits); }

std::string Value::to_string() const {
  char buf[64];
  switch (type) {
    case ValType::I32: snprintf(buf, sizeof buf, "i32:%" PRIu32, as_i32()); break;
    case ValType::I64: snprintf(buf, sizeof buf, "i64:%" PRIu64, as_i64()); break;
    case ValType::F32: snprintf(buf, sizeof buf, "f32:%.9g", static_cast<double>(as_f32())); break;
    case ValType::F64: snprintf(buf, sizeof buf, "f64:%.17g", as_f64()); break;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (bits == 0) snprintf(buf, sizeof buf, "%s:null", rt::to_string(type));
      else snprintf(buf, sizeof buf, "%s:0x%" PRIx64, rt::to_string(type), bits);
      break;
  }
  return buf;
}

std::string FuncSig::to_string() const {
  auto list = [](const std::vector<ValType>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::string(rt::to_string(v[i]));
    return s + ")";
  };
  return list(params) + " -> " + list(results);
}

const char* to_string(TrapKind k) {
  switch (k) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::StackExhausted: return "call stack exhausted";
    case TrapKind::UnalignedAtomic: return "unaligned atomic";
    case TrapKind::ExpectedSharedMemory: return "expected shared memory";
    case TrapKind::Host: return "host function failed";
    case TrapKind::Exit: return "exit";
    case TrapKind::Jump: return "longjmp";
  }
  return "?";
}

std::string Trap::to_string() const {
  std::string s = message.empty() ? rt::to_string(kind) : message;
  for (const auto& line : backtrace) s += "\n  " + line;
  return s;
}

Engine::Engine(EngineConfig config) : config_(config) { g_config = config; }
Engine::~Engine() = default;

std::shared_ptr<ThreadHandle> ThreadHandle::current() {
  return std::make_shared<ThreadHandle>(interp::current_thread(g_config).shared_from_this());
}

namespace {
struct Signatures {
  std::mutex mu;
  std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, uint32_t> ids;
  std::deque<FuncSig> by_id;
};
Signatures& signatures() {
  static Signatures s;
  return s;
}
FuncSig signature_of(uint32_t id) {
  Signatures& s = signatures();
  std::lock_guard lock(s.mu);
  return id < s.by_id.size() ? s.by_id[id] : FuncSig{};
}
}  // namespace

uint32_t canonical_type_id(const FuncSig& sig) {
  Signatures& s = signatures();
  std::lock_guard lock(s.mu);
  auto [it, inserted] = s.ids.try_emplace({sig.params, sig.results}, static_cast<uint32_t>(s.ids.size()));
  if (inserted) s.by_id.push_back(sig);
  return it->second;
}

SigId::SigId(const FuncSig& sig) : id(canonical_type_id(sig)) {}

namespace {
Value typed(ValType t, uint64_t bits) {
  if (t == ValType::I32 || t == ValType::F32) bits &= 0xffffffffu;
  return {t, bits};
}
}  // namespace

Value GlobalInst::get() const { return typed(type_, bits_); }

// ---- host context ----
MemoryInst* HostContext::memory() const { return caller_ ? caller_->memory() : nullptr; }
void HostContext::trap(std::string message) {
  thread_->trapped = true;
  thread_->trap_kind = TrapKind::Host;
  thread_->trap_message = std::move(message);
}
void HostContext::exit(int code) {
  thread_->trapped = true;
  thread_->trap_kind = TrapKind::Exit;
  thread_->trap_message = "exit";
  thread_->exit_code = code;
}

uint64_t HostContext::set_jump_point() {
  return caller_ ? interp::set_jump_point(*thread_) : 0;
}

void HostContext::long_jump(uint64_t token, uint64_t value) {
  if (!caller_) return trap("longjmp: not called from wasm");
  interp::long_jump(*thread_, token, value);
}

std::unique_ptr<Continuation> HostContext::capture() const {
  auto impl = std::make_unique<Continuation::Impl>();
  if (!thread_ || !interp::capture(*thread_, *impl)) return nullptr;
  return std::make_unique<Continuation>(std::move(impl));
}

std::unique_ptr<Continuation> HostContext::capture_invocation_of(const Instance& inst) const {
  auto impl = std::make_unique<Continuation::Impl>();
  const Instance::Impl* target = &const_cast<Instance&>(inst).impl();
  if (!thread_ || !interp::capture_invocation_of(*thread_, target, *impl)) return nullptr;
  return std::make_unique<Continuation>(std::move(impl));
}

Continuation::Continuation(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Continuation::~Continuation() = default;

CallResult Continuation::resume(Instance& instance, uint64_t host_result) const {
  CallResult r;
  std::vector<uint64_t> slots;
  Trap trap;
  if (&instance.module().impl() != &impl_->inst->mod()) {
    r.trap = Trap{TrapKind::Host, "a continuation resumes only in an instance of its own module", {}, 0};
    return r;
  }
  if (!interp::resume(g_config, *impl_, instance.impl(), host_result, slots, trap)) {
    r.trap = std::move(trap);
    return r;
  }
  for (size_t i = 0; i < impl_->result_types.size(); ++i)
    r.results.push_back(typed(impl_->result_types[i], slots[i]));
  return r;
}

// ---- functions ----
FuncInst::FuncInst(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FuncInst::~FuncInst() = default;

std::shared_ptr<FuncInst> FuncInst::host(FuncSig sig, HostFn fn, std::string debug_name) {
  auto impl = std::make_unique<Impl>();
  impl->type_id = canonical_type_id(sig);
  impl->sig = std::move(sig);
  impl->host = std::move(fn);
  impl->name = std::move(debug_name);
  return std::make_shared<FuncInst>(std::move(impl));
}

const FuncSig& FuncInst::sig() const { return impl_->sig; }

CallResult FuncInst::call(std::span<const Value> args) {
  CallResult r;
  const FuncSig& sig = impl_->sig;
  if (args.size() != sig.params.size()) {
    r.trap = Trap{TrapKind::Host, "wrong number of arguments: expected " + std::to_string(sig.params.size()) +
                                      ", got " + std::to_string(args.size()), {}, 0};
    return r;
  }
  std::vector<uint64_t> slots(std::max(sig.params.size(), sig.results.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != sig.params[i]) {
      r.trap = Trap{TrapKind::Host, "argument " + std::to_string(i) + " has type " + to_string(args[i].type) +
                                        ", expected " + to_string(sig.params[i]), {}, 0};
      return r;
    }
    slots[i] = args[i].bits;
  }
  Trap trap;
  if (!interp::invoke(g_config, impl_.get(), slots, trap)) {
    r.trap = std::move(trap);
    return r;
  }
  for (size_t i = 0; i < sig.results.size(); ++i) r.results.push_back(typed(sig.results[i], slots[i]));
  return r;
}

// ---- modules ----
namespace {
std::string limits_text(const Limits& l) {
  return std::to_string(l.min) + (l.max ? ".." + std::to_string(*l.max) : "");
}
}  // namespace

std::vector<ImportDesc> Module::imports() const {
  std::vector<ImportDesc> out;
  for (const ImportDecl& d : impl_->imports) {
    ImportDesc i{d.module, d.name, ImportDesc::Kind::Func, {}};
    switch (d.kind) {
      case ExternKind::Func: i.type = "func " + impl_->types[d.func_type].to_string(); break;
      case ExternKind::Table:
        i.kind = ImportDesc::Kind::Table;
        i.type = std::string("table ") + to_string(d.table.elem) + " " + limits_text(d.table.limits);
        break;
      case ExternKind::Memory:
        i.kind = ImportDesc::Kind::Memory;
        i.type = "memory " + limits_text(d.memory);
        break;
      case ExternKind::Global:
        i.kind = ImportDesc::Kind::Global;
        i.type = std::string("global ") + (d.global.mut ? "mut " : "") + to_string(d.global.type);
        break;
    }
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<ExportDesc> Module::exports() const {
  std::vector<ExportDesc> out;
  for (const ExportDecl& e : impl_->exports)
    out.push_back({e.name, static_cast<ExportDesc::Kind>(static_cast<int>(e.kind))});
  return out;
}

std::optional<FuncSig> Module::export_func_sig(const std::string& name) const {
  for (const ExportDecl& e : impl_->exports)
    if (e.name == name && e.kind == ExternKind::Func) return impl_->func_sig(e.index);
  return std::nullopt;
}

// ---- instances ----
Instance::Instance(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Instance::~Instance() = default;
const Module& Instance::module() const { return *impl_->module; }
MemoryInst* Instance::memory() const { return impl_->memory.get(); }

std::optional<Extern> Instance::get_export(const std::string& name) const {
  for (const ExportDecl& e : impl_->mod().exports) {
    if (e.name != name) continue;
    Extern x;
    switch (e.kind) {
      case ExternKind::Func: x.func = impl_->funcs[e.index]; break;
      case ExternKind::Table: x.table = impl_->tables[e.index]; break;
      case ExternKind::Memory: x.memory = impl_->memory; break;
      case ExternKind::Global: x.global = impl_->globals[e.index]; break;
    }
    return x;
  }
  return std::nullopt;
}

CallResult Instance::call(const std::string& export_name, std::span<const Value> args) {
  auto e = get_export(export_name);
  if (!e || !e->func) {
    CallResult r;
    r.trap = Trap{TrapKind::Host, "no exported function named '" + export_name + "'", {}, 0};
    return r;
  }
  return e->func->call(args);
}

namespace {

// Runs `f` with raw slots through interp::invoke, which wants a vector:
// one reused vector per nesting level on this thread, so the hot path
// allocates nothing once warm.
bool invoke_raw(const interp::FuncImpl* f, std::span<uint64_t> slots, Trap& trap) {
  if (slots.size() < std::max(f->sig.params.size(), f->sig.results.size())) {
    trap = Trap{TrapKind::Host, "too few argument slots for " + f->sig.to_string(), {}, 0};
    return false;
  }
  return interp::invoke(g_config, f, slots, trap);
}

// Element `index` of the instance's table 0 if it is a function of type
// `sig`; else the trap call_indirect would give.
const interp::FuncImpl* table_func(const Instance::Impl& impl, uint32_t index, SigId sig, Trap& trap) {
  const TableInst* table = impl.table_ptrs.empty() ? nullptr : impl.table_ptrs[0];
  if (!table || table->elem_type() != ValType::FuncRef || index >= table->size()) {
    trap = Trap{TrapKind::UndefinedElement, "", {}, 0};
    return nullptr;
  }
  auto* f = reinterpret_cast<const interp::FuncImpl*>(const_cast<TableInst*>(table)->elems()[index]);
  if (!f) {
    trap = Trap{TrapKind::UninitializedElement, "", {}, 0};
    return nullptr;
  }
  if (f->type_id != sig.id) {
    trap = Trap{TrapKind::IndirectCallTypeMismatch,
                "expected " + signature_of(sig.id).to_string() + ", element " + std::to_string(index) + " is " +
                    f->sig.to_string(),
                {},
                0};
    return nullptr;
  }
  return f;
}

}  // namespace

bool FuncInst::call_raw(std::span<uint64_t> slots, Trap& trap) { return invoke_raw(impl_.get(), slots, trap); }

bool Instance::call_indirect_raw(uint32_t index, SigId sig, std::span<uint64_t> slots, Trap& trap) {
  const interp::FuncImpl* f = table_func(*impl_, index, sig, trap);
  return f && invoke_raw(f, slots, trap);
}

CallResult Instance::call_indirect(uint32_t index, const FuncSig& sig, std::span<const Value> args) {
  CallResult r;
  Trap trap;
  const interp::FuncImpl* f = table_func(*impl_, index, SigId(sig), trap);
  if (!f || args.size() != sig.params.size()) {
    r.trap = f ? Trap{TrapKind::Host, "wrong number of arguments", {}, 0} : std::move(trap);
    return r;
  }
  std::vector<uint64_t> slots(std::max(sig.params.size(), sig.results.size()));
  for (size_t i = 0; i < args.size(); ++i) slots[i] = args[i].bits;
  if (!invoke_raw(f, slots, trap)) {
    r.trap = std::move(trap);
    return r;
  }
  for (size_t i = 0; i < sig.results.size(); ++i) r.results.push_back(typed(sig.results[i], slots[i]));
  return r;
}

std::shared_ptr<GlobalInst> Instance::global_named(const std::string& name) const {
  const auto& names = impl_->mod().global_names;
  for (size_t i = 0; i < names.size() && i < impl_->globals.size(); ++i)
    if (names[i] == name) return impl_->globals[i];
  return nullptr;
}

std::string Instance::func_name(uint32_t index) const {
  const auto& names = impl_->mod().func_names;
  std::string s = "func[" + std::to_string(index) + "]";
  if (index < names.size() && !names[index].empty()) s += " " + names[index];
  return s;
}

}  // namespace lind::rt
