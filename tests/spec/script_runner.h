// Runs the commands of one wast2json script against lind_runtime, with a
// fresh Engine, Linker (holding only `spectest`) and module namespace.
#pragma once

#include <lind/runtime.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "reporter.h"
#include "script.h"

namespace lind::spec {

class ScriptRunner {
 public:
  ScriptRunner(const Script& script, Reporter& reporter);
  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  // Executes every command; never throws. Outcomes go to the reporter.
  void run();

 private:
  void run_command(const Command& c);
  void do_module(const Command& c);
  void do_register(const Command& c);
  void do_action(const Command& c);
  void do_assert_return(const Command& c);
  void do_assert_trap(const Command& c);
  void do_assert_exhaustion(const Command& c);
  void do_assert_load_error(const Command& c, rt::Error::Kind expected);
  void do_assert_unlinkable(const Command& c);
  void do_assert_uninstantiable(const Command& c);

  std::shared_ptr<rt::Module> load(const Command& c);
  rt::InstantiateResult instantiate(const std::shared_ptr<rt::Module>& module);
  rt::Instance& instance_for(const std::string& module_name);
  rt::CallResult perform(const Action& action);
  std::string describe(const Action& action) const;

  const Script& script_;
  Reporter& reporter_;
  // Declaration order is destruction order in reverse: instances go first,
  // the engine last.
  rt::Engine engine_;
  rt::Linker linker_;
  std::vector<std::shared_ptr<rt::Instance>> instances_;  // everything ever instantiated
  std::map<std::string, std::shared_ptr<rt::Instance>> named_;
  std::shared_ptr<rt::Instance> current_;
  std::string no_current_reason_ = "no module defined yet";
};

}  // namespace lind::spec
