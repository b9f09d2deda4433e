// A wast2json script (the JSON form of one .wast file) as plain data.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lind::spec {

// One value as written by wast2json: a type ("i32", "f64", "externref", ...)
// and its text ("42" as unsigned decimal, float bit patterns in decimal,
// "nan:canonical", "null"). v128 values (SIMD) keep their lanes.
struct SpecValue {
  std::string type;
  std::optional<std::string> value;  // absent for typed-only results of assert_trap
  std::string lane_type;             // v128 only
  std::vector<std::string> lanes;    // v128 only
};

struct Action {
  enum class Kind { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::string module;  // "$name" of the target module; empty: the current one
  std::string field;
  std::vector<SpecValue> args;
};

enum class CommandType {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformed,
  AssertUnlinkable,
  AssertUninstantiable,
  Unknown,
};

struct Command {
  CommandType type = CommandType::Unknown;
  std::string type_name;    // as spelled in the JSON, for reports
  int line = 0;             // line in the .wast file
  std::string filename;     // module file, relative to the script's directory
  std::string module_type;  // "binary" or "text" (assert_invalid/malformed/...)
  std::string name;         // module: "$name"; register: module to register
  std::string as;           // register: the import module name
  std::string text;         // expected failure text
  std::optional<Action> action;
  std::vector<SpecValue> expected;
};

struct Script {
  std::string path;    // the JSON file
  std::string dir;     // its directory, where module files live
  std::string source;  // the .wast it was converted from ("source_filename")
  std::vector<Command> commands;
};

// Parses a wast2json file. Throws std::runtime_error when it cannot be read
// or is not a wast2json script.
Script load_script(const std::string& json_path);

// Commands that count towards passed/failed: every assert_* and action.
bool is_counted(CommandType type);

// Number of counted commands in a script.
int count_assertions(const Script& script);

}  // namespace lind::spec
