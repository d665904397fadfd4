#include "optbench/data/synthetic.hpp"

#include <cmath>
#include <numbers>
#include <numeric>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/shuffle.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

void check_size(const std::string& name, Eigen::Index n, Eigen::Index least,
                const std::string& why) {
  if (n < least) {
    throw Error("n", name + " needs n >= " + std::to_string(least) + " (" + why + "), got " +
                         std::to_string(n));
  }
}

void check_noise(double noise) {
  if (!std::isfinite(noise) || noise < 0.0) {
    throw Error("noise", "must be a finite number >= 0, got " + format_number(noise));
  }
}

void check_classes(const std::string& name, int classes) {
  if (classes < 2) {
    throw Error("classes", name + " needs at least 2 classes, got " + std::to_string(classes));
  }
}

/// An empty set of `n` samples with features named x0, x1, ...
Dataset empty_set(std::string name, Eigen::Index features, Eigen::Index n, int classes) {
  Dataset data;
  data.name = std::move(name);
  data.x.resize(features, n);
  data.y.resize(n);
  data.classes = classes;
  for (Eigen::Index i = 0; i < features; ++i) data.feature_names.push_back("x" + std::to_string(i));
  return data;
}

/// How many of `n` samples group `k` of `groups` gets (the first n % groups get one more).
Eigen::Index share(Eigen::Index n, Eigen::Index groups, Eigen::Index k) {
  return n / groups + (k < n % groups ? 1 : 0);
}

/// Adds Gaussian noise to every coordinate, then shuffles the samples (sklearn's shuffle=True).
Dataset finish(Dataset data, double noise, Rng& rng) {
  for (Eigen::Index j = 0; j < data.x.cols(); ++j) {
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) data.x(i, j) += noise * rng.normal();
  }
  std::vector<Eigen::Index> order(static_cast<std::size_t>(data.x.cols()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  shuffle(order, rng);
  return select_samples(data, order);
}

/// The k-th of m points evenly spaced over [0, 1] (numpy's linspace; 0 when m is 1).
double linspace01(Eigen::Index k, Eigen::Index m) {
  return m > 1 ? static_cast<double>(k) / static_cast<double>(m - 1) : 0.0;
}

}  // namespace

Dataset make_moons(Eigen::Index n, double noise, std::uint64_t seed) {
  check_size("moons", n, 2, "one sample per class");
  check_noise(noise);
  Rng rng(seed);
  Dataset data = empty_set("moons", 2, n, 2);
  const Eigen::Index outer = n / 2;
  const Eigen::Index inner = n - outer;
  for (Eigen::Index k = 0; k < outer; ++k) {
    const double t = std::numbers::pi * linspace01(k, outer);
    data.x.col(k) << std::cos(t), std::sin(t);
    data.y[k] = 0;
  }
  for (Eigen::Index k = 0; k < inner; ++k) {
    const double t = std::numbers::pi * linspace01(k, inner);
    data.x.col(outer + k) << 1.0 - std::cos(t), 0.5 - std::sin(t);
    data.y[outer + k] = 1;
  }
  return finish(std::move(data), noise, rng);
}

Dataset make_spirals(Eigen::Index n, int classes, double noise, std::uint64_t seed) {
  check_classes("spirals", classes);
  check_size("spirals", n, classes, "one sample per arm");
  check_noise(noise);
  Rng rng(seed);
  Dataset data = empty_set("spirals", 2, n, classes);
  Eigen::Index j = 0;
  for (int arm = 0; arm < classes; ++arm) {
    const Eigen::Index m = share(n, classes, arm);
    for (Eigen::Index k = 0; k < m; ++k, ++j) {
      const double r = static_cast<double>(k + 1) / static_cast<double>(m);
      const double t = 2.0 * std::numbers::pi * (static_cast<double>(arm) / classes + r);
      data.x.col(j) << r * std::cos(t), r * std::sin(t);
      data.y[j] = arm;
    }
  }
  return finish(std::move(data), noise, rng);
}

Dataset make_xor(Eigen::Index n, double noise, std::uint64_t seed) {
  check_size("xor", n, 4, "one sample per cluster");
  check_noise(noise);
  Rng rng(seed);
  Dataset data = empty_set("xor", 2, n, 2);
  // Quadrants I, II, III, IV: the label is 1 where the signs of the coordinates differ.
  const double cx[4] = {1.0, -1.0, -1.0, 1.0};
  const double cy[4] = {1.0, 1.0, -1.0, -1.0};
  const int label[4] = {0, 1, 0, 1};
  Eigen::Index j = 0;
  for (int c = 0; c < 4; ++c) {
    for (Eigen::Index k = 0; k < share(n, 4, c); ++k, ++j) {
      data.x.col(j) << cx[c], cy[c];
      data.y[j] = label[c];
    }
  }
  return finish(std::move(data), noise, rng);
}

Dataset make_blobs(Eigen::Index n, int classes, double noise, Eigen::Index features,
                   std::uint64_t seed) {
  check_classes("blobs", classes);
  check_size("blobs", n, classes, "one sample per blob");
  check_noise(noise);
  if (features < 1) {
    throw Error("features", "blobs needs at least 1 feature, got " + std::to_string(features));
  }
  Rng rng(seed);
  Eigen::MatrixXd centres(features, classes);
  for (int c = 0; c < classes; ++c) {
    for (Eigen::Index i = 0; i < features; ++i) centres(i, c) = -10.0 + 20.0 * rng.uniform();
  }
  Dataset data = empty_set("blobs", features, n, classes);
  Eigen::Index j = 0;
  for (int c = 0; c < classes; ++c) {
    for (Eigen::Index k = 0; k < share(n, classes, c); ++k, ++j) {
      data.x.col(j) = centres.col(c);
      data.y[j] = c;
    }
  }
  return finish(std::move(data), noise, rng);
}

}  // namespace optbench
