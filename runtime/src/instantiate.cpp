// Linking and instantiation, in the order the spec defines: resolve and
// type-check imports, allocate, initialise globals, apply active element
// and data segments one by one (a failure traps and leaves earlier writes
// in place), then run the start function.
#include <algorithm>

#include "instance_impl.h"

namespace lind::rt {
namespace {

std::string limits_str(const Limits& l) {
  std::string s = "min " + std::to_string(l.min);
  if (l.max) s += " max " + std::to_string(*l.max);
  return s;
}

// Does an export with limits `actual` satisfy an import declaring `wanted`?
bool limits_match(const Limits& actual, const Limits& wanted) {
  if (actual.min < wanted.min) return false;
  if (!wanted.max) return true;
  return actual.max && *actual.max <= *wanted.max;
}

[[noreturn]] void unlinkable(const Module::Impl& m, const ImportDecl& d, const std::string& why) {
  throw Error(Error::Kind::Unlinkable, m.name + ": import " + d.module + "." + d.name + ": " + why);
}

}  // namespace

const Extern* Linker::find(const std::string& module, const std::string& name) const {
  for (auto it = defs_.rbegin(); it != defs_.rend(); ++it)
    if (it->first.module == module && it->first.name == name) return &it->second;
  return nullptr;
}

void Linker::define(const std::string& module, const std::string& name, Extern ext) {
  defs_.push_back({Key{module, name}, std::move(ext)});
}

void Linker::define_func(const std::string& module, const std::string& name, FuncSig sig, HostFn fn) {
  Extern e;
  e.func = FuncInst::host(std::move(sig), std::move(fn), module + "." + name);
  define(module, name, std::move(e));
}

void Linker::define_instance(const std::string& as, const Instance& inst) {
  for (const ExportDecl& e : inst.module().impl().exports)
    if (auto ext = inst.get_export(e.name)) define(as, e.name, *ext);
}

InstantiateResult Linker::instantiate(const std::shared_ptr<Module>& module) {
  const Module::Impl& m = module->impl();
  auto impl = std::make_unique<Instance::Impl>();
  Instance::Impl& I = *impl;
  I.module = module;
  auto instance = std::make_shared<Instance>(std::move(impl));
  I.self = instance.get();

  // 1. Imports.
  for (const ImportDecl& d : m.imports) {
    const Extern* e = find(d.module, d.name);
    if (!e) unlinkable(m, d, "unknown import");
    switch (d.kind) {
      case ExternKind::Func: {
        if (!e->func) unlinkable(m, d, "incompatible import type: expected a function");
        const FuncSig& want = m.types[d.func_type];
        if (!(e->func->sig() == want))
          unlinkable(m, d, "incompatible import type: expected " + want.to_string() + ", got " + e->func->sig().to_string());
        I.funcs.push_back(e->func);
        break;
      }
      case ExternKind::Table:
        if (!e->table) unlinkable(m, d, "incompatible import type: expected a table");
        if (e->table->elem_type() != d.table.elem)
          unlinkable(m, d, std::string("incompatible import type: expected ") + to_string(d.table.elem) + " table");
        if (!limits_match(Limits{e->table->size(), e->table->limits().max}, d.table.limits))
          unlinkable(m, d, "incompatible import type: table limits " + limits_str(d.table.limits) + " not satisfied");
        I.tables.push_back(e->table);
        break;
      case ExternKind::Memory:
        if (!e->memory) unlinkable(m, d, "incompatible import type: expected a memory");
        if (!limits_match(Limits{e->memory->pages(), e->memory->limits().max}, d.memory))
          unlinkable(m, d, "incompatible import type: memory limits " + limits_str(d.memory) + " not satisfied");
        if (e->memory->limits().shared != d.memory.shared)
          unlinkable(m, d, d.memory.shared ? "incompatible import type: expected a shared memory"
                                           : "incompatible import type: expected an unshared memory");
        I.memory = e->memory;
        break;
      case ExternKind::Global:
        if (!e->global) unlinkable(m, d, "incompatible import type: expected a global");
        if (e->global->type() != d.global.type || e->global->is_mutable() != d.global.mut)
          unlinkable(m, d, std::string("incompatible import type: expected ") + (d.global.mut ? "mutable " : "") +
                               to_string(d.global.type) + " global");
        I.globals.push_back(e->global);
        break;
    }
  }

  // 2. Allocation.
  for (size_t i = 0; i < m.code.size(); ++i) {
    auto impl_f = std::make_unique<FuncInst::Impl>();
    uint32_t index = static_cast<uint32_t>(i + m.num_func_imports);
    impl_f->sig = m.func_sig(index);
    impl_f->type_id = m.code[i]->type_id;
    impl_f->inst = &I;
    impl_f->code = m.code[i].get();
    impl_f->name = m.func_names[index];
    I.funcs.push_back(std::make_shared<FuncInst>(std::move(impl_f)));
  }
  for (auto& f : I.funcs) I.func_ptrs.push_back(&f->impl());
  for (size_t i = m.num_table_imports; i < m.tables.size(); ++i)
    I.tables.push_back(TableInst::create(m.tables[i].elem, m.tables[i].limits, 0));
  for (auto& t : I.tables) I.table_ptrs.push_back(t.get());
  if (m.memories.size() > m.num_memory_imports) I.memory = MemoryInst::create(m.memories.back());
  I.mem_base = I.memory ? I.memory->data() : nullptr;

  auto eval = [&](const ConstExpr& c) -> uint64_t {
    switch (c.op) {
      case ConstExpr::Op::Const: return c.value;
      case ConstExpr::Op::GlobalGet: return *I.globals[c.value]->cell();
      case ConstExpr::Op::RefNull: return 0;
      case ConstExpr::Op::RefFunc: return reinterpret_cast<uint64_t>(I.func_ptrs[c.value]);
    }
    return 0;
  };
  for (size_t i = m.num_global_imports; i < m.globals.size(); ++i) {
    const GlobalType& g = m.globals[i];
    I.globals.push_back(std::make_shared<GlobalInst>(g.type, g.mut, eval(m.global_inits[i - m.num_global_imports])));
  }
  for (auto& g : I.globals) I.global_cells.push_back(g->cell());
  for (const ElemSegment& s : m.elems) {
    std::vector<uint64_t> values;
    for (const ConstExpr& c : s.items) values.push_back(eval(c));
    I.elem_values.push_back(std::move(values));
  }
  I.elem_dropped.assign(m.elems.size(), false);
  I.data_dropped.assign(m.datas.size(), false);
  {
    std::lock_guard lock(instances_mu_);
    instances_.push_back(instance);
  }
  if (on_instantiate_) on_instantiate_(*instance);

  // 3. Segments, in order.
  InstantiateResult result{instance, std::nullopt};
  auto trap = [&](TrapKind kind, const char* msg) {
    result.trap = Trap{kind, msg, {}, 0};
    return result;
  };
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& s = m.elems[i];
    if (s.mode == ElemSegment::Mode::Passive) continue;
    I.elem_dropped[i] = true;
    if (s.mode == ElemSegment::Mode::Declared) continue;
    auto& table = I.table_ptrs[s.table]->elems();
    uint64_t offset = static_cast<uint32_t>(eval(s.offset));
    const auto& values = I.elem_values[i];
    if (offset > table.size() || values.size() > table.size() - offset)
      return trap(TrapKind::TableOutOfBounds, "out of bounds table access");
    std::copy(values.begin(), values.end(), table.begin() + offset);
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& s = m.datas[i];
    if (!s.active) continue;
    I.data_dropped[i] = true;
    uint64_t offset = static_cast<uint32_t>(eval(s.offset));
    if (!I.memory || !I.memory->write(offset, s.bytes.data(), s.bytes.size()))
      return trap(TrapKind::MemoryOutOfBounds, "out of bounds memory access");
  }

  // 4. Start function.
  if (m.start) {
    CallResult r = I.funcs[*m.start]->call({});
    if (r.trap) result.trap = std::move(r.trap);
  }
  return result;
}

std::shared_ptr<Instance> Linker::clone_instance(const Instance& parent_inst) {
  const Instance::Impl& P = const_cast<Instance&>(parent_inst).impl();
  const Module::Impl& m = P.mod();
  auto impl = std::make_unique<Instance::Impl>();
  Instance::Impl& I = *impl;
  I.module = P.module;
  auto instance = std::make_shared<Instance>(std::move(impl));
  I.self = instance.get();
  instance->set_user_data(parent_inst.user_data());

  // Functions: imports shared, defined ones bound to the clone.
  for (size_t i = 0; i < P.funcs.size(); ++i) {
    if (i < m.num_func_imports) {
      I.funcs.push_back(P.funcs[i]);
      continue;
    }
    auto f = std::make_unique<FuncInst::Impl>();
    static_cast<interp::FuncImpl&>(*f) = *P.func_ptrs[i];
    f->inst = &I;
    I.funcs.push_back(std::make_shared<FuncInst>(std::move(f)));
  }
  for (auto& f : I.funcs) I.func_ptrs.push_back(&f->impl());
  auto remap = [&](uint64_t ref) -> uint64_t {
    auto* f = reinterpret_cast<const interp::FuncImpl*>(ref);
    if (f && f->inst == &P) return reinterpret_cast<uint64_t>(I.func_ptrs[f->code->func_index]);
    return ref;  // null, an externref, or another instance's function
  };

  for (size_t i = 0; i < P.tables.size(); ++i) {
    if (i < m.num_table_imports) {
      I.tables.push_back(P.tables[i]);
      continue;
    }
    const TableInst& src = *P.tables[i];
    auto t = TableInst::create(src.elem_type(), Limits{src.size(), src.limits().max}, 0);
    auto& dst = t->elems();
    const auto& from = const_cast<TableInst&>(src).elems();
    for (size_t k = 0; k < from.size(); ++k)
      dst[k] = src.elem_type() == ValType::FuncRef ? remap(from[k]) : from[k];
    I.tables.push_back(std::move(t));
  }
  for (auto& t : I.tables) I.table_ptrs.push_back(t.get());

  if (P.memory) {
    if (m.num_memory_imports) {
      I.memory = P.memory;
    } else {
      I.memory = P.memory->clone();
    }
  }
  I.mem_base = I.memory ? I.memory->data() : nullptr;

  for (size_t i = 0; i < P.globals.size(); ++i) {
    if (i < m.num_global_imports) {
      I.globals.push_back(P.globals[i]);
      continue;
    }
    const GlobalInst& g = *P.globals[i];
    uint64_t bits = *const_cast<GlobalInst&>(g).cell();
    if (g.type() == ValType::FuncRef) bits = remap(bits);
    I.globals.push_back(std::make_shared<GlobalInst>(g.type(), g.is_mutable(), bits));
  }
  for (auto& g : I.globals) I.global_cells.push_back(g->cell());
  for (const auto& values : P.elem_values) {
    std::vector<uint64_t> copy;
    for (uint64_t v : values) copy.push_back(remap(v));
    I.elem_values.push_back(std::move(copy));
  }
  I.elem_dropped = P.elem_dropped;
  I.data_dropped = P.data_dropped;
  {
    std::lock_guard lock(instances_mu_);
    instances_.push_back(instance);
  }
  return instance;
}

void Linker::release(const Instance* instance) {
  std::shared_ptr<Instance> dropped;  // destroyed outside the lock
  std::lock_guard lock(instances_mu_);
  auto it = std::find_if(instances_.begin(), instances_.end(),
                         [&](const std::shared_ptr<Instance>& i) { return i.get() == instance; });
  if (it == instances_.end()) return;
  dropped = std::move(*it);
  instances_.erase(it);
}

}  // namespace lind::rt
