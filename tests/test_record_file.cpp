// Record files: RecordReader's records and byte offsets across its 64 KiB read buffer,
// AtomicFileWriter's write-then-rename and its 1 MiB-chunked copy_range.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "optbench/io/record_file.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kReadBuffer = std::uint64_t{1} << 16;  // RecordReader's buffer
constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;         // copy_range's chunk

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(byte(gen));
  return out;
}

struct Expected {
  std::string record;  // as next() should return it: no newline, no trailing '\r'
  std::uint64_t begin;
  std::uint64_t end;
};

// A file's text built record by record, with each record's expected text and offsets.
struct Layout {
  std::string text;
  std::vector<Expected> records;

  void add(const std::string& body, const std::string& newline = "\n") {
    const std::uint64_t begin = text.size();
    text += body + newline;
    records.push_back({body, begin, text.size()});
  }
  // Filler records (each at most 1000 bytes with its newline) so the next one starts at `at`.
  void pad_to(std::uint64_t at) {
    ASSERT_LE(text.size(), at);
    int n = 0;
    while (text.size() < at) {
      const std::uint64_t left = at - text.size();
      const std::uint64_t size = left > 1000 ? 700 + (n * 37) % 300 : left;
      add(std::string(size - 1, static_cast<char>('a' + n % 26)));
      ++n;
    }
  }
};

void expect_records(const fs::path& path, const std::vector<Expected>& expected) {
  RecordReader reader(path.string());
  std::string record;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(reader.next(record)) << "record " << i << " of " << expected.size();
    EXPECT_EQ(record, expected[i].record) << "record " << i;
    EXPECT_EQ(reader.record_begin(), expected[i].begin) << "record " << i;
    EXPECT_EQ(reader.record_end(), expected[i].end) << "record " << i;
  }
  EXPECT_FALSE(reader.next(record));
  EXPECT_FALSE(reader.next(record));  // and stays at the end
}

TEST(RecordReader, EmptyFileHasNoRecords) {
  testing::TempDir dir;
  const auto path = dir.path() / "empty.csv";
  testing::write_text(path, "");
  RecordReader reader(path.string());
  std::string record = "stale";
  EXPECT_FALSE(reader.next(record));
}

TEST(RecordReader, ALoneNewlineIsOneEmptyRecord) {
  testing::TempDir dir;
  const auto path = dir.path() / "newline.csv";
  testing::write_text(path, "\n");
  expect_records(path, {{"", 0, 1}});
}

TEST(RecordReader, EmptyRecordsAreNotSkipped) {
  testing::TempDir dir;
  const auto path = dir.path() / "blanks.csv";
  testing::write_text(path, "a\n\n\nb\n");
  expect_records(path, {{"a", 0, 2}, {"", 2, 3}, {"", 3, 4}, {"b", 4, 6}});
}

TEST(RecordReader, CrlfLinesLoseTheirCarriageReturn) {
  testing::TempDir dir;
  const auto path = dir.path() / "crlf.csv";
  // The '\r' counts in the offsets; only a '\r' right before the newline is stripped.
  testing::write_text(path, "run_id,x\r\n1,\"a\r\nb\"\r\n2,c\r\r\n\r\n");
  expect_records(path,
                 {{"run_id,x", 0, 10}, {"1,\"a\r\nb\"", 10, 20}, {"2,c\r", 20, 26}, {"", 26, 28}});
}

TEST(RecordReader, QuotedNewlinesAndEscapedQuotesStayInTheRecord) {
  testing::TempDir dir;
  const auto path = dir.path() / "quoted.csv";
  testing::write_text(path, "1,\"x\ny\"\n2,\"say \"\"hi\"\"\nthere\",z\n3,\"\"\n");
  expect_records(
      path, {{"1,\"x\ny\"", 0, 8}, {"2,\"say \"\"hi\"\"\nthere\",z", 8, 31}, {"3,\"\"", 31, 36}});
}

TEST(RecordReader, ATornLastRecordIsNotReturned) {
  testing::TempDir dir;
  const auto path = dir.path() / "torn.csv";
  testing::write_text(path, "1,a\n2,b\n3,to");
  expect_records(path, {{"1,a", 0, 4}, {"2,b", 4, 8}});
}

TEST(RecordReader, ATornRecordInsideAQuotedNewlineIsNotReturned) {
  testing::TempDir dir;
  const auto path = dir.path() / "torn_quoted.csv";
  // The kill came after the quoted newline: the file ends in a newline, but not the record's.
  testing::write_text(path, "1,a\n2,\"half\n");
  expect_records(path, {{"1,a", 0, 4}});
}

TEST(RecordReader, ATornRecordAfterTheFirstBufferIsNotReturned) {
  testing::TempDir dir;
  const auto path = dir.path() / "torn_long.csv";
  Layout layout;
  layout.pad_to(kReadBuffer + 100);
  layout.text += "9," + std::string(kReadBuffer, 't');  // torn and longer than the buffer
  testing::write_text(path, layout.text);
  expect_records(path, layout.records);
}

TEST(RecordReader, RecordsStraddlingTheReadBufferKeepTextAndOffsets) {
  Layout layout;
  layout.add("run_id,value,note");
  // The quoted newline is the first buffer's last byte: the quote state must carry over.
  layout.pad_to(kReadBuffer - 6);
  layout.add("1,\"ab\ncd\",z");
  ASSERT_EQ(layout.text[kReadBuffer - 1], '\n');
  // The opening quote is the second buffer's last byte, its newline the third buffer's first.
  layout.pad_to(2 * kReadBuffer - 3);
  layout.add("2,\"\nx\",y");
  ASSERT_EQ(layout.text[2 * kReadBuffer - 1], '"');
  ASSERT_EQ(layout.text[2 * kReadBuffer], '\n');
  // A CRLF split by the boundary: the '\r' is still stripped.
  layout.pad_to(3 * kReadBuffer - 7);
  layout.add("3,crlf", "\r\n");
  ASSERT_EQ(layout.text[3 * kReadBuffer - 1], '\r');
  // A record ending exactly at the boundary, then one starting on it.
  layout.pad_to(4 * kReadBuffer - 10);
  layout.add("4,ends,at");
  ASSERT_EQ(layout.records.back().end, 4 * kReadBuffer);
  layout.add("5,starts");
  // A record longer than two buffers, with quoted newlines and escaped quotes throughout.
  std::string big = "6,\"";
  for (int i = 0; big.size() < 2 * kReadBuffer + 5000; ++i) {
    big += "line " + std::to_string(i) + " says \"\"ok\"\", then\n";
  }
  big += "\",tail";
  layout.add(big);
  layout.add("7,\"q\nr\",last", "\r\n");
  testing::TempDir dir;
  const auto file = dir.path() / "straddle.csv";
  testing::write_text(file, layout.text);
  ASSERT_EQ(fs::file_size(file), layout.text.size());
  ASSERT_GT(layout.text.size(), 6 * kReadBuffer);

  expect_records(file, layout.records);
}

TEST(RecordReader, AMissingFileThrows) {
  testing::TempDir dir;
  EXPECT_THROW(RecordReader((dir.path() / "absent.csv").string()), std::runtime_error);
}

TEST(RecordFile, RunIdIsTheLeadingNumber) {
  EXPECT_EQ(record_run_id("123,abc"), 123u);
  EXPECT_EQ(record_run_id("0,x"), 0u);
  EXPECT_EQ(record_run_id("42"), 42u);
  EXPECT_EQ(record_run_id("98765432101,1,2"), 98765432101u);
}

TEST(AtomicFileWriter, NothingAtThePathBeforeCommit) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "out.csv";
  const fs::path temp = dir.path() / "out.csv.tmp";
  // More than one chunk, so some of it has already reached PATH.tmp before commit.
  const std::string data = "run_id,x\n" + random_bytes(kMiB + kMiB / 2, 1);
  {
    AtomicFileWriter out(path.string());
    out.write(data);
    EXPECT_TRUE(fs::exists(temp));
    EXPECT_FALSE(fs::exists(path));
    out.write("end\n");
    EXPECT_FALSE(fs::exists(path));
    out.commit();
    EXPECT_TRUE(fs::exists(path));
    EXPECT_FALSE(fs::exists(temp));
  }
  // The destructor after commit removes nothing.
  EXPECT_EQ(read_bytes(path), data + "end\n");
  EXPECT_FALSE(fs::exists(temp));
}

TEST(AtomicFileWriter, CommitReplacesAnOlderFile) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "out.csv";
  testing::write_text(path, "old contents, longer than the new ones\n");
  AtomicFileWriter out(path.string());
  out.write("new\n");
  EXPECT_EQ(read_bytes(path), "old contents, longer than the new ones\n");
  out.commit();
  EXPECT_EQ(read_bytes(path), "new\n");
}

TEST(AtomicFileWriter, DestroyingWithoutCommitLeavesNothing) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "out.csv";
  {
    AtomicFileWriter out(path.string());
    out.write(random_bytes(2 * kMiB, 2));  // flushed to PATH.tmp already
    ASSERT_TRUE(fs::exists(dir.path() / "out.csv.tmp"));
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(dir.path() / "out.csv.tmp"));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(AtomicFileWriter, CopyRangeCopiesExactlyTheRangeAcrossChunks) {
  testing::TempDir dir;
  const std::string source = random_bytes(2 * kMiB + kMiB / 2, 3);
  const fs::path from = dir.path() / "source.part";
  testing::write_text(from, source);
  ASSERT_EQ(fs::file_size(from), source.size());

  struct Range {
    std::uint64_t begin;
    std::uint64_t end;
  };
  // Over both chunk marks, the whole file, exactly one chunk, a chunk plus one byte, one byte.
  const std::vector<Range> ranges{{kMiB - 1000, 2 * kMiB + 1000},
                                  {0, source.size()},
                                  {kMiB, 2 * kMiB},
                                  {7, kMiB + 8},
                                  {2 * kMiB - 1, 2 * kMiB}};
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const Range r = ranges[i];
    const fs::path path = dir.path() / ("copy" + std::to_string(i));
    AtomicFileWriter out(path.string());
    out.copy_range(from.string(), r.begin, r.end);
    out.commit();
    const std::string got = read_bytes(path);
    ASSERT_EQ(got.size(), r.end - r.begin) << "range " << i;
    EXPECT_TRUE(got == source.substr(r.begin, r.end - r.begin)) << "range " << i;
  }
}

TEST(AtomicFileWriter, ConsecutiveCopiesAndWritesKeepTheirOrder) {
  testing::TempDir dir;
  const std::string first = random_bytes(2 * kMiB + kMiB / 2, 4);
  const std::string second = random_bytes(kMiB + 12345, 5);
  const fs::path a = dir.path() / "a.part";
  const fs::path b = dir.path() / "b.part";
  testing::write_text(a, first);
  testing::write_text(b, second);
  const fs::path path = dir.path() / "merged.csv";

  // Build the expectation alongside each call.
  std::string expected;
  AtomicFileWriter out(path.string());
  out.write("run_id,x\n");
  expected += "run_id,x\n";
  // Adjacent ranges of one file, then a range before them (the source is read, not streamed).
  out.copy_range(a.string(), 100, kMiB + 100);
  expected += first.substr(100, kMiB);
  out.copy_range(a.string(), kMiB + 100, 2 * kMiB + 300);
  expected += first.substr(kMiB + 100, kMiB + 200);
  out.copy_range(a.string(), 0, 50);
  expected += first.substr(0, 50);
  out.write("--between--");
  expected += "--between--";
  // A second file, an empty range, and back to the first file.
  out.copy_range(b.string(), 10, second.size());
  expected += second.substr(10);
  out.copy_range(b.string(), 20, 20);
  out.write(std::string(kMiB - 3, 'w'));  // fills the write buffer to near one chunk
  expected += std::string(kMiB - 3, 'w');
  out.copy_range(a.string(), 2 * kMiB, first.size());
  expected += first.substr(2 * kMiB);
  out.write("tail\n");
  expected += "tail\n";
  out.commit();

  const std::string got = read_bytes(path);
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_TRUE(got == expected);
  // Sources are untouched.
  EXPECT_TRUE(read_bytes(a) == first);
  EXPECT_TRUE(read_bytes(b) == second);
}

}  // namespace
}  // namespace optbench
