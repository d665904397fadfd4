// The objective-driven methods one by one: simulated annealing's Metropolis rule on hand-worked
// cases and its stationary law on a two-well function; the pagmo adapters against pagmo's own
// algorithms called directly; multistart and basin hopping; the cost of each step in
// evaluations; the nested optimizer text.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <sstream>

#include "optbench/core/error.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/objective.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/pagmo_optimizer.hpp"
#include "optbench/optimizers/restart_strategies.hpp"
#include "optbench/optimizers/simulated_annealing.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

// ---------------------------------------------------------------------------------------------
// Simulated annealing.

TEST(Metropolis, AcceptsOnHandWorkedCases) {
  // Downhill and level moves: always, whatever u and the temperature.
  EXPECT_TRUE(metropolis_accept(-0.5, 1.0, 0.999));
  EXPECT_TRUE(metropolis_accept(0.0, 1.0, 0.999));
  EXPECT_TRUE(metropolis_accept(-3.0, 0.0, 0.5));
  // Uphill by 1 at T = 1: exp(-1) = 0.36787944117144233.
  EXPECT_TRUE(metropolis_accept(1.0, 1.0, 0.3678));
  EXPECT_FALSE(metropolis_accept(1.0, 1.0, 0.3679));
  // Uphill by 2 at T = 0.5: exp(-4) = 0.018315638888734179.
  EXPECT_TRUE(metropolis_accept(2.0, 0.5, 0.0183));
  EXPECT_FALSE(metropolis_accept(2.0, 0.5, 0.0184));
  // Uphill by 0.1 at T = 10: exp(-0.01) = 0.99004983374916811.
  EXPECT_TRUE(metropolis_accept(0.1, 10.0, 0.99));
  EXPECT_FALSE(metropolis_accept(0.1, 10.0, 0.9901));
  // At T = 0 never uphill, not even with u = 0; a NaN value is never accepted.
  EXPECT_FALSE(metropolis_accept(1e-300, 0.0, 0.0));
  EXPECT_FALSE(metropolis_accept(std::nan(""), 1.0, 0.0));
}

TEST(SimulatedAnnealing, GeometricAndLogarithmicTemperatures) {
  SimulatedAnnealing geometric({2.0, "geometric", 0.5, "gaussian", 0.1, 1, 0});
  EXPECT_EQ(geometric.temperature(0), 2.0);
  EXPECT_EQ(geometric.temperature(3), 0.25);
  SimulatedAnnealing logarithmic({3.0, "logarithmic", 0.5, "gaussian", 0.1, 1, 0});
  EXPECT_EQ(logarithmic.temperature(0), 3.0);                  // 3 / ln(e)
  EXPECT_NEAR(logarithmic.temperature(100), 0.6476698, 1e-7);  // 3 / ln(102.71828) = 3 / 4.63197
}

/// A tilted double well on one coordinate: minima near -1 (deeper) and +1, barrier at 0.
class TiltedDoubleWell final : public TestFunction {
 public:
  TiltedDoubleWell() : TestFunction(1) {}
  static double f(double x) { return x * x * x * x / 4.0 - x * x / 2.0 + 0.15 * x; }
  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return f(x(0)); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override {
    grad(0) = x(0) * x(0) * x(0) - x(0) + 0.15;
    return f(x(0));
  }
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override {
    hess(0, 0) = 3.0 * x(0) * x(0) - 1.0;
  }
  SearchBox search_box() const override { return {{-2.0, 2.0}}; }
};

// Simpson's rule for the Boltzmann weight exp(-f/T) over [a, b].
double boltzmann_mass(double a, double b, double temperature) {
  const int n = 20000;  // even
  const double h = (b - a) / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    sum += w * std::exp(-TiltedDoubleWell::f(a + i * h) / temperature);
  }
  return sum * h / 3.0;
}

TEST(SimulatedAnnealing, AtAFixedTemperatureTheChainSamplesTheBoltzmannLaw) {
  // alpha = 1 keeps T = T0: the chain is a Metropolis sampler of exp(-f/T) on the box [-2, 2].
  // Its share of time in the left well must match the Boltzmann ratio. Tolerance: 0.02 absolute,
  // about four standard errors of the batch means of this chain (10 batches), whose error here
  // is a few thousandths.
  const double temperature = 0.25;
  const TiltedDoubleWell f;
  FunctionObjective objective(f);
  SimulatedAnnealing sa({temperature, "geometric", 1.0, "gaussian", 0.1, 1, 0});
  sa.reset(1);
  sa.seed(12345);
  Eigen::VectorXd x(1);
  x << 1.0;  // start in the shallower well
  sa.begin_with_objective(x, objective);
  const int steps = 400000;
  const int burn_in = 10000;
  int left = 0;
  for (int k = 0; k < steps; ++k) {
    sa.step_with_objective(x, objective);
    if (k >= burn_in && sa.state()(0) < 0.0) ++left;
  }
  const double share = static_cast<double>(left) / (steps - burn_in);
  const double boltzmann =
      boltzmann_mass(-2.0, 0.0, temperature) / boltzmann_mass(-2.0, 2.0, temperature);
  EXPECT_GT(boltzmann, 0.7);  // the deeper well holds most of the mass at this temperature
  EXPECT_NEAR(share, boltzmann, 0.02) << "Boltzmann " << boltzmann;
  // Every proposal inside the box costs one evaluation, none outside it.
  EXPECT_EQ(objective.evaluations(), 1 + sa.evaluated());
  EXPECT_LT(sa.evaluated(), steps);  // some proposals left the box and were not evaluated
  EXPECT_GT(sa.accepted(), sa.evaluated() / 4);
  EXPECT_EQ(objective.gradient_evaluations(), 0);
}

TEST(SimulatedAnnealing, ReportsTheBestPointAndStaysInTheBox) {
  const auto f = make_function("rastrigin", 2, Settings{});
  FunctionObjective objective(*f);
  auto sa = make_optimizer("simulated_annealing",
                           testing::settings({{"T0", 10.0}, {"proposal", std::string("uniform")}}));
  sa->reset(2);
  sa->seed(7);
  Eigen::VectorXd x(2);
  x << 9.0, -3.0;  // outside the box [-5.12, 5.12]^2: clamped
  double best = sa->begin_with_objective(x, objective);
  EXPECT_EQ(x(0), 5.12);
  for (int k = 0; k < 200; ++k) {
    const double value = sa->step_with_objective(x, objective);
    EXPECT_LE(value, best);
    EXPECT_EQ(value, f->value(x));
    EXPECT_TRUE((x.array().abs() <= 5.12).all());
    best = value;
  }
  EXPECT_LE(objective.evaluations(), 1 + 200 * 10);
}

// ---------------------------------------------------------------------------------------------
// The pagmo adapters against pagmo called directly.

/// One line of tests/pagmo_direct's output: the champion after a generation.
struct Generation {
  std::int64_t evaluations = 0;
  double value = 0.0;
  std::vector<double> x;
};

/// Runs tests/pagmo_direct (pagmo's algorithm on its own Rastrigin, in a process of its own
/// compiled like libpagmo) and reads its generations.
std::vector<Generation> pagmo_direct(const std::string& name, std::int64_t population,
                                     int generations, std::uint64_t seed,
                                     const Eigen::VectorXd& start) {
  std::string command = std::string(OPTBENCH_PAGMO_DIRECT) + " " + name + " " +
                        std::to_string(population) + " " + std::to_string(generations) + " " +
                        std::to_string(PagmoOptimizer::algorithm_seed(seed)) + " " +
                        std::to_string(PagmoOptimizer::population_seed(seed));
  char number[40];
  for (Eigen::Index i = 0; i < start.size(); ++i) {
    std::snprintf(number, sizeof number, " %.17g", start(i));
    command += number;
  }
  std::FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  std::vector<Generation> out;
  if (pipe == nullptr) return out;
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) text += buffer;
  EXPECT_EQ(::pclose(pipe), 0) << command;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    int g = 0;
    Generation gen;
    in >> g >> gen.evaluations >> gen.value;
    for (double xi = 0.0; in >> xi;) gen.x.push_back(xi);
    out.push_back(gen);
  }
  EXPECT_EQ(out.size(), static_cast<std::size_t>(generations + 1)) << command;
  return out;
}

class PagmoAdapter : public ::testing::TestWithParam<std::string> {};

TEST_P(PagmoAdapter, ReproducesPagmosOwnAlgorithmForAFixedSeed) {
  const std::string& name = GetParam();
  constexpr std::int64_t kPopulation = 12;
  constexpr int kGenerations = 40;
  const std::uint64_t seed = 0x0123456789abcdefULL;
  const auto f = make_function("rastrigin", 3, Settings{});
  Eigen::VectorXd x(3);
  x << 2.2, -1.1, 3.3;
  const double start_value = f->value(x);
  const std::vector<Generation> direct = pagmo_direct(name, kPopulation, kGenerations, seed, x);
  ASSERT_EQ(direct.size(), static_cast<std::size_t>(kGenerations + 1));

  // The adapter, as a run drives it, at pagmo's defaults.
  FunctionObjective objective(*f);
  auto adapter = make_optimizer(name, testing::settings({{"population", kPopulation}}));
  adapter->reset(3);
  adapter->seed(seed);
  double value = adapter->begin_with_objective(x, objective);
  for (int g = 0; g <= kGenerations; ++g) {
    if (g > 0) value = adapter->step_with_objective(x, objective);
    const Generation& ref = direct[static_cast<std::size_t>(g)];
    ASSERT_EQ(value, ref.value) << name << " generation " << g;
    for (Eigen::Index i = 0; i < 3; ++i) {
      ASSERT_EQ(x(i), ref.x[static_cast<std::size_t>(i)]) << name << " generation " << g;
    }
    // One generation is one population's worth of evaluations, and no gradient.
    ASSERT_EQ(objective.evaluations(), ref.evaluations) << name << " generation " << g;
    ASSERT_EQ(objective.evaluations(), kPopulation * (g + 1));
  }
  EXPECT_EQ(objective.gradient_evaluations(), 0);
  EXPECT_LT(value, 0.5 * start_value);  // and the search made progress
}

TEST_P(PagmoAdapter, AnotherSeedGivesAnotherRunAndTheSameSeedTheSame) {
  const auto f = make_function("rastrigin", 2, Settings{});
  const auto run = [&](std::uint64_t seed) {
    FunctionObjective objective(*f);
    auto opt = make_optimizer(GetParam(), testing::settings({{"population", std::int64_t{10}}}));
    opt->reset(2);
    opt->seed(seed);
    Eigen::VectorXd x = Eigen::VectorXd::Constant(2, 3.0);
    opt->begin_with_objective(x, objective);
    for (int k = 0; k < 5; ++k) opt->step_with_objective(x, objective);
    return x;
  };
  EXPECT_EQ(run(1), run(1));
  EXPECT_NE(run(1), run(2));
}

INSTANTIATE_TEST_SUITE_P(Pagmo, PagmoAdapter,
                         ::testing::Values("genetic", "cmaes", "differential_evolution",
                                           "particle_swarm"),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// Restart strategies.

TEST(Multistart, FirstDescentIsTheLocalOptimizersOwnPathThenRestartsInTheBox) {
  const auto f = make_function("quadratic", 2, Settings{});  // |x|^2 / 2, box [-5, 5]^2
  FunctionObjective objective(*f);
  auto ms = make_optimizer("multistart", testing::settings({{"local", std::string("sgd lr=0.1")},
                                                            {"local_steps", std::int64_t{20}},
                                                            {"gtol", 0.0}}));
  auto sgd = make_optimizer("sgd", testing::settings({{"lr", 0.1}}));
  ms->reset(2);
  ms->seed(3);
  sgd->reset(2);
  Eigen::VectorXd x(2);
  x << 3.0, -4.0;
  Eigen::VectorXd y = x;
  Eigen::VectorXd g(2);
  ms->begin_with_objective(x, objective);
  for (int k = 1; k <= 20; ++k) {
    f->value_and_gradient(y, g);
    sgd->step(y, g);
    const double value = ms->step_with_objective(x, objective);
    // f falls along the descent, so the incumbent is the local optimizer's iterate.
    ASSERT_EQ(x, y) << "step " << k;
    ASSERT_EQ(value, f->value(y));
  }
  // 1 + 20 evaluations for the first descent, and one more where the second one starts.
  EXPECT_EQ(objective.evaluations(), 22);
  EXPECT_EQ(objective.gradient_evaluations(), 22);
  EXPECT_EQ(dynamic_cast<Multistart&>(*ms).descents(), 2);
  for (int k = 0; k < 100; ++k) ms->step_with_objective(x, objective);
  EXPECT_EQ(dynamic_cast<Multistart&>(*ms).descents(), 7);  // a new descent every 20 steps
  EXPECT_EQ(objective.evaluations(), 1 + 120 + 6);
}

TEST(Multistart, LeavesALocalMinimumOfSixHumpCamelThatAdamAloneKeeps) {
  const auto f = make_function("six_hump_camel", 2, Settings{});
  const Eigen::VectorXd local = f->known_points()[2].x;  // minimum1, f = -0.2155
  const double f_star = *f->f_star();
  FunctionObjective objective(*f);
  auto ms = make_optimizer("multistart", testing::settings({{"local", std::string("adam lr=0.05")},
                                                            {"local_steps", std::int64_t{300}}}));
  ms->reset(2);
  ms->seed(11);
  Eigen::VectorXd x = local;
  double best = ms->begin_with_objective(x, objective);
  for (int k = 0; k < 3000; ++k) best = ms->step_with_objective(x, objective);
  EXPECT_NEAR(best, f_star, 1e-6);
  // Adam from the same minimum stays there.
  auto adam = make_optimizer("adam", testing::settings({{"lr", 0.05}}));
  adam->reset(2);
  Eigen::VectorXd y = local;
  Eigen::VectorXd g(2);
  for (int k = 0; k < 3000; ++k) {
    f->value_and_gradient(y, g);
    adam->step(y, g);
  }
  EXPECT_LT((y - local).norm(), 1e-3);
}

TEST(BasinHopping, HopsFromTheShallowWellToTheDeepOneAndCountsItsHops) {
  const TiltedDoubleWell f;
  FunctionObjective objective(f);
  auto bh =
      make_optimizer("basin_hopping", testing::settings({{"local", std::string("sgd lr=0.1")},
                                                         {"hops", std::int64_t{10}},
                                                         {"step", 2.5},
                                                         {"T", 0.0},
                                                         {"local_steps", std::int64_t{100}}}));
  bh->reset(1);
  bh->seed(5);
  Eigen::VectorXd x(1);
  x << 1.2;
  bh->begin_with_objective(x, objective);
  for (int k = 0; k < 3000; ++k) bh->step_with_objective(x, objective);
  const auto& hopping = dynamic_cast<BasinHopping&>(*bh);
  EXPECT_EQ(hopping.hops_made(), 10);  // then it only descends
  EXPECT_GE(hopping.hops_accepted(), 1);
  EXPECT_LE(hopping.hops_accepted(), 10);
  EXPECT_LT(x(0), -0.9);  // the deeper minimum near -1.07
  EXPECT_EQ(objective.evaluations(), objective.gradient_evaluations());
  // A displaced start for each of the 10 hops but the last, whose end restarts the descent
  // from the last accepted minimum instead; and the first descent's start.
  EXPECT_EQ(objective.evaluations(), 1 + 3000 + 1 + 9 + 1);
}

TEST(BasinHopping, RejectsAGradientFreeOrSecondOrderLocalOptimizer) {
  for (const char* local : {"cmaes", "simulated_annealing population=5", "newton"}) {
    try {
      make_optimizer("basin_hopping", testing::settings({{"local", std::string(local)}}));
      FAIL() << local << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.keypath(), "local") << local;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The nested optimizer text.

TEST(OptimizerText, RoundTripsEveryKindOfSetting) {
  const Settings given = testing::settings(
      {{"lr", 0.01}, {"betas", std::vector<double>{0.5, 0.999}}, {"amsgrad", true}});
  const std::string text = optimizer_text("adam", given);
  EXPECT_EQ(text, "adam lr=0.01 betas=0.5,0.999 amsgrad=true");
  const auto [name, settings] = parse_optimizer_text(text);
  EXPECT_EQ(name, "adam");
  EXPECT_EQ(settings.real("lr"), 0.01);
  EXPECT_EQ(settings.list("betas"), (std::vector<double>{0.5, 0.999}));
  EXPECT_TRUE(settings.flag("amsgrad"));
  EXPECT_EQ(settings.real("eps"), 1e-8);  // defaults filled in
  const auto [sgd, sgd_settings] = parse_optimizer_text("sgd");
  EXPECT_EQ(sgd_settings.real("lr"), 1e-3);
  EXPECT_THROW(parse_optimizer_text("adma"), Error);
  EXPECT_THROW(parse_optimizer_text("adam lr=fast"), Error);
  EXPECT_THROW(parse_optimizer_text("adam lrr=0.1"), Error);
  EXPECT_THROW(parse_optimizer_text("adam lr=-1"), Error);
}

}  // namespace
}  // namespace optbench
