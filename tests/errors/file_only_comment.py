# expect: a file holding only a comment has no program
