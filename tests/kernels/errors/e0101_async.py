# `async def` functions cannot be compiled.
# call: fetch(1)


async def fetch(x):  # error: E0101
    return x + 1
