#include "tape.hpp"

#include <cmath>

namespace optbench::expression {

bool is_binary(Op op) {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Pow;
}

const char* c_name(Op op) {
  switch (op) {
    case Op::Add:
      return "+";
    case Op::Sub:
      return "-";
    case Op::Mul:
      return "*";
    case Op::Div:
      return "/";
    case Op::Neg:
      return "-";
    case Op::Pow:
      return "pow";
    case Op::Sqrt:
      return "sqrt";
    case Op::Exp:
      return "exp";
    case Op::Log:
      return "log";
    case Op::Sin:
      return "sin";
    case Op::Cos:
      return "cos";
    case Op::Tan:
      return "tan";
    case Op::Asin:
      return "asin";
    case Op::Acos:
      return "acos";
    case Op::Atan:
      return "atan";
    case Op::Sinh:
      return "sinh";
    case Op::Cosh:
      return "cosh";
    case Op::Tanh:
      return "tanh";
    case Op::Asinh:
      return "asinh";
    case Op::Acosh:
      return "acosh";
    case Op::Atanh:
      return "atanh";
    case Op::Abs:
      return "fabs";
    case Op::Sign:
      return "optbench_sign";
  }
  return "?";
}

double apply(Op op, double a, double b) {
  switch (op) {
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Neg:
      return -a;
    case Op::Pow:
      return std::pow(a, b);
    case Op::Sqrt:
      return std::sqrt(a);
    case Op::Exp:
      return std::exp(a);
    case Op::Log:
      return std::log(a);
    case Op::Sin:
      return std::sin(a);
    case Op::Cos:
      return std::cos(a);
    case Op::Tan:
      return std::tan(a);
    case Op::Asin:
      return std::asin(a);
    case Op::Acos:
      return std::acos(a);
    case Op::Atan:
      return std::atan(a);
    case Op::Sinh:
      return std::sinh(a);
    case Op::Cosh:
      return std::cosh(a);
    case Op::Tanh:
      return std::tanh(a);
    case Op::Asinh:
      return std::asinh(a);
    case Op::Acosh:
      return std::acosh(a);
    case Op::Atanh:
      return std::atanh(a);
    case Op::Abs:
      return std::fabs(a);
    case Op::Sign:
      return a > 0.0 ? 1.0 : (a < 0.0 ? -1.0 : a);
  }
  return std::nan("");
}

TapeWorkspace::TapeWorkspace(const Tape& tape) : r_(tape.registers(), 0.0) {
  for (std::size_t c = 0; c < tape.constants.size(); ++c) {
    r_[tape.first_constant() + c] = tape.constants[c];
  }
}

void TapeWorkspace::run(const Tape& tape, const double* x) {
  double* r = r_.data();
  for (std::uint32_t i = 0; i < tape.inputs; ++i) r[i] = x[i];
  double* out = r + tape.first_temporary();
  // One switch per instruction; the common arithmetic comes first.
  for (const Instruction& in : tape.code) {
    const double a = r[in.a];
    switch (in.op) {
      case Op::Add:
        *out = a + r[in.b];
        break;
      case Op::Sub:
        *out = a - r[in.b];
        break;
      case Op::Mul:
        *out = a * r[in.b];
        break;
      case Op::Div:
        *out = a / r[in.b];
        break;
      case Op::Neg:
        *out = -a;
        break;
      default:
        *out = apply(in.op, a, r[in.b]);
        break;
    }
    ++out;
  }
}

namespace {

std::string describe(Op op, double a, double b) {
  switch (op) {
    case Op::Div:
      return b == 0.0 ? "division by zero" : "a division overflows";
    case Op::Log:
      return a == 0.0 ? "log of 0" : (a < 0.0 ? "log of a negative number" : "log overflows");
    case Op::Sqrt:
      return "sqrt of a negative number";
    case Op::Pow:
      if (a == 0.0 && b < 0.0) return "division by zero (0 to a negative power)";
      if (a < 0.0 && b != std::floor(b)) return "a negative number to a fractional power";
      return "a power overflows";
    case Op::Exp:
      return "exp overflows";
    case Op::Asin:
    case Op::Acos:
      return std::string(c_name(op)) + " of a number outside [-1, 1]";
    case Op::Acosh:
      return "acosh of a number below 1";
    case Op::Atanh:
      return std::fabs(a) == 1.0 ? "atanh of +-1" : "atanh of a number outside (-1, 1)";
    case Op::Tan:
      return "tan at a pole";
    default:
      return std::string("overflow in ") + c_name(op);
  }
}

}  // namespace

std::optional<std::string> first_undefined_operation(const Tape& tape, const double* x) {
  std::vector<double> r(tape.registers(), 0.0);
  for (std::uint32_t i = 0; i < tape.inputs; ++i) r[i] = x[i];
  for (std::size_t c = 0; c < tape.constants.size(); ++c) {
    r[tape.first_constant() + c] = tape.constants[c];
    if (!std::isfinite(tape.constants[c])) return "a constant is not finite";
  }
  for (std::size_t k = 0; k < tape.code.size(); ++k) {
    const Instruction& in = tape.code[k];
    const double a = r[in.a];
    const double b = is_binary(in.op) ? r[in.b] : 0.0;
    const double v = apply(in.op, a, b);
    r[tape.first_temporary() + k] = v;
    if (!std::isfinite(v) && std::isfinite(a) && std::isfinite(b)) return describe(in.op, a, b);
  }
  return std::nullopt;
}

}  // namespace optbench::expression
