// Micro-benchmarks of the MLP: forward + backward per batch, a whole training step (with the
// Adam update), and the matrix products alone of one Fashion-MNIST training step, so that a step
// can be compared with its products; each in float64 and (the names ending in Float) float32:
//   build/bench/optbench_bench --benchmark_filter='Mlp|Gemms' --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include <type_traits>

#include <Eigen/Core>

#include "optbench/core/random.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"

namespace {

struct Shape {
  int inputs;
  std::vector<int> hidden;
  int classes;
  Eigen::Index batch;
};

// digits: 64 -> 64 -> 10, batch 32; fashion-mnist: 784 -> 256 -> 128 -> 10, batch 128.
const Shape kDigits{64, {64}, 10, 32};
const Shape kFashion{784, {256, 128}, 10, 128};

template <typename Scalar>
struct Fixture {
  optbench::nn::BasicMlp<Scalar> model;
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> params;
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> grad;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> x;
  Eigen::VectorXi y;

  explicit Fixture(const Shape& s)
      : model([&] {
          optbench::nn::MlpSpec spec;
          spec.inputs = s.inputs;
          spec.hidden = s.hidden;
          spec.classes = s.classes;
          spec.batchnorm = "before_activation";
          return spec;
        }()),
        params(model.parameter_count()),
        grad(model.parameter_count()),
        x(s.inputs, s.batch),
        y(s.batch) {
    optbench::Rng rng(42);
    model.initialize(params, rng);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(rng.normal());
    for (Eigen::Index j = 0; j < s.batch; ++j) y(j) = static_cast<int>(j % s.classes);
  }
};

// One train-mode forward and backward (batch statistics, gradient of every parameter).
template <typename Scalar>
void ForwardBackward(benchmark::State& state, const Shape& shape) {
  Fixture<Scalar> f(shape);
  f.model.loss_and_gradient(f.params, f.x, f.y, f.grad);  // sizes the workspaces
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.model.loss_and_gradient(f.params, f.x, f.y, f.grad));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * shape.batch);  // samples/s
}

// A whole training step: forward, backward and the Adam update (what kind timing measures).
template <typename Scalar>
void TrainStep(benchmark::State& state, const Shape& shape) {
  Fixture<Scalar> f(shape);
  auto adam = optbench::make_optimizer("adam", optbench::Settings{});
  adam->reset(f.params.size(), optbench::precision_of_scalar<Scalar>());
  f.model.loss_and_gradient(f.params, f.x, f.y, f.grad);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.model.loss_and_gradient(f.params, f.x, f.y, f.grad));
    adam->step(f.params, f.grad);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * shape.batch);
}

// Only the matrix products of one fashion training step, at its shapes, as Eigen computes them
// in nn::Dense: forward Z = W X for the three layers; backward dW = dZ A^T for the three layers
// and dA = W^T dZ for the two upper ones (none for the input).
template <typename Scalar>
void Gemms(benchmark::State& state) {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Index b = kFashion.batch;
  const Eigen::Index n0 = 784;
  const Eigen::Index n1 = 256;
  const Eigen::Index n2 = 128;
  const Eigen::Index n3 = 10;
  const Matrix x = Matrix::Random(n0, b);
  const Matrix w1 = Matrix::Random(n1, n0);
  const Matrix w2 = Matrix::Random(n2, n1);
  const Matrix w3 = Matrix::Random(n3, n2);
  Matrix z1(n1, b);
  Matrix z2(n2, b);
  Matrix z3(n3, b);
  const Matrix a1 = Matrix::Random(n1, b);
  const Matrix a2 = Matrix::Random(n2, b);
  const Matrix dz3 = Matrix::Random(n3, b);
  const Matrix dz2 = Matrix::Random(n2, b);
  const Matrix dz1 = Matrix::Random(n1, b);
  Matrix da2(n2, b);
  Matrix da1(n1, b);
  Matrix dw1(n1, n0);
  Matrix dw2(n2, n1);
  Matrix dw3(n3, n2);
  for (auto _ : state) {
    z1.noalias() = w1 * x;
    z2.noalias() = w2 * a1;
    z3.noalias() = w3 * a2;
    dw3.noalias() = dz3 * a2.transpose();
    da2.noalias() = w3.transpose() * dz3;
    dw2.noalias() = dz2 * a1.transpose();
    da1.noalias() = w2.transpose() * dz2;
    dw1.noalias() = dz1 * x.transpose();
    benchmark::DoNotOptimize(z1.data());
    benchmark::DoNotOptimize(z2.data());
    benchmark::DoNotOptimize(z3.data());
    benchmark::DoNotOptimize(dw1.data());
    benchmark::DoNotOptimize(dw2.data());
    benchmark::DoNotOptimize(dw3.data());
    benchmark::DoNotOptimize(da1.data());
    benchmark::DoNotOptimize(da2.data());
    benchmark::ClobberMemory();
  }
  const double flops =
      2.0 * static_cast<double>(b) * (2.0 * n0 * n1 + 3.0 * n1 * n2 + 3.0 * n2 * n3);
  state.counters["flops"] = benchmark::Counter(flops * static_cast<double>(state.iterations()),
                                               benchmark::Counter::kIsRate);
}

// Named wrappers: the registration macros paste the function's name into identifiers.
void MlpForwardBackward(benchmark::State& state, const Shape& shape) {
  ForwardBackward<double>(state, shape);
}
void MlpForwardBackwardFloat(benchmark::State& state, const Shape& shape) {
  ForwardBackward<float>(state, shape);
}
void MlpTrainStep(benchmark::State& state, const Shape& shape) {
  TrainStep<double>(state, shape);
}
void MlpTrainStepFloat(benchmark::State& state, const Shape& shape) {
  TrainStep<float>(state, shape);
}
void FashionGemms(benchmark::State& state) {
  Gemms<double>(state);
}
void FashionGemmsFloat(benchmark::State& state) {
  Gemms<float>(state);
}

BENCHMARK_CAPTURE(MlpForwardBackward, digits_64_64_10_bn_b32, kDigits);
BENCHMARK_CAPTURE(MlpForwardBackward, fashion_784_256_128_10_bn_b128, kFashion);
BENCHMARK_CAPTURE(MlpTrainStep, digits_64_64_10_bn_b32_adam, kDigits);
BENCHMARK_CAPTURE(MlpTrainStep, fashion_784_256_128_10_bn_b128_adam, kFashion);
BENCHMARK(FashionGemms);
BENCHMARK_CAPTURE(MlpForwardBackwardFloat, digits_64_64_10_bn_b32, kDigits);
BENCHMARK_CAPTURE(MlpForwardBackwardFloat, fashion_784_256_128_10_bn_b128, kFashion);
BENCHMARK_CAPTURE(MlpTrainStepFloat, digits_64_64_10_bn_b32_adam, kDigits);
BENCHMARK_CAPTURE(MlpTrainStepFloat, fashion_784_256_128_10_bn_b128_adam, kFashion);
BENCHMARK(FashionGemmsFloat);

}  // namespace
