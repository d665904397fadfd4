// Adam on the 2-D Rosenbrock function, from optbench's registries: the smallest program that
// uses optbench as a library. Prints the final point and loss; exits 1 if it did not converge.

#include <cstdio>

#include <Eigen/Core>

#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"

int main() {
  const auto f = optbench::make_function("rosenbrock", 2, optbench::Settings{});
  optbench::Settings hyper;
  hyper.set("lr", 0.01);
  const auto adam = optbench::make_optimizer("adam", hyper);

  Eigen::VectorXd x(2);
  x << -1.2, 1.0;
  Eigen::VectorXd grad(2);
  adam->reset(x.size());
  double loss = f->value_and_gradient(x, grad);
  int step = 0;
  for (; step < 20000 && loss > 1e-10; ++step) {
    adam->step(x, grad);
    loss = f->value_and_gradient(x, grad);
  }
  std::printf("adam on rosenbrock: x = (%.6f, %.6f), f = %.3g after %d steps\n", x(0), x(1), loss,
              step);
  return loss < 1e-6 ? 0 : 1;
}
