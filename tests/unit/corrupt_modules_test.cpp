// Every module of the official suite, truncated and corrupted at many
// places, must either load or fail with lind::rt::Error: never crash, never
// throw anything else. The corpus comes from ../shared/wasm-testsuite via
// WABT's script parser; the mutations are seeded, so a failure reproduces.
#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "test_util.h"

#ifndef LIND_SPEC_SUITE_DIR
#error "LIND_SPEC_SUITE_DIR must name the .wast folder"
#endif

namespace lind::rt::test {
namespace {

using Corpus = std::vector<std::pair<std::string, std::vector<uint8_t>>>;

std::vector<uint8_t> to_binary(const wabt::Module& m) {
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions opts;
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &m, opts))) return {};
  return stream.output_buffer().data;
}

// Binary forms of the suite's modules: the valid ones and the binary
// assert_invalid/assert_malformed ones.
Corpus load_corpus() {
  Corpus corpus;
  for (const auto& entry : std::filesystem::directory_iterator(LIND_SPEC_SUITE_DIR)) {
    std::string name = entry.path().filename();
    if (entry.path().extension() != ".wast" || name.rfind("simd_", 0) == 0) continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    wabt::Errors errors;
    auto lexer = wabt::WastLexer::CreateBufferLexer(name, text.data(), text.size(), &errors);
    wabt::Features features;
    features.disable_simd();
    wabt::WastParseOptions options(features);
    std::unique_ptr<wabt::Script> script;
    if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &options))) continue;
    int n = 0;
    for (const auto& cmd : script->commands) {
      std::vector<uint8_t> bytes;
      if (auto* mc = wabt::dyn_cast<wabt::ModuleCommand>(cmd.get())) {
        bytes = to_binary(mc->module);
      } else if (auto* sc = wabt::dyn_cast<wabt::ScriptModuleCommand>(cmd.get())) {
        if (auto* b = wabt::dyn_cast<wabt::BinaryScriptModule>(sc->script_module.get())) bytes = b->data;
      } else if (auto* ac = wabt::dyn_cast<wabt::AssertMalformedCommand>(cmd.get())) {
        if (auto* b = wabt::dyn_cast<wabt::BinaryScriptModule>(ac->module.get())) bytes = b->data;
      } else if (auto* ic = wabt::dyn_cast<wabt::AssertInvalidCommand>(cmd.get())) {
        if (auto* b = wabt::dyn_cast<wabt::BinaryScriptModule>(ic->module.get())) bytes = b->data;
      }
      if (!bytes.empty()) corpus.push_back({name + "#" + std::to_string(n++), std::move(bytes)});
    }
  }
  return corpus;
}

void must_not_crash(const std::string& what, std::span<const uint8_t> bytes) {
  try {
    Module::from_binary(engine(), bytes, what);
  } catch (const Error&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": unexpected exception type: " << e.what();
  }
}

TEST(CorruptModules, SuiteModulesTruncatedAndCorrupted) {
  Corpus corpus = load_corpus();
  ASSERT_GT(corpus.size(), 1000u) << "the suite was not found or not parsed";
  std::mt19937 rng(20261122);
  size_t tried = 0;
  for (const auto& [name, bytes] : corpus) {
    must_not_crash(name, bytes);
    for (int i = 0; i < 32; ++i) {
      size_t cut = std::uniform_int_distribution<size_t>(0, bytes.size())(rng);
      must_not_crash(name + " cut at " + std::to_string(cut), std::span(bytes.data(), cut));
      auto copy = bytes;
      size_t at = std::uniform_int_distribution<size_t>(0, copy.size() - 1)(rng);
      copy[at] = static_cast<uint8_t>(rng());
      must_not_crash(name + " byte " + std::to_string(at) + " changed", copy);
      tried += 2;
    }
  }
  RecordProperty("mutations", static_cast<int>(tried));
  std::printf("%zu modules, %zu mutations\n", corpus.size(), tried);
}

}  // namespace
}  // namespace lind::rt::test
