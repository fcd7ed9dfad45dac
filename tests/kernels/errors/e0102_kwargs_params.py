# A kernel cannot take **kwargs.
# call: scaled(2.0, factor=3.0)


def scaled(x, **options):  # error: E0102
    return x
