#include "run.h"

#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <lind/runtime.h>
#include <ostream>
#include <string>
#include <vector>

#include "cage_host.h"
#include "cage_threads.h"
#include "exit_status.h"
#include "seccomp_policy.h"
#include "lind/rawposix.h"
#include "values.h"
#include "wasi/wasi_preview1.h"

namespace lind::boot {
namespace {

namespace rt = lind::rt;

void error_line(std::ostream& err, const std::string& what) {
  err << "lind-boot: " << printable(what) << '\n';
  err.flush();
}

// Error messages from the engine become part of one line: newlines are
// folded into "; ", and a leading "NAME: " (the module's own name, which we
// print anyway) is dropped.
std::string one_line(std::string msg, const std::string& name) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const std::string prefix = name + ": ";
  if (!name.empty() && msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
  std::string out;
  out.reserve(msg.size());
  for (char c : msg) {
    if (c == '\n')
      out += "; ";
    else if (c != '\r')
      out += c;
  }
  return out;
}

// Why `path` cannot be read, or an empty string if it can.
std::string unreadable_reason(const std::string& path) {
  // O_NONBLOCK: checking a FIFO must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    switch (errno) {
      case ENOENT: return "no such file";
      case EACCES: return "permission denied";
      case ENOTDIR: return "no such file (a parent is not a directory)";
      default: return std::string("cannot open: ") + std::strerror(errno);
    }
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0)
    why = std::string("cannot stat: ") + std::strerror(errno);
  else if (S_ISDIR(st.st_mode))
    why = "is a directory";
  ::close(fd);
  return why;
}

const char* load_error_label(rt::Error::Kind k) {
  switch (k) {
    case rt::Error::Kind::Malformed: return "malformed module";
    case rt::Error::Kind::Invalid: return "invalid module";
    case rt::Error::Kind::Unlinkable: return "unlinkable module";
    case rt::Error::Kind::Unsupported: return "unsupported module";
    case rt::Error::Kind::Io: return "cannot read";
  }
  return "cannot load";
}

int report_load_error(std::ostream& err, const std::string& name, const rt::Error& e) {
  // The engine's message usually says "malformed module: ..." itself; add
  // the label only when it does not.
  std::string msg = one_line(e.what(), name);
  std::string_view label = load_error_label(e.kind());
  std::string_view first_word = label.substr(0, label.find(' '));
  if (msg.compare(0, first_word.size(), first_word) != 0) msg = std::string(label) + ": " + msg;
  error_line(err, name + ": " + msg);
  return e.kind() == rt::Error::Kind::Io ? kExitNotFound : kExitCannotLoad;
}

// A trap: one summary line, then the backtrace indented. A trap of kind Exit
// is a request to exit with its status, not an error.
int report_trap(std::ostream& err, const std::string& name, const rt::Trap& trap,
                const char* when) {
  if (trap.kind == rt::TrapKind::Exit) {
    spdlog::info("{}: exit({})", name, trap.exit_code);
    return trap.exit_code & 0xff;
  }
  std::string msg = trap.message.empty() ? rt::to_string(trap.kind) : trap.message;
  err << "lind-boot: " << printable(name + ": trap" + when + ": " + one_line(msg, "")) << '\n';
  for (const std::string& frame : trap.backtrace) err << "  " << printable(frame) << '\n';
  err.flush();
  return kExitTrap;
}

const char* export_kind_name(rt::ExportDesc::Kind k) {
  switch (k) {
    case rt::ExportDesc::Kind::Func: return "function";
    case rt::ExportDesc::Kind::Table: return "table";
    case rt::ExportDesc::Kind::Memory: return "memory";
    case rt::ExportDesc::Kind::Global: return "global";
  }
  return "?";
}

// " (function exports: a, b, c)" or "" when there are none.
std::string function_exports_hint(const std::vector<rt::ExportDesc>& exports) {
  std::string names;
  size_t shown = 0, total = 0;
  for (const rt::ExportDesc& e : exports) {
    if (e.kind != rt::ExportDesc::Kind::Func) continue;
    ++total;
    if (shown == 8) continue;
    if (shown++) names += ", ";
    names += e.name;
  }
  if (total == 0) return " (the module exports no functions)";
  if (total > shown) names += ", ...";
  return " (function exports: " + names + ")";
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Thrown inside run() for a command-line problem found while looking at the
// module (export missing, wrong ARGS).
struct InvokeError {
  std::string what;
};

// The signature of the export to call, checked against ARGS; returns the
// converted arguments.
std::vector<rt::Value> prepare_call(const rt::Module& module, const std::string& func,
                                    bool explicit_invoke, const std::vector<std::string>& args) {
  std::vector<rt::ExportDesc> exports = module.exports();
  std::optional<rt::FuncSig> sig = module.export_func_sig(func);
  if (!sig) {
    for (const rt::ExportDesc& e : exports)
      if (e.name == func)
        throw InvokeError{"export '" + func + "' is a " + export_kind_name(e.kind) +
                          ", not a function"};
    if (!explicit_invoke)
      throw InvokeError{"no _start export; use --invoke NAME" + function_exports_hint(exports)};
    throw InvokeError{"no export '" + func + "'" + function_exports_hint(exports)};
  }
  if (!explicit_invoke) {
    // _start: ARGS belong to the program (argv), which has no way to see them
    // until the syscall layer exists.
    if (!sig->params.empty())
      throw InvokeError{"_start takes parameters " + sig->to_string() +
                        "; use --invoke _start ARGS"};
    if (!args.empty()) spdlog::debug("ARGS are not passed to _start yet ({} given)", args.size());
    return {};
  }
  if (args.size() != sig->params.size())
    throw InvokeError{func + " takes " + std::to_string(sig->params.size()) + " argument" +
                      (sig->params.size() == 1 ? "" : "s") + " " + sig->to_string() + ", got " +
                      std::to_string(args.size())};
  std::vector<rt::Value> values;
  values.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    rt::ValType t = sig->params[i];
    std::optional<rt::Value> v = parse_value(t, args[i]);
    if (!v)
      throw InvokeError{func + ": argument " + std::to_string(i + 1) + " '" + args[i] +
                        "' is not a valid " + rt::to_string(t) + " (" + value_syntax(t) + ")"};
    values.push_back(*v);
  }
  return values;
}

}  // namespace

std::string printable(std::string_view text) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

void setup_logging(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("lind-boot", std::move(sink));
  logger->set_pattern("lind-boot [%^%l%$] %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

int run(const Options& opt, std::ostream& out, std::ostream& err) {
  const std::string& name = opt.module;
  const bool explicit_invoke = opt.invoke.has_value();
  const std::string func = explicit_invoke ? *opt.invoke : "_start";

  // MODULE is a path inside lindfs, or else a host path.
  const std::string root = lindfs_root(opt.lindfs);
  std::optional<std::vector<uint8_t>> in_lindfs = read_in_lindfs(root, name);
  if (!in_lindfs) {
    if (std::string why = unreadable_reason(name); !why.empty()) {
      error_line(err, name + ": " + why + " (neither in lindfs " + root + " nor on the host)");
      return kExitNotFound;
    }
  }

  rt::Engine engine;
  std::shared_ptr<rt::Module> module;
  auto t0 = std::chrono::steady_clock::now();
  try {
    module = in_lindfs ? rt::Module::from_bytes(engine, *in_lindfs, name)
                       : rt::Module::from_file(engine, name);
  } catch (const rt::Error& e) {
    return report_load_error(err, name, e);
  }
  if (!module) {
    error_line(err, name + ": cannot load (no module)");
    return kExitCannotLoad;
  }
  spdlog::info("{}: loaded in {:.2f} ms: {} imports, {} exports", name, ms_since(t0),
               module->imports().size(), module->exports().size());
  for (const rt::ImportDesc& i : module->imports())
    spdlog::debug("  import {}.{}: {}", i.module, i.name, i.type);
  for (const rt::ExportDesc& e : module->exports())
    spdlog::debug("  export {} ({})", e.name, export_kind_name(e.kind));

  const bool cage = is_cage_module(*module);
  std::vector<rt::Value> call_args;
  try {
    call_args = prepare_call(*module, func, explicit_invoke, cage ? std::vector<std::string>{} : opt.args);
  } catch (const InvokeError& e) {
    error_line(err, name + ": " + e.what);
    return kExitUsage;
  }

  // A cage program gets the syscall import and runs as cage 1; anything
  // else is linked with no imports (a missing one is named in the error).
  rt::Linker linker(engine);
  rawposix::CageId cage_id = 0;
  if (cage) {
    try {
      rawposix::init(root);
    } catch (const std::exception& e) {
      error_line(err, e.what());
      return kExitUsage;
    }
    rawposix::StartInfo start;
    start.argv.push_back(name);
    start.argv.insert(start.argv.end(), opt.args.begin(), opt.args.end());
    start.env = cage_environment(opt.env);
    cage_id = rawposix::create_first_cage(std::move(start));
    setup_cage_linker(engine, linker);
    if (opt.max_cages) rawposix::set_max_cages(*opt.max_cages);
    spdlog::info("{}: running as cage {} in lindfs {}", name, cage_id, root);
  }
  rt::InstantiateResult inst;
  t0 = std::chrono::steady_clock::now();
  try {
    inst = cage ? instantiate_for_cage(cage_id, linker, module) : linker.instantiate(module);
  } catch (const rt::Error& e) {
    return report_load_error(err, name, e);
  }
  if (inst.trap) return report_trap(err, name, *inst.trap, " during instantiation");
  if (!inst.instance) {
    error_line(err, name + ": cannot instantiate (no instance)");
    return kExitCannotLoad;
  }
  spdlog::info("{}: instantiated in {:.2f} ms", name, ms_since(t0));

  // From here on, lind-boot needs no more than the allow-list.
  if (opt.no_seccomp) {
    err << "lind-boot: warning: --no-seccomp: lind-boot is not confined\n";
  } else if (std::string why = confine_self(); !why.empty()) {
    error_line(err, "cannot confine lind-boot with seccomp: " + why + " (use --no-seccomp to run anyway)");
    return kExitInternal;
  }

  spdlog::info("{}: calling {} with {} argument(s)", name, func, call_args.size());
  t0 = std::chrono::steady_clock::now();
  rt::CallResult r = cage ? run_cage(cage_id, inst.instance,
                                     [&] { return inst.instance->call(func, call_args); })
                         : inst.instance->call(func, call_args);
  spdlog::info("{}: {} {} after {:.2f} ms", name, func, r.ok() ? "returned" : "trapped",
               ms_since(t0));
  // Cage 1's end: its children are reparented, its fds closed. Cages still
  // running end with lind-boot (see README.md).
  if (cage) rawposix::cage_exited(cage_id, wait_status_of(r));
  if (r.trap) return report_trap(err, name, *r.trap, "");

  for (const rt::Value& v : r.results) out << v.to_string() << '\n';
  out.flush();
  return kExitOk;
}

}  // namespace lind::boot
