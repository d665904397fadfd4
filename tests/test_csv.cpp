// CSV conventions: shortest round-trip numbers, RFC 4180 quoting, torn-line handling.

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/core/setting.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/io/number_format.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

TEST(NumberFormat, ShortestFormRoundTripsExactly) {
  Rng rng(7);
  for (int i = 0; i < 10000; ++i) {
    const double v = (rng.uniform() - 0.5) * std::pow(10.0, 40.0 * rng.uniform() - 20.0);
    const std::string s = format_number(v);
    double back = 0.0;
    std::from_chars(s.data(), s.data() + s.size(), back);
    ASSERT_EQ(back, v) << s;
  }
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-0.25), "-0.25");
  EXPECT_EQ(format_number(1e-300), "1e-300");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-inf");
}

// One list form written everywhere, `[a b]` and `[]`, and the numbers read back exactly.
TEST(ListCell, ListsAreBracketedAndRoundTrip) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(list_cell(std::vector<double>{64, 64}), "[64 64]");
  EXPECT_EQ(list_cell(std::vector<double>{16}), "[16]");
  EXPECT_EQ(list_cell(std::vector<double>{}), "[]");
  EXPECT_EQ(list_cell(std::vector<double>{0.1, 1e-6, -0.0, nan, -inf}), "[0.1 1e-06 0 nan -inf]");
  EXPECT_EQ(list_cell(std::vector<std::string>{"[-5 5]", "[0 1]"}), "[[-5 5] [0 1]]");
  EXPECT_EQ(list_cell(std::vector<std::string>{"0=0.5", "none=0.5"}), "[0=0.5 none=0.5]");
  EXPECT_EQ(to_cell(Setting(std::vector<double>{0.9, 0.999})), "[0.9 0.999]");
  EXPECT_EQ(to_cell(Setting(std::vector<double>{})), "[]");

  Rng rng(7);
  for (int i = 0; i < 200; ++i) {
    std::vector<double> x(static_cast<std::size_t>(i % 5));
    for (double& v : x) v = std::ldexp(rng.uniform() - 0.5, static_cast<int>(i % 41) - 20);
    const auto back = parse_number_list(list_cell(x));
    ASSERT_TRUE(back) << list_cell(x);
    ASSERT_EQ(back->size(), x.size());
    for (std::size_t k = 0; k < x.size(); ++k) EXPECT_EQ((*back)[k], x[k]) << list_cell(x);
  }
}

// Readers take the space-separated form older result folders hold; nothing else passes.
TEST(ListCell, ReadersTakeTheOlderFormAndRefuseGarbage) {
  EXPECT_EQ(parse_number_list("64 64"), (std::vector<double>{64, 64}));
  EXPECT_EQ(parse_number_list("16"), (std::vector<double>{16}));
  EXPECT_EQ(parse_number_list(""), std::vector<double>{});
  EXPECT_EQ(parse_number_list("[]"), std::vector<double>{});
  EXPECT_FALSE(parse_number_list("[1 x]"));
  EXPECT_FALSE(parse_number_list("[1 2"));
  EXPECT_FALSE(parse_number_list("zeros"));
}

// Seeding keys and the plan hash take lists as the cells were before the brackets, so the
// brackets changed no run's numbers.
TEST(ListCell, KeysKeepTheOlderForm) {
  EXPECT_EQ(unbracketed("[64 64]"), "64 64");
  EXPECT_EQ(unbracketed("[]"), "");
  EXPECT_EQ(unbracketed("[[-5 5] [0 1]]"), "-5 5 0 1");
  EXPECT_EQ(key_text(Setting(std::vector<double>{64, 64})), "64 64");
  EXPECT_EQ(key_text(Setting(std::vector<double>{})), "");
  EXPECT_EQ(key_text(Setting(true)), "true");
  EXPECT_EQ(key_text(Setting(0.5)), "0.5");
}

// A table optbench builds declares its columns' types; one read from a file does not say.
TEST(Csv, BuiltTablesDeclareTheirTypes) {
  CsvTable t;
  t.header = {"run_id"};  // as read from a file: no types
  t.add_column("hidden", ColumnType::List);
  EXPECT_EQ(t.header, (std::vector<std::string>{"run_id", "hidden"}));
  EXPECT_EQ(t.type(0), ColumnType::Text);
  EXPECT_EQ(t.type(1), ColumnType::List);
  EXPECT_EQ(type_name(ColumnType::Integer), "integer");
  EXPECT_EQ(type_name(ColumnType::List), "list");
}

TEST(Csv, QuotingRoundTrips) {
  const std::vector<std::string> cells{"plain", "a,b", "say \"hi\"", "", "two\nlines", "0 1e-06"};
  const std::string line = csv_line(cells);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\",0 1e-06");
  EXPECT_EQ(split_csv_line(line), cells);
}

TEST(Csv, RecordsHonourQuotedNewlinesAndDropATornLastLine) {
  const std::string text = "a,b\n1,\"x\ny\"\n2,z\n3,tor";
  const auto complete = split_records(text, true);
  ASSERT_EQ(complete.size(), 3u);
  EXPECT_EQ(complete[1], "1,\"x\ny\"");
  EXPECT_EQ(split_records(text, false).size(), 4u);
}

TEST(Csv, ReadRejectsARaggedRowWithItsLine) {
  testing::TempDir dir;
  const auto path = dir.path() / "bad.csv";
  testing::write_text(path, "a,b\n1,2\n3\n");
  try {
    read_csv(path.string());
    FAIL() << "accepted a ragged row";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_NE(std::string(e.what()).find("bad.csv:3:1: error:"), std::string::npos);
  }
}

}  // namespace
}  // namespace optbench
