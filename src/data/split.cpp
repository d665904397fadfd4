#include "optbench/data/split.hpp"

#include <algorithm>
#include <cmath>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/shuffle.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

Split stratified_split(const Dataset& data, double test_fraction, std::uint64_t seed) {
  if (data.samples() == 0) throw Error("dataset", "the data set '" + data.name + "' is empty");
  if (!(test_fraction >= 0.0 && test_fraction < 1.0)) {
    throw Error("test_fraction", "must be in [0, 1), got " + format_number(test_fraction));
  }
  std::vector<std::vector<Eigen::Index>> by_class(static_cast<std::size_t>(data.classes));
  for (Eigen::Index j = 0; j < data.samples(); ++j) {
    const int label = data.y[j];
    if (label < 0 || label >= data.classes) {
      throw Error("dataset", "sample " + std::to_string(j) + " of '" + data.name + "' has label " +
                                 std::to_string(label) + ", outside 0.." +
                                 std::to_string(data.classes - 1));
    }
    by_class[static_cast<std::size_t>(label)].push_back(j);
  }
  Rng rng(seed);
  std::vector<Eigen::Index> train;
  std::vector<Eigen::Index> test;
  for (auto& members : by_class) {
    if (members.empty()) continue;
    shuffle(members, rng);
    const auto size = static_cast<double>(members.size());
    const auto wanted = static_cast<std::size_t>(std::llround(test_fraction * size));
    const std::size_t in_test = std::min(wanted, members.size() - 1);
    test.insert(test.end(), members.begin(),
                members.begin() + static_cast<std::ptrdiff_t>(in_test));
    train.insert(train.end(), members.begin() + static_cast<std::ptrdiff_t>(in_test),
                 members.end());
  }
  std::sort(train.begin(), train.end());
  std::sort(test.begin(), test.end());
  return {select_samples(data, train), select_samples(data, test)};
}

void Standardizer::apply(Eigen::MatrixXd& x) const {
  x.colwise() -= mean;
  x.array().colwise() /= scale.array();
}

Standardizer fit_standardizer(const Dataset& train) {
  if (train.samples() == 0) {
    throw Error("standardize", "the training part of '" + train.name + "' is empty");
  }
  Standardizer s;
  const auto n = static_cast<double>(train.samples());
  s.mean = train.x.rowwise().sum() / n;
  s.scale.resize(train.features());
  for (Eigen::Index i = 0; i < train.features(); ++i) {
    const auto row = train.x.row(i);
    if (row.minCoeff() == row.maxCoeff()) {
      // A constant feature: centre it exactly (its computed mean may be off by rounding).
      s.mean[i] = row[0];
      s.scale[i] = 1.0;
      continue;
    }
    const double variance = (row.array() - s.mean[i]).square().sum() / n;
    s.scale[i] = variance > 0.0 ? std::sqrt(variance) : 1.0;
  }
  return s;
}

void standardize(Split& split) {
  const Standardizer s = fit_standardizer(split.train);
  s.apply(split.train.x);
  s.apply(split.test.x);
}

}  // namespace optbench
