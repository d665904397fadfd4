#include "c_source.hpp"

#include <cmath>
#include <cstdio>

namespace optbench::expression {

namespace {

std::string literal(double v) {
  if (std::isnan(v)) return "__builtin_nan(\"\")";
  if (std::isinf(v)) return v > 0 ? "__builtin_inf()" : "(-__builtin_inf())";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return v < 0 || std::signbit(v) ? "(" + std::string(buf) + ")" : std::string(buf);
}

std::string operand(const Tape& tape, std::uint32_t r) {
  if (r < tape.inputs) return "x[" + std::to_string(r) + "]";
  if (r < tape.first_temporary()) return literal(tape.constants[r - tape.first_constant()]);
  return "t" + std::to_string(r - tape.first_temporary());
}

}  // namespace

std::string c_prelude() {
  return "#include <math.h>\n"
         "static double optbench_sign(double a) { return a > 0.0 ? 1.0 : (a < 0.0 ? -1.0 : a); }\n";
}

std::string c_function(const Tape& tape, const std::string& name, bool returns_first) {
  std::string s = "double " + name + "(const double* restrict x, double* restrict out) {\n";
  s += "  (void)x;\n  (void)out;\n";
  for (std::size_t k = 0; k < tape.code.size(); ++k) {
    const Instruction& in = tape.code[k];
    s += "  const double t" + std::to_string(k) + " = ";
    const std::string a = operand(tape, in.a);
    switch (in.op) {
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
        s += a + ' ' + c_name(in.op) + ' ' + operand(tape, in.b);
        break;
      case Op::Neg:
        s += "-" + a;
        break;
      case Op::Pow:
        s += "pow(" + a + ", " + operand(tape, in.b) + ")";
        break;
      default:
        s += std::string(c_name(in.op)) + "(" + a + ")";
        break;
    }
    s += ";\n";
  }
  const std::size_t first = returns_first ? 1 : 0;
  for (std::size_t k = first; k < tape.outputs.size(); ++k) {
    s += "  out[" + std::to_string(k - first) + "] = " + operand(tape, tape.outputs[k]) + ";\n";
  }
  s += "  return " +
       (returns_first && !tape.outputs.empty() ? operand(tape, tape.outputs[0])
                                               : std::string("0.0")) +
       ";\n}\n";
  return s;
}

}  // namespace optbench::expression
