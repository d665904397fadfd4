#pragma once
// The syntax tree of an expression, as the parser reads it and before any dimension is known.
// Nodes live in one array and name their children by index, so a deep tree is freed without
// recursion.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace optbench::expression {

/// What a node is.
enum class NodeKind : std::uint8_t {
  Number,    ///< a literal; `name` holds its text
  Pi,        ///< the constant pi
  Dim,       ///< the dimension of the problem
  Index,     ///< a sum's index; `name` holds it
  Variable,  ///< xN; `variable` holds N
  Indexed,   ///< x[child 0]
  Call,      ///< name(children...)
  Negate,
  Add,
  Subtract,
  Multiply,
  Divide,
  Power,
  Sum,  ///< sum(name, child 0, child 1, child 2): index name, first, last, body
};

/// One node: its kind, where it starts in the text (an operator's node: the operator) and its
/// children.
struct AstNode {
  NodeKind kind = NodeKind::Number;
  std::size_t offset = 0;
  std::string name;
  std::int64_t variable = 0;
  std::vector<std::size_t> children;
};

/// A parsed expression.
struct Ast {
  std::vector<AstNode> nodes;
  std::size_t root = 0;
  std::optional<std::int64_t> highest_variable;  ///< the largest N written as xN
  std::size_t highest_variable_offset = 0;       ///< where that xN is
  bool uses_dim = false;                         ///< writes dim or x[...]
};

}  // namespace optbench::expression
