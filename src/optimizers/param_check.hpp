#pragma once
// Shared by the optimizers' Params::validate() (private to src/optimizers): range checks that
// throw Error(field, message) in the words of the config loader's checks.

#include <array>

namespace optbench::detail {

/// Throws Error(field, ...) unless `value` is finite.
void require_finite(const char* field, double value);

/// Throws Error(field, ...) unless `value` is finite and >= `min`.
void require_at_least(const char* field, double value, double min);

/// Throws Error(field, ...) unless `value` is finite and in [min, max] (or [min, max) when
/// `max_open`).
void require_in(const char* field, double value, double min, double max, bool max_open);

/// Throws Error("betas", ...) unless both betas are in [0, 1), as torch.optim requires.
void require_betas(const std::array<double, 2>& betas);

}  // namespace optbench::detail
