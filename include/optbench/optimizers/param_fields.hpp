#pragma once
// Hyperparameters declared once: a Params struct lists its fields (name, member, range, help) in
// one table, and the registry's ParamSpec list, the fill from Settings and validate() are all
// generated from it. Defaults live only in the struct's member initialisers.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/setting.hpp"

namespace optbench {

/// The allowed range of a numeric field; an end is open when its flag says so.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;
};

/// Any finite number.
inline constexpr Bounds any_finite{};

/// [min, inf).
constexpr Bounds at_least(double min) {
  return {min, std::numeric_limits<double>::infinity(), false, false};
}

/// (min, inf).
constexpr Bounds above(double min) {
  return {min, std::numeric_limits<double>::infinity(), true, false};
}

/// [min, max], either end open when asked.
constexpr Bounds within(double min, double max, bool min_open = false, bool max_open = false) {
  return {min, max, min_open, max_open};
}

/// One field of a Params struct `P`: its spec (name, type, range, help; the default is read
/// from an instance) and the member it reads and writes.
template <typename P>
class ParamField {
 public:
  /// The member kinds a hyperparameter can be: Real, Integer, Bool, Text, a pair of reals.
  using Member = std::variant<double P::*, std::int64_t P::*, bool P::*, std::string P::*,
                              std::array<double, 2> P::*>;

  ParamField(ParamSpec spec, Member member) : spec_(std::move(spec)), member_(member) {}

  /// The spec without its default (see spec_of).
  const ParamSpec& spec() const { return spec_; }

  /// The spec with the value `defaults` holds as its default.
  ParamSpec spec_of(const P& defaults) const {
    ParamSpec s = spec_;
    s.default_value = get(defaults);
    return s;
  }

  /// The field's value in `p` as a Setting.
  Setting get(const P& p) const {
    return std::visit(
        [&p](auto member) -> Setting {
          const auto& value = p.*member;
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::array<double, 2>>) {
            return std::vector<double>{value[0], value[1]};
          } else {
            return value;
          }
        },
        member_);
  }

  /// Writes the field's value from `settings` into `p`; a field the settings lack keeps p's.
  void set(P& p, const Settings& settings) const {
    const std::string& name = spec_.name;
    if (!settings.has(name)) return;
    std::visit(
        [&p, &settings, &name](auto member) {
          auto& value = p.*member;
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, double>) {
            value = settings.real(name);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            value = settings.integer(name);
          } else if constexpr (std::is_same_v<T, bool>) {
            value = settings.flag(name);
          } else if constexpr (std::is_same_v<T, std::string>) {
            value = settings.text(name);
          } else {
            const std::vector<double>& list = settings.list(name);
            if (list.size() != 2) {
              throw Error(name, "needs 2 numbers, got " + std::to_string(list.size()));
            }
            value = {list[0], list[1]};
          }
        },
        member_);
  }

 private:
  ParamSpec spec_;
  Member member_;
};

/// A real field in `bounds`.
template <typename P>
ParamField<P> field(std::string name, double P::*member, Bounds bounds, std::string help) {
  return {number_param(std::move(name), SettingType::Real, 0.0, bounds.min, bounds.max,
                       std::move(help), bounds.min_open, bounds.max_open),
          member};
}

/// A whole-number field in `bounds`.
template <typename P>
ParamField<P> field(std::string name, std::int64_t P::*member, Bounds bounds, std::string help) {
  return {number_param(std::move(name), SettingType::Integer, std::int64_t{0}, bounds.min,
                       bounds.max, std::move(help), bounds.min_open, bounds.max_open),
          member};
}

/// A pair of reals (betas, etas), each in `bounds`; a config writes it as a list of two.
template <typename P>
ParamField<P> field(std::string name, std::array<double, 2> P::*member, Bounds bounds,
                    std::string help) {
  ParamSpec s =
      number_param(std::move(name), SettingType::RealList, std::vector<double>{}, bounds.min,
                   bounds.max, std::move(help), bounds.min_open, bounds.max_open);
  s.length = 2;
  return {std::move(s), member};
}

/// A true/false field.
template <typename P>
ParamField<P> field(std::string name, bool P::*member, std::string help) {
  return {flag_param(std::move(name), false, std::move(help)), member};
}

/// A word from `choices` (any word when empty).
template <typename P>
ParamField<P> field(std::string name, std::string P::*member, std::vector<std::string> choices,
                    std::string help) {
  return {text_param(std::move(name), "", std::move(choices), std::move(help)), member};
}

/// The specs of every field of P (P::fields()), with the defaults `defaults` holds: a variant
/// (momentum, adamw) passes its own defaults, every other optimizer a default-constructed P.
template <typename P>
std::vector<ParamSpec> param_specs(const P& defaults = P{}) {
  std::vector<ParamSpec> specs;
  for (const ParamField<P>& f : P::fields()) specs.push_back(f.spec_of(defaults));
  return specs;
}

/// `base` with every field that `settings` holds written over it.
template <typename P>
P params_from(const Settings& settings, P base = P{}) {
  for (const ParamField<P>& f : P::fields()) f.set(base, settings);
  return base;
}

/// Every field of `p` as name -> value, in declaration order.
template <typename P>
Settings settings_of(const P& p) {
  Settings s;
  for (const ParamField<P>& f : P::fields()) s.set(f.spec().name, f.get(p));
  return s;
}

/// Throws Error(field name, message) for the first field outside its declared range or
/// choices, in the words the config loader uses (check_setting).
template <typename P>
void check_fields(const P& p) {
  for (const ParamField<P>& f : P::fields()) check_setting(f.spec(), f.get(p));
}

/// `p` after p.validate(): an optimizer's constructor checks its Params in its initialiser list,
/// so a C++ caller gets the checks a config gets.
template <typename P>
const P& validated(const P& p) {
  p.validate();
  return p;
}

}  // namespace optbench
