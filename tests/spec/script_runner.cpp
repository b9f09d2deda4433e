#include "script_runner.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "spec_values.h"
#include "spectest_host.h"

namespace lind::spec {
namespace {

// A command did not do what the script asserts; the message says how.
struct CommandFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* kind_name(rt::Error::Kind kind) {
  switch (kind) {
    case rt::Error::Kind::Malformed:
      return "malformed";
    case rt::Error::Kind::Invalid:
      return "invalid";
    case rt::Error::Kind::Unlinkable:
      return "unlinkable";
    case rt::Error::Kind::Unsupported:
      return "unsupported";
    case rt::Error::Kind::Io:
      return "io";
  }
  return "?";
}

std::string describe_error(const rt::Error& e) {
  return std::string(kind_name(e.kind())) + " error: " + e.what();
}

std::string describe_trap(const rt::Trap& t) {
  return std::string("trap (") + rt::to_string(t.kind) + "): " + t.message;
}

template <typename Values>
std::string describe_list(const Values& values) {
  std::string out = "(";
  for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + spec::describe(v);
  return out + ")";
}

// Whether a trap message agrees with the script's expected text. The engine
// may phrase a trap in its own words; that alone is not a failure.
bool trap_text_agrees(const std::string& got, const std::string& expected) {
  return got.find(expected) != std::string::npos || (!got.empty() && expected.starts_with(got));
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandFailure("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_text_module(const Command& c) {
  return c.module_type == "text" || c.filename.ends_with(".wat");
}

}  // namespace

ScriptRunner::ScriptRunner(const Script& script, Reporter& reporter)
    : script_(script), reporter_(reporter), linker_(engine_) {
  define_spectest(linker_, reporter_.verbose());
}

void ScriptRunner::run() {
  for (size_t i = 0; i < script_.commands.size(); ++i) {
    const Command& c = script_.commands[i];
    reporter_.begin(i, c.line, c.type_name);
    try {
      run_command(c);
    } catch (const CommandFailure& e) {
      reporter_.fail(e.what());
    } catch (const rt::Error& e) {
      reporter_.fail("unexpected " + describe_error(e));
    } catch (const std::exception& e) {
      reporter_.fail(std::string("unexpected exception: ") + e.what());
    } catch (...) {
      reporter_.fail("unexpected exception of unknown type");
    }
  }
  int last_line = script_.commands.empty() ? 0 : script_.commands.back().line;
  reporter_.begin(script_.commands.size(), last_line, "(teardown)");
}

void ScriptRunner::run_command(const Command& c) {
  switch (c.type) {
    case CommandType::Module:
      return do_module(c);
    case CommandType::Register:
      return do_register(c);
    case CommandType::Action:
      return do_action(c);
    case CommandType::AssertReturn:
      return do_assert_return(c);
    case CommandType::AssertTrap:
      return do_assert_trap(c);
    case CommandType::AssertExhaustion:
      return do_assert_exhaustion(c);
    case CommandType::AssertInvalid:
      return do_assert_load_error(c, rt::Error::Kind::Invalid);
    case CommandType::AssertMalformed:
      return do_assert_load_error(c, rt::Error::Kind::Malformed);
    case CommandType::AssertUnlinkable:
      return do_assert_unlinkable(c);
    case CommandType::AssertUninstantiable:
      return do_assert_uninstantiable(c);
    case CommandType::Unknown:
      break;
  }
  throw CommandFailure("unsupported command type");
}

std::shared_ptr<rt::Module> ScriptRunner::load(const Command& c) {
  if (c.filename.empty()) throw CommandFailure("command names no module file");
  std::vector<uint8_t> bytes = read_file(script_.dir + "/" + c.filename);
  if (is_text_module(c)) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return rt::Module::from_text(engine_, text, c.filename);
  }
  return rt::Module::from_binary(engine_, bytes, c.filename);
}

rt::InstantiateResult ScriptRunner::instantiate(const std::shared_ptr<rt::Module>& module) {
  rt::InstantiateResult r = linker_.instantiate(module);
  // Kept alive even after a trap: its functions may sit in shared tables.
  if (r.instance) instances_.push_back(r.instance);
  return r;
}

rt::Instance& ScriptRunner::instance_for(const std::string& module_name) {
  if (module_name.empty()) {
    if (!current_) throw CommandFailure("no current module: " + no_current_reason_);
    return *current_;
  }
  auto it = named_.find(module_name);
  if (it == named_.end())
    throw CommandFailure("module " + module_name + " is not defined (or failed to load)");
  return *it->second;
}

rt::CallResult ScriptRunner::perform(const Action& action) {
  rt::Instance& inst = instance_for(action.module);
  if (action.kind == Action::Kind::Get) {
    auto ext = inst.get_export(action.field);
    if (!ext || !ext->global) throw CommandFailure("no global export \"" + action.field + "\"");
    rt::CallResult r;
    r.results.push_back(ext->global->get());
    return r;
  }
  std::vector<rt::Value> args;
  args.reserve(action.args.size());
  for (const auto& a : action.args) {
    try {
      args.push_back(to_value(a));
    } catch (const std::runtime_error& e) {
      throw CommandFailure(std::string("cannot pass argument: ") + e.what());
    }
  }
  return inst.call(action.field, args);
}

std::string ScriptRunner::describe(const Action& action) const {
  std::string target = action.module.empty() ? "" : action.module + ".";
  if (action.kind == Action::Kind::Get) return "get " + target + "\"" + action.field + "\"";
  return "invoke " + target + "\"" + action.field + "\"" + describe_list(action.args);
}

void ScriptRunner::do_module(const Command& c) {
  current_.reset();
  if (!c.name.empty()) named_.erase(c.name);
  no_current_reason_ = "module at line " + std::to_string(c.line) + " failed";
  std::shared_ptr<rt::Module> module;
  rt::InstantiateResult r;
  try {
    module = load(c);
    r = instantiate(module);
  } catch (const rt::Error& e) {
    throw CommandFailure(c.filename + ": " + describe_error(e));
  }
  if (r.trap) throw CommandFailure(c.filename + ": instantiation " + describe_trap(*r.trap));
  if (!r.instance) throw CommandFailure(c.filename + ": instantiate returned no instance");
  current_ = r.instance;
  if (!c.name.empty()) named_[c.name] = current_;
  // A module that must load and instantiate is an assertion too, as WABT's
  // spectest-interp counts it (the suite's "about 27,900" non-SIMD figure).
  reporter_.pass();
}

void ScriptRunner::do_register(const Command& c) {
  rt::Instance& inst = instance_for(c.name);
  linker_.define_instance(c.as, inst);
}

void ScriptRunner::do_action(const Command& c) {
  rt::CallResult r = perform(*c.action);
  if (r.trap) throw CommandFailure(describe(*c.action) + ": " + describe_trap(*r.trap));
  reporter_.pass();
}

void ScriptRunner::do_assert_return(const Command& c) {
  rt::CallResult r = perform(*c.action);
  std::string expected = describe_list(c.expected);
  if (r.trap)
    throw CommandFailure(describe(*c.action) + ": expected " + expected + ", got " +
                         describe_trap(*r.trap));
  bool ok = r.results.size() == c.expected.size();
  for (size_t i = 0; ok && i < c.expected.size(); ++i) ok = matches(c.expected[i], r.results[i]);
  if (!ok)
    throw CommandFailure(describe(*c.action) + ": expected " + expected + ", got " +
                         describe_list(r.results));
  reporter_.pass();
}

void ScriptRunner::do_assert_trap(const Command& c) {
  if (!c.action) return do_assert_uninstantiable(c);
  rt::CallResult r = perform(*c.action);
  if (!r.trap)
    throw CommandFailure(describe(*c.action) + ": expected trap \"" + c.text + "\", got " +
                         describe_list(r.results));
  if (!trap_text_agrees(r.trap->message, c.text))
    reporter_.note("trap text \"" + r.trap->message + "\", expected \"" + c.text + "\"");
  reporter_.pass();
}

void ScriptRunner::do_assert_exhaustion(const Command& c) {
  rt::CallResult r = perform(*c.action);
  if (!r.trap)
    throw CommandFailure(describe(*c.action) + ": expected stack exhaustion, got " +
                         describe_list(r.results));
  if (r.trap->kind != rt::TrapKind::StackExhausted)
    throw CommandFailure(describe(*c.action) + ": expected stack exhaustion, got " +
                         describe_trap(*r.trap));
  reporter_.pass();
}

void ScriptRunner::do_assert_load_error(const Command& c, rt::Error::Kind expected) {
  try {
    load(c);
  } catch (const rt::Error& e) {
    if (e.kind() != expected)
      reporter_.note(std::string("expected ") + kind_name(expected) + " \"" + c.text + "\", got " +
                     describe_error(e));
    reporter_.pass();
    return;
  }
  throw CommandFailure(c.filename + " loaded, expected " + kind_name(expected) + " error \"" +
                       c.text + "\"");
}

void ScriptRunner::do_assert_unlinkable(const Command& c) {
  rt::InstantiateResult r;
  try {
    auto module = load(c);
    r = instantiate(module);
  } catch (const rt::Error& e) {
    if (e.kind() != rt::Error::Kind::Unlinkable)
      throw CommandFailure(c.filename + ": expected unlinkable \"" + c.text + "\", got " +
                           describe_error(e));
    reporter_.pass();
    return;
  }
  throw CommandFailure(c.filename + ": expected unlinkable \"" + c.text + "\", got " +
                       (r.trap ? "instantiation " + describe_trap(*r.trap) : "an instance"));
}

void ScriptRunner::do_assert_uninstantiable(const Command& c) {
  rt::InstantiateResult r;
  try {
    auto module = load(c);
    r = instantiate(module);
  } catch (const rt::Error& e) {
    throw CommandFailure(c.filename + ": expected instantiation trap \"" + c.text + "\", got " +
                         describe_error(e));
  }
  if (!r.trap)
    throw CommandFailure(c.filename + ": expected instantiation trap \"" + c.text +
                         "\", got an instance");
  if (!trap_text_agrees(r.trap->message, c.text))
    reporter_.note("trap text \"" + r.trap->message + "\", expected \"" + c.text + "\"");
  reporter_.pass();
}

}  // namespace lind::spec
