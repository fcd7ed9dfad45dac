# The file was edited after `kernel` was defined and now has a syntax error: the compiler
# reads the source the file holds now (as after an edit in an editor or a notebook). The
# harness defines `kernel` from this file with the `# error:` line replaced by:
# before-edit: return (x + 1) * 2
# call: kernel(3)


def kernel(x):
    return (x + 1) *  # error: E0001
