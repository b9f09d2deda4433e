#include "script.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace lind::spec {
namespace {

using nlohmann::json;

CommandType command_type(const std::string& name) {
  if (name == "module") return CommandType::Module;
  if (name == "register") return CommandType::Register;
  if (name == "action") return CommandType::Action;
  if (name == "assert_return") return CommandType::AssertReturn;
  if (name == "assert_trap") return CommandType::AssertTrap;
  if (name == "assert_exhaustion") return CommandType::AssertExhaustion;
  if (name == "assert_invalid") return CommandType::AssertInvalid;
  if (name == "assert_malformed") return CommandType::AssertMalformed;
  if (name == "assert_unlinkable") return CommandType::AssertUnlinkable;
  if (name == "assert_uninstantiable") return CommandType::AssertUninstantiable;
  return CommandType::Unknown;
}

std::string string_or_empty(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

SpecValue parse_value(const json& j) {
  SpecValue v;
  v.type = j.at("type").get<std::string>();
  auto it = j.find("value");
  if (it == j.end()) return v;
  if (it->is_array()) {
    v.lane_type = string_or_empty(j, "lane_type");
    for (const auto& lane : *it) v.lanes.push_back(lane.get<std::string>());
    v.value = "";
  } else {
    v.value = it->get<std::string>();
  }
  return v;
}

std::vector<SpecValue> parse_values(const json& obj, const char* key) {
  std::vector<SpecValue> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  for (const auto& v : *it) out.push_back(parse_value(v));
  return out;
}

Action parse_action(const json& j) {
  Action a;
  std::string kind = j.at("type").get<std::string>();
  if (kind == "invoke") {
    a.kind = Action::Kind::Invoke;
  } else if (kind == "get") {
    a.kind = Action::Kind::Get;
  } else {
    throw std::runtime_error("unknown action type '" + kind + "'");
  }
  a.module = string_or_empty(j, "module");
  a.field = j.at("field").get<std::string>();
  a.args = parse_values(j, "args");
  return a;
}

Command parse_command(const json& j) {
  Command c;
  c.type_name = j.at("type").get<std::string>();
  c.type = command_type(c.type_name);
  c.line = j.value("line", 0);
  c.filename = string_or_empty(j, "filename");
  c.module_type = string_or_empty(j, "module_type");
  c.name = string_or_empty(j, "name");
  c.as = string_or_empty(j, "as");
  c.text = string_or_empty(j, "text");
  if (auto it = j.find("action"); it != j.end()) c.action = parse_action(*it);
  c.expected = parse_values(j, "expected");
  return c;
}

}  // namespace

Script load_script(const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) throw std::runtime_error("cannot open " + json_path);
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(json_path + ": " + e.what());
  }
  Script script;
  script.path = json_path;
  auto slash = json_path.find_last_of('/');
  script.dir = slash == std::string::npos ? "." : json_path.substr(0, slash);
  script.source = doc.is_object() ? string_or_empty(doc, "source_filename") : "";
  if (script.source.empty()) script.source = json_path;
  try {
    for (const auto& cmd : doc.at("commands")) script.commands.push_back(parse_command(cmd));
  } catch (const json::exception& e) {
    throw std::runtime_error(json_path + ": not a wast2json script: " + e.what());
  }
  return script;
}

// Every command but `register` checks something; `module` must load and
// instantiate (WABT's spectest-interp counts it the same way).
bool is_counted(CommandType type) {
  switch (type) {
    case CommandType::Register:
      return false;
    default:
      return true;
  }
}

int count_assertions(const Script& script) {
  int n = 0;
  for (const auto& c : script.commands) n += is_counted(c.type) ? 1 : 0;
  return n;
}

}  // namespace lind::spec
