#pragma once
// A labelled classification data set, stored one sample per column, and where the bundled ones are.

#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

namespace optbench {

/// Features and integer labels: x is features x samples (column j is sample j, column-major), so a
/// dense layer computes W * x for a whole batch with one matrix product.
struct Dataset {
  std::string name;
  Eigen::MatrixXd x;  ///< features x samples
  Eigen::VectorXi y;  ///< one label per sample, in [0, classes)
  int classes = 0;
  std::vector<std::string> feature_names;  ///< one per row of x

  Eigen::Index samples() const { return x.cols(); }
  Eigen::Index features() const { return x.rows(); }
};

/// The features `x` in the scalar type a network trains in: `x` itself for double (no copy),
/// else `copy`, filled with x's values rounded.
template <typename Scalar>
const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& features_as(
    const Eigen::MatrixXd& x, Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& copy) {
  if constexpr (std::is_same_v<Scalar, double>) {
    return x;
  } else {
    copy = x.cast<Scalar>();
    return copy;
  }
}

/// The folder of the bundled CSV files: $OPTBENCH_DATA_DIR when set and not empty, else the
/// source tree's data/ folder that the build recorded, or, where that is gone, the installed
/// copy (share/optbench/data).
std::string data_dir();

/// Samples per class (size `classes`).
std::vector<Eigen::Index> class_counts(const Dataset& data);

/// The samples at `columns`, in that order, as a data set with the same name, classes and features.
Dataset select_samples(const Dataset& data, const std::vector<Eigen::Index>& columns);

}  // namespace optbench
