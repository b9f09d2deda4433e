// setjmp/longjmp: a host call recorded as a jump point can be made to return
// again later, from deeper in the same thread's execution (even from a
// nested invocation), because every wasm frame lives in our own stacks.
#include <algorithm>
#include <cstring>

#include "instance_impl.h"

namespace lind::rt::interp {
namespace {

constexpr const char* kNotActive = "longjmp: jmp_buf is not from a setjmp whose function is still active";

JumpTable& table(Thread& t) {
  if (!t.jumps) t.jumps = std::make_unique<JumpTable>();
  return *t.jumps;
}

// Is the activation that recorded `p` still on the stack below frame
// `limit`? The mark is what tells a returned activation from a new one of
// the same function in the same place.
bool alive(const Thread& t, const JumpPoint& p, size_t limit) {
  if (p.depth >= limit) return false;
  const Frame& f = t.frames[p.depth];
  if (!has_jump_mark(f) || f.func != p.func || f.inst != p.inst) return false;
  // The frame above, if any, names this activation's fp as its caller's,
  // unless it begins a nested invocation (interrupt handler).
  if (t.frames + p.depth + 1 == t.ftop) return true;
  const Frame& above = t.frames[p.depth + 1];
  return !above.ret_pc || above.ret_fp == p.fp;
}

bool is_number(ValType v) {
  return v == ValType::I32 || v == ValType::I64 || v == ValType::F32 || v == ValType::F64;
}

void fail(Thread& t, const char* message) {
  t.trapped = true;
  t.trap_kind = TrapKind::Host;
  t.trap_message = message;
}

JumpPoint* find(Thread& t, uint64_t token) {
  if (!t.jumps || token == 0) return nullptr;
  auto& v = t.jumps->points;
  auto it = std::find_if(v.rbegin(), v.rend(), [&](const JumpPoint& p) { return p.token == token; });
  return it == v.rend() ? nullptr : &*it;
}

void drop_dead(Thread& t, JumpTable& jt) {
  size_t limit = static_cast<size_t>(t.ftop - t.frames);
  std::erase_if(jt.points, [&](const JumpPoint& p) { return !alive(t, p, limit); });
}

}  // namespace

uint64_t set_jump_point(Thread& t) {
  size_t top = static_cast<size_t>(t.ftop - t.frames);
  if (top < 2 || !t.host_args) return 0;
  const Frame& host = t.ftop[-1];
  Frame& act = t.ftop[-2];
  if (host.func || !host.ret_pc || !act.func) return 0;  // not a host call made by wasm
  const FuncImpl* hf = frame_callee(host);
  if (!hf || (!hf->sig.results.empty() && !is_number(hf->sig.results[0]))) return 0;
  char* fp = host.ret_fp;
  const FuncCode* code = act.func;
  uint32_t operands = (code->num_params + code->num_locals) * 8;
  ptrdiff_t args = t.host_args - fp;
  if (args < operands || args > code->frame_bytes) return 0;

  JumpTable& jt = table(t);
  auto& v = jt.points;
  size_t depth = top - 2;
  // Everything deeper is dead; so is everything at this depth unless this
  // activation recorded it (then it carries the mark).
  bool marked = has_jump_mark(act);
  while (!v.empty() && (v.back().depth > depth || (v.back().depth == depth && !marked))) v.pop_back();
  // The same activation and call site again (setjmp in a loop): one point.
  JumpPoint* p = nullptr;
  for (size_t i = v.size(); i-- > 0 && v[i].depth == depth;)
    if (v[i].ret_pc == host.ret_pc && v[i].fp == fp) p = &v[i];
  if (!p) {
    if (v.size() >= kMaxJumpPoints) drop_dead(t, jt);
    if (v.size() >= kMaxJumpPoints) return 0;
    p = &v.emplace_back();
    p->token = jt.next_token++;
  }
  p->depth = depth;
  p->fp = fp;
  p->func = code;
  p->inst = act.inst;
  p->ret_pc = host.ret_pc;
  p->args_offset = static_cast<uint32_t>(args);
  p->num_results = static_cast<uint32_t>(hf->sig.results.size());
  p->result = p->num_results ? hf->sig.results[0] : ValType::I64;
  p->operands_offset = operands;
  const auto* slots = reinterpret_cast<const uint64_t*>(fp + operands);
  p->operands.assign(slots, slots + (args - operands) / 8);
  set_jump_mark(act);
  return p->token;
}

void long_jump(Thread& t, uint64_t token, uint64_t value) {
  size_t top = static_cast<size_t>(t.ftop - t.frames);
  if (top < 2 || t.ftop[-1].func || !t.ftop[-1].ret_pc) return fail(t, "longjmp: not called from wasm");
  JumpPoint* p = find(t, token);
  if (!p || !alive(t, *p, top - 1)) return fail(t, kNotActive);
  if (p->inst != t.ftop[-1].inst) return fail(t, "longjmp: jmp_buf is from another module instance");
  for (size_t i = p->depth + 1; i < top; ++i)
    if (t.frames[i].inst != p->inst)
      return fail(t, "longjmp: cannot unwind the frames of another module instance");
  JumpTable& jt = *t.jumps;
  jt.pending = true;
  jt.pending_token = token;
  jt.pending_value = value;
  t.trapped = true;
  t.trap_kind = TrapKind::Jump;
  t.trap_message = "longjmp";
}

const Word* take_pending_jump(Thread* t, char*& fp, uint8_t*& mem) {
  if (t->trap_kind != TrapKind::Jump) return nullptr;
  JumpTable* jt = t->jumps.get();
  JumpPoint* p = jt && jt->pending ? find(*t, jt->pending_token) : nullptr;
  if (!p || !alive(*t, *p, static_cast<size_t>(t->ftop - t->frames))) {
    // Only a host function that broke the contract (ran wasm while its
    // callee was unwinding) can get here.
    if (jt) jt->pending = false;
    fail(*t, kNotActive);
    return nullptr;
  }
  Frame* target = t->frames + p->depth;
  if (target < t->invocation->entry) return nullptr;  // an outer invocation's

  t->ftop = target + 1;
  std::memcpy(p->fp + p->operands_offset, p->operands.data(), p->operands.size() * 8);
  auto* results = reinterpret_cast<uint64_t*>(p->fp + p->args_offset);
  if (p->num_results) {
    uint64_t v = jt->pending_value;
    if (p->result == ValType::I32 || p->result == ValType::F32) v &= 0xffffffffu;
    results[0] = v;
    std::fill(results + 1, results + p->num_results, 0);  // 0 is also a null reference
  }
  if (p->inst != t->inst) {
    t->inst = p->inst;
    t->globals = p->inst->global_cells.data();
    t->memory = p->inst->memory.get();
  }
  mem = p->inst->mem_base;
  fp = p->fp;
  jt->pending = false;
  t->trapped = false;
  return p->ret_pc;
}

std::vector<JumpPoint> capture_jump_points(const Thread& t, size_t entry_depth, size_t end_depth) {
  std::vector<JumpPoint> out;
  if (!t.jumps) return out;
  for (const JumpPoint& p : t.jumps->points) {
    if (p.depth < entry_depth || p.depth >= end_depth) continue;
    out.push_back(p);
    out.back().depth -= entry_depth;
  }
  return out;
}

void install_jump_points(Thread& t, const std::vector<JumpPoint>& points, uint64_t next_token,
                         char* old_base, char* new_base, Instance::Impl* old_inst,
                         Instance::Impl* new_inst) {
  JumpTable& jt = table(t);
  jt.points = points;
  for (JumpPoint& p : jt.points) {
    p.fp = new_base + (p.fp - old_base);
    if (p.inst == old_inst) p.inst = new_inst;
  }
  jt.next_token = std::max(jt.next_token, next_token);
  jt.pending = false;
}

}  // namespace lind::rt::interp
