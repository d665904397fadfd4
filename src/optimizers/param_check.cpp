#include "param_check.hpp"

#include <cmath>
#include <string>

#include "optbench/core/error.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench::detail {

void require_finite(const char* field, double value) {
  if (!std::isfinite(value))
    throw Error(field, "value must be finite, got " + format_number(value));
}

void require_at_least(const char* field, double value, double min) {
  if (!std::isfinite(value) || !(value >= min)) {
    throw Error(field, "value must be >= " + format_number(min) + ", got " + format_number(value));
  }
}

void require_in(const char* field, double value, double min, double max, bool max_open) {
  const bool high = max_open ? !(value < max) : !(value <= max);
  if (!std::isfinite(value) || !(value >= min) || high) {
    throw Error(field, "value must be in [" + format_number(min) + ", " + format_number(max) +
                           (max_open ? ")" : "]") + ", got " + format_number(value));
  }
}

void require_betas(const std::array<double, 2>& betas) {
  for (std::size_t i = 0; i < betas.size(); ++i) {
    if (!std::isfinite(betas[i]) || !(betas[i] >= 0.0 && betas[i] < 1.0)) {
      throw Error("betas", "element " + std::to_string(i) + " must be in [0, 1), got " +
                               format_number(betas[i]));
    }
  }
}

}  // namespace optbench::detail
