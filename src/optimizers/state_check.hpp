#pragma once
// Shared by the optimizers' step() overloads (private to src/optimizers): the check that the last
// reset() sized the state for the precision and the size of the parameters being stepped.

#include <type_traits>

#include <Eigen/Core>

namespace optbench::detail {

/// Throws std::logic_error: optimizer `name` was stepped on `size` parameters of `dtype`
/// ("float32" or "float64") without a reset(size, dtype) before.
[[noreturn]] void throw_not_reset(const char* name, Eigen::Index size, const char* dtype);

/// Throws unless reset() sized the state of scalar T for `size` parameters; `state_size` is the
/// size reset() gave that state, -1 for the precision it did not reset. One comparison.
template <typename T>
inline void check_reset(const char* name, Eigen::Index state_size, Eigen::Index size) {
  static_assert(std::is_same_v<T, double> || std::is_same_v<T, float>);
  if (state_size != size) [[unlikely]] {
    throw_not_reset(name, size, precision_name(precision_of_scalar<T>()));
  }
}

}  // namespace optbench::detail
