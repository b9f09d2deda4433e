#include "options.h"

#include <gtest/gtest.h>

using lind::boot::Options;
using lind::boot::parse_options;
using lind::boot::UsageError;

namespace {

Options parse(std::vector<std::string> args) {
  args.insert(args.begin(), "lind-boot");
  return parse_options(args);
}

TEST(Options, ModuleAndArgs) {
  Options o = parse({"m.wasm", "a", "b"});
  EXPECT_EQ(o.module, "m.wasm");
  EXPECT_EQ(o.args, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(o.invoke);
  EXPECT_EQ(o.verbosity, 0);
}

TEST(Options, EverythingAfterModuleIsPassedThrough) {
  Options o = parse({"-v", "m.wasm", "--help", "-v", "--invoke", "x", "--", "--bogus"});
  EXPECT_FALSE(o.help);
  EXPECT_EQ(o.verbosity, 1);
  EXPECT_FALSE(o.invoke);
  EXPECT_EQ(o.module, "m.wasm");
  EXPECT_EQ(o.args,
            (std::vector<std::string>{"--help", "-v", "--invoke", "x", "--", "--bogus"}));
}

TEST(Options, InvokeTakesTheNextArgument) {
  Options o = parse({"--invoke", "add", "m.wat", "1", "-2"});
  ASSERT_TRUE(o.invoke);
  EXPECT_EQ(*o.invoke, "add");
  EXPECT_EQ(o.module, "m.wat");
  EXPECT_EQ(o.args, (std::vector<std::string>{"1", "-2"}));

  o = parse({"--invoke=m.wat", "m.wat"});
  EXPECT_EQ(*o.invoke, "m.wat");
  EXPECT_EQ(o.module, "m.wat");
  EXPECT_TRUE(o.args.empty());
}

TEST(Options, VerbosityAndLogLevel) {
  EXPECT_EQ(effective_log_level(parse({"m"})), "warn");
  EXPECT_EQ(effective_log_level(parse({"-v", "m"})), "info");
  EXPECT_EQ(effective_log_level(parse({"-vv", "m"})), "debug");
  EXPECT_EQ(effective_log_level(parse({"-v", "--verbose", "-v", "m"})), "trace");
  EXPECT_EQ(effective_log_level(parse({"-vv", "--log-level", "error", "m"})), "error");
  EXPECT_EQ(effective_log_level(parse({"--log-level=off", "m"})), "off");
  EXPECT_THROW(parse({"--log-level", "loud", "m"}), UsageError);
}

TEST(Options, DoubleDashEndsOptions) {
  Options o = parse({"-v", "--", "-odd-name.wasm", "x"});
  EXPECT_EQ(o.verbosity, 1);
  EXPECT_EQ(o.module, "-odd-name.wasm");
  EXPECT_EQ(o.args, (std::vector<std::string>{"x"}));
}

TEST(Options, HelpAndVersionNeedNoModule) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-h"}).help);
  EXPECT_TRUE(parse({"--version"}).version);
}

TEST(Options, UsageErrors) {
  EXPECT_THROW(parse({}), UsageError);                    // no MODULE
  EXPECT_THROW(parse({"-v"}), UsageError);                // no MODULE
  EXPECT_THROW(parse({"--bogus", "m.wasm"}), UsageError);  // unknown option
  EXPECT_THROW(parse({"-x", "m.wasm"}), UsageError);
  EXPECT_THROW(parse({"--invoke"}), UsageError);          // missing value
  EXPECT_THROW(parse({"--verb", "m.wasm"}), UsageError);  // no abbreviations
  EXPECT_THROW(parse({"--help=yes"}), UsageError);
  EXPECT_THROW(parse({""}), UsageError);
  try {
    parse({"--bogus", "m.wasm"});
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--bogus"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--help"), std::string::npos) << e.what();
  }
}

TEST(Options, HelpAndVersionText) {
  EXPECT_NE(lind::boot::help_text().find("Usage: lind-boot [OPTIONS] MODULE [ARGS...]"),
            std::string::npos);
  EXPECT_NE(lind::boot::help_text().find("134"), std::string::npos);
  EXPECT_EQ(lind::boot::version_text().rfind("lind-boot 0.1.0\n", 0), 0u);
}

}  // namespace
