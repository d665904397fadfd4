// One line per data set: the catalogue `optbench list datasets` and the `data:` configs use.

#include <filesystem>

#include "optbench/core/error.hpp"
#include "optbench/data/csv_dataset.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/idx_dataset.hpp"
#include "optbench/data/synthetic.hpp"

#include <limits>

namespace optbench {

namespace {

ParamSpec text(std::string name, std::string default_value, std::string help,
               std::vector<std::string> choices = {}) {
  return text_param(std::move(name), std::move(default_value), std::move(choices), std::move(help));
}

ParamSpec integer(std::string name, std::int64_t default_value, double min, std::string help) {
  return number_param(std::move(name), SettingType::Integer, default_value, min,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

ParamSpec real(std::string name, double default_value, std::string help) {
  return number_param(std::move(name), SettingType::Real, default_value, 0.0,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

/// The file a bundled set reads: `path`, or data/NAME.csv (OPTBENCH_DATA_DIR).
std::string bundled_path(const std::string& name, const Settings& p) {
  std::string path = p.text("path");
  if (!path.empty()) return path;
  path = (std::filesystem::path(data_dir()) / (name + ".csv")).string();
  if (!std::filesystem::exists(path)) {
    throw Error({path, 0, 0}, "",
                "bundled data set missing (set OPTBENCH_DATA_DIR to optbench's data/ folder)");
  }
  return path;
}

/// A CSV file shipped in data/ (OPTBENCH_DATA_DIR), or the file that `path` names.
DatasetInfo bundled(const std::string& name, std::string description) {
  return {name,
          std::move(description),
          {text("path", "", "another CSV file to read instead of the bundled one")},
          [name](const Settings& p, std::uint64_t) {
            Dataset data = read_csv_dataset(bundled_path(name, p));
            data.name = name;
            return data;
          },
          [name](const Settings& p) { return std::vector<std::string>{bundled_path(name, p)}; }};
}

/// The samples' seed: the run's (experiment, data, seed) one, or the fixed `seed` parameter.
std::uint64_t sample_seed(const Settings& p, std::uint64_t seed) {
  const std::int64_t fixed = p.integer("seed");
  return fixed >= 0 ? static_cast<std::uint64_t>(fixed) : seed;
}

/// The parameters every synthetic set takes, then its own.
std::vector<ParamSpec> synthetic(double noise, std::vector<ParamSpec> more = {}) {
  std::vector<ParamSpec> specs{
      integer("n", 500, 1, "number of samples"),
      real("noise", noise, "standard deviation of the Gaussian noise"),
      integer("seed", -1, -1, "fixed seed for the samples; -1: from the run's seed")};
  specs.insert(specs.end(), more.begin(), more.end());
  return specs;
}

ParamSpec classes(std::int64_t default_value) {
  return integer("classes", default_value, 2, "number of classes");
}

DatasetRegistry build() {
  DatasetRegistry r("data set");
  r.add(bundled("iris", "Fisher's iris: 150 flowers, 4 features, 3 classes (UCI)"));
  r.add(bundled("wine", "wine cultivars: 178 samples, 13 features, 3 classes (UCI)"));
  r.add(bundled("breast_cancer",
                "breast cancer Wisconsin (diagnostic): 569 samples, 30 features, 2 classes "
                "(0 malignant, 1 benign; UCI)"));
  r.add(bundled("digits", "8x8 handwritten digits: 1797 images, 64 pixels 0-16, 10 classes (UCI)"));
  r.add({"csv",
         "a CSV file: header row, numeric features, integer labels 0..K-1 in column `label`",
         {text("path", "", "the CSV file (required)"),
          text("label", "label", "the name of the label column")},
         [](const Settings& p, std::uint64_t) {
           if (p.text("path").empty()) throw Error("path", "csv needs path: the CSV file to read");
           return read_csv_dataset(p.text("path"), p.text("label"));
         },
         [](const Settings& p) { return std::vector<std::string>{p.text("path")}; }});
  r.add({"fashion_mnist",
         "Fashion-MNIST: 28x28 grey images, 784 pixels in [0, 1], 10 classes; train 60000, test "
         "10000 (Debian package dataset-fashion-mnist)",
         {text("path", kFashionMnistDir, "folder with the four IDX files"),
          text("part", "all", "which files: train, test or all (train then test)",
               {"train", "test", "all"})},
         [](const Settings& p, std::uint64_t) {
           return load_fashion_mnist(p.text("path"), p.text("part"));
         },
         [](const Settings& p) { return fashion_mnist_files(p.text("path"), p.text("part")); }});
  r.add({"moons",
         "two interleaving half circles (sklearn's make_moons), 2 classes",
         synthetic(0.1),
         [](const Settings& p, std::uint64_t seed) {
           return make_moons(p.integer("n"), p.real("noise"), sample_seed(p, seed));
         },
         {}});
  r.add({"spirals",
         "`classes` interleaved spiral arms of one turn each",
         synthetic(0.1, {classes(3)}),
         [](const Settings& p, std::uint64_t seed) {
           return make_spirals(p.integer("n"), static_cast<int>(p.integer("classes")),
                               p.real("noise"), sample_seed(p, seed));
         },
         {}});
  r.add({"xor",
         "four Gaussian clusters at (+-1, +-1) labelled by quadrant parity, 2 classes",
         synthetic(0.2),
         [](const Settings& p, std::uint64_t seed) {
           return make_xor(p.integer("n"), p.real("noise"), sample_seed(p, seed));
         },
         {}});
  r.add({"blobs",
         "`classes` Gaussian blobs around random centres in [-10, 10]^features",
         synthetic(1.0, {classes(3), integer("features", 2, 1, "number of features")}),
         [](const Settings& p, std::uint64_t seed) {
           return make_blobs(p.integer("n"), static_cast<int>(p.integer("classes")),
                             p.real("noise"), p.integer("features"), sample_seed(p, seed));
         },
         {}});
  return r;
}

}  // namespace

namespace {

DatasetRegistry& registry() {
  static DatasetRegistry all = build();
  return all;
}

}  // namespace

const DatasetRegistry& dataset_registry() {
  return registry();
}

void register_dataset(DatasetInfo info) {
  registry().add(std::move(info));
}

}  // namespace optbench
