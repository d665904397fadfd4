#pragma once
// One ordered, name-keyed catalogue for every kind of thing optbench looks up by name in a
// config (optimizers, test functions, data sets): the built-ins first, then what a program or a
// plugin registers. Entries never move once added, so a pointer from find() stays valid.

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench {

/// An ordered set of `Info` records (each with a `std::string name`), unique by name.
template <class Info>
class Registry {
 public:
  /// `what` names an entry in messages ("optimizer", "function", "data set").
  explicit Registry(std::string what) : what_(std::move(what)) {}

  /// Adds `info`; throws Error("name", ...) when the name is empty or already taken, so an
  /// addition can never shadow a built-in or an earlier registration.
  void add(Info info) {
    if (info.name.empty()) throw Error("name", a_what() + " needs a name");
    if (find(info.name) != nullptr) {
      throw Error("name", a_what() + " named '" + info.name +
                              "' is already registered (names must be unique; pick another)");
    }
    infos_.push_back(std::move(info));
  }

  /// The entry named `name`, or nullptr.
  const Info* find(std::string_view name) const {
    for (const Info& info : infos_) {
      if (info.name == name) return &info;
    }
    return nullptr;
  }

  /// The entry named `name`; throws Error(keypath, "unknown ... (did you mean ...?)").
  const Info& get(const std::string& name, const std::string& keypath) const {
    if (const Info* info = find(name)) return *info;
    throw Error(keypath, "unknown " + what_ + " '" + name + "'" + did_you_mean(name, names()));
  }

  /// Every entry in registration order.
  const std::deque<Info>& all() const { return infos_; }
  /// Every name in registration order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(infos_.size());
    for (const Info& info : infos_) out.push_back(info.name);
    return out;
  }

 private:
  /// "an optimizer", "a function": the article that reads right before what_.
  std::string a_what() const {
    const bool vowel =
        !what_.empty() && std::string_view("aeiou").find(what_[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + what_;
  }

  std::string what_;
  std::deque<Info> infos_;
};

}  // namespace optbench
