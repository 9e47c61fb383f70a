/* run_verifier.c - RunVerifier: checks the program against the rules of SSA and flat calls and
 * the type rules (pass/verify.c) and stops the pipeline on a violation. A checkpoint in the
 * strategies: what follows it may rely on those rules without checking them again. */
#include "ptoc.h"

Program *pass_run_verifier(PassCtx *pc, const Program *p) {
    if (!verify_program(pc, p, PROP_SSA | PROP_FLAT))
        return NULL;
    return program_shell(pc->c, p);
}
