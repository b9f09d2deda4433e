// The embedding API of lind's WebAssembly engine.
//
// Load bytes into a Module (decoded and validated by WABT, translated once
// into our internal code), link imports by module/name with a Linker,
// instantiate, call exports, read and write linear memory. lind-boot and the
// spec runner use nothing below this header.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lind::rt {

enum class ValType : uint8_t { I32, I64, F32, F64, FuncRef, ExternRef };
const char* to_string(ValType);

// A typed value as seen by embedders. Inside the engine every value is a raw
// 64-bit slot; Value adds the type. References: 0 is null. A funcref is an
// engine-internal FuncInst pointer; an externref is whatever 64-bit host value
// the embedder chose (non-zero).
struct Value {
  ValType type = ValType::I32;
  uint64_t bits = 0;

  static Value i32(uint32_t v) { return {ValType::I32, v}; }
  static Value i64(uint64_t v) { return {ValType::I64, v}; }
  static Value f32_bits(uint32_t v) { return {ValType::F32, v}; }
  static Value f64_bits(uint64_t v) { return {ValType::F64, v}; }
  static Value f32(float v);
  static Value f64(double v);
  static Value funcref_null() { return {ValType::FuncRef, 0}; }
  static Value externref(uint64_t v) { return {ValType::ExternRef, v}; }

  uint32_t as_i32() const { return static_cast<uint32_t>(bits); }
  uint64_t as_i64() const { return bits; }
  float as_f32() const;
  double as_f64() const;
  bool is_null_ref() const { return bits == 0; }
  // "i32:42", "f64:1.5", "externref:null" ...
  std::string to_string() const;
};

struct FuncSig {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncSig&) const = default;
  std::string to_string() const;  // "(i32, i64) -> (f32)"
};

// A signature's interned id: equal signatures, equal ids. Made once (it
// takes a lock) for a signature a hot path checks functions against.
struct SigId {
  explicit SigId(const FuncSig& sig);
  uint32_t id;
};

// Why a call stopped before returning normally.
enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  IndirectCallTypeMismatch,
  UninitializedElement,
  UndefinedElement,
  StackExhausted,
  UnalignedAtomic,       // threads proposal: a misaligned atomic access
  ExpectedSharedMemory,  // threads proposal: memory.atomic.wait on an unshared memory
  Host,  // a host function failed; message says why
  Exit,  // a host function asked the program to exit (exit_code is set)
  // Not a failure: a longjmp (HostContext::long_jump) made in this nested
  // invocation is going to a jump point of an outer invocation on the same
  // thread. Host code that gets it from FuncInst::call / Instance::call
  // must return at once without touching wasm state (no further calls into
  // wasm: they would return Jump too; no trap() or exit(): they would cancel
  // the jump). When control is back in the interpreter (the host function
  // returns, or the interrupt handler does) the jump continues.
  Jump,
};
const char* to_string(TrapKind);

struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;                 // spec wording, e.g. "integer divide by zero"
  std::vector<std::string> backtrace;  // innermost first: "#0 func[12] <name>"
  int exit_code = 0;                   // for TrapKind::Exit
  std::string to_string() const;       // message + backtrace, multi-line
};

// Loading and linking failures. Message says which file/function/offset.
class Error : public std::runtime_error {
 public:
  enum class Kind { Malformed, Invalid, Unlinkable, Unsupported, Io };
  Error(Kind kind, std::string msg) : std::runtime_error(std::move(msg)), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Module;
class Instance;
class FuncInst;
class TableInst;
class MemoryInst;
class GlobalInst;
class Continuation;
class ThreadHandle;
namespace interp {
struct Thread;
}

struct EngineConfig {
  size_t value_stack_bytes = 64u << 20;  // reserved, touched on demand
  size_t max_call_depth = 100000;
};

// Process-wide engine state: canonical function types, the trap handler.
class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  const EngineConfig& config() const { return config_; }

 private:
  EngineConfig config_;
};

struct ImportDesc {
  std::string module, name;
  enum class Kind { Func, Table, Memory, Global } kind;
  std::string type;  // human-readable type, for error messages
};

struct ExportDesc {
  std::string name;
  enum class Kind { Func, Table, Memory, Global } kind;
};

// A decoded, validated and translated module. Immutable; instantiate it any
// number of times.
class Module {
 public:
  // `name` is used in error messages (usually the file path).
  // Throws Error{Malformed|Invalid|Unsupported}.
  static std::shared_ptr<Module> from_binary(Engine&, std::span<const uint8_t> bytes,
                                             const std::string& name);
  // WebAssembly text format, parsed by WABT and then loaded as binary.
  static std::shared_ptr<Module> from_text(Engine&, std::string_view text,
                                           const std::string& name);
  // Reads a file: "\0asm" is binary; printable text is parsed as WAT;
  // anything else is rejected as not a module.
  static std::shared_ptr<Module> from_file(Engine&, const std::string& path);
  // The same detection for bytes already read.
  static std::shared_ptr<Module> from_bytes(Engine&, std::span<const uint8_t> bytes,
                                            const std::string& name);

  ~Module();
  const std::string& name() const;
  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;
  std::optional<FuncSig> export_func_sig(const std::string& name) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit Module(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

// Host functions receive their arguments in args[0..params) and write their
// results into results[0..results) (raw 64-bit slots; the two spans may
// alias). Return normally to continue, or call ctx.trap()/ctx.exit().
class HostContext {
 public:
  Instance* caller() const { return caller_; }
  MemoryInst* memory() const;  // the caller's memory 0, or nullptr
  void trap(std::string message);
  void exit(int code);
  interp::Thread* thread() const { return thread_; }
  // A handle on this host thread's interpreter state, for interrupting it
  // from elsewhere (see ThreadHandle).
  std::shared_ptr<ThreadHandle> thread_handle() const;
  // The execution that called this host function, for resuming elsewhere
  // (fork). nullptr when it cannot be captured: the host function was not
  // called from wasm, or a call into another instance is on the stack.
  // It carries the jump points of that execution (set_jump_point), so the
  // resumed copy can long_jump to them.
  std::unique_ptr<Continuation> capture() const;
  // The execution of `inst` that led to this host call, for resuming it
  // elsewhere: the innermost invocation on this thread with a frame of
  // `inst`, taken at its host call -- the one that (directly, or through
  // nested invocations of other instances, e.g. a grate handling a cage's
  // syscall) led here. Resumed, it continues as if that host call had
  // returned; the invocations nested above it are not part of it, and
  // carry on normally here. It carries that invocation's jump points only.
  // With the caller's instance this is capture(). nullptr when there is no
  // such invocation, it has frames of another instance, or it is not at a
  // host call (it was interrupted: the host call came from the interrupt
  // handler).
  std::unique_ptr<Continuation> capture_invocation_of(const Instance& inst) const;

  // setjmp/longjmp (runtime/README.md, "Jump points").
  // Records this host call as a jump point of this thread: the wasm
  // activation that made it, where it continues, and its operand values.
  // Returns a token naming it (never 0; give the token, not an address, to
  // untrusted code). Recording again from the same activation and call site
  // reuses the token. 0 when no jump point can be recorded: the host
  // function was not called by wasm (an interrupt handler, a direct call),
  // its first result is a reference, or the thread has 65536 live ones.
  uint64_t set_jump_point();
  // Once this host function returns, execution continues as if the host
  // call that recorded `token` had just returned `value` in its first
  // result (truncated to 32 bits for i32/f32; other results are 0), in that
  // activation, with the activations above it discarded. The target may be
  // in an outer invocation (a longjmp out of a handler that host code
  // called): then this invocation and every one in between end with
  // TrapKind::Jump. Traps instead (TrapKind::Host, "longjmp: ...") when the
  // token names no jump point of this thread, its activation has returned,
  // it belongs to another instance than the caller, or the jump would
  // unwind frames of another instance.
  void long_jump(uint64_t token, uint64_t value);

  HostContext(interp::Thread* t, Instance* caller) : thread_(t), caller_(caller) {}

 private:
  interp::Thread* thread_;
  Instance* caller_;
};
using HostFn = std::function<void(HostContext&, const uint64_t* args, uint64_t* results)>;

// A wasm execution captured inside a host function (HostContext::capture):
// the frames and value stack of the invocation that called the host
// function. Resuming it in a clone of its instance is fork.
class Continuation {
 public:
  struct Impl;
  explicit Continuation(std::unique_ptr<Impl>);
  ~Continuation();
  // Runs the captured execution on the calling thread (which must not be
  // running wasm) in `instance`, a clone of the instance it was captured
  // in (Linker::clone_instance), as if the host function had returned
  // `host_result` in its first result slot. Returns when the outermost
  // function returns or traps, like FuncInst::call.
  struct CallResult resume(Instance& instance, uint64_t host_result) const;

 private:
  std::unique_ptr<Impl> impl_;
};

// Runs on an interrupted thread at its next safe point (see ThreadHandle).
// `ctx.caller()` is the instance that was running; the handler may call
// ctx.trap()/ctx.exit() to end the execution, call back into wasm
// (nested invocations start above the interrupted frame), or just return to
// let the execution continue. A nested call that returns TrapKind::Jump
// (the wasm it ran longjmp'd out) must be followed by a plain return.
using InterruptHandler = std::function<void(HostContext&)>;

// The interpreter state of one host thread (each host thread that runs wasm
// has its own stacks). Another thread, or a signal handler, interrupts it:
// the wasm running on it notices at its next safe point -- a loop
// back-edge, a call, or the return from a host function -- and runs the
// thread's interrupt handler there. An interrupt requested while the thread
// is not running wasm stays pending until it next reaches a safe point.
// Several requests before the safe point count as one.
class ThreadHandle {
 public:
  // The calling thread's handle (its stacks are allocated on first use).
  static std::shared_ptr<ThreadHandle> current();

  // Thread-safe and async-signal-safe (one atomic store); also safe after
  // the thread has exited (then it does nothing).
  void interrupt() noexcept;
  bool interrupt_pending() const noexcept;
  // Drops a pending interrupt.
  void clear_interrupt() noexcept;

  // The handler for this thread's interrupts. Set it on the thread itself,
  // or while the thread is not running wasm (it is not synchronised). With
  // no handler an interrupt traps (TrapKind::Host, "interrupted").
  void set_interrupt_handler(InterruptHandler handler);

  explicit ThreadHandle(std::shared_ptr<interp::Thread> t) : thread_(std::move(t)) {}

 private:
  std::shared_ptr<interp::Thread> thread_;
};

struct CallResult {
  std::vector<Value> results;
  std::optional<Trap> trap;
  bool ok() const { return !trap; }
};

class FuncInst {
 public:
  static std::shared_ptr<FuncInst> host(FuncSig sig, HostFn fn, std::string debug_name = {});
  const FuncSig& sig() const;
  CallResult call(std::span<const Value> args);
  // call without Values or checks: `slots` holds the arguments and gets
  // the results (at least max(params, results) of them). false, and the
  // trap in `trap`, if it trapped (nothing is made on success: hot path).
  bool call_raw(std::span<uint64_t> slots, Trap& trap);

  struct Impl;
  Impl& impl() { return *impl_; }
  ~FuncInst();
  explicit FuncInst(std::unique_ptr<Impl>);

 private:
  std::unique_ptr<Impl> impl_;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool shared = false;  // a shared memory (threads proposal); memories only
};

class MemoryInst {
 public:
  static std::shared_ptr<MemoryInst> create(Limits pages);  // throws Error on failure
  ~MemoryInst();
  // A new memory of the same limits and size holding a copy of this one
  // (fork): private pages are copied (all-zero ones skipped), shared
  // regions are mapped, not copied, so both memories see each other's
  // writes there. Throws Error on failure.
  std::shared_ptr<MemoryInst> clone() const;
  uint8_t* data() const { return base_; }
  uint64_t size_bytes() const { return pages_ * kPageSize; }
  uint64_t pages() const { return pages_; }
  const Limits& limits() const { return limits_; }
  size_t reserved_bytes() const { return reserved_; }
  // Returns the old size in pages, or -1 if it cannot grow.
  int64_t grow(uint64_t delta_pages);
  // Bounds-checked access for embedders; false when out of bounds.
  bool read(uint64_t addr, void* out, uint64_t len) const;
  bool write(uint64_t addr, const void* in, uint64_t len);
  bool in_bounds(uint64_t addr, uint64_t len) const {
    return addr <= size_bytes() && len <= size_bytes() - addr;
  }

  // Shared regions (MAP_SHARED|MAP_ANONYMOUS): [addr, addr+len) is backed
  // by host shared memory that clones keep sharing. Ranges must be host-page
  // aligned and inside the current size. map_shared replaces whatever was
  // there with zeros; unshare replaces the shared pages in the range with
  // private zero pages in this memory only (the other memories mapping them
  // keep them). Both return false with errno set when the host refuses.
  bool map_shared(uint64_t addr, uint64_t len);
  bool unshare(uint64_t addr, uint64_t len);
  struct SharedRange {
    uint64_t start, end;
    bool operator==(const SharedRange&) const = default;
  };
  std::vector<SharedRange> shared_ranges() const;  // sorted

  static constexpr uint64_t kPageSize = 65536;
  MemoryInst(uint8_t* base, size_t reserved, Limits limits);

 private:
  struct SharedBacking;  // a host memfd, closed when no region uses it
  struct SharedRegion {
    uint64_t end;
    std::shared_ptr<SharedBacking> backing;
    uint64_t backing_offset;  // of the region's start
  };
  void forget_shared_locked(uint64_t start, uint64_t end);
  bool map_backing_locked(uint64_t start, SharedRegion region);

  uint8_t* base_;
  size_t reserved_;
  uint64_t pages_ = 0;
  Limits limits_;
  mutable std::mutex shared_mu_;
  std::map<uint64_t, SharedRegion> shared_;  // start → region, disjoint
};

class TableInst {
 public:
  static std::shared_ptr<TableInst> create(ValType elem, Limits limits, uint64_t init = 0);
  ValType elem_type() const { return elem_; }
  const Limits& limits() const { return limits_; }
  uint32_t size() const { return static_cast<uint32_t>(elems_.size()); }
  // Returns the old size, or -1 if it cannot grow.
  int64_t grow(uint32_t delta, uint64_t init);
  std::vector<uint64_t>& elems() { return elems_; }

  TableInst(ValType elem, Limits limits, uint64_t init);

 private:
  ValType elem_;
  Limits limits_;
  std::vector<uint64_t> elems_;
};

class GlobalInst {
 public:
  static std::shared_ptr<GlobalInst> create(Value v, bool mut) {
    return std::make_shared<GlobalInst>(v.type, mut, v.bits);
  }
  GlobalInst(ValType t, bool mut, uint64_t bits) : type_(t), mutable_(mut), bits_(bits) {}
  ValType type() const { return type_; }
  bool is_mutable() const { return mutable_; }
  Value get() const;
  void set(Value v) { bits_ = v.bits; }
  uint64_t* cell() { return &bits_; }

 private:
  ValType type_;
  bool mutable_;
  uint64_t bits_;
};

struct Extern {
  std::shared_ptr<FuncInst> func;
  std::shared_ptr<TableInst> table;
  std::shared_ptr<MemoryInst> memory;
  std::shared_ptr<GlobalInst> global;
};

class Instance {
 public:
  ~Instance();
  const Module& module() const;
  std::optional<Extern> get_export(const std::string& name) const;
  CallResult call(const std::string& export_name, std::span<const Value> args);
  // call_indirect without Values: `slots` holds the arguments and gets the
  // results (at least max(params, results) of them, raw 64-bit). For hot
  // host-to-wasm paths (3i calling grate handlers); false and `trap` as
  // call_raw.
  bool call_indirect_raw(uint32_t index, SigId sig, std::span<uint64_t> slots, Trap& trap);
  // Calls element `index` of table 0 as call_indirect with type `sig`
  // would: a missing table or element, a null one, or a function of
  // another type traps (UndefinedElement, UninitializedElement,
  // IndirectCallTypeMismatch) without running anything. How 3i calls a
  // grate's handler by its function-table index.
  CallResult call_indirect(uint32_t index, const FuncSig& sig, std::span<const Value> args);
  MemoryInst* memory() const;  // memory 0, or nullptr
  // The global the name section calls `name` (exported or not), or
  // nullptr. lind-boot keeps a grate's C stack pointer (__stack_pointer)
  // right across handler calls that trap.
  std::shared_ptr<GlobalInst> global_named(const std::string& name) const;
  // Name of function index `func_index` (name section), or "func[N]".
  std::string func_name(uint32_t func_index) const;
  // A value the embedder attaches (lind-boot: the cage id), read back by
  // host functions through HostContext::caller().
  void set_user_data(uint64_t v) { user_data_ = v; }
  uint64_t user_data() const { return user_data_; }

  struct Impl;
  Impl& impl() { return *impl_; }
  explicit Instance(std::unique_ptr<Impl>);

 private:
  std::unique_ptr<Impl> impl_;
  uint64_t user_data_ = 0;
};

struct InstantiateResult {
  std::shared_ptr<Instance> instance;  // set even when `trap` is (partially initialised)
  std::optional<Trap> trap;            // a segment or the start function trapped
};

class Linker {
 public:
  explicit Linker(Engine& engine) : engine_(engine) {}
  void define(const std::string& module, const std::string& name, Extern ext);
  void define_func(const std::string& module, const std::string& name, FuncSig sig, HostFn fn);
  // Makes every export of `inst` importable as module `as`.
  void define_instance(const std::string& as, const Instance& inst);
  // Throws Error{Unlinkable} naming the import that failed and why.
  InstantiateResult instantiate(const std::shared_ptr<Module>& module);
  // A new instance of `parent`'s module holding a copy of its state: memory
  // (MemoryInst::clone: shared regions stay shared), globals, tables (references to
  // parent's functions now name the clone's), dropped segments. Imports are
  // shared with the parent. No segment is applied, no start function runs,
  // the on_instantiate hook does not run.
  std::shared_ptr<Instance> clone_instance(const Instance& parent);
  // Stops keeping `instance` alive (the caller's references still do).
  void release(const Instance* instance);
  // Runs on each new instance once it is allocated and linked, before its
  // segments are applied and its start function runs (so host functions the
  // start function calls can already find what the embedder attached).
  void on_instantiate(std::function<void(Instance&)> hook) { on_instantiate_ = std::move(hook); }

 private:
  [[maybe_unused]] Engine& engine_;
  struct Key {
    std::string module, name;
    bool operator<(const Key& o) const {
      return module != o.module ? module < o.module : name < o.name;
    }
  };
  std::vector<std::pair<Key, Extern>> defs_;
  // A Linker is also the store: it keeps every instance it created alive,
  // since tables may hold references to any of their functions.
  std::vector<std::shared_ptr<Instance>> instances_;
  std::mutex instances_mu_;  // cages instantiate, clone and release concurrently
  std::function<void(Instance&)> on_instantiate_;
  const Extern* find(const std::string& module, const std::string& name) const;
};

}  // namespace lind::rt
