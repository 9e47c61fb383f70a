/* gen.c - writes a synthetic program of a given size for the benchmarks: F InCore kernels of
 * S statements each (loads, a chain of tile ops with scalar arithmetic in loop bounds), and an
 * orchestration function calling every kernel.  usage: gen KERNELS STMTS */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 3)
        return fprintf(stderr, "usage: gen KERNELS STMTS\n"), 2;
    int nk = atoi(argv[1]), ns = atoi(argv[2]);
    printf("import pypto.language as pl\n\n@pl.program\nclass Bench:\n");
    for (int k = 0; k < nk; k++) {
        printf("    @pl.function(type=pl.FunctionType.InCore)\n");
        printf("    def k%d(self, a: pl.Tensor[[256, 64], pl.FP32], b: pl.Tensor[[256, 64], pl.FP32], "
               "out: pl.Out[pl.Tensor[[256, 64], pl.FP32]]) -> pl.Tensor[[256, 64], pl.FP32]:\n", k);
        printf("        for i, (acc,) in pl.range(0, 256, 64, init_values=(out,)):\n");
        printf("            t0 = pl.load(a, [i, 0], [64, 64])\n");
        printf("            u = pl.load(b, [i, 0], [64, 64])\n");
        for (int s = 1; s < ns; s++) {
            switch (s % 4) {
            case 0: printf("            t%d = pl.add(t%d, u)\n", s, s - 1); break;
            case 1: printf("            t%d = pl.mul(t%d, %d.5)\n", s, s - 1, s % 7); break;
            case 2: printf("            t%d = pl.exp(t%d)\n", s, s - 1); break;
            default: printf("            t%d = pl.maximum(t%d, u)\n", s, s - 1); break;
            }
        }
        printf("            r = pl.store(t%d, [i, 0], [64, 64], acc)\n", ns - 1);
        printf("            acc_out = pl.yield_(r)\n");
        printf("        return acc_out\n\n");
    }
    printf("    @pl.function(type=pl.FunctionType.Orchestration)\n");
    printf("    def main(self, a: pl.Tensor[[256, 64], pl.FP32], b: pl.Tensor[[256, 64], pl.FP32]) "
           "-> pl.Tensor[[256, 64], pl.FP32]:\n");
    printf("        x0 = self.k0(a, b)\n");
    for (int k = 1; k < nk; k++)
        printf("        x%d = self.k%d(x%d, b)\n", k, k, k - 1);
    printf("        return x%d\n", nk - 1);
    return 0;
}
