// WABT IR → internal code. The wasm operand stack exists only here, at
// translation time: every stack position p has a fixed frame slot L+p
// (L = params + locals), so operations name their operands' slots directly.
// Values from local.get and constants stay virtual (the operand names the
// local's slot, or becomes an immediate) until something forces them into
// their stack slot: a write to that local, a block boundary, a call.
#include "translator.h"

#include <wabt/cast.h>
#include <wabt/expr-visitor.h>

#include <algorithm>
#include <limits>

#include "op_tables.h"
#include "ops.h"
#include "ops_atomic.h"

namespace lind::rt {

using interp::FuncCode;
using interp::OpFn;
using interp::Word;
using wabt::Opcode;
using wabt::Result;

namespace {

constexpr uint64_t kMaxFrameSlots = 1u << 22;  // 32 MiB of slots per frame

struct Operand {
  enum class Kind : uint8_t { Stack, Local, Const } kind = Kind::Stack;
  uint32_t slot = 0;  // Stack: L+position; Local: local index
  uint64_t imm = 0;   // Const: raw bits
};

struct Label {
  enum class Kind : uint8_t { Block, Loop, If, Func } kind = Kind::Block;
  uint32_t height = 0;    // stack height below the block's parameters
  uint32_t nparams = 0, nresults = 0;
  size_t loop_start = 0;
  size_t else_op = SIZE_MAX;  // If: the br_unless that skips the true arm
  std::vector<std::pair<size_t, size_t>> fixups;  // (op start, word) to patch
  uint32_t arity() const { return kind == Kind::Loop ? nparams : nresults; }
};

Label make_label(Label::Kind kind, uint32_t height, uint32_t nparams, uint32_t nresults) {
  Label l;
  l.kind = kind;
  l.height = height;
  l.nparams = nparams;
  l.nresults = nresults;
  return l;
}

// Which earlier operation produced the value now on top of the stack, so
// local.set can retarget it and br_if/if can fuse with a comparison.
struct LastOp {
  bool valid = false;
  size_t start = 0;      // index of the op's first word
  size_t dst_word = 0;   // the word holding its destination
  bool dst_hi = false;   // destination in .b (true) or .a (false)
  uint32_t pos = 0;      // stack position of its result
  Opcode opcode = Opcode::Nop;
  bool fusable_cmp = false;  // a two-operand i32 comparison [lhs|rhs][dst|-]
  bool fusable_cmp_imm = false;  // an i32 comparison with an immediate [lhs|dst][imm]
  bool is_eqz = false;       // i32.eqz [src|dst]
};

class Translator : public wabt::ExprVisitor::DelegateNop {
 public:
  Translator(const wabt::Module& wm, const Module::Impl& m, const wabt::Func& func,
             uint32_t func_index, const std::vector<std::unique_ptr<FuncCode>>& codes,
             FuncCode& out)
      : wm_(wm), m_(m), func_(func), func_index_(func_index), codes_(codes), out_(out),
        code_(out.code) {}

  void run() {
    uint64_t total_locals = uint64_t(func_.GetNumParams()) + func_.GetNumLocals();
    if (total_locals > kMaxFrameSlots) fail("too many locals (" + std::to_string(total_locals) + ")");
    L_ = static_cast<uint32_t>(total_locals);
    labels_.push_back(make_label(Label::Kind::Func, 0, 0, func_.GetNumResults()));
    wabt::ExprVisitor visitor(this);
    if (wabt::Failed(visitor.VisitFunc(const_cast<wabt::Func*>(&func_))) || !error_.empty())
      fail(error_.empty() ? "translation failed" : error_);
    // The function's own end.
    if (!unreachable_) emit_return();
    for (auto [op, word] : labels_.back().fixups) patch(op, word, code_.size());
    // A branch to the function label lands here: return from that point.
    if (!labels_.back().fixups.empty()) emit_return_from_canonical();
    uint64_t frame = uint64_t(L_) + max_height_;
    if (frame > kMaxFrameSlots) fail("operand stack too deep");
    out_.func_index = func_index_;
    out_.num_params = func_.GetNumParams();
    out_.num_locals = func_.GetNumLocals();
    out_.num_results = func_.GetNumResults();
    out_.frame_slots = static_cast<uint32_t>(std::max<uint64_t>(frame, out_.num_results));
    out_.frame_bytes = out_.frame_slots * 8;
    out_.locals_offset = out_.num_params * 8;
    out_.locals_bytes = out_.num_locals * 8;
    code_.shrink_to_fit();
  }

  // ---- visitor callbacks ----
  Result OnBinaryExpr(wabt::BinaryExpr* e) override { return numeric(e->opcode); }
  Result OnCompareExpr(wabt::CompareExpr* e) override { return numeric(e->opcode); }
  Result OnConvertExpr(wabt::ConvertExpr* e) override { return numeric(e->opcode); }
  Result OnUnaryExpr(wabt::UnaryExpr* e) override { return numeric(e->opcode); }

  Result BeginBlockExpr(wabt::BlockExpr* e) override {
    if (dead()) return ++dead_depth_, Result::Ok;
    begin_block(Label::Kind::Block, e->block.decl);
    return Result::Ok;
  }
  Result EndBlockExpr(wabt::BlockExpr*) override { return end_block(); }
  Result BeginLoopExpr(wabt::LoopExpr* e) override {
    if (dead()) return ++dead_depth_, Result::Ok;
    begin_block(Label::Kind::Loop, e->block.decl);
    labels_.back().loop_start = code_.size();
    return Result::Ok;
  }
  Result EndLoopExpr(wabt::LoopExpr*) override { return end_block(); }

  Result BeginIfExpr(wabt::IfExpr* e) override {
    if (dead()) return ++dead_depth_, Result::Ok;
    uint32_t cond_pos = height() - 1;
    Operand cond = pop();
    // Parameters and everything below become canonical before the branch,
    // so both arms start from the same slots.
    materialize_all();
    size_t op = emit_cond_branch(cond, cond_pos, /*branch_if_true=*/false);
    begin_block(Label::Kind::If, e->true_.decl);
    labels_.back().else_op = op;
    return Result::Ok;
  }
  Result AfterIfTrueExpr(wabt::IfExpr* e) override {
    if (dead_depth_) return Result::Ok;
    if (e->false_.empty()) return Result::Ok;  // handled at EndIf
    Label& l = labels_.back();
    if (!unreachable_) {
      materialize_top(l.nresults);
      size_t op = emit(interp::op_br);
      l.fixups.push_back({op, word(0)});
    }
    patch(l.else_op, l.else_op + 2, code_.size());
    l.else_op = SIZE_MAX;
    reset_stack(l.height + l.nparams);
    return Result::Ok;
  }
  Result EndIfExpr(wabt::IfExpr*) override { return end_block(); }

  Result OnBrExpr(wabt::BrExpr* e) override {
    if (dead()) return Result::Ok;
    branch(depth(e->var));
    unreachable_ = true;
    return Result::Ok;
  }

  Result OnBrIfExpr(wabt::BrIfExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t d = depth(e->var);
    uint32_t cond_pos = height() - 1;
    Operand cond = pop();
    Label& l = label(d);
    if (l.kind != Label::Kind::Func && !needs_copy(l)) {
      size_t op = emit_cond_branch(cond, cond_pos, /*branch_if_true=*/true);
      link(l, op);
      return Result::Ok;
    }
    size_t skip = emit_cond_branch(cond, cond_pos, /*branch_if_true=*/false);
    branch(d);
    patch(skip, skip + 2, code_.size());
    return Result::Ok;
  }

  Result OnBrTableExpr(wabt::BrTableExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t index_pos = height() - 1;
    uint32_t index = read(pop(), index_pos);
    std::vector<uint32_t> targets;
    for (const auto& v : e->targets) targets.push_back(depth(v));
    targets.push_back(depth(e->default_target));
    size_t op = emit(interp::op_br_table);
    pair(index, static_cast<uint32_t>(targets.size() - 1));
    size_t first = code_.size();
    for (size_t i = 0; i < targets.size(); ++i) word(0);
    // Targets whose values are already in place jump directly; the others
    // go through a stub that moves the values, shared per target.
    std::vector<std::pair<uint32_t, size_t>> stubs;
    for (size_t i = 0; i < targets.size(); ++i) {
      Label& l = label(targets[i]);
      if (l.kind != Label::Kind::Func && !needs_copy(l)) {
        link_word(l, op, first + i);
        continue;
      }
      auto it = std::find_if(stubs.begin(), stubs.end(),
                             [&](auto& s) { return s.first == targets[i]; });
      if (it == stubs.end()) {
        stubs.push_back({targets[i], code_.size()});
        it = stubs.end() - 1;
        branch(targets[i]);
      }
      code_[first + i].i64 = static_cast<int64_t>(it->second) - static_cast<int64_t>(op);
    }
    unreachable_ = true;
    return Result::Ok;
  }

  Result OnReturnExpr(wabt::ReturnExpr*) override {
    if (dead()) return Result::Ok;
    emit_return();
    unreachable_ = true;
    return Result::Ok;
  }

  Result OnUnreachableExpr(wabt::UnreachableExpr*) override {
    if (dead()) return Result::Ok;
    emit(interp::op_unreachable);
    unreachable_ = true;
    return Result::Ok;
  }

  Result OnNopExpr(wabt::NopExpr*) override { return Result::Ok; }

  Result OnCallExpr(wabt::CallExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t callee = e->var.index();
    const FuncSig& sig = m_.func_sig(callee);
    uint32_t argbase = prepare_args(sig.params.size());
    if (callee < m_.num_func_imports) {
      emit(interp::op_call_import);
      pair(callee, argbase);
    } else {
      emit(interp::op_call);
      Word w;
      w.ptr = codes_[callee - m_.num_func_imports].get();
      code_.push_back(w);
      pair(argbase, 0);
    }
    push_results(sig.results.size());
    return Result::Ok;
  }

  Result OnCallIndirectExpr(wabt::CallIndirectExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t index_pos = height() - 1;
    uint32_t index = read(pop(), index_pos);
    uint32_t type_index = wm_.GetFuncTypeIndex(e->decl);
    if (type_index >= m_.types.size()) return error("call_indirect: unknown type");
    const FuncSig& sig = m_.types[type_index];
    uint32_t argbase = prepare_args(sig.params.size());
    emit(interp::op_call_indirect);
    pair(e->table.index(), argbase);
    pair(m_.type_ids[type_index], index);
    push_results(sig.results.size());
    return Result::Ok;
  }

  Result OnDropExpr(wabt::DropExpr*) override {
    if (dead()) return Result::Ok;
    pop();
    return Result::Ok;
  }

  Result OnSelectExpr(wabt::SelectExpr*) override {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand c = pop(), b = pop(), a = pop();
    uint32_t ao = read(a, h - 3), bo = read(b, h - 2), co = read(c, h - 1);
    emit(interp::op_select);
    pair(ao, bo);
    pair(co, push_result(/*hi=*/true));
    return Result::Ok;
  }

  Result OnConstExpr(wabt::ConstExpr* e) override {
    if (dead()) return Result::Ok;
    const wabt::Const& c = e->const_;
    uint64_t bits = 0;
    switch (c.type()) {
      case wabt::Type::I32: bits = c.u32(); break;
      case wabt::Type::F32: bits = c.f32_bits(); break;
      case wabt::Type::I64: bits = c.u64(); break;
      case wabt::Type::F64: bits = c.f64_bits(); break;
      default: return error("unsupported constant type");
    }
    push_const(bits);
    return Result::Ok;
  }

  Result OnLocalGetExpr(wabt::LocalGetExpr* e) override {
    if (dead()) return Result::Ok;
    push(Operand{Operand::Kind::Local, e->var.index(), 0});
    return Result::Ok;
  }
  Result OnLocalSetExpr(wabt::LocalSetExpr* e) override {
    if (dead()) return Result::Ok;
    set_local(e->var.index());
    return Result::Ok;
  }
  Result OnLocalTeeExpr(wabt::LocalTeeExpr* e) override {
    if (dead()) return Result::Ok;
    set_local(e->var.index());
    push(Operand{Operand::Kind::Local, e->var.index(), 0});
    return Result::Ok;
  }

  Result OnGlobalGetExpr(wabt::GlobalGetExpr* e) override {
    if (dead()) return Result::Ok;
    emit(interp::op_global_get);
    uint32_t idx = e->var.index();
    pair(idx, 0);
    set_dst(code_.size() - 1, true);
    return Result::Ok;
  }
  Result OnGlobalSetExpr(wabt::GlobalSetExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t pos = height() - 1;
    uint32_t src = read(pop(), pos);
    emit(interp::op_global_set);
    pair(e->var.index(), src);
    return Result::Ok;
  }

  // A load: address operand in, value out, the static offset as an
  // immediate. `fn` is null for an opcode we do not run.
  Result load(OpFn fn, const wabt::Opcode& opcode, uint64_t offset, const char* what) {
    if (!fn) return error(std::string("unsupported ") + what + " " + opcode.GetName());
    uint32_t pos = height() - 1;
    uint32_t addr = read(pop(), pos);
    emit(fn);
    pair(addr, 0);
    size_t dst_word = code_.size() - 1;
    word(offset);
    set_dst(dst_word, true);
    return Result::Ok;
  }
  // A store: address and value operands, the offset as an immediate.
  Result store(OpFn fn, const wabt::Opcode& opcode, uint64_t offset, const char* what) {
    if (!fn) return error(std::string("unsupported ") + what + " " + opcode.GetName());
    uint32_t h = height();
    Operand v = pop(), a = pop();
    uint32_t addr = read(a, h - 2), val = read(v, h - 1);
    emit(fn);
    pair(addr, val);
    word(offset);
    return Result::Ok;
  }

  Result OnLoadExpr(wabt::LoadExpr* e) override {
    if (dead()) return Result::Ok;
    return load(interp::load_op(e->opcode), e->opcode, e->offset, "load");
  }
  Result OnStoreExpr(wabt::StoreExpr* e) override {
    if (dead()) return Result::Ok;
    return store(interp::store_op(e->opcode), e->opcode, e->offset, "store");
  }

  Result OnMemorySizeExpr(wabt::MemorySizeExpr*) override {
    if (dead()) return Result::Ok;
    emit(interp::op_memory_size);
    pair(0, 0);
    set_dst(code_.size() - 1, false);
    return Result::Ok;
  }
  Result OnMemoryGrowExpr(wabt::MemoryGrowExpr*) override {
    if (dead()) return Result::Ok;
    uint32_t pos = height() - 1;
    uint32_t delta = read(pop(), pos);
    emit(interp::op_memory_grow);
    pair(delta, 0);
    set_dst(code_.size() - 1, true);
    return Result::Ok;
  }
  Result OnMemoryFillExpr(wabt::MemoryFillExpr*) override {
    return three_operands(interp::op_memory_fill, 0, false);
  }
  Result OnMemoryCopyExpr(wabt::MemoryCopyExpr*) override {
    return three_operands(interp::op_memory_copy, 0, false);
  }
  Result OnMemoryInitExpr(wabt::MemoryInitExpr* e) override {
    return three_operands(interp::op_memory_init, e->var.index(), false);
  }
  Result OnDataDropExpr(wabt::DataDropExpr* e) override {
    if (dead()) return Result::Ok;
    emit(interp::op_data_drop);
    pair(e->var.index(), 0);
    return Result::Ok;
  }

  Result OnTableGetExpr(wabt::TableGetExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t pos = height() - 1;
    uint32_t i = read(pop(), pos);
    emit(interp::op_table_get);
    pair(i, 0);
    size_t dst_word = code_.size() - 1;
    pair(e->var.index(), 0);
    set_dst(dst_word, true);
    return Result::Ok;
  }
  Result OnTableSetExpr(wabt::TableSetExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand v = pop(), i = pop();
    uint32_t io = read(i, h - 2), vo = read(v, h - 1);
    emit(interp::op_table_set);
    pair(io, vo);
    pair(e->var.index(), 0);
    return Result::Ok;
  }
  Result OnTableSizeExpr(wabt::TableSizeExpr* e) override {
    if (dead()) return Result::Ok;
    emit(interp::op_table_size);
    pair(e->var.index(), 0);
    set_dst(code_.size() - 1, true);
    return Result::Ok;
  }
  Result OnTableGrowExpr(wabt::TableGrowExpr* e) override {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand delta = pop(), init = pop();
    uint32_t io = read(init, h - 2), dt = read(delta, h - 1);
    emit(interp::op_table_grow);
    pair(io, dt);
    pair(e->var.index(), 0);
    set_dst(code_.size() - 1, true);
    return Result::Ok;
  }
  Result OnTableFillExpr(wabt::TableFillExpr* e) override {
    return three_operands(interp::op_table_fill, e->var.index(), false);
  }
  Result OnTableCopyExpr(wabt::TableCopyExpr* e) override {
    if (Result r = three_operands(interp::op_table_copy, 0, false); wabt::Failed(r)) return r;
    if (dead()) return Result::Ok;
    pair(e->dst_table.index(), e->src_table.index());
    return Result::Ok;
  }
  Result OnTableInitExpr(wabt::TableInitExpr* e) override {
    if (Result r = three_operands(interp::op_table_init, 0, false); wabt::Failed(r)) return r;
    if (dead()) return Result::Ok;
    pair(e->table_index.index(), e->segment_index.index());
    return Result::Ok;
  }
  Result OnElemDropExpr(wabt::ElemDropExpr* e) override {
    if (dead()) return Result::Ok;
    emit(interp::op_elem_drop);
    pair(e->var.index(), 0);
    return Result::Ok;
  }

  Result OnRefNullExpr(wabt::RefNullExpr*) override {
    if (dead()) return Result::Ok;
    push_const(0);
    return Result::Ok;
  }
  Result OnRefIsNullExpr(wabt::RefIsNullExpr*) override { return numeric(Opcode::RefIsNull); }
  Result OnRefFuncExpr(wabt::RefFuncExpr* e) override {
    if (dead()) return Result::Ok;
    emit(interp::op_ref_func);
    pair(e->var.index(), 0);
    set_dst(code_.size() - 1, true);
    return Result::Ok;
  }

  // Everything this engine does not implement (SIMD, threads, exceptions,
  // tail calls) was rejected by WABT's feature flags; reaching one is a bug.
  Result OnSimdLaneOpExpr(wabt::SimdLaneOpExpr*) override { return unsupported("SIMD"); }
  Result OnSimdShuffleOpExpr(wabt::SimdShuffleOpExpr*) override { return unsupported("SIMD"); }
  Result OnSimdLoadLaneExpr(wabt::SimdLoadLaneExpr*) override { return unsupported("SIMD"); }
  Result OnSimdStoreLaneExpr(wabt::SimdStoreLaneExpr*) override { return unsupported("SIMD"); }
  Result OnLoadSplatExpr(wabt::LoadSplatExpr*) override { return unsupported("SIMD"); }
  Result OnLoadZeroExpr(wabt::LoadZeroExpr*) override { return unsupported("SIMD"); }
  Result OnTernaryExpr(wabt::TernaryExpr*) override { return unsupported("SIMD"); }
  Result OnReturnCallExpr(wabt::ReturnCallExpr*) override { return unsupported("tail calls"); }
  Result OnReturnCallIndirectExpr(wabt::ReturnCallIndirectExpr*) override {
    return unsupported("tail calls");
  }
  Result OnCallRefExpr(wabt::CallRefExpr*) override { return unsupported("call_ref"); }
  Result BeginTryExpr(wabt::TryExpr*) override { return unsupported("exceptions"); }
  Result OnThrowExpr(wabt::ThrowExpr*) override { return unsupported("exceptions"); }
  Result OnRethrowExpr(wabt::RethrowExpr*) override { return unsupported("exceptions"); }

  // ---- the threads proposal's atomics (encodings in ops_atomic.h) ----
  Result OnAtomicLoadExpr(wabt::AtomicLoadExpr* e) override {
    if (dead()) return Result::Ok;
    return load(interp::atomic_load_op(e->opcode), e->opcode, e->offset, "atomic load");
  }
  Result OnAtomicStoreExpr(wabt::AtomicStoreExpr* e) override {
    if (dead()) return Result::Ok;
    return store(interp::atomic_store_op(e->opcode), e->opcode, e->offset, "atomic store");
  }
  Result OnAtomicRmwExpr(wabt::AtomicRmwExpr* e) override {
    OpFn fn = interp::atomic_rmw_op(e->opcode);
    if (!fn && !dead()) return error(std::string("unsupported atomic operation ") + e->opcode.GetName());
    return atomic_two_operands(fn, e->offset);
  }
  Result OnAtomicNotifyExpr(wabt::AtomicNotifyExpr* e) override {
    return atomic_two_operands(interp::op_memory_atomic_notify, e->offset);
  }
  Result OnAtomicRmwCmpxchgExpr(wabt::AtomicRmwCmpxchgExpr* e) override {
    OpFn fn = interp::atomic_cmpxchg_op(e->opcode);
    if (!fn && !dead()) return error(std::string("unsupported atomic operation ") + e->opcode.GetName());
    return atomic_three_operands(fn, e->offset);
  }
  Result OnAtomicWaitExpr(wabt::AtomicWaitExpr* e) override {
    return atomic_three_operands(e->opcode == Opcode::MemoryAtomicWait64 ? interp::op_memory_atomic_wait64
                                                                         : interp::op_memory_atomic_wait32,
                                 e->offset);
  }
  Result OnAtomicFenceExpr(wabt::AtomicFenceExpr*) override {
    if (dead()) return Result::Ok;
    emit(interp::op_atomic_fence);
    return Result::Ok;
  }

 private:
  // ---- errors ----
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(Error::Kind::Unsupported,
                m_.name + ": function " + std::to_string(func_index_) + ": " + why);
  }
  Result error(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return Result::Error;
  }
  Result unsupported(const char* what) { return error(std::string(what) + " is not supported"); }

  // ---- code emission ----
  size_t emit(OpFn fn) {
    last_.valid = false;
    Word w;
    w.fn = fn;
    code_.push_back(w);
    return code_.size() - 1;
  }
  size_t word(uint64_t v) {
    Word w;
    w.u64 = v;
    code_.push_back(w);
    return code_.size() - 1;
  }
  void pair(uint32_t a, uint32_t b) {
    Word w;
    w.s = {a, b};
    code_.push_back(w);
  }
  void patch(size_t op, size_t w, size_t target) {
    code_[w].i64 = static_cast<int64_t>(target) - static_cast<int64_t>(op);
  }
  static uint32_t off(uint32_t slot) { return slot * 8; }

  // ---- the virtual operand stack ----
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  bool dead() const { return unreachable_ || dead_depth_ > 0; }
  void push(Operand o) {
    stack_.push_back(o);
    max_height_ = std::max(max_height_, height());
  }
  void push_const(uint64_t bits) { push(Operand{Operand::Kind::Const, 0, bits}); }
  Operand pop() {
    Operand o = stack_.back();
    stack_.pop_back();
    return o;
  }
  uint32_t canonical(uint32_t pos) const { return L_ + pos; }

  // The byte offset to read operand `o` (at stack position `pos`) from;
  // a constant is written into its stack slot first.
  uint32_t read(const Operand& o, uint32_t pos) {
    switch (o.kind) {
      case Operand::Kind::Stack: return off(o.slot);
      case Operand::Kind::Local: return off(o.slot);
      case Operand::Kind::Const: emit_const(canonical(pos), o.imm); return off(canonical(pos));
    }
    return 0;
  }
  void emit_const(uint32_t slot, uint64_t bits) {
    if (bits <= std::numeric_limits<uint32_t>::max()) {
      emit(interp::op_const32);
      pair(off(slot), static_cast<uint32_t>(bits));
    } else {
      emit(interp::op_const64);
      pair(off(slot), 0);
      word(bits);
    }
  }
  // Moves operand `o` into slot `dst` (no code if it is already there).
  void move(const Operand& o, uint32_t dst) {
    if (o.kind == Operand::Kind::Const) return emit_const(dst, o.imm);
    if (o.slot == dst) return;
    emit(interp::op_copy);
    pair(off(o.slot), off(dst));
  }
  void materialize(uint32_t pos) {
    Operand& o = stack_[pos];
    if (o.kind == Operand::Kind::Stack) return;
    Operand copy = o;
    move(copy, canonical(pos));
    stack_[pos] = Operand{Operand::Kind::Stack, canonical(pos), 0};
  }
  // Materializes stack positions [from, height()). Copies of consecutive
  // slots into consecutive slots (a call's arguments taken from its
  // caller's locals) become one op_copy_n; it copies in order, slot by
  // slot, so it means exactly what the single copies meant. No label can
  // fall between them: they are emitted here at one point of the code.
  // Zeros into consecutive slots (a syscall's unused arguments) become
  // one op_zero_n likewise.
  void materialize_from(uint32_t from) {
    struct {
      bool zeros = false;
      uint32_t src = 0, dst = 0, n = 0;
    } run;
    auto flush = [&] {
      if (run.zeros && run.n == 1) {
        emit_const(run.dst, 0);
      } else if (run.zeros && run.n > 1) {
        emit(interp::op_zero_n);
        pair(off(run.dst), run.n);
      } else if (run.n == 1) {
        emit(interp::op_copy);
        pair(off(run.src), off(run.dst));
      } else if (run.n > 1) {
        emit(interp::op_copy_n);
        pair(off(run.src), off(run.dst));
        pair(run.n, 0);
      }
      run.n = 0;
    };
    for (uint32_t p = from; p < height(); ++p) {
      Operand o = stack_[p];
      if (o.kind == Operand::Kind::Stack) continue;
      const uint32_t dst = canonical(p);
      stack_[p] = Operand{Operand::Kind::Stack, dst, 0};
      if (o.kind == Operand::Kind::Const && o.imm != 0) {
        flush();
        emit_const(dst, o.imm);
        continue;
      }
      const bool zero = o.kind == Operand::Kind::Const;
      if (!zero && o.slot == dst) continue;
      if (run.n && run.zeros == zero && dst == run.dst + run.n && (zero || o.slot == run.src + run.n)) {
        ++run.n;
      } else {
        flush();
        run = {zero, zero ? 0 : o.slot, dst, 1};
      }
    }
    flush();
  }
  void materialize_all() { materialize_from(0); }
  void materialize_top(uint32_t n) { materialize_from(height() - n); }
  void reset_stack(uint32_t h) {
    stack_.resize(h);
    for (uint32_t p = 0; p < h; ++p) stack_[p] = Operand{Operand::Kind::Stack, canonical(p), 0};
    max_height_ = std::max(max_height_, h);
    unreachable_ = false;
    last_.valid = false;
  }

  // Pushes a result produced into its canonical slot by the op just emitted;
  // returns that slot's offset (for the caller to encode).
  uint32_t push_result(bool hi) {
    uint32_t pos = height();
    push(Operand{Operand::Kind::Stack, canonical(pos), 0});
    size_t w = code_.size();  // the caller writes the dst word next
    last_ = LastOp{true, current_op(), w, hi, pos};
    return off(canonical(pos));
  }
  // Records that word `w` (already written, holding 0 in the dst half)
  // takes the result of the op just emitted.
  void set_dst(size_t w, bool hi) {
    uint32_t pos = height();
    push(Operand{Operand::Kind::Stack, canonical(pos), 0});
    (hi ? code_[w].s.b : code_[w].s.a) = off(canonical(pos));
    last_ = LastOp{true, current_op(), w, hi, pos};
  }
  size_t current_op() const { return last_op_start_; }

  // ---- numeric operations ----
  Result numeric(Opcode opcode) {
    if (dead()) return Result::Ok;
    if (interp::is_identity(opcode)) return Result::Ok;  // same bits, new type
    if (OpFn fn = interp::unary_op(opcode)) {
      uint32_t pos = height() - 1;
      uint32_t src = read(pop(), pos);
      last_op_start_ = emit(fn);
      pair(src, 0);
      set_dst(code_.size() - 1, true);
      last_.opcode = opcode;
      last_.is_eqz = opcode == Opcode::I32Eqz;
      return Result::Ok;
    }
    OpFn fn = interp::binary_op(opcode);
    if (!fn) return error(std::string("unsupported operation ") + opcode.GetName());
    uint32_t h = height();
    Operand b = pop(), a = pop();
    if (a.kind == Operand::Kind::Const && b.kind != Operand::Kind::Const &&
        interp::is_commutative(opcode))
      std::swap(a, b);
    if (b.kind == Operand::Kind::Const) {
      if (OpFn imm = interp::binary_imm_op(opcode)) {
        uint32_t ao = read(a, h - 2);
        last_op_start_ = emit(imm);
        pair(ao, 0);
        size_t dst_word = code_.size() - 1;
        word(b.imm);
        set_dst(dst_word, true);
        last_.opcode = opcode;
        last_.fusable_cmp_imm = interp::branch_cmp_imm_op(opcode, false) != nullptr &&
                                b.imm <= std::numeric_limits<uint32_t>::max();
        return Result::Ok;
      }
    }
    uint32_t ao = read(a, h - 2), bo = read(b, h - 1);
    last_op_start_ = emit(fn);
    pair(ao, bo);
    pair(0, 0);
    set_dst(code_.size() - 1, false);
    last_.opcode = opcode;
    last_.fusable_cmp = interp::branch_cmp_op(opcode, false) != nullptr;
    return Result::Ok;
  }

  // ---- locals ----
  void set_local(uint32_t x) {
    uint32_t pos = height() - 1;
    Operand v = pop();
    bool referenced = false;
    for (const Operand& o : stack_)
      if (o.kind == Operand::Kind::Local && o.slot == x) referenced = true;
    if (v.kind == Operand::Kind::Stack && last_.valid && last_.pos == pos && !referenced) {
      // Retarget the producing op to write the local directly.
      (last_.dst_hi ? code_[last_.dst_word].s.b : code_[last_.dst_word].s.a) = off(x);
      last_.valid = false;
      return;
    }
    if (v.kind == Operand::Kind::Local && v.slot == x) return;  // x = x
    for (uint32_t p = 0; p < height(); ++p)
      if (stack_[p].kind == Operand::Kind::Local && stack_[p].slot == x) materialize(p);
    move(v, x);
    last_.valid = false;
  }

  // ---- control ----
  uint32_t depth(const wabt::Var& v) const { return v.index(); }
  Label& label(uint32_t depth) { return labels_[labels_.size() - 1 - depth]; }

  void block_sig(const wabt::FuncDeclaration& decl, uint32_t& np, uint32_t& nr) const {
    if (decl.has_func_type) {
      uint32_t ti = wm_.GetFuncTypeIndex(decl.type_var);
      np = static_cast<uint32_t>(m_.types.at(ti).params.size());
      nr = static_cast<uint32_t>(m_.types.at(ti).results.size());
    } else {
      np = decl.GetNumParams();
      nr = decl.GetNumResults();
    }
  }

  void begin_block(Label::Kind kind, const wabt::FuncDeclaration& decl) {
    uint32_t np, nr;
    block_sig(decl, np, nr);
    if (kind != Label::Kind::If) materialize_all();
    labels_.push_back(make_label(kind, height() - np, np, nr));
    last_.valid = false;
  }

  Result end_block() {
    if (dead_depth_) return --dead_depth_, Result::Ok;
    Label l = std::move(labels_.back());
    labels_.pop_back();
    if (!unreachable_) materialize_top(l.nresults);
    size_t here = code_.size();
    if (l.else_op != SIZE_MAX) patch(l.else_op, l.else_op + 2, here);  // if without else
    for (auto [op, w] : l.fixups) patch(op, w, here);
    reset_stack(l.height + l.nresults);
    return Result::Ok;
  }

  // Do the branch's values need moving into the label's result slots?
  bool needs_copy(const Label& l) const {
    uint32_t n = l.arity();
    for (uint32_t i = 0; i < n; ++i) {
      const Operand& o = stack_[height() - n + i];
      if (o.kind != Operand::Kind::Stack || o.slot != canonical(l.height + i)) return true;
    }
    return false;
  }
  // Unconditional branch to label `depth`, moving its values into place.
  // Leaves the virtual stack as it was: br_if's fall-through path and the
  // other br_table targets still see the values where they were.
  void branch(uint32_t depth) {
    Label& l = label(depth);
    if (l.kind == Label::Kind::Func) {
      std::vector<Operand> saved = stack_;
      emit_return();
      stack_ = std::move(saved);
      return;
    }
    uint32_t n = l.arity();
    for (uint32_t i = 0; i < n; ++i) move(stack_[height() - n + i], canonical(l.height + i));
    size_t op = emit(interp::op_br);
    word(0);
    link(l, op);
  }
  // Points the branch op at `op` (its offset in word op+1 ... see callers)
  // to label `l`: backwards for loops, via a fixup otherwise.
  void link(Label& l, size_t op) {
    size_t w = code_.size() - 1;  // the relative-offset word is the op's last
    link_word(l, op, w);
  }
  void link_word(Label& l, size_t op, size_t w) {
    if (l.kind == Label::Kind::Loop) {
      // A back-edge: the branch becomes its safe-point form.
      code_[op].fn = interp::backward_op(code_[op].fn);
      patch(op, w, l.loop_start);
    } else {
      l.fixups.push_back({op, w});
    }
  }

  // A conditional branch on `cond` with a relative offset as its last word;
  // fuses with the comparison or eqz that produced `cond` when possible.
  size_t emit_cond_branch(const Operand& cond, uint32_t pos, bool branch_if_true) {
    if (cond.kind == Operand::Kind::Stack && last_.valid && last_.pos == pos) {
      if (last_.fusable_cmp) {
        if (OpFn fused = interp::branch_cmp_op(last_.opcode, !branch_if_true)) {
          size_t start = last_.start;
          Word operands = code_[start + 1];
          code_.resize(start);
          size_t op = emit(fused);
          code_.push_back(operands);
          word(0);
          return op;
        }
      }
      if (last_.fusable_cmp_imm) {
        if (OpFn fused = interp::branch_cmp_imm_op(last_.opcode, !branch_if_true)) {
          size_t start = last_.start;
          uint32_t lhs = code_[start + 1].s.a;
          auto imm = static_cast<uint32_t>(code_[start + 2].u64);
          code_.resize(start);
          size_t op = emit(fused);
          pair(lhs, imm);
          word(0);
          return op;
        }
      }
      if (last_.is_eqz) {
        size_t start = last_.start;
        uint32_t src = code_[start + 1].s.a;
        code_.resize(start);
        size_t op = emit(branch_if_true ? interp::op_br_unless : interp::op_br_if);
        pair(src, 0);
        word(0);
        return op;
      }
    }
    uint32_t c = read(cond, pos);
    size_t op = emit(branch_if_true ? interp::op_br_if : interp::op_br_unless);
    pair(c, 0);
    word(0);
    return op;
  }

  // ---- calls and returns ----
  uint32_t prepare_args(size_t n) {
    materialize_top(static_cast<uint32_t>(n));
    uint32_t base = height() - static_cast<uint32_t>(n);
    stack_.resize(base);
    return off(canonical(base));
  }
  void push_results(size_t n) {
    for (size_t i = 0; i < n; ++i) push(Operand{Operand::Kind::Stack, canonical(height()), 0});
    last_.valid = false;
  }
  void emit_return() {
    uint32_t n = func_.GetNumResults();
    if (n == 1) {
      uint32_t pos = height() - 1;
      uint32_t src = read(stack_.back(), pos);
      emit(interp::op_return1);
      pair(src, 0);
      return;
    }
    // Move through the canonical slots so no result overwrites a local that
    // a later result still needs.
    materialize_top(n);
    for (uint32_t i = 0; i < n; ++i) move(stack_[height() - n + i], i);
    emit(interp::op_return);
  }
  // After the function's last label: values are in canonical slots 0..n.
  void emit_return_from_canonical() {
    uint32_t n = func_.GetNumResults();
    for (uint32_t i = 0; i < n; ++i)
      move(Operand{Operand::Kind::Stack, canonical(i), 0}, i);
    emit(interp::op_return);
  }

  // [a|b][dst|-][offset]: an address and one operand, one result.
  Result atomic_two_operands(OpFn fn, uint64_t offset) {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand b = pop(), a = pop();
    uint32_t ao = read(a, h - 2), bo = read(b, h - 1);
    emit(fn);
    pair(ao, bo);
    pair(0, 0);
    size_t dst_word = code_.size() - 1;
    word(offset);
    set_dst(dst_word, false);
    return Result::Ok;
  }
  // [a|b][c|dst][offset]: an address and two operands, one result.
  Result atomic_three_operands(OpFn fn, uint64_t offset) {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand c = pop(), b = pop(), a = pop();
    uint32_t ao = read(a, h - 3), bo = read(b, h - 2), co = read(c, h - 1);
    emit(fn);
    pair(ao, bo);
    pair(co, 0);
    size_t dst_word = code_.size() - 1;
    word(offset);
    set_dst(dst_word, true);
    return Result::Ok;
  }

  Result three_operands(OpFn fn, uint32_t extra, bool) {
    if (dead()) return Result::Ok;
    uint32_t h = height();
    Operand c = pop(), b = pop(), a = pop();
    uint32_t ao = read(a, h - 3), bo = read(b, h - 2), co = read(c, h - 1);
    emit(fn);
    pair(ao, bo);
    pair(co, extra);
    return Result::Ok;
  }

  const wabt::Module& wm_;
  const Module::Impl& m_;
  const wabt::Func& func_;
  uint32_t func_index_;
  const std::vector<std::unique_ptr<FuncCode>>& codes_;
  FuncCode& out_;
  std::vector<Word>& code_;

  uint32_t L_ = 0;
  uint32_t max_height_ = 0;
  std::vector<Operand> stack_;
  std::vector<Label> labels_;
  bool unreachable_ = false;
  uint32_t dead_depth_ = 0;
  LastOp last_;
  size_t last_op_start_ = 0;
  std::string error_;
};

}  // namespace

void translate_function(const wabt::Module& wm, const Module::Impl& m, const wabt::Func& func,
                        uint32_t func_index,
                        const std::vector<std::unique_ptr<interp::FuncCode>>& codes,
                        interp::FuncCode& out) {
  Translator(wm, m, func, func_index, codes, out).run();
}

}  // namespace lind::rt
