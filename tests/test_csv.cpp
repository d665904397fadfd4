// CSV conventions: shortest round-trip numbers, RFC 4180 quoting, torn-line handling.

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/io/csv.hpp"
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
