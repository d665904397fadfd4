#pragma once
// A straight-line program over doubles, free of GiNaC: what an expression, its gradient or its
// Hessian becomes once lowered. The interpreter runs it; c_source.cpp prints it as C for the
// system compiler. Both perform the same IEEE operations in the same order, so the compiled and
// the interpreted evaluators agree bit for bit.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optbench::expression {

/// One operation; binary ones read registers a and b, unary ones a.
enum class Op : std::uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  Pow,
  Sqrt,
  Exp,
  Log,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Acosh,
  Atanh,
  Abs,
  Sign,  ///< -1, 0 or 1 (GiNaC's csgn on reals)
};

/// Whether the operation reads a second operand.
bool is_binary(Op op);
/// The C function or operator of the operation ("exp", "+").
const char* c_name(Op op);
/// The operation on doubles, exactly as the interpreter and the generated C compute it.
double apply(Op op, double a, double b);

/// One instruction; instruction k writes register `first_temporary() + k`.
struct Instruction {
  Op op = Op::Add;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

/// Registers [0, inputs) hold x, then the constants, then one register per instruction.
struct Tape {
  std::uint32_t inputs = 0;
  std::vector<double> constants;
  std::vector<Instruction> code;
  std::vector<std::uint32_t> outputs;

  std::uint32_t first_constant() const { return inputs; }
  std::uint32_t first_temporary() const {
    return inputs + static_cast<std::uint32_t>(constants.size());
  }
  std::size_t registers() const { return first_temporary() + code.size(); }
};

/// Register storage for one tape: constants loaded once, inputs and temporaries per run.
class TapeWorkspace {
 public:
  explicit TapeWorkspace(const Tape& tape);
  /// Runs the tape at x (tape.inputs values); outputs are then read with output(k).
  void run(const Tape& tape, const double* x);
  double output(const Tape& tape, std::size_t k) const { return r_[tape.outputs[k]]; }

 private:
  std::vector<double> r_;
};

/// Where the tape first turns finite inputs into a non-finite value: "division by zero",
/// "log of 0", ...; nullopt when every register is finite.
std::optional<std::string> first_undefined_operation(const Tape& tape, const double* x);

}  // namespace optbench::expression
