/* parse.h - tokens, shared by the lexer and the parser only. */
#ifndef PARSE_H
#define PARSE_H

#include "ptoc.h"

typedef enum { T_NAME, T_INT, T_FLOAT, T_STRING, T_OP, T_NEWLINE, T_INDENT, T_DEDENT, T_EOF } TokKind;

typedef struct Token {
    TokKind kind;
    Loc loc;
    Str sval;      /* NAME and OP: interned text; STRING: interned contents */
    int64_t ival;  /* INT */
    double fval;   /* FLOAT */
    bool lexbad;   /* on a line with a lexical error: the parser skips the statement */
} Token;

/* The whole file as tokens, ending with T_EOF. Lexical errors go to c->diag. */
Token **lex(Ctx *c, const Source *src, int *ntoks);

#endif
