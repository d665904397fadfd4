// The cost of one exact Hessian-vector product (R-operator) against one gradient, both in
// evaluation mode on the same batch, for the digits and Fashion-MNIST networks (batch norm before
// the activation, running statistics):
//   build/bench/optbench_bench --benchmark_filter='EvalGradient|HessianVector'

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/nn/hessian_vector.hpp"
#include "optbench/nn/mlp.hpp"

namespace {

struct Net {
  int inputs;
  std::vector<int> hidden;
  Eigen::Index batch;
};

// The sharpness/spectrum subset is up to 1024 samples; digits 64 -> 64 -> 10, fashion
// 784 -> 256 -> 128 -> 10.
const Net kDigitsNet{64, {64}, 1024};
const Net kFashionNet{784, {256, 128}, 1024};

struct Setup {
  optbench::nn::Mlp model;
  Eigen::VectorXd params;
  Eigen::VectorXd v;
  Eigen::VectorXd out;
  Eigen::MatrixXd x;
  Eigen::VectorXi y;

  explicit Setup(const Net& n)
      : model([&] {
          optbench::nn::MlpSpec spec;
          spec.inputs = n.inputs;
          spec.hidden = n.hidden;
          spec.classes = 10;
          spec.batchnorm = "before_activation";
          return spec;
        }()),
        params(model.parameter_count()),
        v(model.parameter_count()),
        out(model.parameter_count()),
        x(n.inputs, n.batch),
        y(n.batch) {
    optbench::Rng rng(7);
    model.initialize(params, rng);
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = rng.normal();
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
    for (Eigen::Index j = 0; j < n.batch; ++j) y(j) = static_cast<int>(j % 10);
  }
};

void EvalGradient(benchmark::State& state, const Net& net) {
  Setup s(net);
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.model.eval_loss_and_gradient(s.params, s.x, s.y, s.out));
  }
}

void HessianVector(benchmark::State& state, const Net& net) {
  Setup s(net);
  optbench::nn::MlpHessian h(s.model);
  for (auto _ : state) {
    benchmark::DoNotOptimize(h.hessian_vector_product(s.params, s.x, s.y, s.v, s.out));
  }
}

}  // namespace

BENCHMARK_CAPTURE(EvalGradient, digits_64_64_10_bn_b1024, kDigitsNet)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(HessianVector, digits_64_64_10_bn_b1024, kDigitsNet)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalGradient, fashion_784_256_128_10_bn_b1024, kFashionNet)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(HessianVector, fashion_784_256_128_10_bn_b1024, kFashionNet)
    ->Unit(benchmark::kMillisecond);
