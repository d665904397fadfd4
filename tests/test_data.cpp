// Data sets: bundled CSVs with their real values, the CSV and IDX readers and their errors,
// synthetic generators, the stratified split and standardisation.

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/data/csv_dataset.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/idx_dataset.hpp"
#include "optbench/data/shuffle.hpp"
#include "optbench/data/split.hpp"
#include "optbench/data/synthetic.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using testing::TempDir;
using testing::write_text;

Dataset bundled(const std::string& name) {
  return load_dataset(name, Settings{}, 0);
}

/// Runs `f`, expects an Error at `line` (and `column` when > 0) whose text holds `part`.
void expect_error(const std::function<void()>& f, int line, int column, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "no error; expected one holding '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, line) << e.what();
    if (column > 0) {
      EXPECT_EQ(e.where().column, column) << e.what();
    }
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

/// A column vector of doubles (fixed-size Eigen vectors trip GCC 12's -Warray-bounds).
Eigen::VectorXd reals(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double value : values) v[i++] = value;
  return v;
}

/// A column vector of ints.
Eigen::VectorXi ints(std::initializer_list<int> values) {
  Eigen::VectorXi v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const int value : values) v[i++] = value;
  return v;
}

/// The Error text that `f` throws ("" when it throws none).
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// ---------------------------------------------------------------- bundled data sets

TEST(BundledData, IrisHasItsRealValues) {
  const Dataset iris = bundled("iris");
  EXPECT_EQ(iris.name, "iris");
  ASSERT_EQ(iris.samples(), 150);
  ASSERT_EQ(iris.features(), 4);
  EXPECT_EQ(iris.classes, 3);
  EXPECT_EQ(class_counts(iris), (std::vector<Eigen::Index>{50, 50, 50}));
  EXPECT_EQ(iris.x.col(0), reals({5.1, 3.5, 1.4, 0.2}));
  EXPECT_EQ(iris.y[0], 0);
  EXPECT_EQ(iris.x.col(149), reals({5.9, 3.0, 5.1, 1.8}));
  EXPECT_EQ(iris.y[149], 2);
  EXPECT_EQ(iris.feature_names, (std::vector<std::string>{"sepal_length_cm", "sepal_width_cm",
                                                          "petal_length_cm", "petal_width_cm"}));
}

TEST(BundledData, DigitsWineBreastCancerHaveTheirSizes) {
  const Dataset digits = bundled("digits");
  EXPECT_EQ(digits.samples(), 1797);
  EXPECT_EQ(digits.features(), 64);
  EXPECT_EQ(digits.classes, 10);
  EXPECT_EQ(digits.x.minCoeff(), 0.0);
  EXPECT_EQ(digits.x.maxCoeff(), 16.0);

  const Dataset cancer = bundled("breast_cancer");
  EXPECT_EQ(cancer.samples(), 569);
  EXPECT_EQ(cancer.features(), 30);
  EXPECT_EQ(cancer.classes, 2);
  EXPECT_EQ(class_counts(cancer), (std::vector<Eigen::Index>{212, 357}));  // 0 malignant

  const Dataset wine = bundled("wine");
  EXPECT_EQ(wine.samples(), 178);
  EXPECT_EQ(wine.features(), 13);
  EXPECT_EQ(class_counts(wine), (std::vector<Eigen::Index>{59, 71, 48}));
}

TEST(BundledData, PathParameterAndEnvironmentOverride) {
  TempDir dir;
  write_text(dir.path() / "iris.csv", "a,b,label\n1,2,0\n3,4,1\n");
  Settings params;
  params.set("path", (dir.path() / "iris.csv").string());
  const Dataset own = load_dataset("iris", params, 0);
  EXPECT_EQ(own.samples(), 2);
  EXPECT_EQ(own.name, "iris");

  ::setenv("OPTBENCH_DATA_DIR", dir.str().c_str(), 1);
  EXPECT_EQ(data_dir(), dir.str());
  const Dataset via_env = bundled("iris");
  ::unsetenv("OPTBENCH_DATA_DIR");
  EXPECT_EQ(via_env.samples(), 2);
  EXPECT_EQ(bundled("iris").samples(), 150);
}

// ---------------------------------------------------------------- registry

TEST(DatasetRegistry, ListsEveryDataSet) {
  for (const char* name : {"iris", "wine", "breast_cancer", "digits", "csv", "fashion_mnist",
                           "moons", "spirals", "xor", "blobs"}) {
    const DatasetInfo* info = dataset_registry().find(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_FALSE(info->description.empty()) << name;
  }
}

TEST(DatasetRegistry, BadNamesAndParametersAreErrors) {
  try {
    load_dataset("irs", Settings{}, 0);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "dataset");
    EXPECT_NE(e.message().find("unknown data set 'irs' (did you mean 'iris'?)"), std::string::npos)
        << e.what();
  }
  Settings typo;
  typo.set("nosie", 0.1);
  EXPECT_NE(error_of([&] { load_dataset("moons", typo, 0); }).find("did you mean 'noise'"),
            std::string::npos);
  Settings negative;
  negative.set("noise", -1.0);
  EXPECT_NE(error_of([&] { load_dataset("moons", negative, 0); }), "");
  Settings part;
  part.set("part", std::string("validation"));
  EXPECT_NE(error_of([&] { load_dataset("fashion_mnist", part, 0); }).find("one of"),
            std::string::npos);
  try {
    load_dataset("csv", Settings{}, 0);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "path");
  }
}

TEST(DatasetRegistry, CsvReadsAnyLabelColumn) {
  TempDir dir;
  // The label need not be last; quotes, spaces, CRLF, blank lines and a '+' sign are fine.
  write_text(dir.path() / "mine.csv",
             "\"class\",\"f, one\",f2\r\n2, 1.5,+2\r\n\r\n0,-1,3e2\r\n1,0,0\r\n");
  Settings params;
  params.set("path", (dir.path() / "mine.csv").string());
  params.set("label", std::string("class"));
  const Dataset data = load_dataset("csv", params, 0);
  EXPECT_EQ(data.name, "mine");
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"f, one", "f2"}));
  ASSERT_EQ(data.samples(), 3);
  EXPECT_EQ(data.classes, 3);
  EXPECT_EQ(data.x.col(0), reals({1.5, 2.0}));
  EXPECT_EQ(data.x.col(1), reals({-1.0, 300.0}));
  EXPECT_EQ(data.y, ints({2, 0, 1}));
}

// ---------------------------------------------------------------- bad CSV files

class BadCsv : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    const std::string path = (dir_.path() / "bad.csv").string();
    write_text(path, text);
    return path;
  }
  TempDir dir_;
};

TEST_F(BadCsv, RaggedRow) {
  const auto path = write("a,b,label\n1,2,0\n1,2\n");
  expect_error([&] { read_csv_dataset(path); }, 3, 4, "row has 2 cells, the header 3");
  const auto longer = write("a,b,label\n1,2,0,9\n");
  expect_error([&] { read_csv_dataset(longer); }, 2, 7, "row has 4 cells");
}

TEST_F(BadCsv, TextCell) {
  const auto path = write("a,b,label\n1,2,0\n1,abc,1\n");
  expect_error([&] { read_csv_dataset(path); }, 3, 3, "b: not a number: 'abc'");
  const auto empty = write("a,b,label\n1,,0\n");
  expect_error([&] { read_csv_dataset(empty); }, 2, 3, "empty cell");
}

TEST_F(BadCsv, NonFiniteCell) {
  const auto path = write("a,b,label\n1,2,0\n4,nan,1\n");
  expect_error([&] { read_csv_dataset(path); }, 3, 3, "not a finite number: 'nan'");
  const auto inf = write("a,b,label\n-inf,2,0\n");
  expect_error([&] { read_csv_dataset(inf); }, 2, 1, "not a finite number");
}

TEST_F(BadCsv, BadLabels) {
  const auto negative = write("a,label\n1,0\n2,1\n3,-1\n");
  expect_error([&] { read_csv_dataset(negative); }, 4, 3, "negative label '-1'");
  const auto fraction = write("a,label\n1,0\n2,1.5\n");
  expect_error([&] { read_csv_dataset(fraction); }, 3, 3, "whole number");
  const auto text = write("a,label\n1,cat\n");
  expect_error([&] { read_csv_dataset(text); }, 2, 3, "label: not a number: 'cat'");
}

TEST_F(BadCsv, MissingClass) {
  const auto path = write("a,label\n1,0\n2,2\n3,3\n");
  expect_error([&] { read_csv_dataset(path); }, 0, 0, "class 1 never occurs");
}

TEST_F(BadCsv, MissingLabelColumn) {
  const auto path = write("a,b,lable\n1,2,0\n");
  expect_error([&] { read_csv_dataset(path); }, 1, 1,
               "no label column 'label' in the header (did you mean 'lable'?)");
  const auto only_label = write("label\n0\n");
  expect_error([&] { read_csv_dataset(only_label); }, 1, 1, "no feature columns");
}

TEST_F(BadCsv, NoRowsOrEmptyFile) {
  const auto header_only = write("a,b,label\n");
  expect_error([&] { read_csv_dataset(header_only); }, 1, 1, "no data rows");
  const auto empty = write("");
  expect_error([&] { read_csv_dataset(empty); }, 1, 1, "the file is empty");
  const auto missing = (dir_.path() / "nowhere.csv").string();
  expect_error([&] { read_csv_dataset(missing); }, 0, 0,
               "cannot read the CSV data file (does it exist?)");
}

TEST_F(BadCsv, UnterminatedQuote) {
  const auto path = write("a,label\n\"1,0\n");
  expect_error([&] { read_csv_dataset(path); }, 2, 1, "unterminated quote");
}

// ---------------------------------------------------------------- IDX files

/// Writes bytes gzipped (with zlib) or plain.
void write_bytes(const std::filesystem::path& path, const std::vector<unsigned char>& bytes,
                 bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.string().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
}

void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<unsigned char>(v >> shift));
}

std::vector<unsigned char> idx_images(std::uint32_t magic, std::uint32_t n, std::uint32_t rows,
                                      std::uint32_t cols,
                                      const std::vector<unsigned char>& pixels) {
  std::vector<unsigned char> out;
  for (std::uint32_t v : {magic, n, rows, cols}) put_u32(out, v);
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

std::vector<unsigned char> idx_labels(std::uint32_t magic,
                                      const std::vector<unsigned char>& labels) {
  std::vector<unsigned char> out;
  put_u32(out, magic);
  put_u32(out, static_cast<std::uint32_t>(labels.size()));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

class IdxFiles : public ::testing::Test {
 protected:
  std::string images(const std::vector<unsigned char>& bytes, bool gzip = true) {
    const auto path = dir_.path() / ("images" + std::to_string(files_++) + (gzip ? ".gz" : ""));
    write_bytes(path, bytes, gzip);
    return path.string();
  }
  std::string labels(const std::vector<unsigned char>& bytes, bool gzip = true) {
    const auto path = dir_.path() / ("labels" + std::to_string(files_++) + (gzip ? ".gz" : ""));
    write_bytes(path, bytes, gzip);
    return path.string();
  }
  // Three images of 2 x 3 pixels.
  const std::vector<unsigned char> pixels_{0, 255, 51, 102, 0,   0, 1, 2, 3,
                                           4, 5,   6,  255, 255, 0, 0, 0, 0};
  TempDir dir_;
  int files_ = 0;  // every file gets its own name
};

TEST_F(IdxFiles, ReadsGzippedAndPlainFiles) {
  for (const bool gzip : {true, false}) {
    const Dataset data = read_idx_dataset(images(idx_images(0x803, 3, 2, 3, pixels_), gzip),
                                          labels(idx_labels(0x801, {1, 0, 1}), gzip));
    ASSERT_EQ(data.samples(), 3);
    ASSERT_EQ(data.features(), 6);
    EXPECT_EQ(data.classes, 2);
    EXPECT_EQ(data.y, ints({1, 0, 1}));
    EXPECT_EQ(data.x(1, 0), 1.0);
    EXPECT_EQ(data.x(2, 0), 0.2);
    EXPECT_EQ(data.x(5, 1), 6.0 / 255.0);
    EXPECT_EQ(data.feature_names[4], "pixel_1_1");
  }
}

TEST_F(IdxFiles, TruncatedFilesAreErrors) {
  auto bytes = idx_images(0x803, 3, 2, 3, pixels_);
  bytes.erase(bytes.end() - 4, bytes.end());
  const auto ok_labels = labels(idx_labels(0x801, {1, 0, 1}));
  const std::string truncated = error_of([&] { read_idx_dataset(images(bytes), ok_labels); });
  EXPECT_NE(truncated.find("truncated: the file ends after 30 bytes"), std::string::npos)
      << truncated;
  const auto short_header = images({0, 0, 8, 3, 0, 0});
  EXPECT_NE(error_of([&] { read_idx_dataset(short_header, ok_labels); }).find("truncated"),
            std::string::npos);
  auto short_labels = idx_labels(0x801, {1, 0, 1});
  short_labels.pop_back();
  const auto ok_images = images(idx_images(0x803, 3, 2, 3, pixels_));
  EXPECT_NE(error_of([&] { read_idx_dataset(ok_images, labels(short_labels)); }).find("truncated"),
            std::string::npos);
}

TEST_F(IdxFiles, WrongMagicCountsAndTrailingBytesAreErrors) {
  const auto ok_labels = labels(idx_labels(0x801, {1, 0, 1}));
  const std::string magic =
      error_of([&] { read_idx_dataset(images(idx_images(0x801, 3, 2, 3, pixels_)), ok_labels); });
  EXPECT_NE(magic.find("magic number 0x00000801, expected 0x00000803"), std::string::npos) << magic;
  const auto ok_images = images(idx_images(0x803, 3, 2, 3, pixels_));
  EXPECT_NE(error_of([&] {
              read_idx_dataset(ok_images, labels(idx_labels(0x803, {1, 0, 1})));
            }).find("magic"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx_dataset(ok_images, labels(idx_labels(0x801, {1, 0})));
            }).find("holds 2 labels"),
            std::string::npos);
  auto longer = pixels_;
  longer.push_back(7);
  EXPECT_NE(error_of([&] {
              read_idx_dataset(images(idx_images(0x803, 3, 2, 3, longer)), ok_labels);
            }).find("unexpected bytes"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_idx_dataset(ok_images, labels(idx_labels(0x801, {2, 0, 2})));
            }).find("class 1 never occurs"),
            std::string::npos);
}

TEST(FashionMnist, MissingFolderNamesTheDebianPackage) {
  TempDir dir;
  const std::string missing = (dir.path() / "nothing").string();
  const std::string message = error_of([&] { load_fashion_mnist(missing, "train"); });
  EXPECT_NE(message.find("install the Debian package dataset-fashion-mnist, or give path:"),
            std::string::npos)
      << message;
  EXPECT_NE(error_of([&] {
              load_fashion_mnist(dir.str(), "test");
            }).find("install the Debian package dataset-fashion-mnist"),
            std::string::npos);
}

TEST(FashionMnist, TrainPartHas60000Images) {
  if (!std::filesystem::exists(kFashionMnistDir)) {
    GTEST_SKIP() << kFashionMnistDir << " missing (Debian package dataset-fashion-mnist)";
  }
  Settings params;
  params.set("part", std::string("train"));
  const Dataset train = load_dataset("fashion_mnist", params, 0);
  EXPECT_EQ(train.name, "fashion_mnist");
  EXPECT_EQ(train.samples(), 60000);
  EXPECT_EQ(train.features(), 784);
  EXPECT_EQ(train.classes, 10);
  EXPECT_GE(train.x.minCoeff(), 0.0);
  EXPECT_LE(train.x.maxCoeff(), 1.0);
  EXPECT_EQ(train.x.maxCoeff(), 1.0);
  for (const Eigen::Index count : class_counts(train)) EXPECT_EQ(count, 6000);
}

// ---------------------------------------------------------------- synthetic data sets

TEST(Synthetic, SizesClassesAndReproducibility) {
  struct Case {
    std::string name;
    std::int64_t n;
    std::int64_t classes;  // 0: the set's own
    int expected_classes;
  };
  for (const Case& c :
       {Case{"moons", 301, 0, 2}, Case{"spirals", 500, 0, 3}, Case{"spirals", 101, 5, 5},
        Case{"xor", 203, 0, 2}, Case{"blobs", 250, 0, 3}, Case{"blobs", 99, 4, 4}}) {
    SCOPED_TRACE(c.name + " n=" + std::to_string(c.n));
    Settings params;
    params.set("n", c.n);
    if (c.classes > 0) params.set("classes", c.classes);
    const Dataset a = load_dataset(c.name, params, 42);
    EXPECT_EQ(a.name, c.name);
    ASSERT_EQ(a.samples(), c.n);
    EXPECT_EQ(a.features(), 2);
    EXPECT_EQ(a.classes, c.expected_classes);
    EXPECT_EQ(a.y.minCoeff(), 0);
    EXPECT_EQ(a.y.maxCoeff(), c.expected_classes - 1);
    const auto counts = class_counts(a);
    for (const Eigen::Index count : counts) {
      EXPECT_LE(std::abs(count - c.n / c.expected_classes), 1);
    }
    EXPECT_TRUE(a.x.allFinite());
    const Dataset same = load_dataset(c.name, params, 42);
    EXPECT_EQ(a.x, same.x);
    EXPECT_EQ(a.y, same.y);
    const Dataset other = load_dataset(c.name, params, 43);
    EXPECT_NE(a.x, other.x);
    params.set("seed", std::int64_t{7});  // a fixed seed ignores the run's
    EXPECT_EQ(load_dataset(c.name, params, 1).x, load_dataset(c.name, params, 2).x);
  }
}

TEST(Synthetic, ShapesWithoutNoise) {
  const Dataset moons = make_moons(100, 0.0, 1);
  for (Eigen::Index j = 0; j < moons.samples(); ++j) {
    const double x = moons.x(0, j);
    const double y = moons.x(1, j);
    if (moons.y[j] == 0) {
      EXPECT_NEAR(x * x + y * y, 1.0, 1e-12);
      EXPECT_GE(y, -1e-12);
    } else {
      EXPECT_NEAR((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1.0, 1e-12);
      EXPECT_LE(y, 0.5 + 1e-12);
    }
  }
  const Dataset xor_set = make_xor(40, 0.0, 1);
  for (Eigen::Index j = 0; j < xor_set.samples(); ++j) {
    EXPECT_EQ(std::abs(xor_set.x(0, j)), 1.0);
    EXPECT_EQ(xor_set.y[j], xor_set.x(0, j) * xor_set.x(1, j) < 0 ? 1 : 0);
  }
  const Dataset spirals = make_spirals(90, 3, 0.0, 1);
  EXPECT_LE(spirals.x.colwise().norm().maxCoeff(), 1.0 + 1e-12);
  const Dataset blobs = make_blobs(60, 3, 0.0, 5, 1);
  EXPECT_EQ(blobs.features(), 5);
  EXPECT_LE(blobs.x.cwiseAbs().maxCoeff(), 10.0);
}

TEST(Synthetic, TooFewSamplesAreErrors) {
  EXPECT_NE(error_of([] { make_moons(1, 0.1, 0); }).find("n >= 2"), std::string::npos);
  EXPECT_NE(error_of([] { make_xor(3, 0.1, 0); }).find("n >= 4"), std::string::npos);
  EXPECT_NE(error_of([] { make_spirals(4, 5, 0.1, 0); }).find("n >= 5"), std::string::npos);
  EXPECT_NE(error_of([] { make_blobs(10, 1, 0.1, 2, 0); }).find("at least 2 classes"),
            std::string::npos);
}

// ---------------------------------------------------------------- shuffle, split, standardize

TEST(Shuffle, IsAPermutationAndUnbiasedEnough) {
  Rng rng(3);
  std::vector<int> first_position(5, 0);
  for (int trial = 0; trial < 5000; ++trial) {
    std::vector<Eigen::Index> items{0, 1, 2, 3, 4};
    shuffle(items, rng);
    std::vector<Eigen::Index> sorted = items;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(sorted, (std::vector<Eigen::Index>{0, 1, 2, 3, 4}));
    ++first_position[static_cast<std::size_t>(items[0])];
  }
  for (const int count : first_position) EXPECT_NEAR(count, 1000, 150);
}

/// A data set whose only feature is the sample's index, to follow samples through a split.
Dataset indexed(const Dataset& data) {
  Dataset out = data;
  out.x.resize(1, data.samples());
  for (Eigen::Index j = 0; j < data.samples(); ++j) out.x(0, j) = static_cast<double>(j);
  out.feature_names = {"index"};
  return out;
}

TEST(Split, StratifiedDisjointAndComplete) {
  for (const char* name : {"iris", "wine", "breast_cancer", "digits"}) {
    SCOPED_TRACE(name);
    const Dataset data = indexed(bundled(name));
    for (const double fraction : {0.0, 0.2, 0.33, 0.5}) {
      const Split split = stratified_split(data, fraction, 11);
      const auto all = class_counts(data);
      const auto test = class_counts(split.test);
      const auto train = class_counts(split.train);
      for (std::size_t k = 0; k < all.size(); ++k) {
        EXPECT_LE(std::abs(static_cast<double>(test[k]) - fraction * static_cast<double>(all[k])),
                  1.0);
        EXPECT_EQ(train[k] + test[k], all[k]);
      }
      std::set<double> seen;
      for (const Dataset* part : {&split.train, &split.test}) {
        EXPECT_EQ(part->classes, data.classes);
        for (Eigen::Index j = 0; j < part->samples(); ++j) {
          const double index = part->x(0, j);
          EXPECT_TRUE(seen.insert(index).second) << "sample " << index << " twice";
          EXPECT_EQ(part->y[j], data.y[static_cast<Eigen::Index>(index)]);
        }
      }
      EXPECT_EQ(static_cast<Eigen::Index>(seen.size()), data.samples());
    }
  }
  const Split iris = stratified_split(bundled("iris"), 0.2, 5);
  EXPECT_EQ(class_counts(iris.test), (std::vector<Eigen::Index>{10, 10, 10}));
  EXPECT_EQ(iris.train.samples(), 120);
}

TEST(Split, DeterministicPerSeed) {
  const Dataset data = indexed(bundled("wine"));
  const Split a = stratified_split(data, 0.25, 1);
  const Split b = stratified_split(data, 0.25, 1);
  const Split c = stratified_split(data, 0.25, 2);
  EXPECT_EQ(a.test.x, b.test.x);
  EXPECT_EQ(a.train.x, b.train.x);
  ASSERT_EQ(a.test.samples(), c.test.samples());
  EXPECT_NE(a.test.x, c.test.x);
}

TEST(Split, KeepsOneSamplePerClassForTraining) {
  Dataset tiny;
  tiny.name = "tiny";
  tiny.x = Eigen::MatrixXd::Zero(1, 3);
  tiny.y = ints({0, 1, 1});
  tiny.classes = 2;
  tiny.feature_names = {"f"};
  const Split split = stratified_split(tiny, 0.9, 0);
  EXPECT_EQ(class_counts(split.train), (std::vector<Eigen::Index>{1, 1}));
  EXPECT_EQ(class_counts(split.test), (std::vector<Eigen::Index>{0, 1}));
}

TEST(Split, BadArgumentsAreErrors) {
  const Dataset iris = bundled("iris");
  EXPECT_NE(error_of([&] { stratified_split(iris, 1.0, 0); }).find("test_fraction"),
            std::string::npos);
  EXPECT_NE(error_of([&] { stratified_split(iris, -0.1, 0); }), "");
  EXPECT_NE(error_of([&] { stratified_split(iris, std::nan(""), 0); }), "");
  Dataset empty;
  empty.name = "nothing";
  empty.classes = 2;
  EXPECT_NE(error_of([&] { stratified_split(empty, 0.2, 0); }).find("empty"), std::string::npos);
  Split no_train;
  EXPECT_NE(error_of([&] { standardize(no_train); }).find("empty"), std::string::npos);
}

TEST(Standardize, UsesTrainingStatisticsOnly) {
  const Split raw = stratified_split(bundled("digits"), 0.2, 3);
  Split split = raw;
  standardize(split);
  const auto n = static_cast<double>(split.train.samples());
  int constant = 0;
  double largest_test_mean = 0.0;
  for (Eigen::Index i = 0; i < split.train.features(); ++i) {
    const auto row = split.train.x.row(i);
    const double mean = row.mean();
    const double sd = std::sqrt((row.array() - mean).square().sum() / n);
    EXPECT_NEAR(mean, 0.0, 1e-12) << "feature " << i;
    const auto raw_row = raw.train.x.row(i);
    if (raw_row.minCoeff() == raw_row.maxCoeff()) {
      ++constant;  // left centred: all zero
      EXPECT_EQ(row.cwiseAbs().maxCoeff(), 0.0) << "feature " << i;
      EXPECT_EQ(split.test.x.row(i), (raw.test.x.row(i).array() - raw_row[0]).matrix());
      continue;
    }
    EXPECT_NEAR(sd, 1.0, 1e-12) << "feature " << i;
    // The test part goes through the training mean and deviation.
    const double raw_mean = raw_row.mean();
    const double raw_sd = std::sqrt((raw_row.array() - raw_mean).square().sum() / n);
    for (Eigen::Index j = 0; j < split.test.samples(); ++j) {
      ASSERT_NEAR(split.test.x(i, j), (raw.test.x(i, j) - raw_mean) / raw_sd, 1e-9);
    }
    largest_test_mean = std::max(largest_test_mean, std::abs(split.test.x.row(i).mean()));
  }
  EXPECT_GT(constant, 0);  // digits has always-blank corner pixels
  EXPECT_GT(largest_test_mean, 1e-3);
}

}  // namespace
}  // namespace optbench
