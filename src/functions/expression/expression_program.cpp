#include "expression_program.hpp"

#include <atomic>
#include <map>
#include <new>

#include "c_source.hpp"
#include "expression_parser.hpp"
#include "optbench/core/note.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "symbolic_derivatives.hpp"
#include "symbolic_expression.hpp"
#include "tape_lowering.hpp"

namespace optbench::expression {

std::string ExpressionProgram::c_source() const {
  return c_prelude() + c_function(value, "optbench_value", true) +
         c_function(gradient, "optbench_gradient", true) +
         c_function(hessian, "optbench_hessian", false);
}

std::unique_ptr<ExpressionProgram> build_expression_program(const std::string& text,
                                                            std::int64_t dim) {
  const Ast ast = parse_expression(text);
  if (dim < 1 || dim > kMaxExpressionDim) {
    throw ExpressionError(0, "an expression has 1 to " + std::to_string(kMaxExpressionDim) +
                                 " variables; dim is " + std::to_string(dim));
  }
  auto program = std::make_unique<ExpressionProgram>();
  program->dim = dim;
  const std::lock_guard<std::mutex> lock(ginac_mutex());
  // Every GiNaC object lives in this scope, under the lock.
  const GiNaC::exvector x = make_variables(dim);
  const GiNaC::ex f = build_symbolic(ast, x);
  try {
    const SymbolicDerivatives d = differentiate(f, x);
    program->value = lower_to_tape({f}, x);
    GiNaC::exvector with_gradient{f};
    with_gradient.insert(with_gradient.end(), d.gradient.begin(), d.gradient.end());
    program->gradient = lower_to_tape(with_gradient, x);
    GiNaC::exvector entries;
    entries.reserve(d.hessian.size());
    for (const HessianEntry& e : d.hessian) {
      entries.push_back(e.value);
      program->hessian_entries.emplace_back(static_cast<std::uint32_t>(e.row),
                                            static_cast<std::uint32_t>(e.col));
      if (e.row != e.col) program->diagonal = false;
    }
    program->hessian = lower_to_tape(entries, x);
  } catch (const ExpressionError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // GiNaC refuses a derivative it finds undefined for every x: 0^(2^x1) differentiates to a
    // log(0), (x0 - x0)^-1 is a pole.
    throw ExpressionError(0, std::string("the expression or its derivatives are undefined "
                                         "everywhere (GiNaC: ") +
                                 e.what() + ")");
  }
  return program;
}

std::shared_ptr<const ExpressionProgram> expression_program(const std::string& text,
                                                            std::int64_t dim) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::int64_t>, std::shared_ptr<const ExpressionProgram>>
      cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_pair(text, dim);
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  std::shared_ptr<const ExpressionProgram> program = build_expression_program(text, dim);
  cache.emplace(key, program);
  return program;
}

const std::vector<NativeFunction>* compiled_functions(const ExpressionProgram& program) {
  std::call_once(program.compile_once, [&program] {
    std::string why;
    const std::size_t size =
        program.value.code.size() + program.gradient.code.size() + program.hessian.code.size();
    if (size > kMaxCompiledOperations) {
      why = "this one has " + std::to_string(size) + " operations, and above " +
            std::to_string(kMaxCompiledOperations) + " the C compiler takes minutes";
    } else {
      program.native = load_native(
          program.c_source(), {"optbench_value", "optbench_gradient", "optbench_hessian"}, why);
    }
    static std::atomic<bool> noted{false};
    if (!program.native && !noted.exchange(true)) {
      note("expressions are interpreted, not compiled: " + why);
    }
  });
  return program.native ? &*program.native : nullptr;
}

}  // namespace optbench::expression
