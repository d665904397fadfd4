#pragma once
// An expression at one dimension, ready to evaluate: its value, value-and-gradient and Hessian
// tapes (GiNaC-free, shared by every thread) and, on request, the same compiled to native code.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "native_compiler.hpp"
#include "tape.hpp"

namespace optbench::expression {

/// Larger programs are interpreted: GCC needs about a millisecond per operation (a minute for
/// Rastrigin at dim 5000).
inline constexpr std::size_t kMaxCompiledOperations = 60000;

/// Everything evaluated about an expression at one dimension.
struct ExpressionProgram {
  std::int64_t dim = 0;
  Tape value;     ///< outputs: f
  Tape gradient;  ///< outputs: f, df/dx0, ..., df/dx{dim-1}
  Tape hessian;   ///< outputs: the entries below, in order
  std::vector<std::pair<std::uint32_t, std::uint32_t>> hessian_entries;  ///< (row, col), row<=col
  bool diagonal = true;  ///< no nonzero entry off the diagonal

  /// The C source of the three tapes (optbench_value, optbench_gradient, optbench_hessian).
  std::string c_source() const;

  // Compiled on first request (compiled_functions), then kept.
  mutable std::once_flag compile_once;
  mutable std::optional<std::vector<NativeFunction>> native;
};

/// Parses, differentiates and lowers `text` at `dim`; throws ExpressionError. Not cached.
std::unique_ptr<ExpressionProgram> build_expression_program(const std::string& text,
                                                            std::int64_t dim);

/// build_expression_program, once per (text, dim) in the process.
std::shared_ptr<const ExpressionProgram> expression_program(const std::string& text,
                                                            std::int64_t dim);

/// The native value, gradient and Hessian functions of `program`, compiled on first request;
/// nullptr when they cannot be had (no compiler, ...), after one note for the whole process.
const std::vector<NativeFunction>* compiled_functions(const ExpressionProgram& program);

}  // namespace optbench::expression
