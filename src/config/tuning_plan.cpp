#include "optbench/config/tuning_plan.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>
#include <string>

#include "optbench/core/random.hpp"

namespace optbench {

namespace {

// 2^-53: a 64-bit integer's top 53 bits as a double in [0, 1).
constexpr double kUnit53 = 1.0 / 9007199254740992.0;

double to_unit(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * kUnit53;
}

// Where entry `index` of the optimizers draws its points from: its name and how many entries of
// that name come before it (so reordering different optimizers keeps each one's trials).
std::uint64_t entry_seed(const ExperimentSpec& spec, std::size_t index) {
  const std::string& name = spec.optimizers[index].name;
  std::size_t before = 0;
  for (std::size_t i = 0; i < index; ++i) before += spec.optimizers[i].name == name ? 1 : 0;
  const std::string occurrence = std::to_string(before);
  return stable_hash({spec.seed_salt, "tune", name, occurrence, "points"});
}

// The grid of an entry's list spaces (the last space varies fastest), in a seeded random order.
std::vector<std::vector<double>> grid_points(const OptimizerSpec& o, std::size_t trials,
                                             std::uint64_t seed, const TuneSpec& tune) {
  std::size_t total = 1;
  for (const auto& s : o.spaces) total *= s.values.size();
  if (total < trials) {
    throw Error(o.where, o.keypath,
                o.name + "'s grid has " + std::to_string(total) +
                    " points, fewer than tune.trials (" + std::to_string(tune.trials) +
                    "); every optimizer gets the same number of trials");
  }
  std::vector<std::size_t> order(total);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng rng(seed);
  for (std::size_t i = total; i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform() * static_cast<double>(i));
    std::swap(order[i - 1], order[std::min(j, i - 1)]);
  }
  std::vector<std::vector<double>> points;
  for (std::size_t t = 0; t < trials; ++t) {
    std::size_t rest = order[t];
    std::vector<double> u(o.spaces.size());
    for (std::size_t d = o.spaces.size(); d-- > 0;) {
      const std::size_t n = o.spaces[d].values.size();
      // The middle of the element's cell, which space_value maps back to the element.
      u[d] = (static_cast<double>(rest % n) + 0.5) / static_cast<double>(n);
      rest /= n;
    }
    points.push_back(std::move(u));
  }
  return points;
}

}  // namespace

std::vector<std::vector<double>> sobol_points(std::size_t dims, std::size_t count) {
  std::vector<std::vector<double>> points(count, std::vector<double>(dims));
  if (dims == 0) return points;
  boost::random::sobol engine(dims);
  for (auto& point : points) {
    for (double& x : point) x = to_unit(engine());
  }
  return points;
}

std::vector<std::vector<double>> unit_points(TuneSpec::Method method, std::size_t dims,
                                             std::size_t trials, std::uint64_t seed) {
  Rng rng(seed);
  if (method == TuneSpec::Method::random) {
    std::vector<std::vector<double>> points(trials, std::vector<double>(dims));
    for (auto& point : points) {
      for (double& x : point) x = rng.uniform();
    }
    return points;
  }
  std::vector<std::vector<double>> points = sobol_points(dims, trials);
  std::vector<double> shift(dims);
  for (double& s : shift) s = rng.uniform();
  for (auto& point : points) {
    for (std::size_t d = 0; d < dims; ++d) {
      point[d] += shift[d];
      if (point[d] >= 1.0) point[d] -= 1.0;
    }
  }
  return points;
}

Setting space_value(const SearchSpace& space, double u) {
  using Form = SearchSpace::Form;
  const auto pick = [u](std::size_t n) {
    return std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
  };
  switch (space.form) {
    case Form::uniform:
      return std::clamp(space.low + u * (space.high - space.low), space.low, space.high);
    case Form::log_uniform: {
      if (u <= 0.0) return space.low;  // exp(log(low)) may miss low by an ulp
      const double a = std::log(space.low);
      const double b = std::log(space.high);
      return std::clamp(std::exp(a + u * (b - a)), space.low, space.high);
    }
    case Form::int_uniform: {
      const auto count = static_cast<std::size_t>(space.high - space.low) + 1;
      return static_cast<std::int64_t>(space.low) + static_cast<std::int64_t>(pick(count));
    }
    case Form::list:
    case Form::choice:
      break;
  }
  return space.values[pick(space.values.size())];
}

ExperimentSpec tuning_spec(const ExperimentSpec& spec) {
  const TuneSpec& tune = *spec.tune;
  ExperimentSpec out = spec;
  out.seeds.clear();
  for (std::int64_t s = 0; s < tune.seeds; ++s)
    out.seeds.push_back(kFirstTuningSeed + static_cast<std::uint64_t>(s));
  out.evaluate_on_validation = spec.data.has_value();
  out.optimizers.clear();
  const auto trials = static_cast<std::size_t>(tune.trials);
  for (std::size_t e = 0; e < spec.optimizers.size(); ++e) {
    const OptimizerSpec& o = spec.optimizers[e];
    const std::uint64_t seed = entry_seed(spec, e);
    const std::vector<std::vector<double>> points =
        tune.method == TuneSpec::Method::grid
            ? grid_points(o, trials, seed, tune)
            : unit_points(tune.method, o.spaces.size(), trials, seed);
    for (std::size_t t = 0; t < trials; ++t) {
      OptimizerSpec trial = o;
      trial.spaces.clear();
      trial.trial = static_cast<std::int64_t>(t);
      for (std::size_t d = 0; d < o.spaces.size(); ++d) {
        const SearchSpace& space = o.spaces[d];
        trial.axes.push_back(
            {space.key, {{space_value(space, points[t][d]), space.where, space.keypath}}});
      }
      out.optimizers.push_back(std::move(trial));
    }
  }
  return out;
}

ExperimentSpec final_spec(const ExperimentSpec& spec, const std::vector<std::size_t>& chosen,
                          std::size_t problem_instances) {
  const ExperimentSpec tuned = tuning_spec(spec);
  const std::size_t entries = spec.optimizers.size();
  const auto trials = static_cast<std::size_t>(spec.tune->trials);
  ExperimentSpec out = spec;
  out.seeds.clear();
  for (std::int64_t s = 0; s < spec.tune->final_seeds; ++s)
    out.seeds.push_back(static_cast<std::uint64_t>(s));
  out.optimizers.clear();
  for (std::size_t p = 0; p < problem_instances; ++p) {
    for (std::size_t e = 0; e < entries; ++e) {
      OptimizerSpec o = tuned.optimizers[e * trials + chosen.at(p * entries + e)];
      o.trial.reset();
      out.optimizers.push_back(std::move(o));
    }
  }
  out.optimizers_per_problem = entries;
  return out;
}

}  // namespace optbench
